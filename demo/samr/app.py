"""samr-registration: 市场监管局 · 企业开办“一网通办” · 企业设立登记（有限责任公司）.

The most demanding of the six portals and the one the others depend on: its approval
publishes the company (and its new USCC) to the shared registry. Modules: ``auth``
(login), ``wizard`` (six steps), ``validate`` (rules), ``approval`` + ``licence``
(USCC and PDF after the delay), ``pages`` (receipt, 我的办件, licence download).
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter

from demo.core import Portal, PortalSpec
from demo.samr import approval, auth, detail, pages, wizard

HERE = Path(__file__).parent


def seed(portal: Portal) -> None:
    """Start-up and after each reset: the hand-trial account and the approval thread."""
    auth.seed_demo_account(portal)
    approval.start_worker(portal)


router = APIRouter()
router.include_router(auth.router)
router.include_router(wizard.router)
router.include_router(pages.router)

SPEC = PortalSpec(
    item="samr-registration",
    short="samr",
    title="市场监管局 · 企业开办“一网通办” · 企业设立登记（有限责任公司）",
    router=router,
    templates_dirs=(HERE / "templates",),
    static_dir=HERE / "static",
    sms_sender="市场监督管理局",
    schema=approval.SCHEMA,
    seed=seed,
    shown=detail.shown,
)
