"""The audit table (访问记录): which clerk (or terminal account) did what, when, to which application or run.

个人信息保护法 expects a record of who looked at or used a person's data. Every clerk action on the dashboard
(login, logout, a refused login, opening an application or its scans, a search, 一键办理, 继续办理, answering a
hand-off, opening a run's report or files, downloading a receipt sheet) and every command that touches a person's
data (``bot export``, ``forget``, ``purge``, ``db seal``, ``users add``, ``answer``, ``run``, ``resume``) adds one
row. A row holds ids only (application, run, question), the actor's account name, the client's address, and a
short masked note: never a value of the application, never what was searched for. ``bot audit`` reads it.
"""

from __future__ import annotations

import datetime as dt
import getpass
from dataclasses import dataclass

from sqlalchemy import DateTime, Integer, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column

from bot.localtime import utcnow
from bot.privacy.masking import mask_text
from bot.run.ledger import Base, Ledger

ACTIONS = {
    "login": "登录工作台",
    "login_refused": "登录被拒",
    "logout": "退出工作台",
    "view_application": "查看申请",
    "view_scan": "查看扫描件",
    "search": "查找申请",
    "start_run": "一键办理",
    "resume_run": "继续办理",
    "view_run": "查看运行",
    "answer": "回答人工协助",
    "view_file": "查看办理报告或证据文件",
    "download_receipt": "下载回执单",
    "export": "导出个人数据",
    "forget": "删除个人数据",
    "purge": "到期删除个人数据",
    "seal": "重新加密（密钥轮换）",
    "user_add": "添加窗口人员账号",
}


class AuditRow(Base):
    __tablename__ = "audit"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(80))  # a clerk's account name, or 命令行:<system user>
    action: Mapped[str] = mapped_column(String(32), index=True)  # a key of ACTIONS
    application_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    run_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    question_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    address: Mapped[str] = mapped_column(String(64), default="")  # the client's address (web), empty at the terminal
    detail: Mapped[str] = mapped_column(Text, default="")  # masked; ids, counts, file names, never values


@dataclass(frozen=True)
class Entry:
    """One audit row as ``bot audit`` shows it."""

    at: dt.datetime
    actor: str
    action: str
    application_id: int | None
    run_id: str | None
    question_id: int | None
    address: str
    detail: str

    @property
    def label(self) -> str:
        return ACTIONS.get(self.action, self.action)


def terminal_actor() -> str:
    """Who runs a command: the system account at the terminal."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (a container)
        user = "?"
    return f"命令行:{user}"[:80]


def record(
    ledger: Ledger,
    actor: str,
    action: str,
    *,
    application_id: int | None = None,
    run_id: str | None = None,
    question_id: int | None = None,
    address: str = "",
    detail: str = "",
) -> None:
    """Add one row; ``action`` must be one of ACTIONS, ``detail`` is masked again here."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    row = AuditRow(
        actor=actor[:80],
        action=action,
        application_id=application_id,
        run_id=run_id,
        question_id=question_id,
        address=address[:64],
        detail=mask_text(detail),
    )
    with ledger.session() as session:
        session.add(row)


def entries(
    ledger: Ledger,
    *,
    limit: int = 200,
    since: dt.datetime | None = None,
    actor: str | None = None,
    application_id: int | None = None,
) -> list[Entry]:
    """The newest rows first, filtered by time, actor or application."""
    query = select(AuditRow).order_by(AuditRow.id.desc()).limit(limit)
    if since is not None:
        query = query.where(AuditRow.at >= since)
    if actor is not None:
        query = query.where(AuditRow.actor == actor)
    if application_id is not None:
        query = query.where(AuditRow.application_id == application_id)
    with ledger.session() as session:
        return [
            Entry(r.at, r.actor, r.action, r.application_id, r.run_id, r.question_id, r.address, r.detail)
            for r in session.scalars(query)
        ]
