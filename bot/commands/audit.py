"""bot audit: the audit table of clerk actions (bot/privacy/audit.py), newest first, for an administrator."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from bot.commands.common import JsonOption, out, print_json, reported_errors
from bot.commands.tables import WideOption, copied, read, show
from bot.localtime import clock
from bot.run.ledger import Ledger


def audit(
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=100_000, help="最多列出几条（最新的在前）")] = 50,
    actor: Annotated[str | None, typer.Option("--actor", help="只看这个账号（或 命令行:系统账号）")] = None,
    application: Annotated[int | None, typer.Option("--application", help="只看这份申请（申请的内部编号）")] = None,
    as_json: JsonOption = False,
    wide: WideOption = False,
) -> None:
    """访问记录：哪个账号在何时做了什么（登录、查看申请、一键办理、回答、下载、导出、删除……），涉及哪份申请、哪次运行。只记编号，不记个人信息。"""
    from bot.privacy.audit import entries

    with reported_errors():
        ledger = Ledger()
        rows = entries(ledger, limit=limit, actor=actor, application_id=application)
        ledger.close()
    if as_json:
        print_json(
            [
                {
                    "at": row.at.isoformat(timespec="seconds") + "Z",
                    "actor": row.actor,
                    "action": row.action,
                    "label": row.label,
                    "application_id": row.application_id,
                    "run_id": row.run_id,
                    "question_id": row.question_id,
                    "address": row.address,
                    "detail": row.detail,
                }
                for row in rows
            ]
        )
        return
    if not rows:
        out.print("还没有访问记录。", markup=False)
        return
    columns = [read("时间（北京时间）"), read("账号"), read("操作"), copied("申请"), copied("运行"), read("地址")]
    table = Table(*columns, read("说明"), title="访问记录（最新的在前）", title_justify="left")
    for row in rows:
        cells = (
            clock(row.at),
            row.actor,
            row.label,
            "" if row.application_id is None else str(row.application_id),
            row.run_id or "",
            row.address,
            row.detail,
        )
        table.add_row(*(Text(cell) for cell in cells))  # as written: no rich markup in names or notes
    show(table, wide)
