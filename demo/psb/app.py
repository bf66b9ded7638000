"""psb-seal: 公安局 · 印章治安管理信息系统 · 印章刻制备案.

SMS login (the account is the 经办人's mobile); the system frame at ``/main`` shows every
business page in an ``<iframe name="mainFrame">``; the form (``/yzba/form``) has an AJAX
seal-shop autocomplete, a dynamic seal table and AJAX-checked attachments.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter

from demo.core import PortalSpec
from demo.psb import detail, filing, login, shops

HERE = Path(__file__).parent

router = APIRouter()
router.include_router(login.router)
router.include_router(filing.router)

SPEC = PortalSpec(
    item="psb-seal",
    short="psb",
    title="公安局 · 印章治安管理信息系统 · 印章刻制备案",
    router=router,
    templates_dirs=(HERE / "templates",),
    static_dir=HERE / "static",
    sms_sender="公安局",
    schema=shops.SCHEMA,
    seed=shops.seed,
    shown=detail.shown,
)
