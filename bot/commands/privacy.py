"""bot export / forget / purge: a person's data given back, forgotten on request, or purged after the retention time.

Each leaves a row in the audit table (bot/privacy/audit.py) under the terminal's account.
"""

from __future__ import annotations

from typing import Annotated

import typer

from bot.commands.common import RunArgument, out, print_json, reported_errors, run_or_latest
from bot.errors import CommandLineError
from bot.privacy.audit import record, terminal_actor
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
        record(ledger, terminal_actor(), "export", application_id=application_id, run_id=run_id)
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
        detail = f"应本人要求；回答 {done.answers} 条，文件 {done.files} 个"
        record(ledger, terminal_actor(), "forget", application_id=application_id, run_id=run_id, detail=detail)
    out.print(
        f"已删除申请 {application_id} 的个人数据（回答 {done.answers} 条，文件 {done.files} 个）；回执保留。",
        markup=False,
    )


def purge(
    days: Annotated[
        int | None, typer.Option("--days", help="办结多少天后删除个人数据（默认 BOT_RETENTION_DAYS，或 180）", min=0)
    ] = None,
    draft_days: Annotated[
        int | None,
        typer.Option("--draft-days", help="未提交的草稿多少天未改动即删除（默认 BOT_DRAFT_DAYS，或 30）", min=0),
    ] = None,
) -> None:
    """删除办结已久的申请的个人数据（回执和办理状态保留），以及久未改动、未提交的网上申请表草稿和它们的扫描件。"""
    import dataclasses

    from bot.paths import var_dir
    from bot.web.quotas import Limits
    from bot.web.upkeep import audited
    from bot.web.upkeep import purge as purge_all

    with reported_errors():
        limits = Limits.from_env()
        limits = dataclasses.replace(
            limits,
            retention_days=limits.retention_days if days is None else days,
            draft_days=limits.draft_days if draft_days is None else draft_days,
        )
        ledger = Ledger()
        done = purge_all(ledger, var_dir() / "uploads", limits)
        audited(ledger, terminal_actor(), done, limits)
    out.print(
        f"已删除 {len(done.applications)} 份办结超过 {limits.retention_days} 天的申请的个人数据；"
        f"{done.drafts.drafts} 份超过 {limits.draft_days} 天未提交的草稿（文件 {done.drafts.files} 个）。",
        markup=False,
    )
