"""audit: the clerk actions (bot/privacy/audit.py); web_quota: the web form's hourly counts (bot/web/quotas.py)

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # As in 0003: a ledger whose web tables bot serve made with create_all (before migrations) may hold web_quota.
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=80), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=True),
        sa.Column("run_id", sa.String(length=32), nullable=True),
        sa.Column("question_id", sa.Integer(), nullable=True),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("audit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_action"), ["action"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_application_id"), ["application_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_at"), ["at"], unique=False)

    if "web_quota" not in existing:
        _web_quota()


def _web_quota() -> None:
    op.create_table(
        "web_quota",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("web_quota", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_web_quota_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_web_quota_key"), ["key"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("web_quota", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_web_quota_key"))
        batch_op.drop_index(batch_op.f("ix_web_quota_at"))

    op.drop_table("web_quota")
    with op.batch_alter_table("audit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_at"))
        batch_op.drop_index(batch_op.f("ix_audit_application_id"))
        batch_op.drop_index(batch_op.f("ix_audit_action"))

    op.drop_table("audit")
