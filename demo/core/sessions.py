"""Server-side sessions: a random id in a per-portal cookie, the data in the portal's SQLite.

Why per-portal cookie names: browsers do not isolate cookies by port, so the six portals
on 127.0.0.1:8701..8706 share one cookie jar; ``SID_SAMR`` and ``SID_PSB`` keep them apart.

Idle expiry: a session unused for longer than the ``session_ttl_s`` fault is deleted
when it is next presented; the request then carries a fresh empty session marked
``expired``, and :func:`demo.core.portal.require_login` bounces it to the login page.
Nothing of the old session (form drafts, captcha answers) is kept.
"""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Callable
from http.cookies import SimpleCookie
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from demo.core.store import PortalStore

SCOPE_KEY = "demo.session"
ACCOUNT_KEY = "account"


class Session:
    """The session of one request. Mutate through the methods so it knows to save itself."""

    def __init__(self, sid: str | None, data: dict[str, Any], *, expired: bool = False) -> None:
        self.id = sid or secrets.token_urlsafe(24)
        self.is_new = sid is None
        self.data = data
        self.expired = expired  # an earlier session was dropped for idling too long
        self.dirty = False
        self.destroyed = False

    @property
    def account(self) -> str | None:
        """The logged-in account, or None."""
        value = self.data.get(ACCOUNT_KEY)
        return str(value) if value is not None else None

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    def set(self, key: str, value: Any) -> None:
        self.data[key] = value
        self.dirty = True

    def pop(self, key: str, default: Any = None) -> Any:
        self.dirty = True
        return self.data.pop(key, default)

    def login(self, account: str) -> None:
        """Start a logged-in session with a new id (no fixation), keeping nothing from before."""
        self.data = {ACCOUNT_KEY: account}
        self.id = secrets.token_urlsafe(24)
        self.is_new = True
        self.dirty = True

    def logout(self) -> None:
        self.data = {}
        self.destroyed = True


class SessionStore:
    """Load, save and expire sessions in the portal's ``sessions`` table."""

    def __init__(self, store: PortalStore) -> None:
        self.store = store

    def load(self, sid: str, ttl_s: float) -> Session:
        now = time.time()
        with self.store.connect() as conn:
            row = conn.execute("SELECT data, last_seen FROM sessions WHERE id = ?", (sid,)).fetchone()
            if row is None:
                return Session(None, {})
            if ttl_s > 0 and now - row["last_seen"] > ttl_s:
                conn.execute("DELETE FROM sessions WHERE id = ?", (sid,))
                return Session(None, {}, expired=True)
            conn.execute("UPDATE sessions SET last_seen = ? WHERE id = ?", (now, sid))
        return Session(sid, json.loads(row["data"]))

    def peek(self, sid: str) -> dict[str, Any] | None:
        """A session's data without touching it (admin use)."""
        with self.store.connect() as conn:
            row = conn.execute("SELECT data FROM sessions WHERE id = ?", (sid,)).fetchone()
        return json.loads(row["data"]) if row else None

    def save(self, session: Session, old_id: str | None) -> None:
        now = time.time()
        with self.store.connect() as conn:
            if old_id and old_id != session.id:
                conn.execute("DELETE FROM sessions WHERE id = ?", (old_id,))
            if session.destroyed:
                conn.execute("DELETE FROM sessions WHERE id = ?", (session.id,))
                return
            conn.execute(
                "INSERT INTO sessions(id, data, created_at, last_seen) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET data = excluded.data, last_seen = excluded.last_seen",
                (session.id, json.dumps(session.data, ensure_ascii=False), now, now),
            )

    def logged_in(self, account: str, ttl_s: float) -> bool:
        """Whether ``account`` holds a session not yet idle for ``ttl_s`` (0: sessions never idle out)."""
        now = time.time()
        with self.store.connect() as conn:
            rows = conn.execute("SELECT data, last_seen FROM sessions").fetchall()
        return any(
            json.loads(row["data"]).get(ACCOUNT_KEY) == account and (ttl_s <= 0 or now - row["last_seen"] <= ttl_s)
            for row in rows
        )

    def expire_all(self) -> int:
        """Drop every session now (admin: test an expiry without waiting)."""
        with self.store.connect() as conn:
            return conn.execute("DELETE FROM sessions").rowcount


class SessionMiddleware:
    """Pure ASGI, so it can set the cookie on any response, including streamed ones."""

    def __init__(self, app: ASGIApp, *, sessions: SessionStore, cookie: str, ttl: Callable[[], float]) -> None:
        self.app = app
        self.sessions = sessions
        self.cookie = cookie
        self.ttl = ttl

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(("/__admin/", "/__health", "/static/")):
            await self.app(scope, receive, send)
            return
        sid = _cookie(scope, self.cookie)
        session = self.sessions.load(sid, self.ttl()) if sid else Session(None, {})
        old_id = sid if sid and not session.is_new else None
        scope[SCOPE_KEY] = session

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                if session.destroyed:
                    self.sessions.save(session, old_id)
                    headers.append((b"set-cookie", f"{self.cookie}=; Path=/; Max-Age=0; HttpOnly".encode()))
                elif session.dirty:
                    self.sessions.save(session, old_id)
                    if session.id != old_id:
                        cookie = f"{self.cookie}={session.id}; Path=/; HttpOnly; SameSite=Lax"
                        headers.append((b"set-cookie", cookie.encode()))
                elif session.expired:
                    headers.append((b"set-cookie", f"{self.cookie}=; Path=/; Max-Age=0; HttpOnly".encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_cookie)


def _cookie(scope: Scope, name: str) -> str | None:
    for key, value in scope.get("headers", []):
        if key == b"cookie":
            jar: SimpleCookie = SimpleCookie()
            try:
                jar.load(value.decode("latin-1"))
            except Exception:
                return None
            if name in jar:
                return jar[name].value
    return None
