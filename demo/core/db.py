"""One way to open SQLite, so every file of the demo gets WAL mode and a busy timeout.

Connections are opened per operation: cheap for SQLite, and safe from any thread
(FastAPI runs plain ``def`` handlers in a thread pool).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path


def now_iso() -> str:
    """Local time with offset, to the second: what the admin API shows as timestamps."""
    return datetime.now().astimezone().isoformat(timespec="seconds")


@contextmanager
def connect(path: Path) -> Iterator[sqlite3.Connection]:
    """Open ``path`` in WAL mode; commit on success, roll back on error, always close."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=10.0)
    conn.row_factory = sqlite3.Row
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        with conn:
            yield conn
    finally:
        conn.close()


def init_schema(path: Path, ddl: str) -> None:
    """Create tables if missing (every DDL statement uses IF NOT EXISTS)."""
    with connect(path) as conn:
        conn.executescript(ddl)
