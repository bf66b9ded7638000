"""hrss-insurance: 人力资源和社会保障局 · 单位网厅 · 社会保险单位参保登记.

PLACEHOLDER: the login and "表单建设中" pages come from :mod:`demo.placeholder`; the
portal engineer replaces this router with the real form (see docs/portals.md).
"""

from __future__ import annotations

from pathlib import Path

from demo.core import PortalSpec
from demo.placeholder import TEMPLATES, placeholder_router, seed_demo_account

HERE = Path(__file__).parent

SPEC = PortalSpec(
    item="hrss-insurance",
    short="hrss",
    title="人力资源和社会保障局 · 单位网厅 · 社会保险单位参保登记",
    router=placeholder_router(login="password", receipt_prefix="SB", registry="check"),
    templates_dirs=(HERE / "templates", TEMPLATES),
    static_dir=HERE / "static",
    sms_sender="人力资源和社会保障局",
    seed=seed_demo_account,
)
