"""Drafts (草稿): an applicant's form as typed so far, kept on the server and resumed by a link.

The link carries only an unguessable token (``secrets.token_urlsafe``); the ledger keeps its
SHA-256, so a copy of the database opens no draft. A draft becomes an application when the
applicant confirms the preview: the application is stored in the ledger (``applications``)
and the draft remembers it; it is then *ready* for the clerk until a run of it starts.

A draft's values are personal data: stored encrypted (bot/privacy/atrest.py) while it is typed, and dropped
from the draft when it is confirmed (the application keeps them, encrypted too). A draft nobody confirmed is
removed with its scans once it has not changed for ``BOT_DRAFT_DAYS`` days (:meth:`Drafts.purge_abandoned`,
run by ``bot purge`` and hourly by the web server).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column

from bot.localtime import utcnow
from bot.privacy.atrest import SealedJSON
from bot.run.ledger import Base, Ledger, RunRow
from bot.run.retention import remove_upload_folder


class DraftRow(Base):
    __tablename__ = "web_drafts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    bundle: Mapped[str] = mapped_column(String(64))
    raw: Mapped[dict[str, Any]] = mapped_column(SealedJSON, default=dict)  # personal: encrypted at rest
    upload_dir: Mapped[str] = mapped_column(Text)  # the draft's scans; relative file values resolve here
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    application_id: Mapped[int | None] = mapped_column(ForeignKey("applications.id"), nullable=True)
    confirmed_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)


@dataclass(frozen=True)
class Purged:
    drafts: int  # abandoned drafts removed
    files: int  # their scans removed
    cleared: int  # confirmed drafts that still held a copy of the values (stored by an older version)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Drafts:
    def __init__(self, ledger: Ledger, upload_root: Path) -> None:
        self.ledger = ledger
        self.upload_root = upload_root

    def create(self, bundle: str) -> tuple[str, DraftRow]:
        """A new empty draft and its token (the only time the token is known in clear)."""
        token = secrets.token_urlsafe(32)
        folder = self.upload_root / secrets.token_hex(16)
        row = DraftRow(token_hash=_digest(token), bundle=bundle, raw={}, upload_dir=str(folder))
        with self.ledger.session() as session:
            session.add(row)
        return token, row

    def get(self, token: str) -> DraftRow | None:
        if not token or len(token) > 128:
            return None
        with self.ledger.session() as session:
            return session.scalar(select(DraftRow).where(DraftRow.token_hash == _digest(token)))

    def save(self, draft_id: int, raw: dict[str, Any]) -> None:
        with self.ledger.session() as session:
            row = session.get(DraftRow, draft_id)
            assert row is not None
            if row.application_id is None:  # a confirmed draft is frozen: the clerk runs what was confirmed
                row.raw = raw
                row.updated_at = utcnow()

    def confirm(self, draft_id: int, application_id: int) -> None:
        with self.ledger.session() as session:
            row = session.get(DraftRow, draft_id)
            assert row is not None
            row.application_id = application_id
            row.confirmed_at = utcnow()
            row.raw = {}  # the application holds the values now: no second copy

    def purge_abandoned(self, older_than: dt.timedelta, now: dt.datetime | None = None) -> Purged:
        """Remove drafts never confirmed and unchanged since ``now - older_than``, with their scans; and the copy
        of the values a confirmed draft kept before confirmed drafts dropped it."""
        cutoff = (now or utcnow()) - older_than
        with self.ledger.session() as session:
            abandoned = list(
                session.scalars(select(DraftRow).where(DraftRow.application_id.is_(None), DraftRow.updated_at < cutoff))
            )
            folders = [Path(row.upload_dir) for row in abandoned]
            for row in abandoned:
                session.delete(row)
            cleared = 0
            for row in session.scalars(select(DraftRow).where(DraftRow.application_id.is_not(None))):
                if row.raw:
                    row.raw = {}
                    cleared += 1
        files = sum(remove_upload_folder(folder) for folder in folders)
        return Purged(len(abandoned), files, cleared)

    def by_id(self, draft_id: int) -> DraftRow | None:
        with self.ledger.session() as session:
            return session.get(DraftRow, draft_id)

    def by_application(self, application_id: int) -> DraftRow | None:
        """The confirmed draft an application came from (the status page found by its number)."""
        with self.ledger.session() as session:
            return session.scalar(select(DraftRow).where(DraftRow.application_id == application_id))

    def confirmed(self, limit: int = 500) -> list[DraftRow]:
        """Confirmed drafts, newest first: what the clerk's search looks through."""
        with self.ledger.session() as session:
            query = (
                select(DraftRow)
                .where(DraftRow.application_id.is_not(None))
                .order_by(DraftRow.confirmed_at.desc())
                .limit(limit)
            )
            return list(session.scalars(query))

    def ready(self) -> list[DraftRow]:
        """Confirmed drafts whose application has no run yet, oldest first: the clerk's queue."""
        with self.ledger.session() as session:
            has_run = select(RunRow.id).where(RunRow.application_id == DraftRow.application_id).exists()
            query = (
                select(DraftRow).where(DraftRow.application_id.is_not(None), ~has_run).order_by(DraftRow.confirmed_at)
            )
            return list(session.scalars(query))

    def runs_of(self, application_id: int) -> list[RunRow]:
        with self.ledger.session() as session:
            query = select(RunRow).where(RunRow.application_id == application_id).order_by(RunRow.created_at.desc())
            return list(session.scalars(query))
