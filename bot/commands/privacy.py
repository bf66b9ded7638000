"""bot export / forget / purge: a person's data given back, forgotten on request, or purged after the retention time."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from bot.commands.common import RunArgument, out, print_json, reported_errors, run_or_latest
from bot.errors import CommandLineError
from bot.run.ledger import Ledger


def export(run_id: RunArgument = None) -> None:
    """导出一次运行的申请内容（JSON，未打码）：供申请人查阅、复制本人信息；请妥善交付，勿留存副本。"""
    from bot.run.retention import export as export_values
    from bot.run.retention import forgotten

    with reported_errors():
        ledger = Ledger()
        application_id = ledger.run(run_or_latest(ledger, run_id)).application_id
        if forgotten(ledger.application(application_id)):
            raise CommandLineError("这份申请的个人数据已删除，无可导出")
        data = export_values(ledger, application_id)
    print_json(data)


def forget(
    run_id: Annotated[str, typer.Argument(help="运行编号：删除它的申请（及同一申请的其他运行）的个人数据")],
    yes: Annotated[bool, typer.Option("--yes", help="确认删除（不可恢复）")] = False,
) -> None:
    """删除一份申请的个人数据：申请内容、人工回答（短信验证码、验证码图片）、截图和操作记录；回执和办理状态保留。"""
    from bot.run.retention import forget as forget_application

    with reported_errors():
        ledger = Ledger()
        application_id = ledger.run(run_or_latest(ledger, run_id)).application_id
        if not yes:
            raise CommandLineError("删除后不可恢复：确认请加 --yes")
        done = forget_application(ledger, application_id, "应本人要求")
    out.print(
        f"已删除申请 {application_id} 的个人数据（回答 {done.answers} 条，文件 {done.files} 个）；回执保留。",
        markup=False,
    )


def purge(
    days: Annotated[
        int | None, typer.Option("--days", help="办结多少天后删除个人数据（默认 BOT_RETENTION_DAYS，或 180）", min=0)
    ] = None,
) -> None:
    """删除办结已久的申请的个人数据（每个事项都已结束，最后一次变化早于保留期限）；回执和办理状态保留。"""
    import datetime as dt

    from bot.run.retention import DEFAULT_DAYS
    from bot.run.retention import purge as purge_applications

    with reported_errors():
        keep = days if days is not None else int(os.environ.get("BOT_RETENTION_DAYS", DEFAULT_DAYS))
        ledger = Ledger()
        done = purge_applications(ledger, dt.timedelta(days=keep))
    out.print(f"已删除 {len(done)} 份办结超过 {keep} 天的申请的个人数据。", markup=False)
