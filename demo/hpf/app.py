"""hpf-deposit: 住房公积金管理中心 · 单位缴存登记.

PLACEHOLDER: the login and "表单建设中" pages come from :mod:`demo.placeholder`; the
portal engineer replaces this router with the real form (see docs/portals.md).
"""

from __future__ import annotations

from pathlib import Path

from demo.core import PortalSpec
from demo.placeholder import TEMPLATES, placeholder_router

HERE = Path(__file__).parent

SPEC = PortalSpec(
    item="hpf-deposit",
    short="hpf",
    title="住房公积金管理中心 · 单位缴存登记",
    router=placeholder_router(login="sms", receipt_prefix="GJJ", registry="check"),
    templates_dirs=(HERE / "templates", TEMPLATES),
    static_dir=HERE / "static",
    sms_sender="住房公积金管理中心",
)
