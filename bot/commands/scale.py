"""bot worker / bot queue / bot db: running past one machine (Celery workers, a shared ledger, migrations)."""

from __future__ import annotations

import datetime as dt
import os
from typing import Annotated, Any

import typer
from sqlalchemy import func, select

from bot.commands.common import JsonOption, out, print_json, reported_errors
from bot.localtime import utcnow
from bot.run.ledger import EventRow, FilingRow, Ledger, RunRow
from bot.run.states import State


def worker(
    concurrency: Annotated[
        int, typer.Option("--concurrency", "-c", min=1, max=32, help="工作进程数（每个进程一个浏览器，同时办一件）")
    ] = 2,
    loglevel: Annotated[str, typer.Option("--loglevel", help="日志级别：DEBUG、INFO、WARNING")] = "INFO",
) -> None:
    """启动工作进程：从队列（BOT_BROKER_URL）取办件，按共享台账（BOT_DATABASE_URL）办理，同一办件不会重复提交。"""
    with reported_errors():
        from bot.scale.queue import FilingQueue

        FilingQueue().close()  # BOT_BROKER_URL must be set: say so in Chinese, not in a Celery trace
        Ledger().close()  # the tables at the newest migration before any process forks
        from bot.scale.worker import main

    main(concurrency, loglevel.upper())


def queue(as_json: JsonOption = False) -> None:
    """队列与台账概况：排队中的办件提醒、最近一分钟/一小时办结的件数、失败与待人工的件数。"""
    with reported_errors():
        from bot.scale.queue import FilingQueue

        filing_queue = FilingQueue()
        ledger = Ledger()
        try:
            depth = filing_queue.depth()
            now = utcnow()
            with ledger.session() as session:

                def done_since(seconds: int) -> int:
                    since = now - dt.timedelta(seconds=seconds)
                    query = select(func.count()).where(EventRow.target == State.DONE, EventRow.at >= since)
                    return int(session.scalar(query.select_from(EventRow)) or 0)

                by_state = dict(
                    session.execute(select(FilingRow.state, func.count()).group_by(FilingRow.state)).tuples().all()
                )
                open_runs = int(
                    session.scalar(select(func.count()).where(RunRow.queued, RunRow.finished_at.is_(None))) or 0
                )
                stats: dict[str, Any] = {
                    "queue_depth": depth,
                    "queued_runs_open": open_runs,
                    "done_last_minute": done_since(60),
                    "done_last_hour": done_since(3600),
                    "filings_by_state": {str(k): int(v) for k, v in by_state.items()},
                }
        finally:
            filing_queue.close()
            ledger.close()
    if as_json:
        print_json(stats)
        return
    out.print(f"队列中待取的提醒：{stats['queue_depth']}", markup=False)
    out.print(f"未结束的排队运行：{stats['queued_runs_open']}", markup=False)
    out.print(f"办结：最近一分钟 {stats['done_last_minute']} 件，最近一小时 {stats['done_last_hour']} 件", markup=False)
    for state, count in sorted(stats["filings_by_state"].items()):
        out.print(f"  {state}: {count}", markup=False)


db_app = typer.Typer(help="台账数据库结构（Alembic 迁移）：升级、查看版本、生成新的迁移脚本。", no_args_is_help=True)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """把台账（BOT_DATABASE_URL，默认 var/ledger.db）升级到最新结构；已是最新则什么也不做。"""
    with reported_errors():
        ledger = Ledger()  # opening the ledger upgrades it
        from bot.scale.migrate import current

        out.print(f"台账结构版本：{', '.join(sorted(current(ledger.engine)))}", markup=False)
        ledger.close()


@db_app.command("current")
def db_current(as_json: JsonOption = False) -> None:
    """显示台账的结构版本和迁移脚本的最新版本（不升级）。"""
    with reported_errors():
        from sqlalchemy import create_engine
        from sqlalchemy.exc import OperationalError

        from bot.errors import BotError
        from bot.run.ledger import database_url
        from bot.scale.migrate import current, heads

        engine = create_engine(database_url())
        try:
            now, newest = sorted(current(engine)), sorted(heads())
        except OperationalError as exc:
            raise BotError(f"无法打开台账：{str(exc.orig).splitlines()[0]}") from None
        finally:
            engine.dispose()
    if as_json:
        print_json({"current": now, "heads": newest})
        return
    out.print(f"台账：{', '.join(now) or '（空）'}；最新：{', '.join(newest)}", markup=False)


@db_app.command("revision")
def db_revision(
    message: Annotated[str, typer.Option("--message", "-m", help="这次改了什么（英文，作文件名）")],
) -> None:
    """比较 bot.run.ledger.Base 上的表与迁移后的台账，生成下一个迁移脚本（开发者用；请审阅后提交）。"""
    with reported_errors():
        ledger = Ledger()
        from bot.scale.migrate import revision

        path = revision(ledger.engine, message)
        ledger.close()
    out.print(f"已生成 {path}：请审阅后提交", markup=False)


@db_app.command("key")
def db_key() -> None:
    """生成一个新的台账加密密钥（个人数据加密用）：设为 BOT_LEDGER_KEY；轮换时写成“新密钥,旧密钥”后运行 bot db seal。"""
    from bot.privacy.atrest import new_key

    out.print(new_key(), markup=False)


@db_app.command("seal")
def db_seal() -> None:
    """用当前密钥（BOT_LEDGER_KEY 的第一个）重新加密台账中的个人数据：加密以前写入的明文，轮换密钥后换成新密钥。"""
    with reported_errors():
        from sqlalchemy import select
        from sqlalchemy.orm.attributes import flag_modified

        from bot.run.ledger import ApplicationRow, QuestionRow
        from bot.web.drafts import DraftRow

        ledger = Ledger()
        count = 0
        with ledger.session() as session:
            for application in session.scalars(select(ApplicationRow)):
                flag_modified(application, "raw")
                count += 1
            for question in session.scalars(select(QuestionRow).where(QuestionRow.answer.is_not(None))):
                flag_modified(question, "answer")
                count += 1
            for draft in session.scalars(select(DraftRow)):
                flag_modified(draft, "raw")
                count += 1
        from bot.privacy.audit import record, terminal_actor

        keys = len([k for k in os.environ.get("BOT_LEDGER_KEY", "").split(",") if k.strip()])
        source = f"BOT_LEDGER_KEY 中密钥 {keys} 个" if keys else "密钥来自钥匙串或 var/ledger.key"
        record(ledger, terminal_actor(), "seal", detail=f"重新加密 {count} 条；{source}")
        ledger.close()
    out.print(f"已重新加密 {count} 条个人数据。", markup=False)
