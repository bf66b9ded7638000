"""The applicant's pages: the single form, drafts, the preview, and the page that follows the run.

``/apply/<bundle>``          a blank form; its first save creates a draft
``/d/<token>``               the draft (or, once confirmed, the application's progress and SMS box)
``/d/<token>/preview``       per portal, the values it will receive (ID and mobile masked)
``/apply/<bundle>/derive``   what the typed values give so far (derived values, defaults, problems)
``/regions``                 the region cascader's choices
``/status``                  申请编号 + mobile (POST) → ``/status/mine``, the same progress page, by cookie

Nothing personal is ever in a URL: values travel in POST bodies, the draft in a random token.
"""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response
from markupsafe import Markup
from starlette.datastructures import FormData, UploadFile

from bot.errors import ApplicationInvalid, BotError, FieldError, UploadRefused
from bot.evidence.documents import write_documents
from bot.evidence.qr import qr_svg
from bot.evidence.report import COMMON_LABELS, RECEIPT_PDF
from bot.form.application import partial
from bot.form.preview import preview
from bot.localtime import clock
from bot.mapping.bundle import Bundle
from bot.run.ledger import Ledger
from bot.run.progress import view
from bot.run.start import store_application, validated
from bot.run.states import SETTLED, State
from bot.web import pages, regions, tracking
from bot.web.documents import keep as keep_documents
from bot.web.drafts import DraftRow, Drafts
from bot.web.formview import (
    FormView,
    bundle_named,
    error_key,
    errors_by_key,
    form_view,
    key_of,
    known_values,
    raw_from_form,
)
from bot.web.plain import WAITING_LABEL
from bot.web.previewview import THUMBNAILS, split
from bot.web.quotas import Quotas
from bot.web.uploads import store

router = APIRouter()
DRAFT_COOKIE = "yjb_draft"  # this browser's draft, offered again on the blank form
DRAFT_DAYS = 30


def _bundle(name: str) -> Bundle:
    if not name.replace("-", "").isalnum():
        raise HTTPException(404)
    try:
        return bundle_named(name)
    except BotError:
        raise HTTPException(404, "没有这件事") from None


def _drafts(request: Request) -> Drafts:
    drafts: Drafts = request.app.state.drafts
    return drafts


def _draft(request: Request, token: str) -> DraftRow:
    draft = _drafts(request).get(token)
    if draft is None:
        raise HTTPException(404, "链接无效或已失效")
    return draft


# --- the form --------------------------------------------------------------------------------------


@router.get("/apply/{bundle_name}")
def blank_form(request: Request, bundle_name: str) -> Response:
    bundle = _bundle(bundle_name)
    earlier = _drafts(request).get(request.cookies.get(DRAFT_COOKIE) or "")
    if earlier is None or earlier.application_id is not None or earlier.bundle != bundle.name or not earlier.raw:
        earlier = None
    return _form_page(request, bundle, raw={}, token=None, earlier=earlier)


def _address(request: Request) -> str:
    return request.client.host if request.client else ""


def _quotas(request: Request) -> Quotas:
    quotas: Quotas = request.app.state.quotas
    return quotas


@router.post("/apply/{bundle_name}")
async def first_save(request: Request, bundle_name: str) -> Response:
    bundle = _bundle(bundle_name)
    refusal = _quotas(request).draft_refusal(_address(request))
    if refusal is not None:  # nothing is stored: no draft, no upload
        return pages.render(request, "error.html", status_code=429, heading="暂时不能新建草稿", message=refusal)
    token, draft = _drafts(request).create(bundle.name)
    _quotas(request).took_draft(_address(request))
    return await _save(request, bundle, draft, token)


@router.get("/d/{token}")
def draft_page(request: Request, token: str) -> Response:
    draft = _draft(request, token)
    bundle = _bundle(draft.bundle)
    if draft.application_id is not None:
        return _progress_page(request, bundle, draft, f"/d/{token}")
    return _form_page(request, bundle, raw=draft.raw, token=token)


@router.post("/d/{token}")
async def save(request: Request, token: str) -> Response:
    draft = _draft(request, token)
    if draft.application_id is not None:
        return RedirectResponse(f"/d/{token}", status_code=303)
    return await _save(request, _bundle(draft.bundle), draft, token)


async def _save(request: Request, bundle: Bundle, draft: DraftRow, token: str) -> Response:
    response = await _saved(request, bundle, draft, token)
    # This browser remembers its draft: reopening the blank form offers it (the token in an HttpOnly cookie,
    # never in a URL of its own making).
    response.set_cookie(
        DRAFT_COOKIE,
        token,
        max_age=DRAFT_DAYS * 24 * 3600,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path="/apply",
    )
    return response


async def _saved(request: Request, bundle: Bundle, draft: DraftRow, token: str) -> Response:
    form = await request.form()
    view = form_view(bundle)
    upload_errors, kept = await _uploads(view, form, draft, _address(request), _quotas(request))
    # 证照智能录入's files, kept for the clerk's review
    await keep_documents(form, Path(draft.upload_dir), bundle.form, _address(request), _quotas(request))
    raw = raw_from_form(view, form, kept)
    _drafts(request).save(draft.id, raw)
    if form.get("action") != "preview" and not upload_errors:
        return RedirectResponse(f"/d/{token}?saved=1", status_code=303)
    errors: list[FieldError] = list(upload_errors)
    if form.get("action") == "preview":
        try:
            validated(bundle, raw, Path(draft.upload_dir))
        except ApplicationInvalid as exc:
            errors += [e for e in exc.errors if e.path not in {u.path for u in upload_errors}]
    if not errors:
        return RedirectResponse(f"/d/{token}/preview", status_code=303)
    return _form_page(request, bundle, raw=raw, token=token, errors=errors, status_code=422)


async def _uploads(
    view: FormView, form: FormData, draft: DraftRow, address: str, quotas: Quotas
) -> tuple[list[FieldError], dict[str, Any]]:
    """Store each file chosen on the page, within the address's quotas; keep earlier uploads; refused ones are
    errors beside their field."""
    kept: dict[str, Any] = {k: (dict(v) if isinstance(v, dict) else v) for k, v in (draft.raw or {}).items()}
    errors: list[FieldError] = []
    for field in view.file_fields:
        key = key_of(field.spec.section, field.spec.id)
        upload = form.get(key)
        if not isinstance(upload, UploadFile) or not upload.filename:
            continue
        try:
            size = upload.size or 0
            refusal = quotas.upload_refusal(address, size)
            if refusal is not None:
                raise UploadRefused(refusal)
            stored = await store(field.spec, key, upload, Path(draft.upload_dir))
            quotas.took_upload(address, size)
        except UploadRefused as exc:
            label = view.bundle.form.label(field.spec.path)
            errors.append(FieldError(field.spec.path, label, str(exc)))
            kept.get(field.spec.section, {}).pop(field.spec.id, None)
            continue
        kept.setdefault(field.spec.section, {})[field.spec.id] = stored.name
    return errors, kept


def _form_page(
    request: Request,
    bundle: Bundle,
    *,
    raw: dict[str, Any],
    token: str | None,
    errors: list[FieldError] | None = None,
    status_code: int = 200,
    earlier: DraftRow | None = None,
) -> Response:
    view = form_view(bundle)
    resume = f"{request.base_url}d/{token}" if token else ""
    values, _ = _partial(bundle, raw, None)
    by_key = errors_by_key(errors or [])
    return pages.render(
        request,
        "form.html",
        status_code=status_code,
        bundle=bundle,
        view=view,
        raw=raw,
        token=token,
        action=f"/d/{token}" if token else f"/apply/{bundle.name}",
        errors=by_key,
        error_count=len(errors or []),
        errors_here=lambda prefix: [k.removeprefix(prefix + ".") for k in by_key if k.startswith(prefix + ".")],
        error_list=[{"key": error_key(e), "label": e.label, "message": e.message} for e in errors or []],
        known=known_values(view, values),
        provinces=regions.provinces(),
        regions=regions,
        saved=request.query_params.get("saved") == "1",
        resume=resume,
        resume_qr=Markup(qr_svg(resume)) if resume else "",
        earlier=_earlier(request, earlier),
    )


def _earlier(request: Request, earlier: DraftRow | None) -> dict[str, str] | None:
    """The draft this browser saved before, to offer on the blank form."""
    if earlier is None:
        return None
    return {"link": f"/d/{request.cookies.get(DRAFT_COOKIE)}", "at": clock(earlier.updated_at)}


def _partial(bundle: Bundle, raw: dict[str, Any], base_dir: Path | None) -> tuple[dict[str, Any], list[FieldError]]:
    used = set(form_view(bundle).used)
    try:
        return partial(bundle.form, raw, base_dir=base_dir, used=used)
    except BotError:  # a derivation that cannot be computed from half-typed values: nothing known yet
        return {}, []


@router.post("/apply/{bundle_name}/derive")
async def derive(request: Request, bundle_name: str) -> JSONResponse:
    """What the values typed so far give: derived values, defaults, derived tables, and the problems
    of the fields already filled in (an empty field is not a problem while the applicant types)."""
    bundle = _bundle(bundle_name)
    view = form_view(bundle)
    form = await request.form()
    raw = raw_from_form(view, form, {})
    values, errors = _partial(bundle, raw, None)
    known = known_values(view, values)
    typed = {key for key, value in form.multi_items() if isinstance(value, str) and value.strip()}
    problems = {
        key: messages
        for key, messages in errors_by_key(errors).items()
        if key in typed and form_view(bundle).field(_path(key)) is not None
    }
    return JSONResponse({"values": known.values, "tables": known.tables, "errors": problems})


def _path(key: str) -> str:
    parts = key.split(".")
    return f"{parts[0]}.{parts[-1]}"


@router.get("/regions")
def region_choices(province: str = "", city: str = "") -> JSONResponse:
    """The cascader's next level: the cities of a province (``?province=35``), the districts of a city."""
    found = regions.districts(city) if city else regions.cities(province) if province else regions.provinces()
    return JSONResponse([{"key": c.key, "name": c.name} for c in found])


# --- preview and confirmation ----------------------------------------------------------------------


@router.get("/d/{token}/preview")
def preview_page(request: Request, token: str) -> Response:
    draft = _draft(request, token)
    if draft.application_id is not None:
        return RedirectResponse(f"/d/{token}", status_code=303)
    bundle = _bundle(draft.bundle)
    try:
        application = validated(bundle, draft.raw, Path(draft.upload_dir))
    except ApplicationInvalid:
        return RedirectResponse(f"/d/{token}", status_code=303)
    portals = [
        {"title": bundle.mappings[item].title, "portal": bundle.mappings[item].portal, "values": values}
        for item, values in preview(bundle, application).items()
    ]
    common, own = split(portals, Path(draft.upload_dir))
    return pages.render(
        request,
        "preview.html",
        bundle=bundle,
        token=token,
        common=common,
        portals=own,
        title=str(application.values["company"].get("name") or ""),
    )


@router.get("/d/{token}/scans/{name}")
def scan_thumbnail(request: Request, token: str, name: str) -> Response:
    """A picture the applicant uploaded, for the preview's thumbnail (only pictures, only of this draft)."""
    draft = _draft(request, token)
    folder = Path(draft.upload_dir).resolve()
    target = (folder / name).resolve()
    media = THUMBNAILS.get(target.suffix.lower())
    if media is None or target.parent != folder or not target.is_file():
        raise HTTPException(404, "没有这个文件")
    return FileResponse(target, media_type=media, headers={"Cache-Control": "no-store"})


@router.post("/d/{token}/confirm")
def confirm(request: Request, token: str) -> Response:
    draft = _draft(request, token)
    if draft.application_id is None:
        bundle = _bundle(draft.bundle)
        ledger: Ledger = request.app.state.ledger
        try:
            application_id = store_application(ledger, bundle, draft.raw, base_dir=Path(draft.upload_dir), source="web")
        except ApplicationInvalid:
            return RedirectResponse(f"/d/{token}", status_code=303)
        _drafts(request).confirm(draft.id, application_id)
        return RedirectResponse(f"/d/{token}?confirmed=1", status_code=303)
    return RedirectResponse(f"/d/{token}", status_code=303)


# --- after confirmation: the number, progress, the applicant's hand-offs, the receipt sheet -------------
#
# The same page under two addresses: ``/d/<token>`` (the draft's private link) and ``/status/mine`` (found
# by 申请编号 and mobile, bot/web/tracking.py). ``base`` is where its JSON, answers and receipt live.


def _status(request: Request, draft: DraftRow, bundle: Bundle) -> dict[str, Any]:
    ledger: Ledger = request.app.state.ledger
    assert draft.application_id is not None and draft.confirmed_at is not None
    runs = _drafts(request).runs_of(draft.application_id)
    number = tracking.number(draft.application_id, draft.confirmed_at)
    if not runs:
        return {"state": "ready", "number": number, "filings": [], "questions": [], "settled": False}
    current = view(ledger, runs[0].id, bundle)
    questions = [
        {"id": q.id, "question": _to_applicant(q.question), "item": _item_title(bundle, current, q.filing_id)}
        for q in ledger.questions(runs[0].id)
        if q.who == "applicant"
    ]
    waiting = {q.filing_id for q in ledger.questions(runs[0].id)}
    manager = request.app.state.runs
    finished = current.settled and not manager.busy(runs[0].id)
    outputs = {f.item: _named(bundle, f.item, f.outputs) for f in current.filings if f.state == State.DONE}
    return {
        "state": "running",
        "number": number,
        "filings": [
            {
                "item": f.item,
                "title": f.title,
                "label": WAITING_LABEL if f.id in waiting and f.state == State.RUNNING else f.label,
                "state": "waiting" if f.id in waiting and f.state == State.RUNNING else f.state.value,
                "done": f.state in SETTLED,
                "outputs": outputs.get(f.item, []),
            }
            for f in current.filings
        ],
        "questions": questions,
        "settled": current.settled,
        "uscc": next((f.outputs["uscc"] for f in current.filings if f.outputs.get("uscc")), None),
        "receipt": finished,
        "all_done": finished and all(f.state == State.DONE for f in current.filings),
    }


def _to_applicant(question: str) -> str:
    """The question as the applicant reads it: the questions are written for the clerk (请向法定代表人索取…)."""
    phone = re.search(r"已发送至 ([0-9*]{11})", question)
    if phone:
        return f"短信验证码已发送至手机 {phone[1]}，请查看短信，在下方输入验证码。"
    return "请查看手机短信，在下方输入收到的验证码。"


def _named(bundle: Bundle, item: str, outputs: dict[str, str]) -> list[dict[str, str]]:
    """What a filing brought back, by its Chinese names (受理编号 …); files are in the receipt sheet."""
    names = {**COMMON_LABELS, **bundle.mappings[item].outputs} if item in bundle.mappings else COMMON_LABELS
    return [
        {"name": names.get(name, name), "value": value}
        for name, value in outputs.items()
        if not Path(value).is_absolute() and name != "uscc"
    ]


def _item_title(bundle: Bundle, current: Any, filing_id: int) -> str:
    return next((f.title for f in current.filings if f.id == filing_id), "")


def _progress_page(request: Request, bundle: Bundle, draft: DraftRow, base: str) -> Response:
    ledger: Ledger = request.app.state.ledger
    assert draft.application_id is not None
    return pages.render(
        request,
        "status.html",
        bundle=bundle,
        base=base,
        page=base if base.startswith("/d/") else "/status/mine",
        title=ledger.application(draft.application_id).title,
        status=_status(request, draft, bundle),
        answered=request.query_params.get("answered") == "1",
        confirmed=request.query_params.get("confirmed") == "1",
    )


def _confirmed(request: Request, token: str) -> DraftRow:
    draft = _draft(request, token)
    if draft.application_id is None:
        raise HTTPException(404)
    return draft


@router.get("/d/{token}/status")
def status_json(request: Request, token: str) -> JSONResponse:
    draft = _draft(request, token)
    if draft.application_id is None:
        return JSONResponse({"state": "draft"})
    return JSONResponse(_status(request, draft, _bundle(draft.bundle)))


@router.post("/d/{token}/questions/{question_id}")
async def answer(request: Request, token: str, question_id: int) -> Response:
    return await _answer(request, _confirmed(request, token), question_id, f"/d/{token}")


@router.get("/d/{token}/receipt.pdf")
async def draft_receipt(request: Request, token: str) -> Response:
    return await _receipt(request, _confirmed(request, token))


async def _answer(request: Request, draft: DraftRow, question_id: int, page: str) -> Response:
    """The applicant passes on a code their phone received; only a question of their own run, open, for them."""
    status = _status(request, draft, _bundle(draft.bundle))
    if question_id not in {q["id"] for q in status["questions"]}:
        return RedirectResponse(page, status_code=303)
    form = await request.form()
    code = str(form.get("answer") or "").strip()
    if not code:
        return RedirectResponse(page, status_code=303)
    ledger: Ledger = request.app.state.ledger
    ledger.answer(question_id, code)
    return RedirectResponse(f"{page}?answered=1", status_code=303)


async def _receipt(request: Request, draft: DraftRow) -> Response:
    """The receipt sheet (回执单) as a PDF, once the run has ended (printed now if it has not been yet)."""
    status = _status(request, draft, _bundle(draft.bundle))
    if not status.get("receipt"):
        raise HTTPException(404, "办理结束后才能下载回执单")
    assert draft.application_id is not None
    run = _drafts(request).runs_of(draft.application_id)[0]
    pdf = Path(run.evidence_dir) / RECEIPT_PDF
    if not pdf.is_file():
        _, problem = await asyncio.to_thread(write_documents, request.app.state.ledger, run.id)
        if problem or not pdf.is_file():
            raise HTTPException(503, "回执单暂时无法生成，请稍后再试或到窗口领取")
    return FileResponse(
        pdf,
        media_type="application/pdf",
        filename=f"回执单-{status['number']}.pdf",
        headers={"Cache-Control": "no-store"},
    )


# --- the status page found by 申请编号 and mobile ------------------------------------------------------


def _tracker(request: Request) -> tracking.Tracker:
    tracker: tracking.Tracker = request.app.state.tracker
    return tracker


def _tracked(request: Request) -> DraftRow | None:
    draft_id = _tracker(request).draft_of(request.cookies.get(tracking.TRACK_COOKIE))
    return _drafts(request).by_id(draft_id) if draft_id is not None else None


@router.get("/status")
def lookup_page(request: Request) -> Response:
    return pages.render(request, "lookup.html", problem=None, number="", tracked=_tracked(request) is not None)


@router.post("/status")
async def lookup(request: Request) -> Response:
    """申请编号 + a mobile number of the application → the status page (by cookie); wrong pairs are counted."""
    form = await request.form()
    typed = str(form.get("number") or "").strip()
    mobile = re.sub(r"\D", "", str(form.get("mobile") or ""))
    address = _address(request)
    tracker = _tracker(request)
    wait = tracker.wait_s(address)
    if wait:
        minutes = (wait + 59) // 60
        problem = f"查询失败次数过多，请 {minutes} 分钟后再试，或带身份证件到窗口查询。"
        return pages.render(request, "lookup.html", status_code=429, problem=problem, number=typed, tracked=False)
    draft = _find(request, typed, mobile)
    if draft is None:
        tracker.failed(address)
        problem = "申请编号或手机号码不正确。请核对后重试（手机号码为申请表中法定代表人或联络员的手机号码）。"
        return pages.render(request, "lookup.html", status_code=404, problem=problem, number=typed, tracked=False)
    response = RedirectResponse("/status/mine", status_code=303)
    response.set_cookie(
        tracking.TRACK_COOKIE,
        tracker.issue(draft.id),
        max_age=tracking.TRACK_HOURS * 3600,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path=tracking.TRACK_PATH,
    )
    return response


def _find(request: Request, typed: str, mobile: str) -> DraftRow | None:
    parsed = tracking.parse(typed)
    if parsed is None or not mobile:
        return None
    day, application_id = parsed
    draft = _drafts(request).by_application(application_id)
    if draft is None or draft.confirmed_at is None or not tracking.same_day(day, application_id, draft.confirmed_at):
        return None
    ledger: Ledger = request.app.state.ledger
    if mobile not in tracking.mobiles(ledger.application(application_id).raw):
        return None
    return draft


def _mine(request: Request) -> DraftRow:
    draft = _tracked(request)
    if draft is None or draft.application_id is None:
        raise HTTPException(404, "请先用申请编号和手机号码查询")
    return draft


@router.get("/status/mine")
def tracked_page(request: Request) -> Response:
    draft = _tracked(request)
    if draft is None or draft.application_id is None:
        return RedirectResponse("/status", status_code=303)
    return _progress_page(request, _bundle(draft.bundle), draft, "/status/mine")


@router.get("/status/mine/status")
def tracked_json(request: Request) -> JSONResponse:
    draft = _mine(request)
    return JSONResponse(_status(request, draft, _bundle(draft.bundle)))


@router.post("/status/mine/questions/{question_id}")
async def tracked_answer(request: Request, question_id: int) -> Response:
    return await _answer(request, _mine(request), question_id, "/status/mine")


@router.get("/status/mine/receipt.pdf")
async def tracked_receipt(request: Request) -> Response:
    return await _receipt(request, _mine(request))
