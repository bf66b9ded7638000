"""The web application: the applicant's form and the clerk's dashboard in one FastAPI app.

``create_app`` wires the parts; each lives in its own module: ``applicant`` (the form, drafts,
preview, the SMS page), ``clerk`` (login, dashboard, runs, hand-offs, documents), ``security``
(size limit, CSRF, headers), ``accounts`` and ``drafts`` (their ledger tables), ``runner``
(runs driven in this process), ``pages`` (templates, 适老 mode).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from bot.errors import LoginRequired
from bot.paths import var_dir
from bot.run.engine import EngineOptions
from bot.run.ledger import Ledger
from bot.web import applicant, applications, clerk, documents, pages, review
from bot.web import demo as demo_pages
from bot.web.accounts import Accounts
from bot.web.demo import WebDemo
from bot.web.drafts import Drafts
from bot.web.quotas import Limits, Quotas
from bot.web.runs import RunManager, RunSettings
from bot.web.security import SecurityMiddleware
from bot.web.tracking import Tracker
from bot.web.upkeep import INTERVAL_S, every

STATIC = Path(__file__).parent / "static"
MAX_BODY = 16 * 1024 * 1024  # three scans of at most 5 MB each, and the form


@dataclass
class WebSettings:
    runs: RunSettings = field(default_factory=lambda: RunSettings(EngineOptions()))
    upload_root: Path | None = None  # default: var/uploads
    max_body: int = MAX_BODY
    default_bundle: str = "open-company"
    demo: WebDemo | None = None  # bot serve --demo: the demo portals' accounts, secrets and phone
    limits: Limits = field(default_factory=Limits.from_env)  # quotas, draft age, retention (BOT_… variables)
    upkeep_s: float | None = INTERVAL_S  # purge (bot/web/upkeep.py) at start and this often; None: never


def create_app(ledger: Ledger | None = None, settings: WebSettings | None = None) -> FastAPI:
    settings = settings or WebSettings()
    ledger = ledger or Ledger()
    manager = RunManager(ledger, settings.runs)
    upload_root = settings.upload_root or var_dir() / "uploads"

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        upkeep = None
        if settings.upkeep_s is not None:
            upkeep = asyncio.create_task(every(settings.upkeep_s, ledger, upload_root, settings.limits))
        yield
        if upkeep is not None:
            upkeep.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await upkeep
        await manager.shutdown()

    app = FastAPI(title="一键办", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    app.state.ledger = ledger
    app.state.settings = settings
    app.state.accounts = Accounts(ledger)
    app.state.drafts = Drafts(ledger, upload_root)
    app.state.quotas = Quotas(ledger, settings.limits, upload_root)
    app.state.runs = manager
    app.state.tracker = Tracker()
    app.add_middleware(SecurityMiddleware, max_body=settings.max_body)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(applicant.router)
    app.include_router(clerk.router)
    app.include_router(applications.router)
    if settings.demo is not None:
        app.include_router(demo_pages.router)
    app.include_router(documents.router)  # 证照智能录入 (issue 17): POST /apply/<bundle>/scan
    app.include_router(review.router)  # 辅助审核 (issue 17): /clerk/applications/<id>/review
    app.add_exception_handler(LoginRequired, clerk.to_login)
    app.add_exception_handler(HTTPException, _http_error)

    @app.get("/", include_in_schema=False)
    def home() -> Response:
        return RedirectResponse(f"/apply/{settings.default_bundle}", status_code=303)

    @app.post("/prefs/elder", include_in_schema=False)
    async def elder(request: Request) -> Response:
        """适老 mode on or off, kept in a cookie for a year; back to the page the button was on."""
        form = await request.form()
        target = pages.local_path(str(form.get("next") or "/"))
        response = RedirectResponse(target, status_code=303)
        on = form.get("on") == "1"
        response.set_cookie(
            pages.ELDER_COOKIE,
            "1" if on else "0",
            max_age=365 * 24 * 3600,
            httponly=True,
            samesite="lax",
            secure=request.url.scheme == "https",
        )
        return response

    return app


HEADINGS = {404: "找不到这个页面", 405: "不能这样访问这个页面", 503: "暂时无法处理"}


async def _http_error(request: Request, exc: Exception) -> Response:
    """Errors as a Chinese page (or JSON for what the pages poll)."""
    assert isinstance(exc, HTTPException)
    detail = exc.detail if isinstance(exc.detail, str) and exc.detail != "Not Found" else "请检查链接是否完整。"
    if request.url.path.endswith(".json") or request.url.path.endswith("/derive"):
        return JSONResponse({"error": detail}, status_code=exc.status_code)
    heading = HEADINGS.get(exc.status_code, "出错了")
    return pages.render(request, "error.html", status_code=exc.status_code, heading=heading, message=detail)
