"""统一身份认证 login: account + password + image captcha (inputs loginName, loginPwd, verifyCode)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from demo.core import Portal, PortalDep, session_of

router = APIRouter()
DEMO_ACCOUNT = ("demo", "Demo@2024")  # for trying the portal by hand; tests create their own


def seed_demo_account(portal: Portal) -> None:
    portal.store.create_account(*DEMO_ACCOUNT)


def _page(request: Request, portal: Portal, *, error: str = "", notice: str = "", name: str = "") -> Response:
    ctx = {"error": error, "notice": notice, "login_name": name}
    return portal.render(request, "login.html", ctx)


@router.get("/")
def home() -> RedirectResponse:
    return RedirectResponse("/apply", status_code=303)


@router.get("/login")
def login_page(request: Request, portal: PortalDep, expired: int = 0) -> Response:
    return _page(request, portal, notice="登录已超时，请重新登录。" if expired else "")


@router.get("/login/captcha")
def captcha(request: Request, portal: PortalDep) -> Response:
    return portal.captcha_image(request)


@router.post("/login")
def login(
    request: Request,
    portal: PortalDep,
    loginName: Annotated[str, Form()] = "",
    loginPwd: Annotated[str, Form()] = "",
    verifyCode: Annotated[str, Form()] = "",
) -> Response:
    name = loginName.strip()
    if not name or not loginPwd:
        return _page(request, portal, error="请输入账号和密码", name=name)
    if not verifyCode.strip():
        return _page(request, portal, error="请输入图形验证码", name=name)
    if not portal.check_captcha(request, verifyCode):
        return _page(request, portal, error="图形验证码错误，请重新输入", name=name)
    if not portal.store.check_password(name, loginPwd):
        return _page(request, portal, error="账号或密码错误", name=name)
    session_of(request).login(name)
    return RedirectResponse("/apply", status_code=303)


@router.get("/logout")
def logout(request: Request) -> RedirectResponse:
    session_of(request).logout()
    return RedirectResponse("/login", status_code=303)
