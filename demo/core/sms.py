"""A simulated phone inbox shared by all six portals (``<data dir>/sms.sqlite``).

Why shared: a real phone receives every portal's codes, and a hand-off asks its owner
for "the code that just arrived". Codes are 6 digits, valid 5 minutes, single use;
only the newest unused code of a (phone, portal) pair is accepted.
"""

from __future__ import annotations

import random
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from demo.core.db import connect, init_schema

VALID_SECONDS = 300
SCHEMA = """
CREATE TABLE IF NOT EXISTS sms (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    phone TEXT NOT NULL,
    portal TEXT NOT NULL,
    code TEXT NOT NULL,
    text TEXT NOT NULL,
    sent_at REAL NOT NULL,
    used INTEGER NOT NULL DEFAULT 0,
    logged_in INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS sms_phone ON sms(phone, portal);
"""
_rng = random.SystemRandom()


@dataclass(frozen=True)
class Message:
    """One text message as the phone shows it."""

    phone: str
    portal: str
    code: str
    text: str
    sent_at: float
    used: bool
    logged_in: bool = False  # asked for while the phone's account was still logged in to that portal: wasted

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


class SmsInbox:
    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / "sms.sqlite"
        init_schema(self.path, SCHEMA)
        with connect(self.path) as conn:  # an inbox made before ``logged_in`` was recorded
            if "logged_in" not in {row["name"] for row in conn.execute("PRAGMA table_info(sms)")}:
                conn.execute("ALTER TABLE sms ADD COLUMN logged_in INTEGER NOT NULL DEFAULT 0")

    def send_code(self, phone: str, portal: str, sender: str, *, logged_in: bool = False) -> str:
        """Send a new 6-digit code; ``sender`` is the signature, e.g. ``公安局``; ``logged_in``: the phone's
        account still had a live session there (a bot that logs in again needlessly sends those)."""
        code = f"{_rng.randrange(1_000_000):06d}"
        text = f"【{sender}】您的验证码为{code}，5分钟内有效，请勿泄露给他人。"
        with connect(self.path) as conn:
            conn.execute(
                "INSERT INTO sms(phone, portal, code, text, sent_at, logged_in) VALUES (?, ?, ?, ?, ?, ?)",
                (phone, portal, code, text, time.time(), int(logged_in)),
            )
        return code

    def verify(self, phone: str, portal: str, code: str) -> bool:
        """True once for the newest unused, unexpired code of this phone on this portal."""
        with connect(self.path) as conn:
            row = conn.execute(
                "SELECT id, code, sent_at FROM sms WHERE phone = ? AND portal = ? AND used = 0 "
                "ORDER BY id DESC LIMIT 1",
                (phone, portal),
            ).fetchone()
            if row is None or time.time() - row["sent_at"] > VALID_SECONDS or row["code"] != code.strip():
                return False
            conn.execute("UPDATE sms SET used = 1 WHERE id = ?", (row["id"],))
        return True

    def inbox(self, phone: str) -> list[Message]:
        """Every message of this phone, newest first."""
        with connect(self.path) as conn:
            rows = conn.execute(
                "SELECT phone, portal, code, text, sent_at, used, logged_in FROM sms WHERE phone = ? ORDER BY id DESC",
                (phone,),
            ).fetchall()
        return [
            Message(r["phone"], r["portal"], r["code"], r["text"], r["sent_at"], bool(r["used"]), bool(r["logged_in"]))
            for r in rows
        ]

    def wipe(self, portal: str) -> None:
        with connect(self.path) as conn:
            conn.execute("DELETE FROM sms WHERE portal = ?", (portal,))
