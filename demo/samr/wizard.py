"""The six-step 设立登记 wizard: state kept in the server-side session between steps.

Each step posts to ``/apply/step/{n}`` (下一步: validated, then on to n+1) or to
``/apply/step/{n}/prev`` (上一步: kept unvalidated); a step beyond the furthest one
reached redirects back. 提交 on step 6 re-checks every step, stores the union of the six
posted forms as the submission's payload, and schedules the approval.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from demo.core import AccountDep, Portal, PortalDep, form_payload, session_of
from demo.samr import approval, codes, validate
from demo.samr.fields import Payload, investors, text, texts
from demo.samr.regions import DISTRICTS, tree_json
from demo.samr.scopes import SCOPES

router = APIRouter()
STEPS: tuple[str, ...] = ("名称", "基本信息", "股东（发起人）", "主要人员", "联络员与财务负责人", "确认")
DRAFT_KEY, REACHED_KEY = "samr_draft", "samr_reached"


def _draft(request: Request) -> validate.Draft:
    raw = session_of(request).get(DRAFT_KEY) or {}
    return {int(k): v for k, v in raw.items()}


def _save(request: Request, draft: validate.Draft, reached: int | None = None) -> None:
    session = session_of(request)
    session.set(DRAFT_KEY, {str(k): v for k, v in draft.items()})
    if reached is not None:
        session.set(REACHED_KEY, max(reached, _reached(request)))


def _reached(request: Request) -> int:
    return int(session_of(request).get(REACHED_KEY) or 1)


def _step_or_404(step: int) -> None:
    if not 1 <= step <= len(STEPS):
        raise HTTPException(status_code=404, detail="页面不存在")


def summary(draft: validate.Draft) -> dict[str, Any]:
    """What step 6 shows back, with labels instead of codes."""
    basic = draft.get(2, {})
    district = DISTRICTS.get(text(basic, "domAreaCode"))
    term = "长期" if text(basic, "opTermType") == codes.TERM_LONG else f"{text(basic, 'opTermYears')}年"
    return {
        "name": draft.get(1, {}),
        "basic": basic,
        "ent_type": codes.ENT_TYPES.get(text(basic, "entType"), ""),
        "address": (district.full_name if district else "") + text(basic, "domDetail"),
        "term": term,
        "scopes": texts(basic, "busScope"),
        "investors": investors(draft.get(3, {})),
        "people": draft.get(4, {}),
        "contacts": draft.get(5, {}),
    }


def render_step(
    request: Request, portal: Portal, step: int, values: Payload, errors: validate.Errors, draft: validate.Draft
) -> Response:
    ctx: dict[str, Any] = {
        "step": step,
        "steps": STEPS,
        "reached": _reached(request),
        "values": values,
        "v": lambda key: text(values, key),
        "chosen_scopes": texts(values, "busScope"),
        "errors": errors,
        "codes": codes,
        "regions": tree_json(),
        "scopes": SCOPES,
        "district": DISTRICTS.get(text(values, "domAreaCode")),
        "rows": investors(values),
        "summary": summary(draft),
    }
    return portal.render(request, f"step{step}.html", ctx)


@router.get("/apply")
def resume(request: Request, account: AccountDep) -> RedirectResponse:
    return RedirectResponse(f"/apply/step/{_reached(request)}", status_code=303)


@router.get("/apply/new")
def start_over(request: Request, account: AccountDep) -> RedirectResponse:
    session = session_of(request)
    session.pop(DRAFT_KEY)
    session.pop(REACHED_KEY)
    return RedirectResponse("/apply/step/1", status_code=303)


@router.get("/apply/step/{step}")
def show_step(request: Request, portal: PortalDep, account: AccountDep, step: int) -> Response:
    _step_or_404(step)
    if step > _reached(request):
        return RedirectResponse(f"/apply/step/{_reached(request)}", status_code=303)
    draft = _draft(request)
    return render_step(request, portal, step, draft.get(step, {}), {}, draft)


@router.post("/apply/step/{step}")
async def next_step(request: Request, portal: PortalDep, account: AccountDep, step: int) -> Response:
    _step_or_404(step)
    if step > _reached(request):
        return RedirectResponse(f"/apply/step/{_reached(request)}", status_code=303)
    payload = await form_payload(request)
    draft = _draft(request)
    draft[step] = payload
    errors = validate.check(step, payload, draft)
    if errors or step == len(STEPS):
        _save(request, draft)
        return render_step(request, portal, step, payload, errors, draft)
    _save(request, draft, reached=step + 1)
    return RedirectResponse(f"/apply/step/{step + 1}", status_code=303)


@router.post("/apply/step/{step}/prev")
async def previous_step(request: Request, account: AccountDep, step: int) -> RedirectResponse:
    _step_or_404(step)
    draft = _draft(request)
    if step <= _reached(request):
        draft[step] = await form_payload(request)
        _save(request, draft)
    return RedirectResponse(f"/apply/step/{max(step - 1, 1)}", status_code=303)


@router.post("/apply/submit")
async def submit(request: Request, portal: PortalDep, account: AccountDep) -> Response:
    if _reached(request) < len(STEPS):
        return RedirectResponse(f"/apply/step/{_reached(request)}", status_code=303)
    draft = _draft(request)
    draft[len(STEPS)] = await form_payload(request)
    _save(request, draft)
    for step in range(1, len(STEPS) + 1):
        errors = validate.check(step, draft.get(step, {}), draft)
        if errors:
            if step < len(STEPS):
                errors = {"_step": f"“{STEPS[step - 1]}”中的信息有误，请修改后重新提交", **errors}
            return render_step(request, portal, step, draft.get(step, {}), errors, draft)
    payload: Payload = {}
    for step in range(1, len(STEPS) + 1):
        payload.update(draft[step])
    filing = portal.submit(
        request,
        account=account,
        payload=payload,
        receipt_prefix="SL",
        name=text(payload, "entName"),
        status=approval.PENDING,
    )
    approval.schedule(portal, filing.id)
    session = session_of(request)
    session.pop(DRAFT_KEY)
    session.pop(REACHED_KEY)
    return RedirectResponse(f"/receipt/{filing.receipt_no}", status_code=303)
