"""一键办 command line: thin commands over bot/, whose docstrings are the help text.

Exit status: bot/errors.py (``ExitCode``; each error declares its own).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from bot.commands import audit as audit_command
from bot.commands import check as check_command
from bot.commands import demo as demo_command
from bot.commands import documents as documents_command
from bot.commands import drift as drift_command
from bot.commands import inspect as inspect_command
from bot.commands import privacy as privacy_command
from bot.commands import report as report_command
from bot.commands import runs
from bot.commands import scale as scale_command
from bot.commands import web as web_command
from bot.commands.chinese import chinese
from bot.commands.common import (
    BundleOption,
    JsonOption,
    ask_at_terminal,
    err,
    out,
    print_field_errors,
    print_json,
    reported_errors,
)
from bot.commands.common import load as _load
from bot.documents.bundle import document_fields
from bot.errors import ApplicationInvalid, BotError, CommandLineError, ExitCode
from bot.form.application import Application, load_values
from bot.form.preview import preview as preview_values
from bot.form.reduction import Reduction, reduce
from bot.mapping.bundle import Bundle
from bot.paths import mappings_dir
from bot.privacy.log import configure
from bot.privacy.masking import mask
from bot.run.start import validated

app = typer.Typer(
    help="一键办：一张简表，一键办结多个政务事项。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
KIND_LABELS = {"asked": "需填写", "defaulted": "有默认值", "derived": "自动生成"}


def _validated(bundle: Bundle, application: Path) -> Application:
    return validated(bundle, load_values(application), application.parent)


@app.command()
def form(
    bundle: Annotated[str, typer.Argument(help="一件事名称，如 open-company")], as_json: JsonOption = False
) -> None:
    """显示一件事的简表：按分区列出每个字段、用到它的事项，以及相对各门户表单的精简程度。"""
    with reported_errors():
        loaded = _load(bundle)
        reduction = reduce(loaded)
    if as_json:
        from_documents = document_fields(loaded.form, mappings_dir(), loaded.name)
        typed = [f.spec.path for f in reduction.fields if f.kind == "asked" and f.spec.path not in from_documents]
        print_json(
            {**reduction.summary(), "typed_fields": len(typed), "fields": _field_rows(reduction, from_documents)}
        )
        return
    _print_form(loaded, reduction)


def _field_rows(reduction: Reduction, from_documents: set[str]) -> list[dict[str, Any]]:
    return [
        {"path": f.spec.path, "section": f.section_label, "label": f.spec.label, "kind": f.kind, "items": f.items}
        | ({"from_documents": True} if f.spec.path in from_documents else {})
        for f in reduction.fields
    ]


def _print_form(bundle: Bundle, reduction: Reduction) -> None:
    titles = {item: m.title for item, m in bundle.mappings.items()}
    out.print(f"[bold]{bundle.title}[/]（{bundle.name}）简表")
    section = None
    table: Table | None = None
    for entry in reduction.fields:
        if entry.section_label != section:
            if table is not None:
                out.print(table)
            section = entry.section_label
            table = Table(title=section, title_justify="left", show_lines=False)
            for column in ("字段", "填写方式", "用到它的事项"):
                table.add_column(column)
        assert table is not None
        table.add_row(entry.spec.label, KIND_LABELS[entry.kind], "、".join(titles[i] for i in entry.items))
    if table is not None:
        out.print(table)
    s = reduction.summary()
    out.print(
        f"\n事项 {len(s['items'])} 个，门户表单字段共 {s['site_fields']} 个 → 简表字段 {s['form_fields']} 个，"
        f"其中申请人需填写 [bold]{s['asked_fields']}[/] 个（{s['asked_ratio']:.0%}），"
        f"默认 {s['defaulted_fields']} 个，自动生成 {s['derived_fields']} 个，"
        f"取自前序事项的输出 {s['output_fields']} 个，固定值 {s['constant_fields']} 个。"
    )


@app.command("validate")
def validate_command(
    application: Annotated[Path, typer.Argument(help="申请文件（YAML 或 JSON）")],
    bundle: BundleOption,
    as_json: JsonOption = False,
) -> None:
    """校验申请：一次列出全部问题，每条注明字段（表格注明第几行）；有问题时退出码为 2。"""
    with reported_errors():
        loaded = _load(bundle)
        try:
            _validated(loaded, application)
        except ApplicationInvalid as exc:
            if as_json:
                print_json(
                    {
                        "valid": False,
                        "errors": [{"path": e.path, "label": e.label, "message": e.message} for e in exc.errors],
                    }
                )
            else:
                print_field_errors(exc, f"申请有 {len(exc.errors)} 处问题，请修改后重新提交：")
            raise typer.Exit(exc.exit_code) from None
    if as_json:
        print_json({"valid": True, "errors": []})
    else:
        out.print(f"申请校验通过，可以办理：{loaded.title}。", markup=False)


@app.command()
def preview(
    application: Annotated[Path, typer.Argument(help="申请文件（YAML 或 JSON）")],
    bundle: BundleOption,
    item: Annotated[list[str] | None, typer.Option("--item", "-i", help="只看这个事项（可重复）")] = None,
    as_json: JsonOption = False,
    reveal: Annotated[bool, typer.Option("--reveal", help="显示完整的证件号码和手机号码")] = False,
) -> None:
    """预览各门户表单将收到的每个值；证件号码和手机号码默认打码。"""
    with reported_errors():
        loaded = _load(bundle)
        for name in item or []:
            if name not in loaded.mappings:
                raise CommandLineError(f"“{name}”不是“{loaded.title}”的事项；可选：{'、'.join(loaded.items)}")
        try:
            values = preview_values(loaded, _validated(loaded, application), item)
        except ApplicationInvalid as exc:
            print_field_errors(exc, f"申请有 {len(exc.errors)} 处问题，无法预览（可先运行 bot validate）：")
            raise typer.Exit(exc.exit_code) from None
    shown = values if reveal else mask(values)
    if as_json:
        print_json(shown)
        return
    for name, fields in shown.items():
        mapping = loaded.mappings[name]
        out.print(f"\n[bold]{mapping.title}[/] · {mapping.portal}")
        _print_tree(fields, indent=1)


def _failed(message: str, exc: BaseException, *, technical: bool = False) -> None:
    """Why a filing failed, then where its failure screenshot and its trace are (bot.evidence.trace); a technical
    failure without a trace says how to get one."""
    err.print(message, markup=False)
    shot = getattr(exc, "screenshot", None)
    if shot:
        err.print(f"截图：{shot}", markup=False)
    notes = getattr(exc, "__notes__", [])
    for note in notes:
        err.print(note, markup=False)
    if technical and not notes:
        err.print("如需查看操作过程：加 --trace 重新运行，失败时会保存操作记录（trace）。", markup=False)


@app.command("run-item")
def run_item(
    item: Annotated[str, typer.Argument(help="事项，如 tax-registration")],
    application: Annotated[Path, typer.Argument(help="申请文件（YAML 或 JSON）")],
    bundle: Annotated[str | None, typer.Option("--bundle", "-b", help="一件事（默认：含此事项的第一件）")] = None,
    output: Annotated[
        list[str] | None,
        typer.Option("--output", "-o", help="前序事项的输出，如 samr-registration.uscc=9135…（可重复）"),
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="填到提交前为止，留下截图，不提交")] = False,
    headed: Annotated[bool, typer.Option("--headed", help="显示浏览器窗口")] = False,
    allow_file: Annotated[
        bool,
        typer.Option("--allow-file", help="允许 --output 给出数据目录以外的文件（仍须是声明的类型，如 PDF）"),
    ] = False,
    evidence: Annotated[Path | None, typer.Option(help="截图等证据的目录（默认 var/evidence/<事项>）")] = None,
    trace: Annotated[
        bool, typer.Option("--trace", help="记录操作过程，失败时存为 trace-N.zip（已删去填写的内容）")
    ] = False,
    until: Annotated[
        str | None,
        typer.Option("--until", help="试填到这个步骤（步骤名或 文件:行）为止，不提交；--headed 时页面保持打开"),
    ] = None,
    reconcile: Annotated[
        bool, typer.Option("--reconcile", help="只运行配方的 reconcile 部分（我的办件中查找），打印找到的回执")
    ] = False,
    record: Annotated[Path | None, typer.Option("--record", help="试运行（不提交）并把门户的往来存为 HAR 文件")] = None,
    replay: Annotated[
        Path | None, typer.Option("--replay", help="离线试运行：门户的回应全部取自此 HAR 文件，不连接门户")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """办理单个事项：登录门户、逐项填写、回读核对、提交并取回回执。

    退出码：0 成功（或试运行完成）；1 项目文件有误；2 申请有误；3 门户拒绝（业务错误，不会重试）；
    4 技术故障（可重试）；5 门户拒绝登录（账号或密码有误，需人工核对）。
    """
    import asyncio

    from bot.errors import LoginDenied, MappingFailed, PortalRefused, ReadBackMismatch, StepFailed
    from bot.mapping.bundle import available_bundles
    from bot.mapping.outputs import given_outputs
    from bot.paths import var_dir
    from bot.run.filing import FilingRequest, file_item

    with reported_errors():
        candidates = (_load(name) for name in ([bundle] if bundle else available_bundles(mappings_dir())))
        loaded = next((b for b in candidates if bundle or item in b.items), None)
        if loaded is None:
            raise CommandLineError(f"没有哪件事包含事项“{item}”")
        if item not in loaded.mappings:
            raise CommandLineError(f"“{item}”不是“{loaded.title}”的事项；可选：{'、'.join(loaded.items)}")
        try:
            app_ = _validated(loaded, application)
            outputs = given_outputs(loaded, item, output or [], data_dir=var_dir(), allow_file=allow_file)
        except ApplicationInvalid as exc:
            print_field_errors(exc)
            raise typer.Exit(exc.exit_code) from None
        configure(level="WARNING")  # masked: never loguru's default, unmasked DEBUG output
        request = FilingRequest(
            bundle=loaded,
            item=item,
            application=app_,
            outputs=outputs,
            evidence_dir=evidence or var_dir() / "evidence" / item,
            dry_run=dry_run,
            headed=headed,
            trace=trace,
        )
        if until or reconcile:
            _try_part(request, until, reconcile, as_json)
            return
        if record or replay:
            from bot.inspect.tryout import dry_run_har

            har = asyncio.run(dry_run_har(request, ask_at_terminal(request.evidence_dir), record=record, replay=replay))
            if as_json:
                print_json({"item": item, "screenshots": [str(p) for p in har.screenshots]})
                return
            done = f"已录制到 {record}" if record else f"已按 {replay} 离线重放"
            out.print(f"试运行完成（{done}），截图在 {request.evidence_dir}", markup=False)
            return
        try:
            result = asyncio.run(file_item(request, ask_at_terminal(request.evidence_dir)))
        except PortalRefused as exc:
            _failed(mask(str(exc)), exc)
            raise typer.Exit(exc.exit_code) from None
        except LoginDenied as exc:
            _failed(f"{mask(str(exc))}：请核对账号与密码（不自动重试，以免账户被锁定）", exc)
            raise typer.Exit(exc.exit_code) from None
        except (StepFailed, ReadBackMismatch) as exc:
            _failed(mask(str(exc)), exc, technical=True)
            raise typer.Exit(exc.exit_code) from None
        except MappingFailed as exc:  # every output it reads was given: a maintainer's mapping is wrong
            raise BotError(f"映射无法计算：{exc}") from None
    if as_json:
        print_json(
            {
                "item": item,
                "submitted": result.submitted,
                "outputs": result.outputs,
                "screenshots": [str(p) for p in result.screenshots],
                "timings": [{"step": t.step, "seconds": round(t.seconds, 3)} for t in result.timings],
            }
        )
        return
    title = loaded.mappings[item].title
    if not result.submitted:
        out.print(f"试运行完成：{title} 已填写到提交前，截图在 {request.evidence_dir}", markup=False)
        return
    out.print(f"已提交：{title}", markup=False)
    for key, value in result.outputs.items():
        out.print(f"  {loaded.mappings[item].outputs.get(key, key)}：{value}", markup=False)


def _try_part(request: Any, until: str | None, reconcile: bool, as_json: bool) -> None:
    """run-item --until / --reconcile: a part of the recipe, nothing submitted."""
    import asyncio

    from bot.inspect.tryout import reconcile_only, run_until

    hand_off = ask_at_terminal(request.evidence_dir)
    if reconcile:
        found = asyncio.run(reconcile_only(request, hand_off))
        if as_json:
            print_json({"item": request.item, "found": found is not None, "receipt": found})
        elif found is None:
            out.print("核对：门户的我的办件中没有找到这笔申请（未曾提交）", markup=False)
        else:
            out.print("核对：找到已提交的申请，回执：", markup=False)
            for key, value in found.items():
                out.print(f"  {key}：{value}", markup=False)
        return

    async def keep_open() -> None:
        await asyncio.to_thread(typer.prompt, "页面保持打开，按回车关闭", default="", show_default=False)

    assert until is not None
    reached, shots = asyncio.run(run_until(request, until, hand_off, keep_open=keep_open if request.headed else None))
    if as_json:
        print_json({"item": request.item, "until": reached, "screenshots": shots})
    else:
        out.print(f"已试填到步骤“{reached}”为止（未提交），截图：{shots[-1] if shots else '无'}", markup=False)


@app.command()
def check(
    live: check_command.LiveOption = None,
    application: check_command.ApplicationOption = None,
    output: check_command.OutputOption = None,
    as_json: JsonOption = False,
) -> None:
    """检查表单、映射、一件事和配方：逐一加载并交叉核对，列出全部问题（文件:行:列）；有问题时退出码为 1。

    --live ITEM 文件无误后再到门户上核对此事项：按配方试填到提交前（不提交），每一步的定位都须恰好找到一个元素，
    每个映射字段都须在其页面、其分组中找到，且控件类型合用；有问题时退出码为 1。
    """
    from bot.lint import check_project
    from bot.paths import recipes_dir

    report = check_project(mappings_dir(), recipes_dir())
    live_report = None
    if live and report.ok:
        with reported_errors():
            live_report = check_command.live_check(live, application, output)
    if as_json:
        print_json(
            {
                "ok": report.ok and (live_report is None or live_report.ok),
                "checked": report.checked,
                "problems": [_problem_json(p) for p in report.problems],
                "warnings": [_problem_json(p) for p in report.warnings],
                **({"live": live_report.json()} if live_report is not None else {}),
            }
        )
    else:
        for problem in report.problems:
            err.print(problem.render(), markup=False)
        for warning in report.warnings:
            err.print(f"警告：{warning.render()}", markup=False)
        verdict = "全部通过" if report.ok else f"发现 {len(report.problems)} 处问题"
        verdict += f"（另有 {len(report.warnings)} 处待定的 TODO）" if report.warnings else ""
        out.print(f"已检查 {len(report.checked)} 个文件：{verdict}。", markup=False)
        if live_report is not None:
            check_command.print_live(live_report)
        elif live:
            out.print(f"文件有误，未到门户核对 {live}：先改正以上问题。", markup=False)
    if not report.ok or (live_report is not None and not live_report.ok):
        raise typer.Exit(ExitCode.PROJECT)


def _problem_json(problem: Any) -> dict[str, Any]:
    where = problem.location
    return {
        "file": str(where.file) if where else None,
        "line": where.line if where else None,
        "column": where.column if where else None,
        "message": problem.message,
    }


@app.command()
def schema(
    output: Annotated[Path | None, typer.Option("--output", "-o", help="写入此文件（默认输出到屏幕）")] = None,
) -> None:
    """输出配方（recipes/*.yaml）的 JSON Schema，供编辑器补全和检查。"""
    from bot.recipe.schema import Recipe

    text = json.dumps(Recipe.model_json_schema(), ensure_ascii=False, indent=2) + "\n"
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        out.print(f"已写入 {output}", markup=False)


@app.command()
def kits(
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出，供脚本读取")] = False,
    as_markdown: Annotated[bool, typer.Option("--markdown", help="输出 docs/recipes.md 中的支持表")] = False,
) -> None:
    """列出组件库适配（kits）：每个库能识别、填写并回读的控件。"""
    from bot.recipe.kits import all_kits
    from bot.recipe.kits.table import describe, markdown

    if as_json:
        sys.stdout.write(json.dumps(describe(all_kits()), ensure_ascii=False, indent=2) + "\n")
    elif as_markdown:
        sys.stdout.write(markdown(all_kits()))
    else:
        for kit in describe(all_kits()):
            out.print(f"{kit['name']}（识别：{kit['signature']}）", markup=False)
            for widget in kit["widgets"]:
                out.print(f"  {widget['kind']:<13} {widget['title']}", markup=False)


@app.command()
def portals(
    base_port: Annotated[int, typer.Option(help="第一个门户的端口，依次加一；0 表示任选空闲端口")] = 8701,
    data_dir: Annotated[Path | None, typer.Option(help="数据目录（默认 $DEMO_DATA_DIR 或 var/demo）")] = None,
    host: Annotated[str, typer.Option(help="监听地址")] = "127.0.0.1",
    beds: Annotated[
        bool, typer.Option("--beds", help="再启动组件库测试台（Element UI/Plus、layui、Ant Design Vue 的演示表单）")
    ] = False,
) -> None:
    """启动六个演示政务门户（本地端口），打印各门户网址和管理令牌；按 Ctrl-C 停止。"""
    from demo.launcher import main as start_portals  # the CLI's demo commands are the one bridge to demo/

    argv = ["--base-port", str(base_port), "--host", host, *(["--beds"] if beds else [])]
    if data_dir is not None:
        argv += ["--data-dir", str(data_dir)]
    raise typer.Exit(start_portals(argv))


def _print_tree(values: dict[str, Any], indent: int) -> None:
    pad = "  " * indent
    for label, value in values.items():
        if isinstance(value, dict):
            out.print(f"{pad}{label}", markup=False)
            _print_tree(value, indent + 1)
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            for index, row in enumerate(value, start=1):
                out.print(f"{pad}{label} 第{index}行", markup=False)
                _print_tree(row, indent + 1)
        else:
            out.print(f"{pad}{label}：{_display(value)}", markup=False)


def _display(value: Any) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(str(v) for v in value) or "（空）"
    return str(value) if value != "" else "（空）"


app.command()(runs.run)
app.command()(runs.batch)
app.command()(runs.resume)
app.command()(runs.status)
app.command()(runs.runs)
app.command()(runs.receipts)
app.command()(runs.answer)
app.command()(demo_command.demo)
app.command()(inspect_command.inspect)
app.command()(drift_command.drift)
app.command()(report_command.report)
app.command()(privacy_command.export)
app.command()(privacy_command.forget)
app.command()(privacy_command.purge)
app.command()(audit_command.audit)
app.command()(documents_command.scan)
app.command()(documents_command.review)
app.command()(scale_command.worker)
app.command()(scale_command.queue)
app.add_typer(scale_command.db_app, name="db")
app.command()(web_command.serve)
app.add_typer(web_command.users, name="users")
chinese(app)  # Typer's own words (usage, help headings, command-line errors) in Chinese

if __name__ == "__main__":
    app()
