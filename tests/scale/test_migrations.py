"""The ledger's schema comes from Alembic migrations, on SQLite and on a real PostgreSQL alike.

A table or column defined on ``bot.run.ledger.Base`` without a migration fails here (the migrated
schema is compared with the models): write one with ``bot db revision -m …`` (docs/operations.md).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from bench.services import PostgresServer
from bot.paths import PROJECT_ROOT
from bot.run.ledger import Ledger
from bot.scale.migrate import current, heads, upgrade
from bot.scale.tables import target_metadata


def _differences(ledger: Ledger) -> list[object]:
    with ledger.engine.connect() as connection:
        return list(compare_metadata(MigrationContext.configure(connection), target_metadata()))


def test_a_new_sqlite_ledger_is_migrated_to_head_and_keeps_wal(tmp_path: Path) -> None:
    ledger = Ledger(f"sqlite:///{tmp_path / 'ledger.db'}")
    try:
        assert current(ledger.engine) == heads()
        assert _differences(ledger) == []
        with ledger.engine.connect() as connection:
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    finally:
        ledger.close()


def test_a_new_postgresql_ledger_is_migrated_to_head(postgres: PostgresServer) -> None:
    ledger = Ledger(postgres.database())
    try:
        assert current(ledger.engine) == heads()
        assert _differences(ledger) == []
    finally:
        ledger.close()


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_a_ledger_made_before_migrations_is_stamped_then_upgraded_keeping_its_rows(
    kind: str, tmp_path: Path, postgres: PostgresServer
) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}" if kind == "sqlite" else postgres.database()
    engine = create_engine(url)
    upgrade(engine, "0001")  # the tables create_all made before migrations (the ledger's…
    web = [t for name, t in target_metadata().tables.items() if name.startswith("web_")]
    target_metadata().create_all(engine, tables=web)  # …and bot serve's)…
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE alembic_version"))  # …and no version table
        connection.execute(
            text(
                "INSERT INTO applications (id, bundle, identity, title, raw, base_dir, today, source, created_at) "
                "VALUES (1, 'open-company', 'x', '云帆', '{}', '.', '2026-11-20', '', '2026-11-20 08:00:00')"
            )
        )
    engine.dispose()
    ledger = Ledger(url)
    try:
        assert current(ledger.engine) == heads()
        assert _differences(ledger) == []
        assert ledger.application(1).title == "云帆"
        assert "queued" in {c["name"] for c in inspect(ledger.engine).get_columns("runs")}
    finally:
        ledger.close()


def test_workers_starting_together_migrate_a_new_postgresql_ledger_once(postgres: PostgresServer) -> None:
    url = postgres.database()
    code = "import sys; from bot.run.ledger import Ledger; Ledger(sys.argv[1]).close()"
    starts = [subprocess.Popen([sys.executable, "-c", code, url], cwd=PROJECT_ROOT) for _ in range(4)]
    assert [p.wait(timeout=120) for p in starts] == [0, 0, 0, 0]
    engine = create_engine(url)
    try:
        assert current(engine) == heads()
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1
    finally:
        engine.dispose()
