"""bed-elplus: 企业开办一网通办 · 企业设立登记（一表申请）, a form built from Element Plus 2 on Vue 3.

The kits' test bed for Element Plus (demo/kits): the page loads Vue's and Element Plus's published browser
bundles from ``/vendor/`` and draws one two-step form (el-steps, 下一步) with every form widget Element Plus
offers, in el-card, el-collapse and el-tabs sections, and an el-table of 股东 rows. The form's rules check the
required fields; 提交 posts the model as JSON to ``/api/submit``, which stores it and answers the 受理编号
the receipt page shows. 开户网点 is a remote-search select answered by ``/api/branches`` a moment after
typing; 住所使用证明 uploads to ``/api/upload`` as soon as it is chosen.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request, UploadFile
from fastapi.responses import JSONResponse, RedirectResponse
from starlette.responses import Response

from demo.core import AccountDep, PortalDep, PortalSpec
from demo.kits.elplus import options
from demo.kits.elplus.detail import REQUIRED, missing, shown
from demo.kits.login import DEMO_ACCOUNT as DEMO_ACCOUNT  # the bed's account: tests and bench.kits read it here
from demo.kits.login import EXPIRED, login_router, seed_demo_account, sign_in
from demo.kits.vendor import vendor_router

HERE = Path(__file__).parent
RECEIPT_PREFIX = "QK"
BRANCH_DELAY_S = 0.4  # the branch list answers a moment after typing, as a real one does

router = APIRouter()
router.include_router(vendor_router())
router.include_router(login_router("/form", {"error": "", "account_name": ""}, timed_out=EXPIRED + "。"))


@router.post("/login")
def do_login(
    request: Request,
    portal: PortalDep,
    account: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
) -> Response:
    if sign_in(request, portal, account, password):
        return RedirectResponse("/form", status_code=303)
    ctx = {"notice": "", "error": "账号或密码错误", "account_name": account}
    return portal.render(request, "login.html", ctx)


@router.get("/form")
def form_page(request: Request, portal: PortalDep, account: AccountDep) -> Response:
    return portal.render(request, "form.html", {"options": options.page_options(), "required": REQUIRED})


@router.get("/api/branches")
async def branches(account: AccountDep, kw: str = "") -> JSONResponse:
    """The remote select's options: the branches whose name contains ``kw`` (none for an empty one)."""
    await asyncio.sleep(BRANCH_DELAY_S)
    kw = kw.strip()
    found = [{"value": v, "label": label} for v, label in options.BRANCHES.items() if kw and kw in label]
    return JSONResponse({"code": 0, "data": found})


@router.post("/api/upload")
async def upload(
    request: Request, portal: PortalDep, account: AccountDep, file: UploadFile, field: Annotated[str, Form()] = ""
) -> JSONResponse:
    """el-upload's action: stores the file under its original name, answers its id for the form's model."""
    if file.filename is None or not file.filename.strip():
        return JSONResponse({"code": 1, "msg": "未选择文件"}, status_code=400)
    saved = await portal.save_upload(request, field or "file", file)
    return JSONResponse({"code": 0, "msg": "上传成功", "data": {"id": saved.id, "name": saved.filename}})


@router.post("/api/submit")
async def submit(request: Request, portal: PortalDep, account: AccountDep) -> JSONResponse:
    payload: Any = await request.json()
    if not isinstance(payload, dict):
        raise HTTPException(400, "提交的数据格式不正确")
    absent = missing(payload)
    if absent:
        return JSONResponse({"code": 1, "msg": "以下必填项未填写：" + "、".join(absent)}, status_code=422)
    submission = portal.submit(
        request,
        account=account,
        payload=payload,
        receipt_prefix=RECEIPT_PREFIX,
        name=str(payload.get("qymc", "")),
    )
    upload_ids = [int(f["id"]) for f in payload.get("zssyzm") or [] if str(f.get("id", "")).isdigit()]
    portal.store.link_uploads(submission.id, upload_ids)
    return JSONResponse({"code": 0, "receiptNo": submission.receipt_no})


@router.get("/receipt/{receipt_no}")
def receipt(request: Request, portal: PortalDep, account: AccountDep, receipt_no: str) -> Response:
    found = portal.store.find_submission(receipt_no)
    if found is None or found.account != account:
        raise HTTPException(status_code=404, detail="未找到该办件")
    return portal.render(request, "receipt.html", {"s": found})


SPEC = PortalSpec(
    item="bed-elplus",
    short="elplus",
    title="企业开办一网通办 · 企业设立登记（Element Plus 测试床）",
    router=router,
    templates_dirs=(HERE / "templates",),
    static_dir=HERE / "static",
    sms_sender="企业开办",
    seed=seed_demo_account,
    shown=shown,
)
SPECS = [SPEC]
