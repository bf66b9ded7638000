"""What the ledger keeps of a person, and for how long: a person's data exported, forgotten, or purged after a time.

个人信息保护法 asks for minimisation and retention limits: once every filing of an application has settled (done,
or failed and left), the application's values (names, ID and mobile numbers, addresses), the answers to its
hand-offs (SMS codes) and captcha pictures, and the screenshots, traces and logs of its evidence folders are not
needed any more. ``forget`` removes them and keeps what proves the filings happened: receipts and outputs (受理编号,
统一社会信用代码), states and events (masked), the receipt sheet and report already written. ``purge`` forgets every
application settled more than a given time ago (``bot purge``; ``BOT_RETENTION_DAYS``, default 180). ``export``
gives a person's application back as it was stored (``bot export``), before it is forgotten. An application from
the web form keeps its scans (ID cards) in the draft's own upload folder: forgetting it removes that folder too.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select, update

from bot.localtime import utcnow
from bot.run.ledger import ApplicationRow, FilingRow, Ledger, QuestionRow, RunRow
from bot.run.states import SETTLED

FORGOTTEN_KEY = "_forgotten"  # the only key a forgotten application's values keep: when
PERSONAL_FILES = ("*.jpg", "*.jpeg", "*.png", "trace-*.zip", "*.log")  # pictures of filled forms, traces, logs
DEFAULT_DAYS = 180
UPLOAD_FOLDER = re.compile(r"[0-9a-f]{32}")  # a web draft's upload folder (bot/web/drafts.py): secrets.token_hex(16)


@dataclass(frozen=True)
class Forgotten:
    application_id: int
    answers: int  # hand-off answers and pictures removed
    files: int  # evidence files removed


def export(ledger: Ledger, application_id: int) -> dict[str, Any]:
    """The application's values as stored (decrypted), with its bundle and when it was stored."""
    row = ledger.application(application_id)
    return {"bundle": row.bundle, "stored_at": row.created_at.isoformat(), "values": row.raw}


def forgotten(row: ApplicationRow) -> bool:
    return FORGOTTEN_KEY in (row.raw or {})


def forget(ledger: Ledger, application_id: int, reason: str, now: dt.datetime | None = None) -> Forgotten:
    """Remove the application's personal data from the ledger and its evidence folders; receipts stay."""
    now = now or utcnow()
    with ledger.session() as session:
        application = session.get(ApplicationRow, application_id)
        if application is None:
            raise KeyError(application_id)
        application.raw = {FORGOTTEN_KEY: now.isoformat(timespec="seconds")}
        filings = list(session.scalars(select(FilingRow).where(FilingRow.application_id == application_id)))
        filing_ids = [f.id for f in filings]
        cleared = session.execute(
            update(QuestionRow)
            .where(QuestionRow.filing_id.in_(filing_ids))
            .where((QuestionRow.answer.is_not(None)) | (QuestionRow.image.is_not(None)))
            .values(answer=None, image=None)
        )
        answers = int(cleared.rowcount or 0)  # type: ignore[attr-defined]
        runs = list(session.scalars(select(RunRow).where(RunRow.application_id == application_id)))
        folders = {Path(f.evidence_dir) for f in filings if f.evidence_dir} | {Path(r.evidence_dir) for r in runs}
        scans = Path(application.base_dir) if application.source == "web" else None
    files = sum(_remove_personal_files(folder) for folder in folders)
    files += remove_upload_folder(scans) if scans is not None else 0
    for filing_id in filing_ids:
        ledger.note(filing_id, f"个人数据已删除（{reason}）：申请内容、人工回答、截图与操作记录；回执保留")
    return Forgotten(application_id, answers, files)


def remove_upload_folder(folder: Path) -> int:
    """Remove a web draft's upload folder (only a folder named as those are); the number of files it held."""
    if not UPLOAD_FOLDER.fullmatch(folder.name) or not folder.is_dir():
        return 0
    count = sum(1 for path in folder.rglob("*") if path.is_file())
    shutil.rmtree(folder, ignore_errors=True)
    return count


def _remove_personal_files(folder: Path) -> int:
    removed = 0
    if not folder.is_dir():
        return 0
    for pattern in PERSONAL_FILES:
        for path in folder.rglob(pattern):
            if path.is_file():
                path.unlink()
                removed += 1
    return removed


def purge(ledger: Ledger, older_than: dt.timedelta, now: dt.datetime | None = None) -> list[Forgotten]:
    """Forget every application whose filings have all settled, the last of them before ``now - older_than``."""
    now = now or utcnow()
    cutoff = now - older_than
    due: list[int] = []
    with ledger.session() as session:
        ids = list(session.scalars(select(ApplicationRow.id)))
    for application_id in ids:
        with ledger.session() as session:
            filings = list(session.scalars(select(FilingRow).where(FilingRow.application_id == application_id)))
        if not filings or any(f.state not in SETTLED or f.updated_at > cutoff for f in filings):
            continue
        if forgotten(ledger.application(application_id)):
            continue
        due.append(application_id)
    days = older_than.days
    return [forget(ledger, application_id, f"办结超过 {days} 天", now) for application_id in due]
