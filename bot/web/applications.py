"""The clerk's view of the applications: one application's values and scans before 一键办理, and a search by
company, person's name or 申请编号. The search travels in a POST body: a person's name is never in a URL.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, Response

from bot.errors import ApplicationInvalid, BotError
from bot.form.preview import preview
from bot.mapping.bundle import load_bundle
from bot.paths import mappings_dir
from bot.run.ledger import Ledger
from bot.run.start import application_of
from bot.run.states import LABELS
from bot.web import pages, tracking
from bot.web.clerk import ClerkDep, audit
from bot.web.drafts import Drafts
from bot.web.listing import names, summary
from bot.web.previewview import THUMBNAILS, split

router = APIRouter(prefix="/clerk")
OUR_NAME = re.compile(r"[a-z_0-9]+(\.[a-z_0-9]+)*")


def _drafts(request: Request) -> Drafts:
    drafts: Drafts = request.app.state.drafts
    return drafts


def _ledger(request: Request) -> Ledger:
    ledger: Ledger = request.app.state.ledger
    return ledger


@router.post("/search")
async def search(request: Request, clerk: ClerkDep) -> Response:
    """Confirmed applications whose company, a person's name or the number contains what was typed."""
    form = await request.form()
    typed = str(form.get("q") or "").strip()
    found: list[dict[str, Any]] = []
    if typed:
        digits = "".join(ch for ch in typed if ch.isdigit())
        ledger = _ledger(request)
        for draft in _drafts(request).confirmed():
            assert draft.application_id is not None and draft.confirmed_at is not None
            row = ledger.application(draft.application_id)
            number = tracking.number(row.id, draft.confirmed_at)
            haystack = [row.title, *names(row.raw)]
            if any(typed in text for text in haystack) or (len(digits) >= 4 and digits in number.replace("-", "")):
                found.append(summary(request, draft))
            if len(found) >= 50:
                break
    # What was typed may be a person's name: the audit keeps only that a search was made, and how many it found.
    audit(request, clerk.name, "search", detail=f"找到 {len(found)} 份申请" if typed else "空白查找")
    return pages.render(request, "search.html", clerk=clerk, typed=typed, found=found)


@router.get("/applications/{application_id}")
def application_page(request: Request, application_id: int, clerk: ClerkDep) -> Response:
    """The application's values, as each portal will receive them, and its scans: what the clerk checks
    before pressing 一键办理."""
    draft = _drafts(request).by_application(application_id)
    if draft is None:
        raise HTTPException(404, "没有这份申请")
    row = _ledger(request).application(application_id)
    try:
        bundle = load_bundle(mappings_dir(), row.bundle)
        application = application_of(bundle, row)
    except (ApplicationInvalid, BotError):
        raise HTTPException(503, "这份申请按现行表单无法读取，请联系系统维护人员") from None
    portals = [
        {"title": bundle.mappings[item].title, "portal": bundle.mappings[item].portal, "values": values}
        for item, values in preview(bundle, application).items()
    ]
    common, own = split(portals, Path(row.base_dir))
    ready = application_id in {d.application_id for d in _drafts(request).ready()}
    audit(request, clerk.name, "view_application", application_id=application_id)
    return pages.render(
        request,
        "application.html",
        clerk=clerk,
        app=summary(request, draft),
        bundle=bundle,
        common=common,
        portals=own,
        ready=ready,
        scans=f"/clerk/applications/{application_id}/scans/",
        labels=LABELS,
    )


@router.get("/applications/{application_id}/scans/{name:path}")
def scan(request: Request, application_id: int, name: str, clerk: ClerkDep) -> Response:
    try:
        row = _ledger(request).application(application_id)
    except KeyError:
        raise HTTPException(404) from None
    folder = Path(row.base_dir).resolve()
    target = (folder / name).resolve()
    media = THUMBNAILS.get(target.suffix.lower()) or ("application/pdf" if target.suffix.lower() == ".pdf" else None)
    if media is None or not target.is_relative_to(folder) or not target.is_file():
        raise HTTPException(404, "没有这个文件")
    # The web form names scans by their field (legal_rep.id_scan.png); an applicant's own file name may hold a name.
    shown = target.name if OUR_NAME.fullmatch(target.name) else f"扫描件{target.suffix.lower()}"
    audit(request, clerk.name, "view_scan", application_id=application_id, detail=shown)
    return FileResponse(target, media_type=media, headers={"Cache-Control": "no-store"})
