"""Fault injection, per portal: the flakiness the bot must survive, switched on by tests.

Set through ``POST /__admin/faults``; kept in memory and in the portal's SQLite (so a
restart within a test keeps them); ``POST /__admin/reset`` puts them back to defaults.

* ``latency_ms``: added before every non-admin request.
* ``error_rate`` (0–1): that share of non-admin requests answers 500/502/503, before the
  handler runs (so nothing is stored).
* ``drop_responses`` (a counter): the next N successful submits (a handler called
  ``Portal.submit`` and answered < 400) keep the stored submission but the client gets
  no complete response: a status line promising a body, then the connection closes.
* ``hold_submits_ms``: a successful submit's answer is held this long after the submission is
  stored: the window in which the portal has the submission and the bot only its intent, where
  a test kills a worker.
* ``session_ttl_s``: idle seconds before a session expires (0 = never).
* ``captcha``: off = any answer accepted (the image is still served).
* ``approval_delay_s``: seconds before registration approves (read by samr-registration).
* ``fail_next`` (path → a counter): the next N requests to that path answer 503, as
  ``error_rate`` would, but where and when a test says.
* ``end_sessions_next`` (``"METHOD /path"`` → a counter): the next N such requests find every
  session ended, as an idle expiry would end it, but at the request a test names instead of
  after a time a loaded machine may overrun.
"""

from __future__ import annotations

import asyncio
import random
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from demo.core.store import PortalStore

SETTING_KEY = "faults"
FLAGS_KEY = "demo.flags"
_rng = random.SystemRandom()


@dataclass(frozen=True)
class Faults:
    latency_ms: int = 0
    error_rate: float = 0.0
    drop_responses: int = 0
    hold_submits_ms: int = 0
    session_ttl_s: float = 1800.0
    captcha: bool = True
    approval_delay_s: float = 3.0  # registration approves a few seconds after filing, as a real bureau does later
    fail_next: dict[str, int] = field(default_factory=dict)
    end_sessions_next: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


class FaultsPatch(BaseModel):
    """The JSON body of ``POST /__admin/faults``: any subset of the fields, nothing else."""

    model_config = ConfigDict(extra="forbid")
    latency_ms: int | None = Field(None, ge=0, le=120_000)
    error_rate: float | None = Field(None, ge=0.0, le=1.0)
    drop_responses: int | None = Field(None, ge=0)
    hold_submits_ms: int | None = Field(None, ge=0, le=120_000)
    session_ttl_s: float | None = Field(None, ge=0)
    captcha: bool | None = None
    approval_delay_s: float | None = Field(None, ge=0)
    fail_next: dict[str, int] | None = None
    end_sessions_next: dict[str, int] | None = None


class FaultState:
    """The current faults of one portal; thread-safe, persisted on every change."""

    def __init__(self, store: PortalStore) -> None:
        self._store = store
        self._lock = threading.Lock()
        saved = store.get_setting(SETTING_KEY) or {}
        known = {k: v for k, v in saved.items() if k in Faults.__dataclass_fields__}
        self._faults = Faults(**known)

    @property
    def current(self) -> Faults:
        return self._faults

    def update(self, patch: FaultsPatch) -> Faults:
        with self._lock:
            self._faults = replace(self._faults, **patch.model_dump(exclude_none=True))
            self._store.put_setting(SETTING_KEY, self._faults.to_json())
            return self._faults

    def reset(self) -> Faults:
        with self._lock:
            self._faults = Faults()
            self._store.put_setting(SETTING_KEY, self._faults.to_json())
            return self._faults

    def take_failure(self, path: str) -> bool:
        """Consume one pending failure of ``path``, if any."""
        return self._take("fail_next", path)

    def take_session_end(self, method: str, path: str) -> bool:
        """Consume one pending end of every session at ``METHOD path``, if any."""
        return self._take("end_sessions_next", f"{method} {path}")

    def _take(self, counters: str, key: str) -> bool:
        with self._lock:
            pending: dict[str, int] = getattr(self._faults, counters)
            if pending.get(key, 0) <= 0:
                return False
            left: dict[str, Any] = {counters: {**pending, key: pending[key] - 1}}
            self._faults = replace(self._faults, **left)
            self._store.put_setting(SETTING_KEY, self._faults.to_json())
            return True

    def take_drop(self) -> bool:
        """Consume one pending dropped response, if any."""
        with self._lock:
            if self._faults.drop_responses <= 0:
                return False
            self._faults = replace(self._faults, drop_responses=self._faults.drop_responses - 1)
            self._store.put_setting(SETTING_KEY, self._faults.to_json())
            return True


class RequestFlags:
    """Per-request facts the handlers tell the fault middleware (through the ASGI scope)."""

    def __init__(self) -> None:
        self.submitted = False


_ERROR_PAGE = (
    "<!doctype html><html lang='zh-CN'><head><meta charset='utf-8'><title>系统繁忙</title></head>"
    "<body><h1>{status} 系统繁忙</h1><p>服务器暂时无法处理您的请求，请稍后再试。</p></body></html>"
)
# What the client is promised and never gets after a dropped submit.
_DROP_LENGTH = 4096


class FaultMiddleware:
    """Outermost middleware of every portal app: latency, 5xx and dropped responses."""

    def __init__(self, app: ASGIApp, *, state: FaultState, end_sessions: Callable[[], int]) -> None:
        self.app = app
        self.state = state
        self.end_sessions = end_sessions

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] == "/__health":
            await self.app(scope, receive, send)
            return
        flags = RequestFlags()
        scope[FLAGS_KEY] = flags
        if not scope["path"].startswith("/__admin/"):
            faults = self.state.current
            if faults.latency_ms:
                await asyncio.sleep(faults.latency_ms / 1000)
            if faults.error_rate and _rng.random() < faults.error_rate:
                await _send_error(send, _rng.choice((500, 502, 503)))
                return
            if faults.fail_next and self.state.take_failure(scope["path"]):
                await _send_error(send, 503)
                return
            if faults.end_sessions_next and self.state.take_session_end(scope["method"], scope["path"]):
                self.end_sessions()
        dropping = False

        async def guarded_send(message: Message) -> None:
            nonlocal dropping
            if message["type"] == "http.response.start" and flags.submitted and message["status"] < 400:
                hold = self.state.current.hold_submits_ms
                if hold:
                    await asyncio.sleep(hold / 1000)
                dropping = self.state.take_drop()
            if not dropping:
                await send(message)

        await self.app(scope, receive, guarded_send)
        if dropping:
            # The submission is committed. Promise a body and return without it: the server
            # (uvicorn) closes the connection, so the client sees an incomplete response.
            await send(
                {
                    "type": "http.response.start",
                    "status": 200,
                    "headers": [
                        (b"content-type", b"text/html; charset=utf-8"),
                        (b"content-length", str(_DROP_LENGTH).encode()),
                    ],
                }
            )


async def _send_error(send: Send, status: int) -> None:
    body = _ERROR_PAGE.format(status=status).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/html; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
