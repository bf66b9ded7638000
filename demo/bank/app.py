"""bank-account: 银行 · 企业开户预约.

PLACEHOLDER: the login and "表单建设中" pages come from :mod:`demo.placeholder`; the
portal engineer replaces this router with the real form (see docs/portals.md).
"""

from __future__ import annotations

from pathlib import Path

from demo.core import PortalSpec
from demo.placeholder import TEMPLATES, placeholder_router

HERE = Path(__file__).parent

SPEC = PortalSpec(
    item="bank-account",
    short="bank",
    title="银行 · 企业开户预约",
    router=placeholder_router(login="sms", receipt_prefix="YY", registry="check"),
    templates_dirs=(HERE / "templates", TEMPLATES),
    static_dir=HERE / "static",
    sms_sender="示范银行",
)
