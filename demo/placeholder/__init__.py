"""PLACEHOLDER portal pages: the worked example of a portal route file, and the subject of
the core tests.

A login page (password + image captcha, or SMS code), a "表单建设中" page with a
three-field form, a receipt page and 我的办件 — just enough to exercise the shared core
end to end (sessions and idle expiry, captcha and SMS login, submit with the
drop-response fault, 我的办件, registry publish/check). The six real portals no longer
use it; ``tests/demo/test_core.py`` serves it as three dedicated test portals,
:data:`CORE_TEST_SPECS` (started with ``PortalsProcess(..., specs=CORE_TEST_SPECS_REF)``),
so the core tests do not depend on any real portal's routes.

Its templates extend ``base.html``; a portal listing its own templates first shows its
own header and colours, else the plain ``base.html`` here is used.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from demo.core import AccountDep, Portal, PortalDep, PortalSpec, form_payload, session_of, uscc

TEMPLATES = Path(__file__).parent / "templates"
DEMO_ACCOUNT = ("demo", "Demo@2024")


def seed_demo_account(portal: Portal) -> None:
    """Password portals get one account for trying by hand: demo / Demo@2024."""
    portal.store.create_account(*DEMO_ACCOUNT)


def placeholder_router(
    *, login: Literal["password", "sms"], receipt_prefix: str, registry: Literal["publish", "check"]
) -> APIRouter:
    """``login``: how the portal logs in; ``registry``: samr publishes, the others check."""
    router = APIRouter()

    @router.get("/")
    def home() -> RedirectResponse:
        return RedirectResponse("/form", status_code=303)

    @router.get("/login")
    def login_page(request: Request, portal: PortalDep, expired: int = 0) -> Response:
        notice = "登录已超时，请重新登录。" if expired else ""
        return portal.render(request, "login.html", {"mode": login, "notice": notice, "error": "", "phone": ""})

    @router.get("/captcha.png")
    def captcha_png(request: Request, portal: PortalDep) -> Response:
        return portal.captcha_image(request)

    @router.post("/login/sms-code")
    def sms_code(request: Request, portal: PortalDep, phone: Annotated[str, Form()] = "") -> Response:
        phone = phone.strip()
        if not (len(phone) == 11 and phone.isdigit() and phone.startswith("1")):
            ctx = {"mode": login, "notice": "", "error": "请输入正确的11位手机号码", "phone": phone}
            return portal.render(request, "login.html", ctx)
        portal.send_sms_code(phone)
        ctx = {"mode": login, "notice": "验证码已发送，5分钟内有效。", "error": "", "phone": phone}
        return portal.render(request, "login.html", ctx)

    @router.post("/login")
    def do_login(
        request: Request,
        portal: PortalDep,
        account: Annotated[str, Form()] = "",
        password: Annotated[str, Form()] = "",
        captcha: Annotated[str, Form()] = "",
        phone: Annotated[str, Form()] = "",
        sms_code: Annotated[str, Form()] = "",
    ) -> Response:
        if login == "password":
            if not portal.check_captcha(request, captcha):
                error = "图形验证码错误，请重新输入"
            elif not portal.store.check_password(account.strip(), password):
                error = "账号或密码错误"
            else:
                session_of(request).login(account.strip())
                return RedirectResponse("/form", status_code=303)
        else:
            if portal.verify_sms_code(phone.strip(), sms_code):
                session_of(request).login(phone.strip())
                return RedirectResponse("/form", status_code=303)
            error = "短信验证码错误或已过期"
        ctx = {"mode": login, "notice": "", "error": error, "phone": phone}
        return portal.render(request, "login.html", ctx)

    @router.get("/logout")
    def logout(request: Request) -> RedirectResponse:
        session_of(request).logout()
        return RedirectResponse("/login", status_code=303)

    @router.get("/form")
    def form_page(request: Request, portal: PortalDep, account: AccountDep) -> Response:
        return portal.render(request, "form.html", {"registry": registry, "error": "", "values": {}})

    @router.post("/form")
    async def submit(request: Request, portal: PortalDep, account: AccountDep) -> Response:
        payload = await form_payload(request)
        name = str(payload.get("dwmc", "")).strip()
        code = str(payload.get("tyshxydm", "")).strip().upper()
        error = ""
        if not name:
            error = "请填写单位名称"
        elif registry == "check" and not uscc.is_valid(code):
            error = "统一社会信用代码格式或校验位错误"
        elif registry == "check" and portal.company(code) is None:
            error = "统一社会信用代码不存在，请先办理设立登记"
        if error:
            return portal.render(request, "form.html", {"registry": registry, "error": error, "values": payload})
        submission = portal.submit(
            request, account=account, payload=payload, receipt_prefix=receipt_prefix, uscc=code, name=name
        )
        if registry == "publish":
            company = portal.registry.publish(
                name=name,
                address=str(payload.get("dz", "")),
                legal_rep=str(payload.get("fddbr", "")),
                source=portal.item,
            )
            portal.store.update(submission.id, status="已核准", uscc=company.uscc, outputs={"uscc": company.uscc})
        return RedirectResponse(f"/receipt/{submission.receipt_no}", status_code=303)

    @router.get("/receipt/{receipt_no}")
    def receipt(request: Request, portal: PortalDep, account: AccountDep, receipt_no: str) -> Response:
        found = portal.store.find_submission(receipt_no)
        if found is None or found.account != account:
            raise HTTPException(status_code=404, detail="未找到该办件")
        return portal.render(request, "receipt.html", {"s": found})

    @router.get("/mine")
    def mine(request: Request, portal: PortalDep, account: AccountDep, q: str = "") -> Response:
        return portal.render(request, "mine.html", {"rows": portal.my_submissions(request, q), "q": q})

    return router


def placeholder_spec(
    item: str,
    short: str,
    title: str,
    *,
    login: Literal["password", "sms"],
    receipt_prefix: str,
    registry: Literal["publish", "check"],
    sms_sender: str,
) -> PortalSpec:
    """A whole portal made of the placeholder pages (password portals get the demo account)."""
    return PortalSpec(
        item=item,
        short=short,
        title=title,
        router=placeholder_router(login=login, receipt_prefix=receipt_prefix, registry=registry),
        templates_dirs=(TEMPLATES,),
        sms_sender=sms_sender,
        seed=seed_demo_account if login == "password" else None,
    )


CORE_TEST_SPECS: tuple[PortalSpec, ...] = (
    placeholder_spec(
        "core-test-password",
        "core_pw",
        "核心测试门户 · 账号密码与图形验证码登录 · 登记发照",
        login="password",
        receipt_prefix="SL",
        registry="publish",
        sms_sender="核心测试登记",
    ),
    placeholder_spec(
        "core-test-sms-a",
        "core_sms_a",
        "核心测试门户甲 · 短信验证码登录 · 备案",
        login="sms",
        receipt_prefix="BA",
        registry="check",
        sms_sender="核心测试甲",
    ),
    placeholder_spec(
        "core-test-sms-b",
        "core_sms_b",
        "核心测试门户乙 · 短信验证码登录 · 缴存登记",
        login="sms",
        receipt_prefix="GJ",
        registry="check",
        sms_sender="核心测试乙",
    ),
)
"""The core tests' portals: one password portal that publishes, two SMS portals that check."""

CORE_TEST_SPECS_REF = "demo.placeholder:CORE_TEST_SPECS"
""":data:`CORE_TEST_SPECS` as ``python -m demo --specs`` and ``PortalsProcess(specs=)`` name it."""
