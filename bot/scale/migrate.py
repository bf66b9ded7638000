"""The ledger's tables, created and upgraded by Alembic migrations, on SQLite and PostgreSQL alike.

A :class:`bot.run.ledger.Ledger` calls :func:`upgrade` when it opens: a database at the newest
revision (the usual case) costs one query; an empty one is created from the migrations; an
older one is upgraded. Many processes may open the same database at once (N workers starting
together): the upgrade runs under a lock (PostgreSQL: an advisory lock held by the migrating
transaction; SQLite: a lock file beside the database), and whoever comes second finds the
tables at the newest revision already.

A ledger created before migrations existed (``create_all``: the tables, no
``alembic_version``) is stamped at the first revision, which is those same tables, then upgraded.

Migration scripts live in ``bot/scale/migrations/versions`` (inside the package, so an installed bot
finds them). To add a table or a column: define it on ``bot.run.ledger.Base`` (a new module goes
into ``bot.scale.tables.TABLE_MODULES``), then ``bot db revision -m "what changes"`` writes the next
script by comparing the tables with the migrations; read it, commit it. docs/operations.md
says more.
"""

from __future__ import annotations

import contextlib
import fcntl
import shutil
import subprocess
import sys
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine

BASELINE = "0001"  # the tables as create_all made them before migrations: stamped on such ledgers
_PG_LOCK = 0x7969_6A62  # "yijb": the advisory lock key migrations hold on PostgreSQL


def config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", "bot.scale:migrations")
    cfg.set_main_option("file_template", "r%%(rev)s_%%(slug)s")  # r0002_add_users.py: a valid module name
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


@cache
def heads() -> frozenset[str]:
    """The newest revision(s) of the migration scripts (read once per process)."""
    return frozenset(ScriptDirectory.from_config(config()).get_heads())


def current(engine: Engine) -> frozenset[str]:
    with engine.connect() as connection:
        return frozenset(MigrationContext.configure(connection).get_current_heads())


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database to ``revision`` (the newest by default); cheap when it is there already."""
    if revision == "head" and current(engine) == heads():
        return
    with _migration_lock(engine), engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK})
        cfg = config(connection)
        if not MigrationContext.configure(connection).get_current_heads() and _has_ledger_tables(connection):
            command.stamp(cfg, BASELINE)  # made by create_all before migrations: that is the baseline
        command.upgrade(cfg, revision)


def revision(engine: Engine, message: str) -> Path:
    """Write the next migration script by comparing the tables on Base with the migrated database."""
    upgrade(engine)
    number = max((int(h) for h in heads() if h.isdigit()), default=0) + 1
    with engine.begin() as connection:
        script = command.revision(config(connection), message=message, autogenerate=True, rev_id=f"{number:04d}")
    heads.cache_clear()
    assert script is not None and not isinstance(script, list)
    path = Path(script.path)
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    if ruff:  # the script as the project's linter wants it (imports sorted, unused ones gone)
        subprocess.run([ruff, "check", "--fix", "-q", str(path)], check=False)
        subprocess.run([ruff, "format", "-q", str(path)], check=False)
    return path


def _has_ledger_tables(connection: Connection) -> bool:
    return inspect(connection).has_table("filings")


@contextlib.contextmanager
def _migration_lock(engine: Engine) -> Iterator[None]:
    """SQLite: an exclusive lock file beside the database (PostgreSQL locks inside the transaction)."""
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if not database or database == ":memory:":
        yield
        return
    with open(f"{database}.migrate-lock", "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
