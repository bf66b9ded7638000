"""The HTML pages: the single-page app's shell, 预约查询 (phone + SMS, or the session that
booked), 我的预约 and the printable receipt.

预约查询 needs no password: the account is the 法定代表人's mobile number, proven either by
booking (the booking's SMS code logs the session in) or by a fresh SMS code on ``/login``.
"""

from __future__ import annotations

import time
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from demo.bank import checks
from demo.bank.api import SMS_INTERVAL_S, SMS_SENT_KEY
from demo.bank.codes import ACCOUNT_TYPES, BRANCHES, CITIES, CURRENCIES, SLOTS
from demo.core import AccountDep, PortalDep, session_of

router = APIRouter()


@router.get("/")
def spa(request: Request, portal: PortalDep) -> Response:
    return portal.render(request, "app.html")


def _login(request: Request, portal: PortalDep, *, phone: str = "", notice: str = "", error: str = "") -> Response:
    expired = request.query_params.get("expired") == "1"
    if expired and not notice:
        notice = "登录已超时，请重新验证。"
    return portal.render(request, "login.html", {"phone": phone, "notice": notice, "error": error})


@router.get("/login")
def login_page(request: Request, portal: PortalDep) -> Response:
    return _login(request, portal)


@router.post("/login/sms")
def login_sms(request: Request, portal: PortalDep, mblNo: Annotated[str, Form()] = "") -> Response:
    phone = mblNo.strip()
    if not checks.mobile_ok(phone):
        return _login(request, portal, phone=phone, error="请输入正确的11位手机号码")
    session = session_of(request)
    sent: dict[str, float] = dict(session.get(SMS_SENT_KEY) or {})
    wait = int(SMS_INTERVAL_S - (time.time() - sent.get(phone, 0.0)))
    if wait > 0:
        return _login(request, portal, phone=phone, error=f"验证码发送过于频繁，请{wait}秒后再试")
    portal.send_sms_code(phone)
    session.set(SMS_SENT_KEY, {**sent, phone: time.time()})
    return _login(request, portal, phone=phone, notice=f"验证码已发送至{checks.mask_mobile(phone)}，5分钟内有效。")


@router.post("/login")
def login(
    request: Request,
    portal: PortalDep,
    mblNo: Annotated[str, Form()] = "",
    smsVrfCd: Annotated[str, Form()] = "",
) -> Response:
    phone = mblNo.strip()
    if not checks.mobile_ok(phone):
        return _login(request, portal, phone=phone, error="请输入正确的11位手机号码")
    if not portal.verify_sms_code(phone, smsVrfCd):
        return _login(request, portal, phone=phone, error="短信验证码错误或已过期")
    session_of(request).login(phone)
    return RedirectResponse("/mine", status_code=303)


@router.get("/logout")
def logout(request: Request) -> RedirectResponse:
    session_of(request).logout()
    return RedirectResponse("/", status_code=303)


@router.get("/mine")
def mine(request: Request, portal: PortalDep, account: AccountDep, q: str = "") -> Response:
    rows = portal.my_submissions(request, q)
    branches = {b.code: b.name for b in BRANCHES}
    ctx = {"rows": rows, "q": q, "branches": branches, "slots": SLOTS, "masked": checks.mask_mobile(account)}
    return portal.render(request, "mine.html", ctx)


@router.get("/receipt/{receipt_no}")
def receipt(request: Request, portal: PortalDep, account: AccountDep, receipt_no: str) -> Response:
    found = portal.store.find_submission(receipt_no)
    if found is None or found.account != account:
        raise HTTPException(status_code=404, detail="未找到该预约")
    branch = next((b for b in BRANCHES if b.code == found.payload.get("brchNo")), None)
    ctx = {
        "s": found,
        "p": found.payload,
        "branch": branch,
        "city": CITIES.get(str(found.payload.get("cityCd")), ""),
        "account_type": ACCOUNT_TYPES.get(str(found.payload.get("acctTp")), ""),
        "currency": CURRENCIES.get(str(found.payload.get("ccyCd")), ""),
        "slot": SLOTS.get(str(found.payload.get("apptTmSlot")), ""),
        "masked": checks.mask_mobile(account),
    }
    return portal.render(request, "receipt.html", ctx)
