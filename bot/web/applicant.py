"""The applicant's pages: the single form, drafts, the preview, and the page that follows the run.

``/apply/<bundle>``          a blank form; its first save creates a draft
``/d/<token>``               the draft (or, once confirmed, the application's progress and SMS box)
``/d/<token>/preview``       per portal, the values it will receive (ID and mobile masked)
``/apply/<bundle>/derive``   what the typed values give so far (derived values, defaults, problems)
``/regions``                 the region cascader's choices

Nothing personal is ever in a URL: values travel in POST bodies, the draft in a random token.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.datastructures import FormData, UploadFile

from bot.errors import ApplicationInvalid, BotError, FieldError, UploadRefused
from bot.evidence.fieldvalues import display
from bot.form.application import partial
from bot.form.preview import preview
from bot.mapping.bundle import Bundle
from bot.privacy.masking import mask
from bot.run.ledger import Ledger
from bot.run.progress import view
from bot.run.start import store_application, validated
from bot.run.states import SETTLED
from bot.web import pages, regions
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
from bot.web.uploads import store

router = APIRouter()


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
    return _form_page(request, bundle, raw={}, token=None)


@router.post("/apply/{bundle_name}")
async def first_save(request: Request, bundle_name: str) -> Response:
    bundle = _bundle(bundle_name)
    token, draft = _drafts(request).create(bundle.name)
    return await _save(request, bundle, draft, token)


@router.get("/d/{token}")
def draft_page(request: Request, token: str) -> Response:
    draft = _draft(request, token)
    bundle = _bundle(draft.bundle)
    if draft.application_id is not None:
        return _progress_page(request, bundle, draft, token)
    return _form_page(request, bundle, raw=draft.raw, token=token)


@router.post("/d/{token}")
async def save(request: Request, token: str) -> Response:
    draft = _draft(request, token)
    if draft.application_id is not None:
        return RedirectResponse(f"/d/{token}", status_code=303)
    return await _save(request, _bundle(draft.bundle), draft, token)


async def _save(request: Request, bundle: Bundle, draft: DraftRow, token: str) -> Response:
    form = await request.form()
    view = form_view(bundle)
    upload_errors, kept = await _uploads(view, form, draft)
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


async def _uploads(view: FormView, form: FormData, draft: DraftRow) -> tuple[list[FieldError], dict[str, Any]]:
    """Store each file chosen on the page; keep earlier uploads; refused ones are errors beside their field."""
    kept: dict[str, Any] = {k: (dict(v) if isinstance(v, dict) else v) for k, v in (draft.raw or {}).items()}
    errors: list[FieldError] = []
    for field in view.file_fields:
        key = key_of(field.spec.section, field.spec.id)
        upload = form.get(key)
        if not isinstance(upload, UploadFile) or not upload.filename:
            continue
        try:
            stored = await store(field.spec, key, upload, Path(draft.upload_dir))
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
) -> Response:
    view = form_view(bundle)
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
    )


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
        {"title": bundle.mappings[item].title, "portal": bundle.mappings[item].portal, "values": mask(values)}
        for item, values in preview(bundle, application).items()
    ]
    return pages.render(
        request,
        "preview.html",
        bundle=bundle,
        token=token,
        portals=portals,
        title=str(application.values["company"].get("name") or ""),
        display=display,
    )


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
    return RedirectResponse(f"/d/{token}", status_code=303)


# --- after confirmation: progress and the applicant's hand-offs (SMS codes) ------------------------


def _status(request: Request, draft: DraftRow, bundle: Bundle) -> dict[str, Any]:
    ledger: Ledger = request.app.state.ledger
    assert draft.application_id is not None
    runs = _drafts(request).runs_of(draft.application_id)
    if not runs:
        return {"state": "ready", "filings": [], "questions": [], "settled": False}
    current = view(ledger, runs[0].id, bundle)
    questions = [
        {"id": q.id, "question": q.question, "item": _item_title(bundle, current, q.filing_id)}
        for q in ledger.questions(runs[0].id)
        if q.who == "applicant"
    ]
    return {
        "state": "running",
        "filings": [
            {"item": f.item, "title": f.title, "label": f.label, "state": f.state.value, "done": f.state in SETTLED}
            for f in current.filings
        ],
        "questions": questions,
        "settled": current.settled,
    }


def _item_title(bundle: Bundle, current: Any, filing_id: int) -> str:
    return next((f.title for f in current.filings if f.id == filing_id), "")


def _progress_page(request: Request, bundle: Bundle, draft: DraftRow, token: str) -> Response:
    ledger: Ledger = request.app.state.ledger
    assert draft.application_id is not None
    return pages.render(
        request,
        "status.html",
        bundle=bundle,
        token=token,
        title=ledger.application(draft.application_id).title,
        status=_status(request, draft, bundle),
        answered=request.query_params.get("answered") == "1",
    )


@router.get("/d/{token}/status")
def status_json(request: Request, token: str) -> JSONResponse:
    draft = _draft(request, token)
    if draft.application_id is None:
        return JSONResponse({"state": "draft"})
    return JSONResponse(_status(request, draft, _bundle(draft.bundle)))


@router.post("/d/{token}/questions/{question_id}")
async def answer(request: Request, token: str, question_id: int) -> Response:
    """The applicant passes on a code their phone received; only a question of their own run, open, for them."""
    draft = _draft(request, token)
    if draft.application_id is None:
        raise HTTPException(404)
    status = _status(request, draft, _bundle(draft.bundle))
    if question_id not in {q["id"] for q in status["questions"]}:
        return RedirectResponse(f"/d/{token}", status_code=303)
    form = await request.form()
    code = str(form.get("answer") or "").strip()
    if not code:
        return RedirectResponse(f"/d/{token}", status_code=303)
    ledger: Ledger = request.app.state.ledger
    ledger.answer(question_id, code)
    return RedirectResponse(f"/d/{token}?answered=1", status_code=303)
