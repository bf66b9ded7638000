"""Web tests' shortcuts: an application confirmed as the form confirms it, a run of it settled in the ledger,
as the engine would leave it."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from playwright.sync_api import Page

from bot.form.application import load_values
from bot.mapping.bundle import Bundle
from bot.run.start import start_stored_run, store_application
from bot.run.states import State
from tests.support import EXAMPLES
from tests.web.conftest import Served

USCC = "91350602MA2Y3X4K5L"
OUTPUTS = {
    "samr-registration": {"uscc": USCC},
    "psb-seal": {"filing_no": "BA35060220261204000001"},
    "bank-account": {"appointment_no": "KHYY20261204000001", "branch_address": "漳州市芗城区胜利西路29号"},
}


def example() -> dict[str, Any]:
    return load_values(EXAMPLES / "open-company.yaml")


def confirmed(web: Served, bundle: Bundle, raw: dict[str, Any] | None = None) -> tuple[str, int]:
    """A draft confirmed by its applicant (what 确认提交 does): its token and the application's id."""
    drafts = web.app.state.drafts
    token, draft = drafts.create(bundle.name)
    values = raw or example()
    drafts.save(draft.id, values)
    application_id = store_application(web.ledger, bundle, values, base_dir=EXAMPLES, source="web")
    drafts.confirm(draft.id, application_id)
    return token, application_id


def settled_run(web: Served, bundle: Bundle, application_id: int, evidence: Path, **states: State) -> str:
    """A run of the application whose filings are all done (or in ``states``), with receipts and the USCC."""
    run_id = start_stored_run(web.ledger, bundle, application_id, evidence_root=evidence)
    for index, filing in enumerate(web.ledger.filings(run_id)):
        target = states.get(filing.item.replace("-", "_"), State.DONE)
        outputs = {"receipt_no": f"SL-{index + 1:04d}", **OUTPUTS.get(filing.item, {})}
        if target == State.DONE:
            web.ledger.move(filing.id, State.PENDING, State.DONE, "测试预置", outputs=outputs)
        else:
            web.ledger.move(filing.id, State.PENDING, State.RUNNING, "测试预置")
            web.ledger.move(filing.id, State.RUNNING, target, "门户提示：统一社会信用代码不存在", error="门户提示")
    return run_id


def shot(page: Page, name: str, *, full_page: bool = False) -> None:
    """Keep a picture for docs/img when BOT_WEB_SHOTS names a folder (docs/web.md shows them)."""
    folder = os.environ.get("BOT_WEB_SHOTS")
    if folder:
        page.screenshot(path=str(Path(folder) / name), full_page=full_page)
