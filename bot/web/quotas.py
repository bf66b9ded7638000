"""Quotas (限额) of the anonymous web form: how many drafts, uploads and megabytes one client address may add.

The applicant's form needs no account, so without limits anybody could fill the server's disk with drafts and
scans. Per client address (the TCP peer's, or what a trusted proxy forwarded: bot/web/proxies.py), within the
last hour: at most ``BOT_DRAFTS_PER_HOUR`` new drafts (20), ``BOT_UPLOADS_PER_HOUR`` files (60) and
``BOT_UPLOAD_MB_PER_HOUR`` megabytes (100); and all scans kept together (the uploads folder) at most
``BOT_UPLOAD_TOTAL_MB`` megabytes (4096). What was taken is counted in the ledger (``web_quota``: a hash of the
address, never the address), so every server process and a restart see the same counts. Abandoned drafts go
after ``BOT_DRAFT_DAYS`` days (30): bot/web/upkeep.py.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import DateTime, Integer, String, delete, func, select
from sqlalchemy.orm import Mapped, mapped_column

from bot.errors import BotError
from bot.localtime import utcnow
from bot.run.ledger import Base, Ledger

WINDOW = dt.timedelta(hours=1)
MB = 1024 * 1024
SETTINGS = {  # variable → (field, default, what it limits)
    "BOT_DRAFTS_PER_HOUR": ("drafts_per_hour", 20, "每个地址每小时新建草稿的份数"),
    "BOT_UPLOADS_PER_HOUR": ("uploads_per_hour", 60, "每个地址每小时上传文件的个数"),
    "BOT_UPLOAD_MB_PER_HOUR": ("upload_mb_per_hour", 100, "每个地址每小时上传的兆字节数"),
    "BOT_UPLOAD_TOTAL_MB": ("upload_total_mb", 4096, "扫描件总共占用的兆字节数"),
    "BOT_DRAFT_DAYS": ("draft_days", 30, "未提交的草稿保留的天数"),
    "BOT_RETENTION_DAYS": ("retention_days", 180, "办结后保留个人数据的天数"),
}


@dataclass(frozen=True)
class Limits:
    drafts_per_hour: int = 20
    uploads_per_hour: int = 60
    upload_mb_per_hour: int = 100
    upload_total_mb: int = 4096
    draft_days: int = 30
    retention_days: int = 180

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Limits:
        """The limits set in the environment, each checked: a value that is no whole number is an error naming it."""
        environ = os.environ if environ is None else environ
        values: dict[str, int] = {}
        for name, (field, _default, meaning) in SETTINGS.items():
            text = environ.get(name, "").strip()
            if not text:
                continue
            if not text.isascii() or not text.isdigit() or len(text) > 9:
                raise BotError(f"{name}（{meaning}）应为不小于 0 的整数，现在是“{text[:20]}”")
            values[field] = int(text)
        return cls(**values)


class QuotaRow(Base):
    """One draft or upload a client address added: what the hourly limits count."""

    __tablename__ = "web_quota"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(64), index=True)  # sha256 of the address
    kind: Mapped[str] = mapped_column(String(16))  # draft, upload
    size: Mapped[int] = mapped_column(Integer, default=0)  # bytes, for uploads
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)


def _key(address: str) -> str:
    return hashlib.sha256(f"quota\x00{address}".encode()).hexdigest()


def _size_text(size_bytes: int) -> str:
    return f"{size_bytes / MB:.0f} MB" if size_bytes >= MB else f"{max(1, size_bytes // 1024)} KB"


class Quotas:
    def __init__(self, ledger: Ledger, limits: Limits, upload_root: Path) -> None:
        self.ledger = ledger
        self.limits = limits
        self.upload_root = upload_root

    def _taken(self, address: str, kind: str, now: dt.datetime) -> tuple[int, int, dt.datetime | None]:
        """How many, how many bytes, and the oldest, that the address took of ``kind`` within the window."""
        query = select(func.count(QuotaRow.id), func.coalesce(func.sum(QuotaRow.size), 0), func.min(QuotaRow.at))
        query = query.where(QuotaRow.key == _key(address), QuotaRow.kind == kind, QuotaRow.at > now - WINDOW)
        with self.ledger.session() as session:
            count, size, oldest = session.execute(query).one()
        return int(count), int(size), oldest

    @staticmethod
    def _minutes(oldest: dt.datetime | None, now: dt.datetime) -> int:
        left = (oldest + WINDOW - now) if oldest is not None else WINDOW
        return max(1, int(left.total_seconds() + 59) // 60)

    def _take(self, address: str, kind: str, size: int = 0) -> None:
        with self.ledger.session() as session:
            session.add(QuotaRow(key=_key(address), kind=kind, size=size))

    # --- drafts -------------------------------------------------------------------------------
    def draft_refusal(self, address: str) -> str | None:
        """Why the address may not start another draft now (None: it may)."""
        now = utcnow()
        count, _, oldest = self._taken(address, "draft", now)
        limit = self.limits.drafts_per_hour
        if count < limit:
            return None
        return (
            f"新建申请表草稿的次数已达上限（同一网络每小时 {limit} 份，BOT_DRAFTS_PER_HOUR）。"
            f"请用已保存草稿的链接继续填写，或 {self._minutes(oldest, now)} 分钟后再试。"
        )

    def took_draft(self, address: str) -> None:
        self._take(address, "draft")

    # --- uploads ------------------------------------------------------------------------------
    def upload_refusal(self, address: str, size: int) -> str | None:
        """Why a file of ``size`` bytes from the address may not be kept now (None: it may); the page shows
        it beside the file's field."""
        now = utcnow()
        count, taken, oldest = self._taken(address, "upload", now)
        minutes = self._minutes(oldest, now)
        if count >= self.limits.uploads_per_hour:
            return (
                f"上传次数已达上限（同一网络每小时 {self.limits.uploads_per_hour} 个文件，BOT_UPLOADS_PER_HOUR），"
                f"请 {minutes} 分钟后再上传"
            )
        hourly = self.limits.upload_mb_per_hour * MB
        if taken + size > hourly:
            return (
                f"上传的文件总量已达上限（同一网络每小时 {self.limits.upload_mb_per_hour} MB，BOT_UPLOAD_MB_PER_HOUR；"
                f"本小时已上传 {_size_text(taken)}），请 {minutes} 分钟后再上传"
            )
        total = self.limits.upload_total_mb * MB
        if stored_bytes(self.upload_root) + size > total:
            return (
                f"服务器存放扫描件的空间已满（上限 {self.limits.upload_total_mb} MB，BOT_UPLOAD_TOTAL_MB），"
                "暂时不能上传。请稍后再试，或带材料到窗口办理"
            )
        return None

    def took_upload(self, address: str, size: int) -> None:
        self._take(address, "upload", size)

    def prune(self, now: dt.datetime | None = None) -> int:
        """Forget what was counted before the window: it limits nothing any more."""
        cutoff = (now or utcnow()) - WINDOW
        with self.ledger.session() as session:
            done = session.execute(delete(QuotaRow).where(QuotaRow.at <= cutoff))
            return int(done.rowcount or 0)  # type: ignore[attr-defined]


def stored_bytes(root: Path) -> int:
    """The bytes of every file under ``root`` (the scans kept, of drafts and of confirmed applications)."""
    total = 0
    for folder, _dirs, files in os.walk(root):
        for name in files:
            try:
                total += (Path(folder) / name).stat().st_size
            except OSError:  # removed meanwhile
                continue
    return total
