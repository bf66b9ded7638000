"""``bot scan`` (证照智能录入) and ``bot review`` (辅助审核)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from bot.commands.common import BundleOption, JsonOption, load, out, print_json, reported_errors
from bot.commands.tables import read
from bot.documents.prefill import Prefill
from bot.documents.reading import Reading
from bot.documents.review import FAILED, STATUS_LABELS, Finding
from bot.documents.runs import review_application, review_run
from bot.documents.scan import (
    parse_arg,
    prefill_dict,
    read_documents,
    reading_dict,
    run_prefill,
    write_record,
)
from bot.errors import CommandLineError, ExitCode
from bot.form.application import load_values
from bot.privacy.masking import mask, mask_text
from bot.run.ledger import Ledger

RevealOption = Annotated[bool, typer.Option("--reveal", help="显示完整的证件号码和手机号码")]


def scan(
    files: Annotated[
        list[str],
        typer.Argument(help="证照文件（图片或 PDF）；个人证件写明所属分区：文件=legal_rep、文件=shareholders[1]"),
    ],
    bundle: BundleOption = "open-company",
    application: Annotated[
        Path | None,
        typer.Option("--application", "-a", help="已填写的申请文件：识别结果只补空白字段，不一致的列为冲突"),
    ] = None,
    write: Annotated[
        bool, typer.Option("--write", help="把补全后的申请写入申请文件，并在其旁记录每个字段来自哪份证照")
    ] = False,
    as_json: JsonOption = False,
    reveal: RevealOption = False,
) -> None:
    """识别证照（身份证、租赁合同、不动产权证书、营业执照），逐项校验，并预填简表：已填写的字段不覆盖，不一致的列为冲突。"""
    with reported_errors():
        loaded = load(bundle)
        typed = load_values(application) if application else {}
        readings = read_documents(loaded.form, [parse_arg(f) for f in files])
        result = run_prefill(loaded.form, typed, readings)
        if write:
            if application is None:
                raise CommandLineError("--write 需要 --application 申请文件")
            import yaml

            application.write_text(yaml.safe_dump(result.values, allow_unicode=True, sort_keys=False), encoding="utf-8")
            write_record(application, readings, result)
    if as_json:
        print_json(
            {
                "documents": [reading_dict(loaded.form, r, reveal=reveal) for r in readings],
                **prefill_dict(result, reveal=reveal),
            }
        )
        return
    _print_scan(loaded.form, readings, result, reveal)


def _shown(value: Any, reveal: bool) -> str:
    text = json.dumps(value, ensure_ascii=False) if isinstance(value, dict) else str(value)
    return text if reveal else mask_text(text)


def _print_scan(form: Any, readings: list[Reading], result: Prefill, reveal: bool) -> None:
    for reading in readings:
        title = f"{reading.file.name}：{reading.title}（{reading.seconds:.1f} 秒）"
        table = Table(read("项目"), read("识别结果"), read("校验"), title=title, title_justify="left")
        for v in reading.values.values():
            table.add_row(v.label, _shown(v.value if v.problem is None else v.text, reveal), v.problem or "通过")
        out.print(table)
    for f in result.filled:
        out.print(f"[green]预填[/] {f.label}：{_shown(f.value, reveal)}（{f.source}）", highlight=False)
    for c in result.conflicts:
        out.print(
            f"[yellow]冲突[/] {c.label}：已填写“{_shown(c.typed, reveal)}”，"
            f"证照为“{_shown(c.read, reveal)}”（{c.source}），未覆盖",
            highlight=False,
        )
    for r in result.rejected:
        out.print(f"[red]未采用[/] {r.document} {r.label}“{_shown(r.text, reveal)}”：{r.reason}", highlight=False)


def review(
    target: Annotated[str, typer.Argument(help="运行编号，或申请文件（其旁的 .documents.yaml 记录了证照）")],
    bundle: BundleOption = "open-company",
    documents: Annotated[
        list[str] | None, typer.Option("--document", "-d", help="另加的证照：文件=分区，可重复")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """辅助审核：逐条核对证照与申请（姓名、号码、有效期、租赁、住所、营业执照），列出通过与不一致；不一致不阻止办理，由窗口人员决定。"""
    with reported_errors():
        findings = review_target(target, bundle, [parse_arg(d) for d in documents or []])
    if as_json:
        print_json({"findings": [mask(f.as_dict()) for f in findings]})
    else:
        for f in findings:
            colour = {"passed": "green", "failed": "red", "missing": "dim"}[f.status]
            where = f"（{f.document}）" if f.document else ""
            text = f.message if f.status != FAILED else f"{f.rule}：{f.message}"
            out.print(f"[{colour}]{STATUS_LABELS[f.status]}[/] {mask_text(text)}{where}", highlight=False)
    if any(f.status == FAILED for f in findings):
        raise typer.Exit(ExitCode.OK)  # a failed rule informs the clerk; it is no error of the command


def review_target(target: str, bundle_name: str, extra: list[tuple[Path, str | None]]) -> list[Finding]:
    """An application file's findings, or a run's (kept in its folder for the report, which is written again)."""
    path = Path(target)
    if path.exists():
        return review_application(path, load(bundle_name), extra)
    ledger = Ledger()
    try:
        ledger.run(target)
    except KeyError:
        raise CommandLineError(f"没有文件或运行“{target}”：申请文件请写对路径，运行编号用 bot runs 查看") from None
    return review_run(target, extra, ledger)
