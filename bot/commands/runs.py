"""bot run / resume / status / runs / receipts / answer: the clerk's one key press and what follows it."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable, Coroutine
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.live import Live
from rich.table import Table

from bot.commands.common import (
    BundleOption,
    JsonOption,
    RunArgument,
    err,
    load,
    out,
    print_field_errors,
    print_json,
    reported_errors,
    run_or_latest,
    warn,
)
from bot.commands.report import print_documents
from bot.commands.tables import WideOption, copied, read, show
from bot.errors import BotError, CommandLineError, ExitCode, HandOffTimeout, PortalRefused, StepFailed
from bot.evidence.documents import write_documents
from bot.localtime import local
from bot.mapping.bundle import load_bundle
from bot.paths import mappings_dir, var_dir
from bot.privacy.audit import record, terminal_actor
from bot.privacy.log import configure
from bot.privacy.masking import mask_text
from bot.run.engine import Answerer, Engine, EngineOptions
from bot.run.handoff import LedgerAnswerer, TerminalAnswerer
from bot.run.ledger import Ledger
from bot.run.progress import RunView, view
from bot.run.start import reopen, start_run_from_file
from bot.run.states import State

T = TypeVar("T")

ConcurrencyOption = Annotated[int, typer.Option("--concurrency", "-c", min=1, max=16, help="同时办理的事项数")]
AnswerTimeout = Annotated[
    float, typer.Option("--answer-timeout", help="等待人工回答（验证码、短信）的秒数，超时则该事项转人工")
]
HeadedOption = Annotated[bool, typer.Option("--headed", help="显示浏览器窗口")]
QueueOption = Annotated[
    bool,
    typer.Option("--queue", help="交给队列中的工作进程（bot worker）办理；设置了 BOT_BROKER_URL 时默认如此"),
]


def run(
    application: Annotated[Path, typer.Argument(help="申请文件（YAML 或 JSON）")],
    bundle: BundleOption,
    concurrency: ConcurrencyOption = 2,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="只填到提交前（不提交），留下截图")] = False,
    answer_timeout: AnswerTimeout = 600,
    headed: HeadedOption = False,
    queue: QueueOption = False,
    as_json: JsonOption = False,
    wide: WideOption = False,
) -> None:
    """一键办理：校验申请，按依赖顺序在各门户填报、提交并取回回执；同一申请不会重复提交。

    退出码：0 全部办结（--queue：已排队）；2 申请有误；3 有门户退回（业务错误）；4 技术故障（可 bot resume）；
    5 等待人工处理；6 仍在办理（bot status 查看未办结的运行时）。
    """
    with reported_errors():
        loaded = load(bundle)
        queued = _queued(queue)  # before anything is stored
        ledger = Ledger()
        run_id = start_run_from_file(ledger, loaded, application, dry_run=dry_run)
        _audit(ledger, "start_run", run_id, "试运行" if dry_run else "")
        if queued:
            _enqueue(ledger, [run_id], as_json)
            return
        if not as_json:
            out.print(f"运行 {run_id}：{loaded.title}（并发 {concurrency}）", markup=False)
        _drive_and_report(ledger, run_id, concurrency, answer_timeout, headed, as_json, wide)


def batch(
    file: Annotated[
        Path, typer.Argument(help="批量申请文件：.jsonl（每行一个 JSON）、.csv 或 .xlsx（列名为 分区.字段）")
    ],
    bundle: BundleOption,
    concurrency: ConcurrencyOption = 2,
    answer_timeout: AnswerTimeout = 600,
    queue: QueueOption = False,
    as_json: JsonOption = False,
    encoding: Annotated[
        str | None,
        typer.Option(help="文本文件（.csv、.jsonl）不是 UTF-8 时写明其编码，如 gbk（Excel 另存的 CSV）"),
    ] = None,
    wide: WideOption = False,
) -> None:
    """批量办理：文件中每行一份申请，逐行校验（有误的行列出行号和问题，其余照常办理），共用并发额度。

    退出码：0 全部办结；2 有申请有误（其余已办理）；3/4/5 同 bot run。
    """
    from bot.errors import ApplicationInvalid
    from bot.form.batch import read_batch
    from bot.privacy.masking import mask
    from bot.run.start import start_run

    with reported_errors():
        loaded = load(bundle)
        rows = read_batch(file, _encoding(encoding))  # a broken file stops here, before anything is stored
        queued = _queued(queue)
        ledger = Ledger()
        run_ids: list[str] = []
        invalid = 0
        for row in rows:
            try:
                if row.values is None:
                    raise BotError(row.problem or "无法读取")
                run_ids.append(
                    start_run(ledger, loaded, row.values, base_dir=file.parent, source=f"{file}:{row.number}")
                )
                _audit(ledger, "start_run", run_ids[-1], f"批量文件第 {row.number} 行")
            except ApplicationInvalid as exc:
                invalid += 1
                print_field_errors(exc, f"第 {row.number} 行有 {len(exc.errors)} 处问题，未办理：")
            except BotError as exc:
                invalid += 1
                err.print(f"第 {row.number} 行未办理：{mask(str(exc))}", markup=False)
        if not as_json:
            out.print(f"共 {len(run_ids) + invalid} 份申请：{len(run_ids)} 份开始办理，{invalid} 份有误", markup=False)
        if queued:
            _enqueue(ledger, run_ids, as_json, invalid)
            raise typer.Exit(ExitCode.INVALID if invalid else ExitCode.OK)
        engine = Engine(ledger, EngineOptions(concurrency=concurrency), answerer=LedgerAnswerer(ledger, answer_timeout))
        configure(level="WARNING", file=var_dir() / "batch.log")
        asyncio.run(engine.drive_many(run_ids))
        views = [_view(ledger, run_id) for run_id in run_ids]
    if as_json:
        print_json({"runs": [_run_json(v) for v in views], "invalid_rows": invalid})
    else:
        for current in views:
            show(run_table(current), wide)
    codes = [_exit_code(v) for v in views]
    raise typer.Exit(max([c for c in codes if c] or [ExitCode.INVALID if invalid else ExitCode.OK]))


def _encoding(name: str | None) -> str | None:
    if name is None:
        return None
    import codecs

    try:
        return codecs.lookup(name).name
    except LookupError:
        known = "常用的有 utf-8、gbk、gb18030"
        raise typer.BadParameter(f"不认识的编码“{name}”：{known}", param_hint="--encoding") from None


def resume(
    run_id: RunArgument = None,
    concurrency: ConcurrencyOption = 2,
    answer_timeout: AnswerTimeout = 600,
    headed: HeadedOption = False,
    queue: QueueOption = False,
    as_json: JsonOption = False,
    wide: WideOption = False,
) -> None:
    """继续一次运行：中断、技术故障和待人工处理的事项重新办理；已提交的只核对，不会再次提交。"""
    with reported_errors():
        queued = _queued(queue)
        ledger = Ledger()
        run_id = run_or_latest(ledger, run_id)
        reopened = reopen(ledger, run_id, "bot resume")
        _audit(ledger, "resume_run", run_id, f"重新办理 {len(reopened)} 个事项")
        if queued:
            _enqueue(ledger, [run_id], as_json)
            return
        if not as_json:
            out.print(f"继续运行 {run_id}", markup=False)
        _drive_and_report(ledger, run_id, concurrency, answer_timeout, headed, as_json, wide)


def status(run_id: RunArgument = None, as_json: JsonOption = False, wide: WideOption = False) -> None:
    """查看一次运行：每个事项的状态、用时和回执（从台账读取，运行在哪台机器上都一样）。

    退出码同 bot run：0 全部办结；3 有门户退回；4 技术故障；5 等待人工处理；6 仍在办理。
    """
    with reported_errors():
        ledger = Ledger()
        current = _view(ledger, run_or_latest(ledger, run_id))
    if as_json:
        print_json(_run_json(current))
    else:
        show(run_table(current), wide)
    raise typer.Exit(_exit_code(current))


def runs(
    limit: Annotated[int, typer.Option(help="最多列出几次")] = 20, as_json: JsonOption = False, wide: WideOption = False
) -> None:
    """列出最近的运行。"""
    with reported_errors():
        ledger = Ledger()
        views = [_view(ledger, r.id) for r in ledger.runs(limit)]
    if as_json:
        print_json([_run_json(v) for v in views])
        return
    table = Table(
        copied("运行"), read("开始时间（北京时间）"), read("申请"), read("一件事"), read("办结"), read("未结")
    )
    for v in views:
        done = v.count(State.DONE)
        started = f"{local(v.run.created_at):%Y-%m-%d %H:%M}"
        table.add_row(v.run.id, started, v.title, v.run.bundle, str(done), str(len(v.filings) - done))
    show(table, wide)


def receipts(run_id: RunArgument = None, as_json: JsonOption = False) -> None:
    """列出一次运行取回的回执和输出（受理编号、统一社会信用代码……）。"""
    with reported_errors():
        ledger = Ledger()
        current = _view(ledger, run_or_latest(ledger, run_id))
        bundle = load_bundle(mappings_dir(), current.run.bundle)  # stored: a missing file is the project's
    if as_json:
        print_json({f.item: f.outputs for f in current.filings})
        return
    for filing in current.filings:
        names = bundle.mappings[filing.item].outputs
        out.print(f"{filing.title}（{filing.label}）", markup=False)
        for key, value in filing.outputs.items():
            out.print(f"  {names.get(key, key)}：{value}", markup=False)


def answer(
    question_id: Annotated[int | None, typer.Argument(help="问题编号（不写则列出待回答的问题）")] = None,
    text: Annotated[str | None, typer.Argument(help="答案")] = None,
    as_json: JsonOption = False,
) -> None:
    """回答运行中的人工问题（图形验证码、短信验证码）；不带参数时列出待回答的问题。"""
    with reported_errors():
        ledger = Ledger()
        if question_id is None:
            questions = ledger.questions()
            folder = var_dir() / "questions"
            rows = []
            for q in questions:
                image = None
                if q.image:
                    folder.mkdir(parents=True, exist_ok=True)
                    image = folder / f"question-{q.id}.png"
                    image.write_bytes(q.image)
                rows.append(
                    {
                        "id": q.id,
                        "kind": q.kind,
                        "who": q.who,
                        "question": q.question,
                        "image": str(image) if image else None,
                    }
                )
            if as_json:
                print_json(rows)
            elif not rows:
                out.print("没有待回答的问题。", markup=False)
            for row in [] if as_json else rows:
                out.print(
                    f"问题 {row['id']}：{row['question']}" + (f"（图片：{row['image']}）" if row["image"] else ""),
                    markup=False,
                )
            return
        if text is None:
            raise CommandLineError("请写出答案：bot answer 问题编号 答案")
        if not ledger.answer(question_id, text.strip()):
            raise CommandLineError(
                f"问题 {question_id} 不存在、已回答或已超时：bot answer 列出待回答的问题"
                "（超时的事项请用 bot resume 继续，会重新提问）"
            )
        question = ledger.question(question_id)
        filing = ledger.filing(question.filing_id)
        runs_of = ledger.runs_of(filing.id)
        record(
            ledger,
            terminal_actor(),
            "answer",
            application_id=ledger.run(runs_of[0]).application_id if runs_of else filing.application_id,
            run_id=runs_of[0] if runs_of else None,
            question_id=question_id,
            detail=f"{filing.item}：回答（{question.kind}）",
        )
        out.print(f"已回答问题 {question_id}。", markup=False)


def _audit(ledger: Ledger, action: str, run_id: str, detail: str = "") -> None:
    application_id = ledger.run(run_id).application_id
    record(ledger, terminal_actor(), action, application_id=application_id, run_id=run_id, detail=detail)


# --- handing runs to the queue --------------------------------------------------------------------------
def _queued(flag: bool) -> bool:
    """Hand the runs to the queue? (``--queue`` or ``BOT_BROKER_URL``); ``--queue`` without a broker is an error."""
    from bot.scale.queue import broker_url

    if flag and broker_url() is None:
        raise BotError("--queue 需要队列地址：请设置环境变量 BOT_BROKER_URL（例如 redis://localhost:6379/0）")
    return flag or broker_url() is not None


def _enqueue(ledger: Ledger, run_ids: list[str], as_json: bool, invalid: int = 0) -> None:
    """Mark the runs as driven by queue workers and remind the workers of them (ids only)."""
    from bot.scale.queue import FilingQueue

    queue = FilingQueue()
    try:
        for run_id in run_ids:
            ledger.set_queued(run_id)
            queue.enqueue_run(run_id)
    finally:
        queue.close()
    if as_json:
        print_json({"queued": run_ids, "invalid_rows": invalid})
        return
    for run_id in run_ids:
        out.print(f"运行 {run_id} 已排队，由工作进程办理：用 bot status {run_id} 查看进度", markup=False)


# --- driving with a live display ----------------------------------------------------------------------
def _drive_and_report(
    ledger: Ledger, run_id: str, concurrency: int, answer_timeout: float, headed: bool, as_json: bool, wide: bool
) -> None:
    evidence = Path(ledger.run(run_id).evidence_dir)
    evidence.mkdir(parents=True, exist_ok=True)
    configure(level="WARNING", file=evidence / "run.log")  # masked; the live table is the console's view
    interactive = sys.stdin.isatty() and not as_json
    answerer: Answerer = (
        TerminalAnswerer(ledger, answer_timeout, var_dir() / "questions", lambda text: err.print(text, markup=False))
        if interactive
        else LedgerAnswerer(ledger, answer_timeout)
    )
    engine = Engine(ledger, EngineOptions(concurrency=concurrency, headed=headed), answerer=answerer)
    with_display = watched(ledger, run_id, show=not as_json, live=out.is_terminal and not interactive)
    asyncio.run(with_display(engine.drive(run_id)))
    final = _view(ledger, run_id)
    documents, problem = write_documents(ledger, run_id, warn=warn)
    if as_json:
        print_json({**_run_json(final), "report": str(documents.report), "receipt_pdf": str(documents.receipt_pdf)})
    else:
        show(run_table(final), wide)
        print_documents(documents)
        if problem:
            err.print(f"回执单 PDF 未生成：{problem}", markup=False)
        _explain(final)
    raise typer.Exit(_exit_code(final))


def watched(ledger: Ledger, run_id: str, *, show: bool, live: bool) -> Callable[[Awaitable[T]], Coroutine[Any, Any, T]]:
    """Wrap the engine's work with progress: a live table on a terminal, one line per change otherwise."""

    async def wrapped(work: Awaitable[T]) -> T:
        task = asyncio.ensure_future(work)
        if not show:
            return await task
        seen: dict[str, str] = {}
        if live:
            with Live(run_table(_view(ledger, run_id)), console=out, refresh_per_second=4, transient=True) as display:
                while not task.done():
                    await asyncio.wait({task}, timeout=0.5)
                    display.update(run_table(_view(ledger, run_id)))
        else:
            while not task.done():
                await asyncio.wait({task}, timeout=0.5)
                for filing in _view(ledger, run_id).filings:
                    line = f"{filing.title}：{filing.label}"
                    if seen.get(filing.item) != line:
                        seen[filing.item] = line
                        out.print(f"  {line}  {mask_text(filing.message)}", markup=False)
        return await task

    return wrapped


def _view(ledger: Ledger, run_id: str) -> RunView:
    run_row = ledger.run(run_id)
    try:
        bundle = load_bundle(mappings_dir(), run_row.bundle)
    except BotError:
        bundle = None
    return view(ledger, run_id, bundle)


def run_table(current: RunView) -> Table:
    """A run's filings. Receipts and outputs (USCC…) have their own column, one a line, never cut; what happened to
    the others is in 说明, which wraps (bot.commands.tables)."""
    done = [f for f in current.filings if f.state == State.DONE]
    files = {v for f in done for v in f.outputs.values() if _is_file(v)}  # downloaded: shown by name
    receipts = {f.item: "\n".join(Path(v).name if v in files else str(v) for v in f.outputs.values()) for f in done}
    notes = {f.item: mask_text(f.message) for f in current.filings if f.state != State.DONE}
    columns = [read("事项"), read("状态"), read("用时")]
    columns += [copied("回执")] if any(receipts.values()) else []
    columns += [read("说明")] if notes else []
    table = Table(
        *columns,
        title=f"运行 {current.run.id} · {current.title}",
        title_justify="left",
        caption=f"下载的文件在 {current.run.evidence_dir}" if files else None,
        caption_justify="left",
    )
    for f in current.filings:
        cells = [f.title, f.label, f"{f.seconds:.0f} 秒" if f.started_at else "—"]
        cells += [receipts.get(f.item, "")] if any(receipts.values()) else []
        cells += [notes.get(f.item, "")] if notes else []
        table.add_row(*cells)
    return table


def _is_file(value: object) -> bool:
    """An output that is a downloaded file (the licence PDF): the table shows its name, the folder once as the
    caption, since a full path would take the whole row."""
    return isinstance(value, str) and value.startswith("/") and Path(value).is_file()


def _explain(current: RunView) -> None:
    """What the clerk should do next, in one line per kind of trouble."""
    if current.run.dry_run:
        out.print(f"试运行完成：截图在 {current.run.evidence_dir}", markup=False)
        return
    if any(f.state == State.FAILED_BUSINESS for f in current.filings):
        err.print(
            "有门户退回了申请：请按门户的提示修改申请后重新运行 bot run（已提交的事项不会重复提交）。", markup=False
        )
    if any(f.state == State.FAILED_TECHNICAL for f in current.filings):
        err.print(f"有技术故障：稍后运行 bot resume {current.run.id} 继续。", markup=False)
    if any(f.state in (State.NEEDS_PERSON, State.UNKNOWN) for f in current.filings):
        err.print(f"有事项等待人工处理：回答问题后运行 bot resume {current.run.id}。", markup=False)


def _exit_code(current: RunView) -> ExitCode:
    """The worst of the run's filings: a portal refused, technical, all done (a dry run: nothing failed), a
    person is needed, or still being filed (``bot status`` of a queued or running run)."""
    states = {f.state for f in current.filings}
    if State.FAILED_BUSINESS in states:
        return PortalRefused.exit_code
    if State.FAILED_TECHNICAL in states:
        return StepFailed.exit_code
    if states <= {State.DONE} or current.run.dry_run:
        return ExitCode.OK
    return HandOffTimeout.exit_code if State.NEEDS_PERSON in states else ExitCode.FILING


def _run_json(current: RunView) -> dict[str, Any]:
    return {
        "run": current.run.id,
        "bundle": current.run.bundle,
        "application": current.title,
        "dry_run": current.run.dry_run,
        "settled": current.settled,
        "filings": [
            {
                "item": f.item,
                "title": f.title,
                "state": f.state.value,
                "label": f.label,
                "attempts": f.attempts,
                "seconds": round(f.seconds, 1),
                "outputs": f.outputs,
                "message": mask_text(f.message),
                "error": mask_text(f.error) if f.error else None,
                "screenshot": f.screenshot,
            }
            for f in current.filings
        ],
    }
