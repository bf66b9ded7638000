"""Routes of 电子税务局: login, the 新办纳税人套餐 wizard, the receipt and 我的办件.

The wizard keeps each step's posted fields in the server-side session (``WIZARD``) until
the final 确认提交; the stored submission is the union of the steps' posts, every field
under its own input name, exactly as the browser sent it.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from demo.core import AccountDep, Company, Portal, PortalDep, form_payload, session_of, uscc
from demo.tax import fields, rules

router = APIRouter()
WIZARD = "tax_wizard"
ENTRY = "/xbnsr"


def _company(portal: Portal, account: str) -> Company:
    company = portal.company(account)
    if company is None:  # the registry was reset under a logged-in session
        raise HTTPException(status_code=403, detail="该纳税人未在登记机关登记，无法办理")
    return company


def _wizard(request: Request) -> dict[str, dict[str, Any]]:
    data = session_of(request).get(WIZARD)
    return dict(data) if isinstance(data, dict) else {}


def _first_open_step(done: dict[str, dict[str, Any]]) -> str:
    return next((s.key for s in fields.STEPS if s.key not in done), fields.CONFIRM.key)


def _defaults(step_key: str, company: Company) -> dict[str, Any]:
    if step_key == "djxx":
        return {"nsrmc": company.name, "scjydz": company.address}
    return {}


# -- login ---------------------------------------------------------------------------


@router.get("/")
def home() -> RedirectResponse:
    return RedirectResponse(ENTRY, status_code=303)


@router.get("/login")
def login_page(request: Request, portal: PortalDep, expired: int = 0) -> Response:
    notice = "登录已超时，请重新登录。" if expired else ""
    return portal.render(request, "login.html", {"notice": notice, "errors": {}, "values": {}})


@router.post("/login")
def do_login(
    request: Request,
    portal: PortalDep,
    nsrsbh: Annotated[str, Form()] = "",
    bsrsfzh: Annotated[str, Form()] = "",
    mm: Annotated[str, Form()] = "",
) -> Response:
    code, id_number = nsrsbh.strip().upper(), bsrsfzh.strip().upper()
    errors: dict[str, str] = {}
    if not code:
        errors["nsrsbh"] = "请输入统一社会信用代码"
    elif not uscc.is_valid(code):
        errors["nsrsbh"] = "统一社会信用代码格式不正确"
    elif portal.company(code) is None:
        errors["nsrsbh"] = "该统一社会信用代码未在登记机关登记，请先办理设立登记"
    if not id_number:
        errors["bsrsfzh"] = "请输入办税人身份证号"
    if not mm:
        errors["mm"] = "请输入密码"
    if not errors:
        profile = portal.store.account_profile(code) or {}
        if portal.store.check_password(code, mm) and str(profile.get("id_number", "")).upper() == id_number:
            session_of(request).login(code)
            return RedirectResponse(ENTRY, status_code=303)
        errors["form"] = "统一社会信用代码、办税人身份证号或密码错误"
    values = {"nsrsbh": nsrsbh, "bsrsfzh": bsrsfzh}
    return portal.render(request, "login.html", {"notice": "", "errors": errors, "values": values})


@router.get("/logout")
def logout(request: Request) -> RedirectResponse:
    session_of(request).logout()
    return RedirectResponse("/login", status_code=303)


# -- wizard --------------------------------------------------------------------------


@router.get(ENTRY)
def wizard_entry(request: Request, account: AccountDep) -> RedirectResponse:
    return RedirectResponse(f"{ENTRY}/{_first_open_step(_wizard(request))}", status_code=303)


def _render_step(
    request: Request,
    portal: Portal,
    company: Company,
    step: fields.Step,
    values: dict[str, Any],
    errors: dict[str, str],
) -> Response:
    ctx = {
        "steps": fields.ALL_STEPS,
        "step": step,
        "index": fields.step_index(step.key),
        "values": values,
        "errors": errors,
        "company": company,
        "done": _wizard(request),
        "all_steps": fields.STEPS,
    }
    return portal.render(request, "wizard.html", ctx, status_code=422 if errors else 200)


@router.get(ENTRY + "/{key}")
def show_step(request: Request, portal: PortalDep, account: AccountDep, key: str) -> Response:
    step = fields.step(key)
    if step is None:
        raise HTTPException(status_code=404, detail="页面不存在")
    done = _wizard(request)
    first_open = _first_open_step(done)
    if fields.step_index(key) > fields.step_index(first_open):
        return RedirectResponse(f"{ENTRY}/{first_open}", status_code=303)
    company = _company(portal, account)
    values = done.get(key) or _defaults(key, company)
    return _render_step(request, portal, company, step, values, {})


@router.post(ENTRY + "/submit")
def submit(request: Request, portal: PortalDep, account: AccountDep) -> Response:
    done = _wizard(request)
    if _first_open_step(done) != fields.CONFIRM.key:
        return RedirectResponse(ENTRY, status_code=303)
    company = _company(portal, account)
    payload: dict[str, Any] = {}
    for step in fields.STEPS:
        payload.update(done[step.key])
    receipt_no = portal.store.next_receipt_no("WS" + company.uscc[2:8])
    portal.submit(
        request,
        account=account,
        payload=payload,
        receipt_no=receipt_no,
        uscc=company.uscc,
        name=company.name,
        outputs={"document_no": receipt_no},
    )
    session_of(request).pop(WIZARD)
    return RedirectResponse(f"/wsxx/{receipt_no}", status_code=303)


@router.post(ENTRY + "/{key}")
async def save_step(request: Request, portal: PortalDep, account: AccountDep, key: str) -> Response:
    step = fields.step(key)
    if step is None or step is fields.CONFIRM:
        raise HTTPException(status_code=404, detail="页面不存在")
    done = _wizard(request)
    if fields.step_index(key) > fields.step_index(_first_open_step(done)):
        return RedirectResponse(f"{ENTRY}/{_first_open_step(done)}", status_code=303)
    company = _company(portal, account)
    posted = await form_payload(request)
    errors = rules.check_step(step, posted, company.name)
    if errors:
        return _render_step(request, portal, company, step, posted, errors)
    done[key] = posted
    session_of(request).set(WIZARD, done)
    following = fields.ALL_STEPS[fields.step_index(key) + 1]
    return RedirectResponse(f"{ENTRY}/{following.key}", status_code=303)


# -- receipt and 我的办件 ----------------------------------------------------------------


@router.get("/wsxx/{receipt_no}")
def receipt(request: Request, portal: PortalDep, account: AccountDep, receipt_no: str) -> Response:
    found = portal.store.find_submission(receipt_no)
    if found is None or found.account != account:
        raise HTTPException(status_code=404, detail="未找到该文书")
    return portal.render(request, "receipt.html", {"s": found})


@router.get("/wdbj")
def mine(request: Request, portal: PortalDep, account: AccountDep, q: str = "") -> Response:
    return portal.render(request, "mine.html", {"rows": portal.my_submissions(request, q.strip()), "q": q})
