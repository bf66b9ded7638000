"""The applicant's application number (申请编号) and the status page it opens, with the applicant's mobile.

The number is the day the application was confirmed (Beijing time) and the application's id:
``20261204-00007``. It is not a secret (it is printed on paper, read out at the window): the status
page also wants a mobile number the application gives (the legal representative's or the liaison's).
Both travel in a POST body; a right pair sets a random tracking token in an HttpOnly cookie scoped to
``/status``, so the status page's address carries nothing personal. Wrong pairs are counted per client
address: after ``LIMIT`` in ``WINDOW_S``, that address waits until the window has passed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.localtime import local

TRACK_COOKIE = "yjb_track"
TRACK_PATH = "/status"
TRACK_HOURS = 12
LIMIT = 10
WINDOW_S = 15 * 60


def number(application_id: int, confirmed_at: dt.datetime) -> str:
    """``20261204-00007``: the confirming day in Beijing time and the application's id."""
    return f"{local(confirmed_at):%Y%m%d}-{application_id:05d}"


def parse(text: str) -> tuple[str, int] | None:
    """(day, application id) of a typed number; spaces, dashes and full-width digits forgiven."""
    digits = re.sub(r"\D", "", text.translate({0xFF10 + d: str(d) for d in range(10)}))
    if len(digits) < 13 or len(digits) > 20:
        return None
    return digits[:8], int(digits[8:])


def same_day(day: str, application_id: int, confirmed_at: dt.datetime) -> bool:
    return number(application_id, confirmed_at).startswith(day)


def mobiles(raw: Mapping[str, Any]) -> set[str]:
    """The mobile numbers an application gives (any section's ``mobile``, tables' rows too)."""
    found: set[str] = set()
    for value in raw.values():
        rows = value if isinstance(value, list) else [value]
        for row in rows:
            if isinstance(row, Mapping) and row.get("mobile"):
                found.add(re.sub(r"\D", "", str(row["mobile"])))
    return found


@dataclass
class Tracker:
    """Failed look-ups per address, and the tracking tokens handed out (kept hashed, in memory: a
    restarted server asks for the number again)."""

    failures: dict[str, list[float]] = field(default_factory=dict)
    tokens: dict[str, tuple[int, float]] = field(default_factory=dict)  # sha256 → draft id, expiry
    lock: threading.Lock = field(default_factory=threading.Lock)

    def wait_s(self, address: str) -> int:
        """Seconds this address must wait before looking up again (0: it may)."""
        now = time.monotonic()
        with self.lock:
            recent = [t for t in self.failures.get(address, []) if now - t < WINDOW_S]
            self.failures[address] = recent
            return int(WINDOW_S - (now - recent[0])) + 1 if len(recent) >= LIMIT else 0

    def failed(self, address: str) -> None:
        now = time.monotonic()
        with self.lock:
            if len(self.failures) > 10_000:  # addresses whose window has passed go
                self.failures = {a: ts for a, ts in self.failures.items() if ts and now - ts[-1] < WINDOW_S}
            self.failures.setdefault(address, []).append(now)

    def issue(self, draft_id: int) -> str:
        token = secrets.token_urlsafe(32)
        now = time.monotonic()
        with self.lock:
            self.tokens = {k: v for k, v in self.tokens.items() if v[1] > now}  # expired ones go
            self.tokens[_digest(token)] = (draft_id, now + TRACK_HOURS * 3600)
        return token

    def draft_of(self, token: str | None) -> int | None:
        if not token or len(token) > 128:
            return None
        with self.lock:
            found = self.tokens.get(_digest(token))
        if found is None or found[1] < time.monotonic():
            return None
        return found[0]


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
