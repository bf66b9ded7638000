"""辅助审核 in the clerk's dashboard: ``/clerk/applications/<id>/review``, the review sheet of an application.

The same review ``bot review`` runs (bot/documents/runs.py): the bundle's rules over the application and the
documents its applicant uploaded with the web form, each rule 通过, 不一致 or 未提供材料, with the crop of the
document where it was read. Reading the documents takes seconds, so the sheet is made once, when first
opened, and kept in the application's folder (review/review.json, the crops beside it); a confirmed
application no longer changes. ``POST`` makes it again (after the rules changed). A failed rule never
blocks 一键办理: the clerk checks the originals and decides.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from bot.documents.runs import review_kept
from bot.errors import ApplicationInvalid, BotError
from bot.evidence.report import REVIEW_JSON, kept_review
from bot.mapping.bundle import load_bundle
from bot.paths import mappings_dir
from bot.run.ledger import Ledger
from bot.run.start import application_of
from bot.web import pages
from bot.web.clerk import ClerkDep
from bot.web.drafts import Drafts
from bot.web.listing import summary

router = APIRouter(prefix="/clerk")


@router.get("/applications/{application_id}/review")
async def review_page(request: Request, application_id: int, clerk: ClerkDep) -> Response:
    draft, row = _application(request, application_id)
    folder = Path(row.base_dir)
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
        crops=f"/clerk/applications/{application_id}/scans/",
    )


@router.post("/applications/{application_id}/review")
async def review_again(request: Request, application_id: int, clerk: ClerkDep) -> Response:
    _draft, row = _application(request, application_id)
    (Path(row.base_dir) / REVIEW_JSON).unlink(missing_ok=True)
    return RedirectResponse(f"/clerk/applications/{application_id}/review", status_code=303)


def _application(request: Request, application_id: int) -> tuple[Any, Any]:
    drafts: Drafts = request.app.state.drafts
    ledger: Ledger = request.app.state.ledger
    draft = drafts.by_application(application_id)
    if draft is None:
        raise HTTPException(404, "没有这份申请")
    return draft, ledger.application(application_id)


async def _make(row: Any, folder: Path) -> str | None:
    """Review the application's documents into its folder; what went wrong, in Chinese, or None."""
    try:
        bundle = load_bundle(mappings_dir(), row.bundle)
        application = application_of(bundle, row)
        await run_in_threadpool(review_kept, bundle, application, folder, row.raw)
    except ApplicationInvalid:
        return "这份申请按现行表单无法读取，请联系系统维护人员"
    except BotError as exc:
        return f"无法完成辅助审核：{exc}"
    return None
