"""A client for one portal's admin API, for tests and the bot's end-to-end checks.

Kept in ``demo/`` because it speaks the demo's own admin protocol; the bot's tests may
import it (tests may import both sides), the bot itself may not.
"""

from __future__ import annotations

from typing import Any

import httpx


class AdminClient:
    """``GET/POST /__admin/...`` of one portal, with the token; every call raises on non-2xx."""

    def __init__(self, item: str, base_url: str, token: str) -> None:
        self.item = item
        self.base_url = base_url
        # A connection per call: a kept-alive one the portal's server closes as idle just when the next call is
        # sent is reset (seen under load: ReadError, connection reset by peer, in the middle of a test).
        self.http = httpx.Client(
            base_url=base_url + "/__admin",
            headers={"X-Admin-Token": token},
            timeout=10.0,
            trust_env=False,
            limits=httpx.Limits(max_keepalive_connections=0),
        )

    def _json(self, response: httpx.Response) -> Any:
        response.raise_for_status()
        return response.json()

    def submissions(self) -> list[dict[str, Any]]:
        """Every stored submission, newest first (payload, receipt_no, timestamps, uploads)."""
        result: list[dict[str, Any]] = self._json(self.http.get("/submissions"))
        return result

    def reset(self) -> None:
        """Wipe this portal's data and put its faults back to defaults."""
        self._json(self.http.post("/reset"))

    def captcha(self, session: str | None = None) -> str:
        """The answer of the newest captcha (or of the one issued to ``session``)."""
        params = {"session": session} if session else {}
        return str(self._json(self.http.get("/captcha", params=params))["answer"])

    def sms(self, phone: str) -> list[dict[str, Any]]:
        """The phone's inbox across all portals, newest first."""
        result: list[dict[str, Any]] = self._json(self.http.get(f"/sms/{phone}"))
        return result

    def sms_code(self, phone: str) -> str:
        """The newest code sent to ``phone`` by this portal."""
        for message in self.sms(phone):
            if message["portal"] == self.item:
                return str(message["code"])
        raise LookupError("该手机号没有收到本门户的验证码")

    def faults(self, **changes: Any) -> dict[str, Any]:
        """Without arguments: the current faults. With: set them (latency_ms=, error_rate=,
        drop_responses=, hold_submits_ms=, session_ttl_s=, captcha=, approval_delay_s=, fail_next=,
        end_sessions_next=) and return the result."""
        if changes:
            result: dict[str, Any] = self._json(self.http.post("/faults", json=changes))
        else:
            result = self._json(self.http.get("/faults"))
        return result

    def drift(self, *rules: dict[str, Any]) -> list[dict[str, Any]]:
        """Make the portal's pages change (demo/core/drift.py): each rule ``{path, find, replace, all}``; none: undo."""
        result: dict[str, Any] = self._json(self.http.post("/drift", json={"rules": list(rules)}))
        return list(result["rules"])

    def expire_sessions(self) -> int:
        return int(self._json(self.http.post("/sessions/expire"))["expired"])

    def create_account(self, account: str, password: str, **profile: Any) -> None:
        self._json(self.http.post("/accounts", json={"account": account, "password": password, "profile": profile}))

    def publish_company(self, name: str, address: str, legal_rep: str, **extra: Any) -> dict[str, Any]:
        """Seed a company into the shared registry; returns it with its new USCC."""
        body = {"name": name, "address": address, "legal_rep": legal_rep, **extra}
        result: dict[str, Any] = self._json(self.http.post("/registry", json=body))
        return result

    def registry(self, uscc: str | None = None) -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = self._json(self.http.get("/registry", params={"uscc": uscc} if uscc else {}))
        return result

    def bank_calendar(self, **settings: Any) -> dict[str, Any]:
        """The bank's appointment calendar (monthly_full_day=, full_dates=, full_slots=, slot_capacity=):
        set what is given, return the whole (demo/bank/admin.py)."""
        result: dict[str, Any] = self._json(self.http.post("/bank/calendar", json=settings))
        return result

    def close(self) -> None:
        self.http.close()
