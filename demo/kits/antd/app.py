"""bed-antd: the kits' test bed for Ant Design Vue 4 (ant-design-vue 4.2.6 on Vue 3.5 + dayjs).

A 企业开办 form (设立登记 一表申请) drawn by antd's own browser bundle (``antd-with-locales.min.js``: the
same bundle as ``antd.min.js`` plus ``antd.locales``, for zh_CN), served from ``/vendor/``. Login by
account and password (demo / Demo@2024); the form posts JSON to ``/api/submit`` and shows the receipt
(受理编号) in place. Remote search (开户银行) and autocomplete (经营场所) ask ``/api/banks`` and
``/api/addresses`` and answer a moment later; the upload goes to ``/api/upload``.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request, UploadFile
from fastapi.responses import JSONResponse
from starlette.responses import Response

from demo.core import AccountDep, PortalDep, PortalSpec
from demo.kits.antd import detail, options
from demo.kits.login import DEMO_ACCOUNT as DEMO_ACCOUNT  # the bed's account: tests and bench.kits read it here
from demo.kits.login import login_router, seed_demo_account, sign_in
from demo.kits.vendor import vendor_router

HERE = Path(__file__).parent
SEARCH_DELAY_S = 0.4  # the remote lists answer a moment after typing, like a real one
UPLOAD_FIELD = "sfzj"

router = APIRouter()
router.include_router(vendor_router())
router.include_router(login_router("/form"))


@router.post("/login")
async def do_login(request: Request, portal: PortalDep) -> JSONResponse:
    body = await request.json()
    if not sign_in(request, portal, str(body.get("account", "")), str(body.get("password", ""))):
        return JSONResponse({"ok": False, "message": "账号或密码错误"}, status_code=400)
    return JSONResponse({"ok": True, "next": "/form"})


@router.get("/form")
def form_page(request: Request, portal: PortalDep, account: AccountDep) -> Response:
    return portal.render(request, "form.html", {"options": json.dumps(options.page_options(), ensure_ascii=False)})


@router.get("/api/banks")
async def banks(account: AccountDep, kw: str = "") -> JSONResponse:
    """Remote search: the banks whose name contains ``kw`` (nothing for an empty ``kw``)."""
    await asyncio.sleep(SEARCH_DELAY_S)
    kw = kw.strip()
    found = [{"value": code, "label": name} for code, name in options.BANKS.items() if kw and kw in name]
    return JSONResponse({"data": found})


@router.get("/api/addresses")
async def addresses(account: AccountDep, kw: str = "") -> JSONResponse:
    """Autocomplete: the known addresses containing ``kw``."""
    await asyncio.sleep(SEARCH_DELAY_S)
    kw = kw.strip()
    return JSONResponse({"data": [a for a in options.ADDRESSES if kw and kw in a]})


@router.post("/api/upload")
async def upload(request: Request, portal: PortalDep, account: AccountDep, file: UploadFile) -> JSONResponse:
    saved = await portal.save_upload(request, UPLOAD_FIELD, file)
    return JSONResponse({"id": saved.id, "name": saved.filename})


@router.post("/api/submit")
async def submit(request: Request, portal: PortalDep, account: AccountDep) -> JSONResponse:
    payload: dict[str, Any] = await request.json()
    missing = [label for key, label in detail.REQUIRED.items() if payload.get(key) in (None, "", [])]
    if missing:
        return JSONResponse({"ok": False, "message": "请填写：" + "、".join(missing)}, status_code=400)
    uploads = [u for u in (payload.get("sfzj") or []) if isinstance(u, int)]
    submission = portal.submit(
        request,
        account=account,
        payload=payload,
        receipt_prefix="QK",
        name=str(payload.get("qymc", "")),
        outputs={},
    )
    own = [u.id for u in portal.store.list_uploads() if u.id in uploads and u.account == account]
    portal.store.link_uploads(submission.id, own)
    return JSONResponse({"ok": True, "receipt_no": submission.receipt_no})


SPEC = PortalSpec(
    item="bed-antd",
    short="antd",
    title="试验床 · Ant Design Vue 4 · 企业开办一表申请",
    router=router,
    templates_dirs=(HERE / "templates",),
    static_dir=HERE / "static",
    seed=seed_demo_account,
    shown=detail.shown,
)
SPECS = [SPEC]
