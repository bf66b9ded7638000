"""Login by SMS: the account is the 经办人's mobile number (no password on this system)."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import JSONResponse, RedirectResponse
from starlette.responses import Response

from demo.core import PortalDep, session_of

router = APIRouter()
_MOBILE = re.compile(r"1[3-9]\d{9}")


@router.get("/")
def home() -> RedirectResponse:
    return RedirectResponse("/main", status_code=303)


@router.get("/login")
def login_page(request: Request, portal: PortalDep, expired: int = 0) -> Response:
    notice = "登录已超时，请重新登录" if expired else ""
    return portal.render(request, "login.html", {"notice": notice, "error": "", "sjhm": ""})


@router.post("/login/sendSms")
def send_sms(portal: PortalDep, sjhm: Annotated[str, Form()] = "") -> JSONResponse:
    """AJAX: send the code; the page counts down 60 s before another may be asked."""
    phone = sjhm.strip()
    if not _MOBILE.fullmatch(phone):
        return JSONResponse({"code": "1", "msg": "请输入正确的11位手机号码"})
    portal.send_sms_code(phone)
    return JSONResponse({"code": "0", "msg": "短信验证码已发送，5分钟内有效"})


@router.post("/login")
def do_login(
    request: Request,
    portal: PortalDep,
    sjhm: Annotated[str, Form()] = "",
    dxyzm: Annotated[str, Form()] = "",
) -> Response:
    phone = sjhm.strip()
    if not _MOBILE.fullmatch(phone):
        error = "请输入正确的11位手机号码"
    elif not dxyzm.strip():
        error = "请输入短信验证码"
    elif not portal.verify_sms_code(phone, dxyzm):
        error = "短信验证码错误或已失效，请重新获取"
    else:
        session_of(request).login(phone)
        return RedirectResponse("/main", status_code=303)
    return portal.render(request, "login.html", {"notice": "", "error": error, "sjhm": phone})


@router.get("/logout")
def logout(request: Request) -> RedirectResponse:
    session_of(request).logout()
    return RedirectResponse("/login", status_code=303)
