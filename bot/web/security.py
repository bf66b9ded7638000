"""The web server's guard at the door: request size limit, CSRF check, security headers.

One pure ASGI middleware, so that it sees every request before any route does:

* a request body larger than ``max_body`` bytes is refused (413) before it is read whole;
* every POST (and other unsafe method) must carry the CSRF token, in the form field
  ``csrf_token`` or the ``X-CSRF-Token`` header, equal to the ``yjb_csrf`` cookie
  (double submit: a page of another site can neither read the cookie nor set it), else 403;
* every response gets nosniff, no framing, no referrer and, unless the route set its own,
  a Content-Security-Policy that allows only this site's own scripts and styles.

Pages read the token as ``request.state.csrf_token``; a visitor without the cookie gets one.
"""

from __future__ import annotations

import html
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.requests import Request

from bot.errors import RequestTooLarge

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CSRF_COOKIE = "yjb_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)


class SecurityMiddleware:
    def __init__(self, app: ASGIApp, *, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        cookie = request.cookies.get(CSRF_COOKIE, "")
        token = cookie if 20 <= len(cookie) <= 100 else secrets.token_urlsafe(32)
        scope.setdefault("state", {})["csrf_token"] = token
        send = _with_headers(send, None if token == cookie else _cookie(token, scope))
        if scope["method"] in SAFE_METHODS:
            await self.app(scope, receive, send)
            return
        declared = request.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_body:
            await _refuse(send, 413, self._too_large())
            return
        try:
            body = await _read_body(receive, self.max_body)
        except RequestTooLarge:
            await _refuse(send, 413, self._too_large())
            return
        replay = _replay(body)
        if not cookie or not secrets.compare_digest(await _sent_token(scope, replay), cookie):
            await _refuse(send, 403, "页面已过期或来源不明（缺少安全令牌）。请返回上一页，刷新后重新提交。")
            return
        await self.app(scope, _replay(body), send)

    def _too_large(self) -> str:
        return f"提交的内容过大（每次最多 {self.max_body // (1024 * 1024)} MB）。请压缩扫描件或分次上传后重试。"


async def _read_body(receive: Receive, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise RequestTooLarge
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


async def _sent_token(scope: Scope, receive: Receive) -> str:
    request = Request(scope, receive)
    header = request.headers.get(CSRF_HEADER)
    if header:
        return header
    content_type = request.headers.get("content-type", "")
    if not content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        return ""
    try:
        form = await request.form()
    except Exception:  # a malformed body: no token in it
        return ""
    try:
        value = form.get(CSRF_FIELD)
        return value if isinstance(value, str) else ""
    finally:
        await form.close()


def _cookie(token: str, scope: Scope) -> str:
    secure = "; Secure" if scope.get("scheme") == "https" else ""
    return f"{CSRF_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax{secure}"


def _with_headers(send: Send, set_cookie: str | None) -> Send:
    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = MutableHeaders(scope=message)
            headers.setdefault("X-Content-Type-Options", "nosniff")
            headers.setdefault("X-Frame-Options", "DENY")
            headers.setdefault("Referrer-Policy", "no-referrer")
            headers.setdefault("Content-Security-Policy", CSP)
            if set_cookie:
                headers.append("Set-Cookie", set_cookie)
        await send(message)

    return wrapped


async def _refuse(send: Send, status: int, message: str) -> None:
    body = (
        '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>无法处理</title>'
        f'<link rel="stylesheet" href="/static/web.css"><main class="page"><div class="notice error" role="alert">'
        f'<h1>无法处理此次提交</h1><p>{html.escape(message)}</p><p><a href="/">返回首页</a></p></div></main></html>'
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"text/html; charset=utf-8"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})
