"""``bot serve --demo``: the web server in front of the demo portals, able to finish a run.

What ``bot demo`` provides to its one run, this provides to every run started from the dashboard:

- the portal secrets (``BOT_SECRET_SAMR_PASSWORD`` …), random, given to the engine, never printed;
- the portal accounts the applicant would already hold (``bot.run.demo_admin.DemoAccounts``): the
  registration account before the run, the tax and social insurance accounts, keyed by the USCC, as
  soon as registration returns it;
- a demo phone (演示手机, ``/demo/phone``): the SMS the demo portals sent to the phones of the
  applications being filed, so whoever plays the applicant can read the code, as on a real phone.

Captchas are not answered for anyone: the clerk reads them on the dashboard, as at a real window.
It talks to the demo portals over HTTP only (their admin API), like the rest of bot/.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import secrets
from collections.abc import Mapping
from typing import Any

import httpx
from fastapi import APIRouter, Request
from fastapi.responses import Response

from bot.mapping.bundle import load_bundle
from bot.paths import mappings_dir
from bot.privacy.masking import mask_text
from bot.privacy.secrets import ENV_PREFIX
from bot.run.demo_admin import DemoAccounts
from bot.run.ledger import Ledger
from bot.run.start import application_of
from bot.web import pages


class WebDemo:
    def __init__(self, ledger: Ledger, urls: Mapping[str, str], admin_token: str) -> None:
        self.ledger = ledger
        self.urls = dict(urls)
        self.token = admin_token
        self.environ = {f"{ENV_PREFIX}{name}": secrets.token_urlsafe(12) for name in DemoAccounts.SECRETS}
        self._phones: dict[int, list[str]] = {}  # application id → its people's mobile numbers

    def _application(self, run_id: str) -> Any:
        run = self.ledger.run(run_id)
        return application_of(load_bundle(mappings_dir(), run.bundle), self.ledger.application(run.application_id))

    def _accounts(self, run_id: str) -> DemoAccounts:
        return DemoAccounts(self.urls, self.token, self._application(run_id), self.environ)

    def before_run(self, run_id: str) -> None:
        """The registration account (the liaison's mobile), before the run's first filing."""
        self._accounts(run_id).before_run()

    async def on_done(self, run_id: str, item: str, outputs: Mapping[str, str]) -> None:
        """Registration done: the accounts keyed by the USCC it returned."""
        await asyncio.to_thread(self._accounts(run_id).item_done, item, outputs)

    def phones(self, limit: int = 10) -> list[str]:
        """The mobile numbers of the latest runs' applications (the demo phone's SIM cards)."""
        found: list[str] = []
        for run in self.ledger.runs(limit):
            if run.application_id not in self._phones:
                values = self._application(run.id).values
                self._phones[run.application_id] = [
                    str(v["mobile"]) for v in values.values() if isinstance(v, dict) and v.get("mobile")
                ]
            found += [p for p in self._phones[run.application_id] if p not in found]
        return found

    def inbox(self) -> list[dict[str, Any]]:
        """The SMS the demo portals sent to those phones, newest first (the portals share one inbox)."""
        any_portal = next(iter(self.urls.values()))
        messages: list[dict[str, Any]] = []
        with httpx.Client(base_url=f"{any_portal}/__admin", headers={"X-Admin-Token": self.token}, timeout=10) as http:
            for phone in self.phones():
                response = http.get(f"/sms/{phone}")
                if response.status_code == 200:
                    messages += [{**m, "phone": phone} for m in response.json()]
        return sorted(messages, key=lambda m: float(m.get("sent_at") or 0), reverse=True)


router = APIRouter()


@router.get("/demo/phone")
def phone_page(request: Request) -> Response:
    """演示手机: the demo portals' SMS to the applications' phones (numbers masked), newest first."""
    demo: WebDemo = request.app.state.settings.demo
    try:
        messages = demo.inbox()
    except httpx.HTTPError:
        messages = []
    shown = [
        {"phone": mask_text(m["phone"]), "text": str(m.get("text") or ""), "at": _time(m.get("sent_at"))}
        for m in messages[:30]
    ]
    return pages.render(request, "demo_phone.html", messages=shown)


def _time(sent_at: Any) -> str:
    return dt.datetime.fromtimestamp(float(sent_at)).strftime("%H:%M:%S") if sent_at else ""
