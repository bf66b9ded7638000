"""Every table of the ledger's database on one MetaData: what migrations are compared with.

The ledger's own tables are defined on :class:`bot.run.ledger.Base`; ``bot serve``'s (clerks,
their sessions and login throttle, the applicants' drafts, the form's quota counts) on the same Base in
bot.web; the audit table of clerk actions in bot.privacy.audit. Alembic's
environment (``bot/scale/migrations/env.py``) takes :func:`target_metadata` from here, so that
``bot db revision`` sees every table: a new module that defines tables on Base goes into
:data:`TABLE_MODULES`.
"""

from __future__ import annotations

from types import ModuleType

from sqlalchemy import MetaData

from bot.privacy import audit
from bot.run import ledger
from bot.web import accounts, drafts, quotas

TABLE_MODULES: tuple[ModuleType, ...] = (ledger, accounts, drafts, quotas, audit)  # each defines tables on ledger.Base


def target_metadata() -> MetaData:
    return ledger.Base.metadata
