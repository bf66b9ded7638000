"""The JSON endpoints the single-page app talks to (``/api/...``).

Answers follow the bank's envelope ``{"code": "0", "msg": ..., "data": ...}``; a refused
form answers ``code`` ``"E4001"`` with ``errors`` keyed by input name. Personal data only
ever travels in POST bodies; GET queries carry branch codes and dates.
"""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from demo.bank import appointment, checks, schedule
from demo.bank.codes import ACCOUNT_TYPES, BRANCHES, CITIES, CURRENCIES, SLOTS
from demo.core import PortalDep, form_payload, session_of
from demo.core.sessions import ACCOUNT_KEY

SMS_INTERVAL_S = 60
SMS_SENT_KEY = "sms_sent"
router = APIRouter(prefix="/api")


def ok(data: Any, msg: str = "成功") -> JSONResponse:
    return JSONResponse({"code": "0", "msg": msg, "data": data})


def refuse(msg: str, *, code: str = "E4001", errors: dict[str, str] | None = None, status: int = 400) -> JSONResponse:
    return JSONResponse({"code": code, "msg": msg, "errors": errors or {}}, status_code=status)


def _options(codes: dict[str, str]) -> list[dict[str, str]]:
    return [{"value": k, "label": v} for k, v in codes.items()]


@router.get("/dicts")
def dicts() -> JSONResponse:
    """The code lists of the form's selects."""
    return ok(
        {
            "acctTp": _options(ACCOUNT_TYPES),
            "ccyCd": _options(CURRENCIES),
            "cityCd": _options(CITIES),
            "apptTmSlot": _options(SLOTS),
        }
    )


@router.get("/branches")
def branches(cityCd: str = "") -> JSONResponse:
    found = [
        {"brchNo": b.code, "name": b.name, "address": b.address, "phone": b.phone, "hours": b.hours}
        for b in BRANCHES
        if b.city == cityCd
    ]
    return ok(found)


@router.get("/calendar")
def month(portal: PortalDep, brchNo: str = "", month: str = "") -> JSONResponse:
    """Each day of ``month`` (``YYYY-MM``; default: the month of tomorrow, in the bank's
    time zone) at a branch: open, weekend, full, past or closed."""
    if brchNo not in {b.code for b in BRANCHES}:
        return refuse("请先选择开户网点")
    tomorrow = schedule.today() + timedelta(days=1)
    first = schedule.parse_day(month + "-01") if month else tomorrow.replace(day=1)
    if first is None:
        return refuse("月份格式不正确")
    days = schedule.month_days(portal, brchNo, first.year, first.month)
    return ok({"month": f"{first:%Y-%m}", "today": schedule.today().isoformat(), "days": days})


@router.get("/slots")
def slots(portal: PortalDep, brchNo: str = "", apptDt: str = "") -> JSONResponse:
    day = schedule.parse_day(apptDt)
    if brchNo not in {b.code for b in BRANCHES} or day is None:
        return refuse("请先选择开户网点和预约日期")
    if schedule.day_status(portal, brchNo, day) != "open":
        return ok([{"value": k, "label": v, "left": 0} for k, v in SLOTS.items()], "该日期不可预约")
    left = schedule.slots_left(portal, brchNo, day)
    return ok([{"value": k, "label": v, "left": left[k]} for k, v in SLOTS.items()])


@router.post("/sms/send")
async def send_code(request: Request, portal: PortalDep) -> JSONResponse:
    """Send a code to the 法定代表人's mobile (posted as JSON ``{"mblNo": ...}``)."""
    try:
        body = await request.json()
    except ValueError:
        body = None
    phone = str(body.get("mblNo", "")).strip() if isinstance(body, dict) else ""
    if not checks.mobile_ok(phone):
        return refuse("请先正确填写法定代表人手机号码", errors={"lglRprMblNo": "法定代表人手机号码格式不正确"})
    session = session_of(request)
    sent: dict[str, float] = dict(session.get(SMS_SENT_KEY) or {})
    wait = int(SMS_INTERVAL_S - (time.time() - sent.get(phone, 0.0)))
    if wait > 0:
        return refuse(f"验证码发送过于频繁，请{wait}秒后再试", code="E4291", status=429)
    portal.send_sms_code(phone)
    sent[phone] = time.time()
    session.set(SMS_SENT_KEY, sent)
    return ok({"interval": SMS_INTERVAL_S}, f"验证码已发送至法定代表人手机{checks.mask_mobile(phone)}，5分钟内有效")


@router.post("/appointments")
async def create(request: Request, portal: PortalDep) -> JSONResponse:
    """Validate, check the SMS code, store the appointment exactly as posted, book the slot."""
    payload = await form_payload(request)
    found, errors = appointment.validate(portal, payload)
    code = appointment.text(payload, "smsVrfCd")
    if not code:
        errors["smsVrfCd"] = "请输入短信验证码"
    if found is None or errors:
        return refuse("预约信息有误，请按提示修改后重新提交", errors=errors)
    if not portal.verify_sms_code(found.mobile, code):
        return refuse("短信验证码错误或已过期", errors={"smsVrfCd": "短信验证码错误或已过期，请重新获取"})
    receipt_no = portal.store.next_receipt_no("KHYY")
    submission = portal.submit(
        request,
        account=found.mobile,
        payload=payload,
        receipt_no=receipt_no,
        uscc=found.company.uscc,
        name=found.company.name,
        status=appointment.PENDING,
        outputs={"appointment_no": receipt_no},
    )
    schedule.book(portal, submission.id, found.branch, found.day, found.slot)
    # Logged in for 预约查询 under the same session id (no new cookie), so a browser whose
    # answer was lost can still reconcile on /mine without a second SMS code.
    session_of(request).set(ACCOUNT_KEY, found.mobile)
    branch = next(b for b in BRANCHES if b.code == found.branch)
    return ok(
        {
            "apptNo": submission.receipt_no,
            "corpNm": found.company.name,
            "brchNm": branch.name,
            "brchAddr": branch.address,
            "apptDt": found.day.isoformat(),
            "apptTmSlot": SLOTS[found.slot],
            "receiptUrl": f"/receipt/{submission.receipt_no}",
        },
        "预约成功",
    )
