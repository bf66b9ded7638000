"""辅助审核 in the clerk's dashboard: ``/clerk/applications/<id>/review``, the review sheet of an application.

The same review ``bot review`` runs (bot/documents/runs.py): the bundle's rules over the application and the
documents its applicant uploaded with the web form, each rule 通过, 不一致 or 未提供材料, with the crop of the
document where it was read. Reading the documents takes seconds, so the sheet is made once, when first
opened, and kept in the folder of the draft it was confirmed from (``review/``: review.json and the crops;
the web application's own folder, which ``bot forget`` and ``bot purge`` remove with its scans; never the
folder an application file came from); a confirmed application no longer changes. ``POST`` makes it
again (after the rules changed). A failed rule never
blocks 一键办理: the clerk checks the originals and decides.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from bot.documents.runs import review_kept
from bot.errors import ApplicationInvalid, BotError
from bot.evidence.report import REVIEW_DIR, REVIEW_JSON, kept_review
from bot.mapping.bundle import load_bundle
from bot.paths import mappings_dir
from bot.run.ledger import Ledger
from bot.run.start import application_of
from bot.web import pages
from bot.web.clerk import ClerkDep, audit
from bot.web.drafts import Drafts
from bot.web.listing import summary

router = APIRouter(prefix="/clerk")
_CROP = re.compile(r"crop-\d{2,3}\.png")


@router.get("/applications/{application_id}/review")
async def review_page(request: Request, application_id: int, clerk: ClerkDep) -> Response:
    draft, row = _application(request, application_id)
    audit(request, clerk.name, "view_application", application_id=application_id, detail="辅助审核")
    folder = Path(draft.upload_dir)
    problem = None
    if not (folder / REVIEW_JSON).exists():
        problem = await _make(row, folder)
    sheet: dict[str, Any] | None = None if problem else kept_review(folder)
    findings = (sheet or {}).get("findings", [])
    return pages.render(
        request,
        "review.html",
        clerk=clerk,
        app=summary(request, draft),
        sheet=sheet,
        findings=findings,
        failed=sum(f["status"] != "passed" for f in findings),
        problem=problem,
        crops=f"/clerk/applications/{application_id}/",
    )


@router.get("/applications/{application_id}/review/{name}")
def crop(request: Request, application_id: int, name: str, clerk: ClerkDep) -> Response:
    """One crop of the sheet (``crop-01.png``): the region of a document a rule read."""
    draft, _row = _application(request, application_id)
    target = Path(draft.upload_dir) / REVIEW_DIR / name
    if not _CROP.fullmatch(name) or not target.is_file():
        raise HTTPException(404, "没有这个文件")
    audit(request, clerk.name, "view_scan", application_id=application_id, detail=f"辅助审核 {name}")
    return FileResponse(target, media_type="image/png", headers={"Cache-Control": "no-store"})


@router.post("/applications/{application_id}/review")
async def review_again(request: Request, application_id: int, clerk: ClerkDep) -> Response:
    draft, _row = _application(request, application_id)
    audit(request, clerk.name, "view_application", application_id=application_id, detail="辅助审核：重新核对")
    (Path(draft.upload_dir) / REVIEW_JSON).unlink(missing_ok=True)
    return RedirectResponse(f"/clerk/applications/{application_id}/review", status_code=303)


def _application(request: Request, application_id: int) -> tuple[Any, Any]:
    drafts: Drafts = request.app.state.drafts
    ledger: Ledger = request.app.state.ledger
    draft = drafts.by_application(application_id)
    if draft is None:
        raise HTTPException(404, "没有这份申请")
    return draft, ledger.application(application_id)


async def _make(row: Any, out: Path) -> str | None:
    """Review the application's documents into ``out``; what went wrong, in Chinese, or None."""
    try:
        bundle = load_bundle(mappings_dir(), row.bundle)
        application = application_of(bundle, row)
        await run_in_threadpool(review_kept, bundle, application, Path(row.base_dir), row.raw, out)
    except ApplicationInvalid:
        return "这份申请按现行表单无法读取，请联系系统维护人员"
    except BotError as exc:
        return f"无法完成辅助审核：{exc}"
    return None
