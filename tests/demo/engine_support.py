"""Runs of the example application through the engine against the demo portals, for the engine tests.

A test may mark some items as already done (``seed``): registration's outputs are then
published in the demo registry as a real registration would, so that the test files only
the items it is about and stays quick.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.mapping.bundle import Bundle
from bot.run.demo_admin import DemoAccounts, DemoAnswerer, with_bookable_appointment
from bot.run.engine import Answerer, Ask, Engine, EngineOptions
from bot.run.ledger import Ledger
from bot.run.start import application_of, start_run
from bot.run.states import State
from demo.launcher import PortalsProcess
from demo.testing import AdminClient
from tests.support import EXAMPLES, TODAY, run_async


@dataclass
class EngineRig:
    """One ledger, the demo portals, the accounts the example applicant holds, and the engine's options."""

    ledger: Ledger
    bundle: Bundle
    portals: PortalsProcess
    admin: dict[str, AdminClient]
    raw: dict[str, Any]
    tmp: Path
    environ: dict[str, str] = field(default_factory=dict)
    uscc: str | None = None

    def start(self) -> str:
        """A run of the example, its bank appointment on a day the demo bank (on the real clock) can take."""
        raw, _ = with_bookable_appointment(self.portals.urls["bank-account"], self.bundle, self.raw, EXAMPLES, TODAY)
        return start_run(self.ledger, self.bundle, raw, base_dir=EXAMPLES, today=TODAY)

    def application(self, run_id: str) -> Any:
        return application_of(self.bundle, self.ledger.application(self.ledger.run(run_id).application_id))

    def seed_registration(self, run_id: str, *others: str, registered_name: str | None = None) -> str:
        """Registration (and ``others``) done already: the company is in the registry (under
        ``registered_name``, to make the portals that check it refuse), the accounts exist."""
        app = self.application(run_id)
        company = app.values["company"]
        published = self.admin["samr-registration"].publish_company(
            registered_name or company["name"],
            company["full_address"],
            app.values["legal_rep"]["name"],
            region=str(company["region"]),
        )
        self.uscc = str(published["uscc"])
        licence = self.tmp / "licence.pdf"
        licence.write_bytes(b"%PDF-1.4\n%demo licence\n")
        self.create_accounts(app, self.uscc)
        filings = {f.item: f for f in self.ledger.filings(run_id)}
        outputs = {"receipt_no": "SL-SEEDED", "uscc": self.uscc, "licence_pdf": str(licence)}
        self.ledger.move(filings["samr-registration"].id, State.PENDING, State.DONE, "测试预置", outputs=outputs)
        for item in others:
            self.ledger.move(filings[item].id, State.PENDING, State.DONE, "测试预置", outputs={})
        return self.uscc

    def create_accounts(self, app: Any, uscc: str) -> None:
        """The tax and hrss accounts registration opens, as bot demo opens them (DemoAccounts)."""
        accounts = DemoAccounts(self.portals.urls, self.portals.admin_token, app)
        self.environ.update(accounts.environ)
        accounts.item_done("samr-registration", {"uscc": uscc})

    def engine(self, answerer: Answerer | None = None, **options: Any) -> Engine:
        settings = EngineOptions(
            concurrency=options.pop("concurrency", 2),
            base_urls=self.portals.urls,
            environ=self.environ,
            backoff_s=options.pop("backoff_s", 0.2),
            **options,
        )
        return Engine(self.ledger, settings, answerer=answerer or self.answerer())

    def answerer(self) -> DemoAnswerer:
        return DemoAnswerer(self.portals.urls, self.portals.admin_token, self.ledger)

    def drive(self, run_id: str, answerer: Answerer | None = None, **options: Any) -> dict[str, str]:
        return run_async(self.engine(answerer, **options).drive(run_id)).states

    def submissions(self) -> dict[str, int]:
        return {item: len(client.submissions()) for item, client in self.admin.items()}


def never_answered() -> Answerer:
    """An answerer nobody sits behind: every hand-off times out at once."""

    async def answer(ask: Ask) -> str | None:
        await asyncio.sleep(0)
        return None

    return answer
