"""tax-registration: 电子税务局 · 新办纳税人“套餐”.

PLACEHOLDER: the login and "表单建设中" pages come from :mod:`demo.placeholder`; the
portal engineer replaces this router with the real form (see docs/portals.md).
"""

from __future__ import annotations

from pathlib import Path

from demo.core import PortalSpec
from demo.placeholder import TEMPLATES, placeholder_router, seed_demo_account

HERE = Path(__file__).parent

SPEC = PortalSpec(
    item="tax-registration",
    short="tax",
    title="电子税务局 · 新办纳税人“套餐”",
    router=placeholder_router(login="password", receipt_prefix="WS", registry="check"),
    templates_dirs=(HERE / "templates", TEMPLATES),
    static_dir=HERE / "static",
    sms_sender="国家税务总局",
    seed=seed_demo_account,
)
