"""The clerk's pages: login, the dashboard, a run's live progress, hand-offs, the report and receipt sheet.

Every page under ``/clerk`` but the login needs a clerk's session (else: to the login page,
or 401 for the JSON a page polls). The session cookie is HttpOnly, SameSite=Lax, and Secure
when the site is served over https. Every action of a clerk leaves an audit row (bot/privacy/audit.py):
ids only, never a value of an application.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response

from bot.errors import BotError, LoginRefused, LoginRequired
from bot.evidence.documents import write_documents
from bot.evidence.report import COMMON_LABELS, RECEIPT_PDF, REPORT
from bot.mapping.bundle import Bundle
from bot.privacy.audit import record
from bot.privacy.masking import mask_text
from bot.run.handoff import WHO
from bot.run.ledger import Ledger, QuestionRow
from bot.run.moves import REFRESH
from bot.run.progress import FilingView, RunView, view
from bot.run.states import RESUMABLE, State
from bot.web import pages
from bot.web.accounts import Accounts, Clerk
from bot.web.drafts import Drafts
from bot.web.formview import bundle_named
from bot.web.listing import summary
from bot.web.plain import WAITING_LABEL, explain
from bot.web.runs import RunManager

router = APIRouter(prefix="/clerk")
SESSION_COOKIE = "yjb_session"
# Documents from the evidence folder (report.html): inline styles, no scripts at all.
DOCUMENT_CSP = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; frame-ancestors 'none'"


async def to_login(request: Request, exc: Exception) -> Response:
    if isinstance(exc, LoginRequired) and exc.json:
        return JSONResponse({"error": "请先登录"}, status_code=401)
    return RedirectResponse("/clerk/login", status_code=303)


def current_clerk(request: Request) -> Clerk:
    accounts: Accounts = request.app.state.accounts
    clerk = accounts.clerk(request.cookies.get(SESSION_COOKIE))
    if clerk is None:
        raise LoginRequired(json=request.url.path.endswith(".json"))
    return clerk


ClerkDep = Annotated[Clerk, Depends(current_clerk)]


def _ledger(request: Request) -> Ledger:
    ledger: Ledger = request.app.state.ledger
    return ledger


def address(request: Request) -> str:
    return request.client.host if request.client else ""


def audit(request: Request, actor: str, action: str, **ids: Any) -> None:
    """One audit row for what a clerk (``actor``) did from this request's address."""
    record(_ledger(request), actor, action, address=address(request), **ids)


def _bundle(name: str) -> Bundle | None:
    """Loaded once per server process (``bundle_named``): the dashboard polls every second, for up to 20 runs."""
    try:
        return bundle_named(name)
    except BotError:
        return None


# --- login -----------------------------------------------------------------------------------------


@router.get("/login")
def login_page(request: Request) -> Response:
    return pages.render(request, "login.html", problem=None, name="")


@router.post("/login")
async def login(request: Request) -> Response:
    form = await request.form()
    name = str(form.get("name") or "")
    password = str(form.get("password") or "")
    accounts: Accounts = request.app.state.accounts
    try:
        token = await asyncio.to_thread(accounts.login, name, password, address(request))
    except LoginRefused as exc:
        known = await asyncio.to_thread(accounts.known, name)  # a name typed wrong may be a password: not kept
        audit(request, name.strip() if known else "（未知账号）", "login_refused", detail=str(exc))
        return pages.render(request, "login.html", status_code=401, problem=str(exc), name=name)
    audit(request, name.strip(), "login")
    response = RedirectResponse("/clerk", status_code=303)
    response.set_cookie(
        SESSION_COOKIE, token, httponly=True, samesite="lax", secure=request.url.scheme == "https", path="/clerk"
    )
    return response


@router.post("/logout")
def logout(request: Request) -> Response:
    accounts: Accounts = request.app.state.accounts
    clerk = accounts.clerk(request.cookies.get(SESSION_COOKIE))
    if clerk is not None:
        audit(request, clerk.name, "logout")
    accounts.logout(request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse("/clerk/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/clerk")
    return response


# --- the dashboard ---------------------------------------------------------------------------------


@router.get("")
def dashboard(request: Request, clerk: ClerkDep) -> Response:
    drafts: Drafts = request.app.state.drafts
    ready = [summary(request, draft) for draft in drafts.ready()]
    return pages.render(request, "dashboard.html", clerk=clerk, ready=ready, progress=_progress(request, None))


@router.post("/applications/{application_id}/run")
async def start(request: Request, application_id: int, clerk: ClerkDep) -> Response:
    drafts: Drafts = request.app.state.drafts
    if application_id not in {d.application_id for d in drafts.ready()}:
        return RedirectResponse("/clerk", status_code=303)  # run already, or not an application from the form
    runs: RunManager = request.app.state.runs
    run_id = runs.start(application_id)  # in the server's event loop: the run is driven there
    audit(request, clerk.name, "start_run", application_id=application_id, run_id=run_id)
    return RedirectResponse(f"/clerk/runs/{run_id}", status_code=303)


@router.get("/progress.json")
def progress_json(request: Request, clerk: ClerkDep) -> JSONResponse:
    return JSONResponse(_progress(request, None))


# --- one run ---------------------------------------------------------------------------------------


def _run_view(request: Request, run_id: str) -> RunView:
    ledger = _ledger(request)
    try:
        run = ledger.run(run_id)
    except KeyError:
        raise HTTPException(404, "没有这次运行") from None
    return view(ledger, run_id, _bundle(run.bundle))


@router.get("/runs/{run_id}")
def run_page(request: Request, run_id: str, clerk: ClerkDep) -> Response:
    current = _run_view(request, run_id)
    progress = _progress(request, run_id)
    audit(request, clerk.name, "view_run", application_id=current.run.application_id, run_id=run_id)
    return pages.render(request, "run.html", clerk=clerk, run_id=run_id, progress=progress, current=current)


@router.post("/runs/{run_id}/resume")
async def resume(request: Request, run_id: str, clerk: ClerkDep) -> Response:
    current = _run_view(request, run_id)
    runs: RunManager = request.app.state.runs
    reopened = runs.resume(run_id)
    detail = f"重新办理 {len(reopened)} 个事项：{'、'.join(reopened)}" if reopened else "没有可继续的事项"
    audit(request, clerk.name, "resume_run", application_id=current.run.application_id, run_id=run_id, detail=detail)
    return RedirectResponse(f"/clerk/runs/{run_id}", status_code=303)


@router.get("/runs/{run_id}/progress.json")
def run_progress(request: Request, run_id: str, clerk: ClerkDep) -> JSONResponse:
    _run_view(request, run_id)
    return JSONResponse(_progress(request, run_id))


def _progress(request: Request, run_id: str | None) -> dict[str, Any]:
    """Runs (one, or the latest), each filing's state, and the open hand-offs: what the pages poll."""
    ledger = _ledger(request)
    manager: RunManager = request.app.state.runs
    run_ids = [run_id] if run_id else [r.id for r in ledger.runs(20)]
    runs = []
    titles: dict[int, str] = {}
    questions: list[dict[str, Any]] = []
    for rid in run_ids:
        current = view(ledger, rid, _bundle(ledger.run(rid).bundle))
        titles |= {f.id: f.title for f in current.filings}
        open_questions = ledger.questions(rid)
        waiting = {q.filing_id for q in open_questions}
        questions += [_question(q, titles) for q in open_questions]
        documents = Path(current.run.evidence_dir)
        runs.append(
            {
                "id": rid,
                "title": current.title,
                "settled": current.settled,
                "driving": manager.busy(rid),
                "done": current.count(State.DONE),
                "total": len(current.filings),
                "report": (documents / REPORT).is_file(),
                "receipt": current.settled and not manager.busy(rid),  # the run's documents are written
                "resumable": not manager.busy(rid) and any(f.state in RESUMABLE for f in current.filings),
                "filings": [_filing(current.run.bundle, f, f.id in waiting) for f in current.filings],
            }
        )
    return {"runs": runs, "questions": questions}


def _filing(bundle_name: str, f: FilingView, waiting: bool) -> dict[str, Any]:
    """One filing as the dashboard shows it: waiting for a person (等待人工) shown as such, what happened
    in plain Chinese, the ledger's own text (masked) as the technical detail."""
    plain = explain(f.state, f.error, f.message, waiting and f.state == State.RUNNING)
    return {
        "item": f.item,
        "title": f.title,
        "state": "waiting" if waiting and f.state == State.RUNNING else f.state.value,
        "label": WAITING_LABEL if waiting and f.state == State.RUNNING else f.label,
        "seconds": round(f.seconds),
        "message": plain.text,
        "detail": plain.detail,
        "outputs": _outputs(bundle_name, f.item, f.outputs) if f.state == State.DONE else {},
    }


def _outputs(bundle_name: str, item: str, outputs: dict[str, str]) -> dict[str, str]:
    """What a filing brought back, by its Chinese name (受理编号 …); downloaded files are in the report."""
    bundle = _bundle(bundle_name)
    names = {**COMMON_LABELS, **(bundle.mappings[item].outputs if bundle and item in bundle.mappings else {})}
    return {
        name: f"{names.get(name, name)}：{value}" for name, value in outputs.items() if not Path(value).is_absolute()
    }


def _question(question: QuestionRow, titles: dict[int, str]) -> dict[str, Any]:
    return {
        "id": question.id,
        "kind": question.kind,
        "who": question.who,
        "who_label": WHO.get(question.who, question.who),
        "question": mask_text(question.question),
        "item": titles.get(question.filing_id, ""),
        "image": question.image is not None,
    }


@router.get("/questions/{question_id}/image")
def question_image(request: Request, question_id: int, clerk: ClerkDep) -> Response:
    try:
        question = _ledger(request).question(question_id)
    except KeyError:
        raise HTTPException(404) from None
    if question.image is None:
        raise HTTPException(404)
    return Response(question.image, media_type="image/png", headers={"Cache-Control": "no-store"})


@router.post("/questions/{question_id}/answer")
async def answer_question(request: Request, question_id: int, clerk: ClerkDep) -> Response:
    form = await request.form()
    text = str(form.get("answer") or "").strip()
    back = pages.local_path(str(form.get("next") or "/clerk"))
    if form.get("refresh") == "1":  # 看不清，换一张: the filing opens the portal's page again and asks anew
        try:
            text = REFRESH if _ledger(request).question(question_id).kind == "captcha" else ""
        except KeyError:
            text = ""
    if text:
        taken = _ledger(request).answer(question_id, text)
        _audit_answer(request, clerk, question_id, text == REFRESH, taken)
    return RedirectResponse(back, status_code=303)


def _audit_answer(request: Request, clerk: Clerk, question_id: int, refresh: bool, taken: bool) -> None:
    """The answer itself (an SMS code) is never recorded: which question, its kind, whether it was taken."""
    ledger = _ledger(request)
    try:
        question = ledger.question(question_id)
    except KeyError:
        audit(request, clerk.name, "answer", question_id=question_id, detail="没有这个问题，未采用")
        return
    filing = ledger.filing(question.filing_id)
    runs = ledger.runs_of(filing.id)
    what = "换一张验证码图片" if refresh else f"回答（{question.kind}）"
    detail = f"{filing.item}：{what}" + ("" if taken else "；问题已回答或已过期，未采用")
    # A filing is shared by the runs of the same values: the application is the newest run's, as the page showed it.
    application_id = ledger.run(runs[0]).application_id if runs else filing.application_id
    ids = {"application_id": application_id, "run_id": runs[0] if runs else None, "question_id": question_id}
    audit(request, clerk.name, "answer", detail=detail, **ids)


# --- documents -------------------------------------------------------------------------------------


@router.get("/runs/{run_id}/files/{path:path}")
def run_file(request: Request, run_id: str, path: str, clerk: ClerkDep) -> Response:
    """A file of the run's evidence folder: the report, and the screenshots it links to."""
    current = _run_view(request, run_id)
    root = Path(current.run.evidence_dir).resolve()
    if path == REPORT and not (root / REPORT).is_file():
        write_documents(_ledger(request), run_id, pdf=False)
    target = (root / path).resolve()
    if not target.is_relative_to(root) or not target.is_file():
        raise HTTPException(404, "没有这个文件")
    where = str(target.relative_to(root))
    audit(request, clerk.name, "view_file", application_id=current.run.application_id, run_id=run_id, detail=where)
    return FileResponse(target, headers={"Content-Security-Policy": DOCUMENT_CSP, "Cache-Control": "no-store"})


@router.get("/runs/{run_id}/receipt.pdf")
async def receipt(request: Request, run_id: str, clerk: ClerkDep) -> Response:
    """The applicant's receipt sheet as a PDF download (printed now if the run has not printed it yet)."""
    current = _run_view(request, run_id)
    pdf = Path(current.run.evidence_dir) / RECEIPT_PDF
    if not pdf.is_file():
        _, problem = await asyncio.to_thread(write_documents, _ledger(request), run_id)
        if problem or not pdf.is_file():
            raise HTTPException(503, f"回执单 PDF 未生成：{problem}")
    audit(request, clerk.name, "download_receipt", application_id=current.run.application_id, run_id=run_id)
    return FileResponse(
        pdf, media_type="application/pdf", filename=f"回执单-{run_id}.pdf", headers={"Cache-Control": "no-store"}
    )
