"""bed-elui: 企业开办一表申请 drawn with Element UI 2.15 on Vue 2.7, the Element UI kit's test bed.

A login page (demo / Demo@2024) and one long form built from the library's own browser bundle
(``/vendor/element-ui/index.js``): el-card, el-collapse and el-tabs sections holding every form widget
Element UI offers, a remote-search select answered by ``/api/agencies`` a moment after typing, an
upload to ``/api/upload`` and an el-table of 股东 rows. 提交 validates with the library's form rules and
posts JSON to ``/api/submit``; the receipt page shows the 受理编号. Option lists live in
:mod:`demo.kits.elui.options`, the stored filing as a person reads it in :mod:`demo.kits.elui.detail`.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Request, UploadFile
from fastapi.responses import JSONResponse
from starlette.responses import Response

from demo.core import AccountDep, PortalDep, PortalSpec
from demo.kits.elui import detail, options
from demo.kits.login import DEMO_ACCOUNT as DEMO_ACCOUNT  # the bed's account: tests and bench.kits read it here
from demo.kits.login import login_router, seed_demo_account, sign_in
from demo.kits.vendor import vendor_router

HERE = Path(__file__).parent
SEARCH_DELAY_S = 0.4  # the agency search answers a moment after typing, like a real one

router = APIRouter()
router.include_router(vendor_router())
router.include_router(login_router("/form"))


@router.post("/api/login")
async def login(request: Request, portal: PortalDep) -> JSONResponse:
    body = await request.json()
    account, password = str(body.get("account", "")).strip(), str(body.get("password", ""))
    if not account or not password:
        return JSONResponse({"code": 1, "msg": "请输入账号和密码"})
    if not sign_in(request, portal, account, password):
        return JSONResponse({"code": 1, "msg": "账号或密码错误"})
    return JSONResponse({"code": 0, "msg": "登录成功"})


@router.get("/form")
def form_page(request: Request, portal: PortalDep, account: AccountDep) -> Response:
    return portal.render(request, "form.html", {"options": options.page_options()})


@router.get("/api/agencies")
async def agencies(account: AccountDep, q: str = "") -> JSONResponse:
    """Remote search: the agencies whose name contains ``q`` (nothing for an empty query)."""
    await asyncio.sleep(SEARCH_DELAY_S)
    q = q.strip()
    found = [{"value": code, "label": name} for code, name in options.AGENCIES.items() if q and q in name]
    return JSONResponse({"code": 0, "data": found})


@router.post("/api/upload")
async def upload(request: Request, portal: PortalDep, account: AccountDep, file: UploadFile) -> JSONResponse:
    saved = await portal.save_upload(request, "frsfzm", file)
    return JSONResponse({"code": 0, "msg": "上传成功", "data": {"id": saved.id, "name": saved.filename}})


@router.post("/api/submit")
async def submit(request: Request, portal: PortalDep, account: AccountDep) -> JSONResponse:
    payload: dict[str, Any] = await request.json()
    missing = [label for key, label in detail.REQUIRED.items() if payload.get(key) in (None, "", [])]
    if missing:
        return JSONResponse({"code": 1, "msg": "请填写：" + "、".join(missing)})
    submission = portal.submit(
        request, account=account, payload=payload, receipt_prefix="QYKB", name=str(payload.get("qymc", ""))
    )
    upload_ids = [int(f["id"]) for f in payload.get("frsfzm") or [] if str(f.get("id", "")).isdigit()]
    portal.store.link_uploads(submission.id, upload_ids)
    return JSONResponse({"code": 0, "msg": "提交成功", "data": {"receipt_no": submission.receipt_no}})


@router.get("/receipt/{receipt_no}")
def receipt(request: Request, portal: PortalDep, account: AccountDep, receipt_no: str) -> Response:
    found = portal.store.find_submission(receipt_no)
    if found is None or found.account != account:
        raise HTTPException(status_code=404, detail="未找到该办件")
    return portal.render(request, "receipt.html", {"s": found})


SPEC = PortalSpec(
    item="bed-elui",
    short="elui",
    title="企业开办一表申请（Element UI 测试床）",
    router=router,
    templates_dirs=(HERE / "templates",),
    static_dir=HERE / "static",
    seed=seed_demo_account,
    shown=detail.shown,
)
SPECS = [SPEC]
