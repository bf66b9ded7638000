"""The system frame (/main) and the 印章刻制备案 documents shown inside its iframe (/yzba/…)."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request, UploadFile
from fastapi.responses import JSONResponse, RedirectResponse
from starlette.responses import Response

from demo.core import AccountDep, Portal, PortalDep, form_payload
from demo.psb import attachments, codes, shops, validate

router = APIRouter()
SHOP_DELAY_S = 0.35  # the shop list answers a moment after typing, like the real one


def mask(phone: str) -> str:
    return phone[:3] + "****" + phone[-4:] if len(phone) == 11 else phone


@router.get("/main")
def main(request: Request, portal: PortalDep, account: AccountDep) -> Response:
    return portal.render(request, "main.html", {"who": mask(account)})


@router.get("/yzba/welcome")
def welcome(request: Request, portal: PortalDep, account: AccountDep) -> Response:
    count = len(portal.store.list_submissions(account=account))
    return portal.render(request, "welcome.html", {"count": count})


def _form(request: Request, portal: Portal, account: str, values: dict[str, Any], errors: dict[str, str]) -> Response:
    columns = {name: validate.rows(values, name) for name in ("yzlx", "yzcz", "yzgg", "yzsl")}
    seal_rows = [
        {name: cells[i] if i < len(cells) else "" for name, cells in columns.items()}
        for i in range(len(columns["yzlx"]))
    ]
    uploaded: dict[str, dict[str, Any]] = {}
    for name in codes.ATTACHMENTS:
        found = attachments.pending(portal, account, name, validate.text(values, name))
        if found is not None:
            uploaded[name] = {"id": found.id, "filename": found.filename, "size": attachments.size_text(found.size)}
    ctx = {
        "v": {k: validate.text(values, k) for k in [*validate.REQUIRED, "kzqybh"]},
        "errors": errors,
        "seal_rows": seal_rows,
        "uploaded": uploaded,
        "codes": codes,
    }
    return portal.render(request, "form.html", ctx)


@router.get("/yzba/form")
def form_page(request: Request, portal: PortalDep, account: AccountDep) -> Response:
    return _form(request, portal, account, {}, {})


@router.post("/yzba/shops")
async def shop_options(
    portal: PortalDep,
    account: AccountDep,
    kw: Annotated[str, Form()] = "",
    dwdz: Annotated[str, Form()] = "",
    tyshxydm: Annotated[str, Form()] = "",
) -> JSONResponse:
    """AJAX: the licensed shops of the filing's district whose name contains ``kw``."""
    await asyncio.sleep(SHOP_DELAY_S)
    district = shops.district_of(dwdz, tyshxydm)
    if district is None:
        return JSONResponse({"code": "1", "msg": "请先填写单位地址（需含所在区县）", "data": []})
    found = shops.search(portal, district, kw)
    data = [{"bh": s.license_no, "mc": s.name, "dz": s.address, "dh": s.phone} for s in found]
    return JSONResponse({"code": "0", "msg": "", "district": district.name, "data": data})


@router.post("/yzba/upload")
async def upload(
    portal: PortalDep, account: AccountDep, lx: Annotated[str, Form()] = "", file: UploadFile | None = None
) -> JSONResponse:
    """AJAX: store one attachment once its bytes pass; the form posts back its id."""
    if lx not in codes.ATTACHMENTS:
        return JSONResponse({"code": "1", "msg": "附件类型不正确"})
    data = await file.read() if file is not None else b""
    refused = attachments.problem(data)
    if refused is not None:
        return JSONResponse({"code": "1", "msg": refused})
    saved = portal.store.save_upload(
        field=lx,
        filename=(file.filename if file is not None else "") or "",
        content_type=attachments.sniff(data) or "application/octet-stream",
        data=data,
        account=account,
    )
    body = {"id": saved.id, "filename": saved.filename, "size": attachments.size_text(saved.size)}
    return JSONResponse({"code": "0", "msg": "上传成功", "data": body})


@router.post("/yzba/form")
async def submit(request: Request, portal: PortalDep, account: AccountDep) -> Response:
    payload = await form_payload(request)
    checked = validate.check(portal, account, payload)
    if checked.errors or checked.company is None or checked.shop is None:
        return _form(request, portal, account, payload, checked.errors)
    filing_no = portal.store.next_receipt_no(f"BA{checked.shop.district}")
    submission = portal.submit(
        request,
        account=account,
        payload=payload,
        receipt_no=filing_no,
        uscc=checked.company.uscc,
        name=checked.company.name,
        status="已备案",
        outputs={"filing_no": filing_no, "shop": checked.shop.name},
    )
    portal.store.link_uploads(submission.id, [u.id for u in checked.uploads])
    return RedirectResponse(f"/yzba/receipt/{submission.receipt_no}", status_code=303)


@router.get("/yzba/receipt/{filing_no}")
def receipt(request: Request, portal: PortalDep, account: AccountDep, filing_no: str) -> Response:
    found = portal.store.find_submission(filing_no)
    if found is None or found.account != account:
        raise HTTPException(status_code=404, detail="未找到该备案记录")
    p = found.payload
    seals = [
        {
            "kind": codes.SEAL_KINDS.get(kind, kind),
            "material": codes.MATERIALS.get(validate.rows(p, "yzcz")[i], ""),
            "size": validate.rows(p, "yzgg")[i],
            "count": validate.rows(p, "yzsl")[i],
        }
        for i, kind in enumerate(validate.rows(p, "yzlx"))
    ]
    created = datetime.fromisoformat(found.created_at)
    ctx = {
        "s": found,
        "seals": seals,
        "reason": codes.REASONS.get(validate.text(p, "kzyy"), ""),
        "created": f"{created:%Y年%m月%d日 %H:%M}",
    }
    return portal.render(request, "receipt.html", ctx)


@router.get("/yzba/mine")
def mine(request: Request, portal: PortalDep, account: AccountDep, gjz: str = "") -> Response:
    rows = portal.my_submissions(request, gjz)
    return portal.render(request, "mine.html", {"rows": rows, "gjz": gjz})
