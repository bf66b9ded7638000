"""A portal that changes itself: the admin API's drift switch, for testing ``bot drift`` for real.

Real portals change without notice: a label renamed, an option added, a required field added, a field moved to
another page. ``POST /__admin/drift`` with ``{"rules": [{"path": "/apply/step/2", "find": "…", "replace": "…"}]}``
makes every page (HTML, and the scripts that draw pages) whose path matches ``path`` (an fnmatch pattern,
default every path) served with ``find`` replaced by ``replace`` (the first occurrence; ``"all": true`` for
every one). So any change a page's markup can show is one rule: rename a label (its text), add an option
(insert an ``<option>`` after another), add a required field (insert a form row), move a field (a rule removing
its row from one page, another inserting it into another). The portal's server is not changed: what it stores
is as before. The rules survive restarts (the portal's settings); ``/__admin/reset`` clears them.
"""

from __future__ import annotations

import fnmatch
import threading
from typing import Any

from pydantic import BaseModel, Field
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from demo.core.store import PortalStore

SETTING_KEY = "drift"
_TEXT = (b"text/html", b"javascript", b"text/css")


class DriftRule(BaseModel):
    path: str = "*"
    find: str = Field(min_length=1)
    replace: str = ""
    all: bool = False


class DriftIn(BaseModel):
    rules: list[DriftRule]


class DriftState:
    def __init__(self, store: PortalStore) -> None:
        self._store = store
        self._lock = threading.Lock()
        self._rules = [DriftRule(**r) for r in (store.get_setting(SETTING_KEY) or {}).get("rules", [])]

    @property
    def rules(self) -> list[DriftRule]:
        return list(self._rules)

    def set(self, rules: list[DriftRule]) -> None:
        with self._lock:
            self._rules = list(rules)
            self._store.put_setting(SETTING_KEY, {"rules": [r.model_dump() for r in self._rules]})

    def reset(self) -> None:
        self.set([])

    def apply(self, path: str, text: str) -> str:
        for rule in self._rules:
            if fnmatch.fnmatch(path, rule.path) and rule.find in text:
                text = text.replace(rule.find, rule.replace, -1 if rule.all else 1)
        return text


class DriftMiddleware:
    """Rewrites the text responses of paths some rule names (nothing at all while there are no rules)."""

    def __init__(self, app: ASGIApp, *, state: DriftState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if (
            scope["type"] != "http"
            or path.startswith("/__admin")
            or not any(fnmatch.fnmatch(path, r.path) for r in self.state.rules)
        ):
            await self.app(scope, receive, send)
            return
        start: dict[str, Any] = {}
        body: list[bytes] = []

        async def buffered(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
                return
            if message["type"] == "http.response.body":
                body.append(message.get("body", b""))
                if message.get("more_body"):
                    return
                await self._send(send, path, start, b"".join(body))
                return
            await send(message)

        await self.app(scope, receive, buffered)

    async def _send(self, send: Send, path: str, start: dict[str, Any], body: bytes) -> None:
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
        kind = next((v for k, v in headers if k.lower() == b"content-type"), b"")
        if any(t in kind for t in _TEXT):
            body = self.state.apply(path, body.decode("utf-8")).encode("utf-8")
        await send({**start, "headers": [*headers, (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})
