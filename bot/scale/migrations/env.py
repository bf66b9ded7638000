"""Alembic's environment for the ledger: run by bot.scale.migrate (Ledger start-up, ``bot db upgrade``).

The connection comes from the caller (``config.attributes["connection"]``), inside the
caller's transaction and lock; ``target_metadata`` is the ledger's ``Base.metadata`` with
every module that defines tables on it imported (add yours to ``bot.scale.tables.TABLE_MODULES``),
so that ``bot db revision`` can compare the tables with the migrations.
"""

from __future__ import annotations

from alembic import context

from bot.scale.tables import target_metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError(
        "bot/scale/migrations run through bot.scale.migrate (bot db upgrade), which passes the connection"
    )

context.configure(
    connection=connection,
    target_metadata=target_metadata(),
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters a table by copying it
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
