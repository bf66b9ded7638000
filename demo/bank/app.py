"""bank-account: 中国建设银行 · 企业网上开户预约 (demo portal).

A single-page app of web components (``static/js/``) over JSON endpoints (:mod:`api`),
plus server pages for 预约查询 and the printable receipt (:mod:`pages`), and an admin
endpoint for full days and slots (:mod:`admin`). No password login: submitting needs an
SMS code sent to the 法定代表人's mobile.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter

from demo.bank import admin, api, detail, pages, schedule
from demo.core import PortalSpec

HERE = Path(__file__).parent

router = APIRouter()
router.include_router(admin.router)
router.include_router(api.router)
router.include_router(pages.router)

SPEC = PortalSpec(
    item="bank-account",
    short="bank",
    title="中国建设银行 · 企业网上开户预约",
    router=router,
    templates_dirs=(HERE / "templates",),
    static_dir=HERE / "static",
    sms_sender="中国建设银行",
    schema=schedule.SCHEMA,
    shown=detail.shown,
)
