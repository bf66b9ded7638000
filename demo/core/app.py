"""``make_portal_app(spec)``: a FastAPI app for one portal, with everything the six share.

The factory adds, around the portal's own router: server-side sessions, fault injection
(outermost, so it sees every request), the admin API, ``/__health`` for the launcher,
``/static/`` from ``spec.static_dir``, and Chinese error answers. It imposes no page
template: each portal renders its own look with ``Portal.render``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.responses import HTMLResponse, Response

from demo.core import config
from demo.core.admin import admin_router
from demo.core.drift import DriftMiddleware
from demo.core.faults import FaultMiddleware
from demo.core.portal import LoginRequired, Portal
from demo.core.sessions import SessionMiddleware
from demo.core.spec import PortalSpec

_STATUS_TEXT = {400: "请求有误", 401: "未授权", 403: "禁止访问", 404: "页面不存在", 405: "请求方法不允许"}


def make_portal_app(spec: PortalSpec, *, data_dir: Path | None = None, admin_token: str | None = None) -> FastAPI:
    """Build the portal's app. ``data_dir`` defaults to ``$DEMO_DATA_DIR`` or ``var/demo``;
    ``admin_token`` to ``$DEMO_ADMIN_TOKEN`` (a random one if unset: ``app.state.portal.admin_token``)."""
    token, _ = config.admin_token(admin_token)
    portal = Portal(spec, config.data_dir(data_dir), token)
    app = FastAPI(title=spec.title, docs_url=None, redoc_url=None, openapi_url=None)
    app.state.portal = portal

    @app.get("/__health", include_in_schema=False)
    def health() -> dict[str, str]:
        return {"item": spec.item, "status": "ok"}

    app.include_router(admin_router(portal))
    app.include_router(spec.router)
    if spec.static_dir is not None:
        app.mount("/static", StaticFiles(directory=spec.static_dir), name="static")

    app.add_exception_handler(LoginRequired, _login_required(spec.login_path))
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(Exception, _server_error)
    # Added last = outermost: faults wrap sessions wrap the app.
    app.add_middleware(
        SessionMiddleware,
        sessions=portal.sessions,
        cookie=spec.cookie,
        ttl=lambda: portal.faults.current.session_ttl_s,
    )
    app.add_middleware(DriftMiddleware, state=portal.drift)  # inside the faults: a dropped page stays dropped
    app.add_middleware(FaultMiddleware, state=portal.faults, end_sessions=portal.sessions.expire_all)
    return app


def _wants_json(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return (
        request.url.path.startswith("/__admin/")
        or ("application/json" in accept and "text/html" not in accept)
        or request.headers.get("x-requested-with") == "XMLHttpRequest"
    )


def _page(title: str, message: str, status: int) -> HTMLResponse:
    html = (
        f"<!doctype html><html lang='zh-CN'><head><meta charset='utf-8'><title>{title}</title></head>"
        f"<body><h1>{status} {title}</h1><p>{message}</p><p><a href='/'>返回首页</a></p></body></html>"
    )
    return HTMLResponse(html, status_code=status)


def _login_required(login_path: str) -> Callable[[Request, Exception], Awaitable[Response]]:
    async def handler(request: Request, exc: Exception) -> Response:
        expired = isinstance(exc, LoginRequired) and exc.expired
        message = "登录已超时，请重新登录" if expired else "请先登录"
        target = login_path + ("?expired=1" if expired else "")
        if _wants_json(request):
            return JSONResponse({"error": message, "login_url": target}, status_code=401)
        return RedirectResponse(target, status_code=303)

    return handler


async def _http_error(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    detail = exc.detail if isinstance(exc, HTTPException) and isinstance(exc.detail, str) else None
    text = _STATUS_TEXT.get(status, "请求失败")
    message = detail if detail and not detail.isascii() else text
    if _wants_json(request):
        return JSONResponse({"error": message}, status_code=status)
    return _page(text, message, status)


async def _validation_error(request: Request, exc: Exception) -> Response:
    errors = exc.errors() if isinstance(exc, RequestValidationError) else []
    fields = [str(e["loc"][-1]) for e in errors if e.get("loc")]
    message = "提交的内容不完整或格式有误" + (f"：{'、'.join(fields)}" if fields else "")
    if _wants_json(request):
        return JSONResponse({"error": message, "fields": fields}, status_code=422)
    return _page("提交有误", message, 422)


async def _server_error(request: Request, exc: Exception) -> Response:
    return _page("系统错误", "系统内部错误，请稍后再试。", 500)
