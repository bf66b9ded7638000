"""samr-registration: 市场监管局 · 企业开办“一网通办” · 企业设立登记（有限责任公司）.

PLACEHOLDER: the login and "表单建设中" pages come from :mod:`demo.placeholder`; the
portal engineer replaces this router with the real form (see docs/portals.md).
"""

from __future__ import annotations

from pathlib import Path

from demo.core import PortalSpec
from demo.placeholder import TEMPLATES, placeholder_router, seed_demo_account

HERE = Path(__file__).parent

SPEC = PortalSpec(
    item="samr-registration",
    short="samr",
    title="市场监管局 · 企业开办“一网通办” · 企业设立登记（有限责任公司）",
    router=placeholder_router(login="password", receipt_prefix="SL", registry="publish"),
    templates_dirs=(HERE / "templates", TEMPLATES),
    static_dir=HERE / "static",
    sms_sender="市场监督管理局",
    seed=seed_demo_account,
)
