"""bot report: a run's report for the clerk and its receipt sheet for the applicant, from the ledger alone.

Works for any run the ledger holds: finished, under way, stopped, or a dry run. The HTML
needs no browser; the receipt sheet's PDF is printed by Chromium, and when that fails the
HTML files are still written and the exit status is 4 (a technical failure).
"""

from __future__ import annotations

import webbrowser
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer
from playwright.async_api import Error as PlaywrightError

from bot.commands.common import JsonOption, err, load, out, print_json, reported_errors
from bot.commands.runs import RunArgument, run_or_latest
from bot.errors import ApplicationInvalid, BrowserNotFound, ExitCode
from bot.evidence.pdf import html_to_pdf
from bot.evidence.report import RECEIPT_PDF, write_receipt_sheet, write_report
from bot.form.application import Application
from bot.mapping.bundle import Bundle
from bot.privacy.masking import mask_text
from bot.run.ledger import Ledger
from bot.run.start import application_of

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
        documents, problem = write_documents(ledger, run_id, pdf=pdf)
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


@dataclass(frozen=True)
class Documents:
    report: Path
    receipt_html: Path
    receipt_pdf: Path | None


def write_documents(ledger: Ledger, run_id: str, *, pdf: bool = True) -> tuple[Documents, str | None]:
    """The run's report and receipt sheet (and its PDF); a PDF that fails gives its reason, the HTML stays."""
    run = ledger.run(run_id)
    bundle = load(run.bundle)
    application = _application(ledger, bundle, run.application_id)
    report_path = write_report(ledger, run_id, bundle, application)
    sheet = write_receipt_sheet(ledger, run_id, bundle, application, pdf=False)
    pdf_path, problem = _print_pdf(sheet.html) if pdf else (None, None)
    return Documents(report_path, sheet.html, pdf_path), problem


def print_documents(documents: Documents) -> None:
    out.print(f"办理报告：{documents.report}", markup=False)
    out.print(f"回执单：{documents.receipt_html}", markup=False)
    if documents.receipt_pdf is not None:
        out.print(f"回执单 PDF：{documents.receipt_pdf}", markup=False)


def _application(ledger: Ledger, bundle: Bundle, application_id: int) -> Application | None:
    """The run's application, validated again; None (and a warning) when it no longer validates."""
    try:
        return application_of(bundle, ledger.application(application_id))
    except ApplicationInvalid as exc:
        err.print(f"申请已无法通过校验（{len(exc.errors)} 处问题），报告中不含填报内容。", markup=False)
        return None


def _print_pdf(html: Path) -> tuple[Path | None, str | None]:
    """The receipt sheet printed beside its HTML; on failure, the reason (the HTML stays)."""
    try:
        return html_to_pdf(html, html.with_name(RECEIPT_PDF)), None
    except (BrowserNotFound, PlaywrightError) as exc:
        return None, mask_text((str(exc).strip().splitlines() or [type(exc).__name__])[0])
