"""The dashboard's 继续办理: a run's stopped filings go back to work from the clerk's page, as with bot resume.

Real app, real SQLite, real engine and Chromium: the portal it files on is a closed port, so the filing
fails again at once, technically, which is what the test waits for."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from bot.mapping.bundle import Bundle
from bot.run.engine import EngineOptions
from bot.run.ledger import Ledger
from bot.run.start import start_run
from bot.run.states import State
from bot.web.accounts import Accounts
from bot.web.app import WebSettings, create_app
from bot.web.runs import RunSettings
from tests.support import EXAMPLES, TODAY
from tests.web.conftest import CLERK

pytestmark = pytest.mark.browser
CLOSED = "http://127.0.0.1:9"  # the discard port: nothing listens, a connection is refused at once


@pytest.fixture
def ledger(tmp_path: Path) -> Iterator[Ledger]:
    ledger = Ledger(f"sqlite:///{tmp_path / 'ledger.db'}")
    Accounts(ledger).add_user(*CLERK)
    yield ledger
    ledger.close()


def test_a_stopped_run_is_taken_up_again_from_its_page(
    ledger: Ledger, bundle: Bundle, example_raw: dict[str, Any], tmp_path: Path
) -> None:
    run_id = start_run(ledger, bundle, example_raw, base_dir=EXAMPLES, today=TODAY)
    registration = next(f for f in ledger.filings(run_id) if f.item == "samr-registration")
    ledger.move(registration.id, State.PENDING, State.RUNNING, "第 1 次办理", attempts=1)
    ledger.move(registration.id, State.RUNNING, State.FAILED_TECHNICAL, "技术故障：已重试")
    engine = EngineOptions(base_urls=dict.fromkeys(bundle.items, CLOSED), max_attempts=1, backoff_s=0.1)
    settings = WebSettings(runs=RunSettings(engine, pdf=False, evidence_root=tmp_path / "evidence"))
    app = create_app(ledger, settings)
    with TestClient(app, base_url="http://127.0.0.1") as client:
        client.get("/clerk/login")
        csrf = client.cookies.get("yjb_csrf")
        client.post("/clerk/login", data={"name": CLERK[0], "password": CLERK[1], "csrf_token": csrf})
        page = client.get(f"/clerk/runs/{run_id}")
        assert '<form method="post" action="/clerk/runs/' + run_id + '/resume" class="resume" >' in page.text
        assert client.get(f"/clerk/runs/{run_id}/progress.json").json()["runs"][0]["resumable"]

        assert client.post(f"/clerk/runs/{run_id}/resume", data={}).status_code == 403  # no CSRF token
        resumed = client.post(f"/clerk/runs/{run_id}/resume", data={"csrf_token": csrf}, follow_redirects=False)
        assert resumed.status_code == 303 and resumed.headers["location"] == f"/clerk/runs/{run_id}"

        deadline = time.monotonic() + 120
        while app.state.runs.busy(run_id) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not app.state.runs.busy(run_id)
        assert client.get(f"/clerk/runs/{run_id}/progress.json").json()["runs"][0]["resumable"]
    moves = [(e.source, e.target, e.message) for e in ledger.events([registration.id])]
    assert (State.FAILED_TECHNICAL, State.PENDING, "工作台：重新办理") in moves
    assert moves[-1][:2] == (State.RUNNING, State.FAILED_TECHNICAL)  # tried again, on a portal that is not there
    assert ledger.filing(registration.id).attempts == 1
