"""bot report: a run's report for the clerk and its receipt sheet for the applicant, from the ledger alone.

Works for any run the ledger holds: finished, under way, stopped, or a dry run. The HTML
needs no browser; the receipt sheet's PDF is printed by Chromium, and when that fails the
HTML files are still written and the exit status is 4 (a technical failure).
"""

from __future__ import annotations

import webbrowser
from typing import Annotated

import typer

from bot.commands.common import JsonOption, RunArgument, err, out, print_json, reported_errors, run_or_latest, warn
from bot.errors import ExitCode
from bot.evidence.documents import Documents, write_documents
from bot.run.ledger import Ledger

OpenOption = Annotated[bool, typer.Option("--open", help="写好后用浏览器打开办理报告")]
PdfOption = Annotated[bool, typer.Option("--pdf/--no-pdf", help="是否用 Chromium 打印回执单 PDF")]


def report(
    run_id: RunArgument = None, open_: OpenOption = False, pdf: PdfOption = True, as_json: JsonOption = False
) -> None:
    """生成一次运行的办理报告（report.html）和给申请人的回执单（receipt.html、receipt.pdf），写在运行的证据目录中。

    试运行和未办完的运行也可以生成。退出码：0 成功；4 回执单 PDF 生成失败（HTML 已写好）。
    """
    with reported_errors():
        ledger = Ledger()
        run_id = run_or_latest(ledger, run_id)
        documents, problem = write_documents(ledger, run_id, pdf=pdf, warn=warn)
    if as_json:
        paths = {
            "report": documents.report,
            "receipt_html": documents.receipt_html,
            "receipt_pdf": documents.receipt_pdf,
        }
        print_json({"run": run_id, **{k: str(v) if v else None for k, v in paths.items()}, "error": problem})
    else:
        print_documents(documents)
    if open_ and not webbrowser.open(documents.report.resolve().as_uri()):
        err.print(f"无法打开浏览器，请手动打开：{documents.report}", markup=False)
    if problem is not None:
        err.print(f"回执单 PDF 未生成：{problem}", markup=False)
        raise typer.Exit(ExitCode.TECHNICAL)


def print_documents(documents: Documents) -> None:
    out.print(f"办理报告：{documents.report}", markup=False)
    out.print(f"回执单：{documents.receipt_html}", markup=False)
    if documents.receipt_pdf is not None:
        out.print(f"回执单 PDF：{documents.receipt_pdf}", markup=False)
