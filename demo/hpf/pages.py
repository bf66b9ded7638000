"""Every page of the old fund-centre site (``*.do``), all served and read in GBK.

Why no ``Form(...)`` parameters: they would decode the body as UTF-8; every post is read
with ``form_payload(request, encoding="gbk")``. The 区划 selects post the whole form back
(``czlx`` = ``sheng`` / ``shi``) and the page returns with the next select's options and
everything typed so far; only ``czlx`` = ``tj`` (the 提交 button) checks and files it.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from demo.core import AccountDep, Portal, PortalDep, form_payload, session_of
from demo.hpf import codes, validate

router = APIRouter()
GBK = "gbk"
_MOBILE = re.compile(r"1[3-9]\d{9}")


def page(request: Request, portal: Portal, name: str, ctx: dict[str, Any]) -> Response:
    return portal.render(request, name, ctx, charset=GBK)


def gbk_query(request: Request, name: str) -> str:
    """A query parameter as the GBK page's GET form sent it (Starlette would assume UTF-8)."""
    raw = request.scope.get("query_string", b"").decode("ascii", errors="replace")
    return next((v for k, v in parse_qsl(raw, keep_blank_values=True, encoding=GBK) if k == name), "")


def mask(phone: str) -> str:
    return phone[:3] + "****" + phone[-4:] if len(phone) == 11 else phone


# -- login -----------------------------------------------------------------------------


@router.get("/")
def home() -> RedirectResponse:
    return RedirectResponse("/dwjc/djsq.do", status_code=303)


@router.get("/login.do")
@router.get("/login")  # the address every portal answers (the launcher's and core tests' check)
def login_page(request: Request, portal: PortalDep, expired: int = 0) -> Response:
    notice = "登录超时，请重新登录！" if expired else ""
    return page(request, portal, "login.html", {"notice": notice, "error": "", "sjhm": ""})


@router.post("/login.do")
async def login(request: Request, portal: PortalDep) -> Response:
    """One form, two buttons: 获取短信验证码 (``czlx=fsdx``) and 登录 (``czlx=dl``)."""
    form = await form_payload(request, encoding=GBK)
    phone = validate.text(form, "sjhm")
    ctx: dict[str, Any] = {"notice": "", "error": "", "sjhm": phone}
    if not _MOBILE.fullmatch(phone):
        ctx["error"] = "手机号码不正确！"
    elif validate.text(form, "czlx") == "fsdx":
        portal.send_sms_code(phone)
        ctx["notice"] = f"短信验证码已发送至{mask(phone)}，5分钟内有效。"
    elif not validate.text(form, "dxyzm"):
        ctx["error"] = "请输入短信验证码！"
    elif not portal.verify_sms_code(phone, validate.text(form, "dxyzm")):
        ctx["error"] = "短信验证码错误或已过期！"
    else:
        session_of(request).login(phone)
        return RedirectResponse("/dwjc/djsq.do", status_code=303)
    return page(request, portal, "login.html", ctx)


@router.get("/logout.do")
def logout(request: Request) -> RedirectResponse:
    session_of(request).logout()
    return RedirectResponse("/login.do", status_code=303)


@router.get("/yzm.do")
def captcha(request: Request, portal: PortalDep) -> Response:
    return portal.captcha_image(request)


# -- 单位缴存登记 -------------------------------------------------------------------------


def _form(request: Request, portal: Portal, account: str, values: dict[str, Any], errors: dict[str, str]) -> Response:
    v = {name: validate.text(values, name) for name in validate.FIELDS}
    ctx = {
        "v": v,
        "errors": errors,
        "codes": codes,
        "provinces": codes.provinces(),
        "cities": codes.cities(v["sheng"]),
        "districts": codes.districts(v["sheng"], v["shi"]),
        "who": mask(account),
    }
    return page(request, portal, "form.html", ctx)


@router.get("/dwjc/djsq.do")
def form_page(request: Request, portal: PortalDep, account: AccountDep) -> Response:
    return _form(request, portal, account, {}, {})


@router.post("/dwjc/djsq.do")
async def form_post(request: Request, portal: PortalDep, account: AccountDep) -> Response:
    payload = await form_payload(request, encoding=GBK)
    action = validate.text(payload, "czlx")
    if action in ("sheng", "shi"):
        values = dict(payload)
        values["qx"] = ""
        if action == "sheng":
            values["shi"] = ""
        return _form(request, portal, account, values, {})
    captcha_ok = portal.check_captcha(request, validate.text(payload, "yzm"))
    checked = validate.check(portal, payload)
    if not validate.text(payload, "yzm"):
        checked.add("yzm", "请输入验证码")
    elif not captcha_ok:
        checked.add("yzm", "验证码错误，请重新输入")
    if checked.errors or checked.company is None:
        return _form(request, portal, account, payload, checked.errors)
    fund_account = next_fund_account(portal, validate.text(payload, "qx"))
    portal.submit(
        request,
        account=account,
        payload=payload,
        receipt_no=fund_account,
        uscc=checked.company.uscc,
        name=checked.company.name,
        status="已开户",
        outputs={"fund_account_no": fund_account},
    )
    return RedirectResponse(f"/dwjc/hz.do?dwzh={fund_account}", status_code=303)


def next_fund_account(portal: Portal, district: str) -> str:
    """单位公积金账号: the district code, ``01``, then a sequence that never repeats here."""
    with portal.store.connect() as conn:
        conn.execute(
            "INSERT INTO counters(name, value) VALUES ('hpf:dwzh', 1) ON CONFLICT(name) DO UPDATE SET value = value + 1"
        )
        seq = conn.execute("SELECT value FROM counters WHERE name = 'hpf:dwzh'").fetchone()[0]
    return f"{district}01{seq:06d}"


@router.get("/dwjc/hz.do")
def receipt(request: Request, portal: PortalDep, account: AccountDep, dwzh: str = "") -> Response:
    found = portal.store.find_submission(dwzh)
    if found is None or found.account != account:
        raise HTTPException(status_code=404, detail="未找到该单位登记信息")
    p = found.payload
    sheng, shi, qx = (validate.text(p, k) for k in ("sheng", "shi", "qx"))
    ctx = {
        "s": found,
        "p": {k: validate.text(p, k) for k in validate.FIELDS},
        "region": codes.provinces()[sheng] + codes.cities(sheng)[shi] + codes.districts(sheng, shi)[qx],
        "bank": codes.BANKS[validate.text(p, "styh")],
        "who": mask(account),
    }
    return page(request, portal, "receipt.html", ctx)


@router.get("/dwjc/cx.do")
def mine(request: Request, portal: PortalDep, account: AccountDep) -> Response:
    query = gbk_query(request, "cxtj").strip()
    rows = portal.my_submissions(request, query)
    return page(request, portal, "mine.html", {"rows": rows, "cxtj": query, "who": mask(account)})
