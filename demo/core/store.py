"""One SQLite file per portal: submissions, uploads, accounts, sessions, counters, settings.

Why one file per portal: each demo portal is a separate "government system", so their
data must not mix, and ``POST /__admin/reset`` can wipe one without touching the others.
The file lives at ``<data dir>/<item>.sqlite`` (WAL mode) and survives a restart;
uploaded files live under ``<data dir>/<item>/uploads/``.

A portal that needs more tables passes their DDL as ``PortalSpec.schema`` and reaches
them through :meth:`PortalStore.connect`; :meth:`PortalStore.wipe` empties them too.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from demo.core.db import connect, init_schema, now_iso

SCHEMA = """
CREATE TABLE IF NOT EXISTS submissions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    account TEXT NOT NULL,
    receipt_no TEXT NOT NULL UNIQUE,
    uscc TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL DEFAULT '',
    payload TEXT NOT NULL,
    status TEXT NOT NULL,
    outputs TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS submissions_account ON submissions(account);
CREATE TABLE IF NOT EXISTS uploads (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    submission_id INTEGER REFERENCES submissions(id) ON DELETE SET NULL,
    account TEXT NOT NULL DEFAULT '',
    field TEXT NOT NULL,
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    path TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS accounts (
    account TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL,
    profile TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY,
    data TEXT NOT NULL,
    created_at REAL NOT NULL,
    last_seen REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""

# Tables whose rows survive POST /__admin/reset: none. Faults are reset by the caller.
_INTERNAL = ("sqlite_sequence",)


@dataclass(frozen=True)
class Submission:
    """One filed form, as stored: ``payload`` holds every posted field under its own name."""

    id: int
    account: str
    receipt_no: str
    uscc: str
    name: str
    payload: dict[str, Any]
    status: str
    outputs: dict[str, Any]
    created_at: str
    updated_at: str

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Upload:
    """An uploaded file's record; the bytes are at ``path`` (absolute)."""

    id: int
    submission_id: int | None
    account: str
    field: str
    filename: str
    content_type: str
    size: int
    sha256: str
    path: str
    created_at: str

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _submission(row: sqlite3.Row) -> Submission:
    return Submission(
        id=row["id"],
        account=row["account"],
        receipt_no=row["receipt_no"],
        uscc=row["uscc"],
        name=row["name"],
        payload=json.loads(row["payload"]),
        status=row["status"],
        outputs=json.loads(row["outputs"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def _upload(row: sqlite3.Row) -> Upload:
    return Upload(**{k: row[k] for k in row.keys()})  # noqa: SIM118 (sqlite3.Row)


def _hash_password(password: str, salt: bytes | None = None) -> str:
    salt = salt or os.urandom(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 50_000)
    return salt.hex() + "$" + digest.hex()


class PortalStore:
    """The data of one portal. Every method opens and closes its own connection."""

    def __init__(self, data_dir: Path, item: str, extra_schema: str = "") -> None:
        self.path = data_dir / f"{item}.sqlite"
        self.upload_dir = data_dir / item / "uploads"
        init_schema(self.path, SCHEMA + extra_schema)

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        """A transaction on this portal's file, for the portal's own tables."""
        with connect(self.path) as conn:
            yield conn

    # -- submissions -------------------------------------------------------------

    def next_receipt_no(self, prefix: str) -> str:
        """``prefix`` + today's date + a 6-digit sequence that never repeats in this file."""
        with self.connect() as conn:
            conn.execute(
                "INSERT INTO counters(name, value) VALUES (?, 1) ON CONFLICT(name) DO UPDATE SET value = value + 1",
                (f"receipt:{prefix}",),
            )
            seq = conn.execute("SELECT value FROM counters WHERE name = ?", (f"receipt:{prefix}",)).fetchone()
        return f"{prefix}{datetime.now():%Y%m%d}{seq[0]:06d}"

    def insert_submission(
        self,
        *,
        account: str,
        receipt_no: str,
        payload: dict[str, Any],
        uscc: str = "",
        name: str = "",
        status: str = "已受理",
        outputs: dict[str, Any] | None = None,
    ) -> Submission:
        """Store one submission. Prefer ``Portal.submit`` in handlers: it also arms the drop fault."""
        ts = now_iso()
        with self.connect() as conn:
            cur = conn.execute(
                "INSERT INTO submissions(account, receipt_no, uscc, name, payload, status, outputs, "
                "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    account,
                    receipt_no,
                    uscc,
                    name,
                    json.dumps(payload, ensure_ascii=False),
                    status,
                    json.dumps(outputs or {}, ensure_ascii=False),
                    ts,
                    ts,
                ),
            )
            new_id = cur.lastrowid
        found = self.get_submission(int(new_id or 0))
        assert found is not None
        return found

    def get_submission(self, submission_id: int) -> Submission | None:
        with self.connect() as conn:
            row = conn.execute("SELECT * FROM submissions WHERE id = ?", (submission_id,)).fetchone()
        return _submission(row) if row else None

    def find_submission(self, receipt_no: str) -> Submission | None:
        with self.connect() as conn:
            row = conn.execute("SELECT * FROM submissions WHERE receipt_no = ?", (receipt_no,)).fetchone()
        return _submission(row) if row else None

    def list_submissions(
        self, *, account: str | None = None, query: str | None = None, status: str | None = None
    ) -> list[Submission]:
        """Newest first. ``query`` matches the USCC exactly (any case) or a part of the name."""
        sql, args = "SELECT * FROM submissions WHERE 1=1", []
        if account is not None:
            sql += " AND account = ?"
            args.append(account)
        if query:
            q = query.strip()
            sql += " AND (upper(uscc) = upper(?) OR instr(name, ?) > 0)"
            args += [q, q]
        if status is not None:
            sql += " AND status = ?"
            args.append(status)
        with self.connect() as conn:
            rows = conn.execute(sql + " ORDER BY id DESC", args).fetchall()
        return [_submission(r) for r in rows]

    def update(
        self,
        submission_id: int,
        *,
        status: str | None = None,
        uscc: str | None = None,
        name: str | None = None,
        outputs: dict[str, Any] | None = None,
    ) -> Submission:
        """Change status/uscc/name; ``outputs`` are merged into the stored outputs."""
        current = self.get_submission(submission_id)
        if current is None:
            raise KeyError(submission_id)
        merged = {**current.outputs, **(outputs or {})}
        with self.connect() as conn:
            conn.execute(
                "UPDATE submissions SET status = ?, uscc = ?, name = ?, outputs = ?, updated_at = ? WHERE id = ?",
                (
                    current.status if status is None else status,
                    current.uscc if uscc is None else uscc,
                    current.name if name is None else name,
                    json.dumps(merged, ensure_ascii=False),
                    now_iso(),
                    submission_id,
                ),
            )
        updated = self.get_submission(submission_id)
        assert updated is not None
        return updated

    # -- uploads -----------------------------------------------------------------

    def save_upload(
        self,
        *,
        field: str,
        filename: str,
        content_type: str,
        data: bytes,
        account: str = "",
        submission_id: int | None = None,
    ) -> Upload:
        """Write the bytes under the data dir (named by sha256) and record them."""
        digest = hashlib.sha256(data).hexdigest()
        target = self.upload_dir / digest[:2] / digest
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            target.write_bytes(data)
        with self.connect() as conn:
            cur = conn.execute(
                "INSERT INTO uploads(submission_id, account, field, filename, content_type, size, sha256, "
                "path, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    submission_id,
                    account,
                    field,
                    filename,
                    content_type,
                    len(data),
                    digest,
                    str(target.resolve()),
                    now_iso(),
                ),
            )
            row = conn.execute("SELECT * FROM uploads WHERE id = ?", (cur.lastrowid,)).fetchone()
        return _upload(row)

    def link_uploads(self, submission_id: int, upload_ids: list[int]) -> None:
        """Attach uploads made before the submit (e.g. by AJAX) to the submission."""
        with self.connect() as conn:
            conn.executemany(
                "UPDATE uploads SET submission_id = ? WHERE id = ?", [(submission_id, u) for u in upload_ids]
            )

    def list_uploads(self, submission_id: int | None = None) -> list[Upload]:
        with self.connect() as conn:
            if submission_id is None:
                rows = conn.execute("SELECT * FROM uploads ORDER BY id").fetchall()
            else:
                rows = conn.execute(
                    "SELECT * FROM uploads WHERE submission_id = ? ORDER BY id", (submission_id,)
                ).fetchall()
        return [_upload(r) for r in rows]

    def get_upload(self, upload_id: int) -> Upload | None:
        with self.connect() as conn:
            row = conn.execute("SELECT * FROM uploads WHERE id = ?", (upload_id,)).fetchone()
        return _upload(row) if row else None

    # -- accounts (portals with password login) ----------------------------------

    def create_account(self, account: str, password: str, profile: dict[str, Any] | None = None) -> None:
        """Create or replace an account; ``profile`` is free JSON for the portal (e.g. 办税人身份证号)."""
        with self.connect() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO accounts(account, password_hash, profile, created_at) VALUES (?, ?, ?, ?)",
                (account, _hash_password(password), json.dumps(profile or {}, ensure_ascii=False), now_iso()),
            )

    def check_password(self, account: str, password: str) -> bool:
        with self.connect() as conn:
            row = conn.execute("SELECT password_hash FROM accounts WHERE account = ?", (account,)).fetchone()
        if row is None:
            return False
        salt_hex, _ = row[0].split("$", 1)
        return bool(_hash_password(password, bytes.fromhex(salt_hex)) == row[0])

    def account_profile(self, account: str) -> dict[str, Any] | None:
        with self.connect() as conn:
            row = conn.execute("SELECT profile FROM accounts WHERE account = ?", (account,)).fetchone()
        return json.loads(row[0]) if row else None

    # -- settings (small JSON values: faults, last captcha, portal odds and ends) --

    def get_setting(self, key: str) -> Any:
        with self.connect() as conn:
            row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else None

    def put_setting(self, key: str, value: Any) -> None:
        with self.connect() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO settings(key, value) VALUES (?, ?)",
                (key, json.dumps(value, ensure_ascii=False)),
            )

    # -- reset -------------------------------------------------------------------

    def wipe(self) -> None:
        """Empty every table of this portal (core and portal-specific) and delete its uploads."""
        with self.connect() as conn:
            tables = [
                r[0]
                for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
                if r[0] not in _INTERNAL
            ]
            for table in tables:
                conn.execute(f'DELETE FROM "{table}"')
            conn.execute("DELETE FROM sqlite_sequence")
        shutil.rmtree(self.upload_dir, ignore_errors=True)
