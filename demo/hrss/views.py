"""Routes of the 单位网上服务厅: captcha login, the 单位参保登记 form, its code-list
endpoints (行业 tree nodes load by AJAX), the receipt (单位社保编号) and 我的办件.

Idle sessions expire (``session_ttl_s`` fault): any page or post needing login then
bounces to ``/login?expired=1`` and the form's values are gone, as on the real 网厅.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import JSONResponse, RedirectResponse
from starlette.responses import Response

from demo.core import AccountDep, Portal, PortalDep, form_payload, session_of, uscc
from demo.hrss import codes, fields, industry, regions, rules

router = APIRouter()
FORM = "/dwcb/add"


@router.get("/")
def home() -> RedirectResponse:
    return RedirectResponse(FORM, status_code=303)


# -- login ---------------------------------------------------------------------------


def _login_page(request: Request, portal: Portal, error: str = "", notice: str = "", code: str = "") -> Response:
    return portal.render(request, "login.html", {"error": error, "notice": notice, "code": code})


@router.get("/login")
def login_page(request: Request, portal: PortalDep, expired: int = 0) -> Response:
    return _login_page(request, portal, notice="登录已超时，请重新登录" if expired else "")


@router.get("/common/captcha")
def captcha(request: Request, portal: PortalDep) -> Response:
    return portal.captcha_image(request)


@router.post("/login")
def do_login(
    request: Request,
    portal: PortalDep,
    creditCode: Annotated[str, Form()] = "",  # the portal's own input names (camelCase)
    loginPwd: Annotated[str, Form()] = "",
    verifyCode: Annotated[str, Form()] = "",
) -> Response:
    code = creditCode.strip().upper()
    if not portal.check_captcha(request, verifyCode.strip()):
        error = "图形验证码错误，请重新输入"
    elif not code or not loginPwd:
        error = "请输入统一社会信用代码和密码"
    elif not uscc.is_valid(code):
        error = "统一社会信用代码格式不正确"
    elif portal.company(code) is None:
        error = "该统一社会信用代码未在登记机关登记，不能登录单位网厅"
    elif not portal.store.check_password(code, loginPwd):
        error = "统一社会信用代码或密码错误"
    else:
        session_of(request).login(code)
        return RedirectResponse(FORM, status_code=303)
    return _login_page(request, portal, error=error, code=creditCode)


@router.get("/logout")
def logout(request: Request) -> RedirectResponse:
    session_of(request).logout()
    return RedirectResponse("/login", status_code=303)


# -- code lists ------------------------------------------------------------------------


@router.get("/common/hyfl")
def industry_nodes(pid: str = "") -> JSONResponse:
    """Children of one 行业 tree node ('' = the 门类), loaded when a node is expanded."""
    return JSONResponse({"code": 0, "data": industry.children(pid)})


# -- the form --------------------------------------------------------------------------


def _render_form(request: Request, portal: Portal, values: dict[str, Any], errors: dict[str, str]) -> Response:
    leaf = industry.LEAVES.get(str(values.get("aab022", "")))
    region = regions.districts().get(str(values.get("aab301", "")))
    raw = values.get(fields.INSURANCE, [])
    ctx = {
        "sections": fields.SECTIONS,
        "insurances": codes.AAE140,
        "date_name": fields.date_name,
        "ticked": raw if isinstance(raw, list) else [raw],
        "values": values,
        "errors": errors,
        "summary": [f"{fields.SECTION_OF.get(name, '参保险种')}：{msg}" for name, msg in errors.items()],
        "industry_text": "/".join(leaf.path) if leaf else "",
        "region_text": "/".join(region) if region else "",
        "regions_json": json.dumps(regions.as_tree(), ensure_ascii=False),
    }
    return portal.render(request, "form.html", ctx, status_code=422 if errors else 200)


@router.get(FORM)
def form_page(request: Request, portal: PortalDep, account: AccountDep) -> Response:
    return _render_form(request, portal, {}, {})


def _next_unit_no(portal: Portal, region: str) -> str:
    """单位社保编号: the district code + an 8-digit sequence of that district."""
    with portal.store.connect() as conn:
        conn.execute(
            "INSERT INTO counters(name, value) VALUES (?, 1) ON CONFLICT(name) DO UPDATE SET value = value + 1",
            (f"dwbh:{region}",),
        )
        seq = conn.execute("SELECT value FROM counters WHERE name = ?", (f"dwbh:{region}",)).fetchone()[0]
    return f"{region}{int(seq):08d}"


@router.post("/dwcb/save")
async def save(request: Request, portal: PortalDep, account: AccountDep) -> Response:
    payload = await form_payload(request)
    code = str(payload.get("aab998", "")).strip().upper()
    company = portal.company(code) if uscc.is_valid(code) else None
    errors = rules.check(payload, account, company)
    if errors or company is None:
        return _render_form(request, portal, payload, errors)
    earlier = [s for s in portal.store.list_submissions(query=company.uscc) if s.uscc == company.uscc]
    if earlier:  # one 参保登记 per unit: a blind resubmit is refused, not filed twice
        message = f"该单位已办理社会保险登记（单位社保编号：{earlier[0].receipt_no}），不能重复登记"
        return _render_form(request, portal, payload, {"aab998": message})
    unit_no = _next_unit_no(portal, str(payload["aab301"]))
    portal.submit(
        request,
        account=account,
        payload=payload,
        receipt_no=unit_no,
        uscc=company.uscc,
        name=company.name,
        status="已登记",
        outputs={"social_insurance_no": unit_no},
    )
    return RedirectResponse(f"/dwcb/result/{unit_no}", status_code=303)


@router.get("/dwcb/result/{unit_no}")
def result(request: Request, portal: PortalDep, account: AccountDep, unit_no: str) -> Response:
    found = portal.store.find_submission(unit_no)
    if found is None or found.account != account:
        raise HTTPException(status_code=404, detail="未找到该登记信息")
    ticked = found.payload.get(fields.INSURANCE, [])
    names = [codes.AAE140.get(c, c) for c in (ticked if isinstance(ticked, list) else [ticked])]
    return portal.render(request, "receipt.html", {"s": found, "insurances": names})


@router.get("/wdbj")
def mine(request: Request, portal: PortalDep, account: AccountDep, q: str = "") -> Response:
    return portal.render(request, "mine.html", {"rows": portal.my_submissions(request, q.strip()), "q": q})
