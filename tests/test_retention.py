"""A person's data is exported on request, forgotten on request, and purged once the retention time has passed since
every filing settled; receipts, states and the receipt sheet stay."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from bot.localtime import utcnow
from bot.mapping.bundle import Bundle
from bot.privacy.atrest import new_key
from bot.run.ledger import Ledger
from bot.run.retention import FORGOTTEN_KEY, purge
from bot.run.start import start_run
from bot.run.states import State
from cli import app
from tests.support import EXAMPLES, TODAY

runner = CliRunner()


@pytest.fixture
def stored(
    tmp_path: Path, bundle: Bundle, example_raw: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Ledger, str]]:
    monkeypatch.setenv("BOT_VAR", str(tmp_path / "var"))
    monkeypatch.setenv("BOT_LEDGER_KEY", new_key())
    monkeypatch.setenv("BOT_DATABASE_URL", f"sqlite:///{tmp_path / 'ledger.db'}")
    ledger = Ledger()
    run_id = start_run(ledger, bundle, example_raw, base_dir=EXAMPLES, today=TODAY)
    for filing in ledger.filings(run_id):
        question = ledger.ask(filing.id, kind="sms", who="applicant", question="短信验证码", image=b"\x89PNG")
        ledger.answer(question, "918273")
        ledger.move(filing.id, State.PENDING, State.DONE, "测试：已办结", receipt={"no": "R1"}, outputs={"no": "R1"})
        folder = Path(filing.evidence_dir)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "01-filled-法定代表人.jpg").write_bytes(b"\xff\xd8\xff picture of the filled form")
        (folder / "trace-1.zip").write_bytes(b"PK")
    run_folder = Path(ledger.run(run_id).evidence_dir)
    run_folder.mkdir(parents=True, exist_ok=True)
    (run_folder / "receipt.html").write_text("<html>回执</html>", encoding="utf-8")
    yield ledger, run_id
    ledger.close()


def test_purge_forgets_what_settled_before_the_retention_time_and_keeps_the_receipts(
    stored: tuple[Ledger, str], example_raw: dict[str, Any]
) -> None:
    ledger, run_id = stored
    application_id = ledger.run(run_id).application_id
    assert purge(ledger, dt.timedelta(days=180)) == []  # settled just now: kept
    [done] = purge(ledger, dt.timedelta(days=180), now=utcnow() + dt.timedelta(days=181))
    assert done.application_id == application_id and done.answers == len(ledger.filings(run_id)) and done.files > 0
    assert set(ledger.application(application_id).raw) == {FORGOTTEN_KEY}
    with ledger.session() as session:
        from bot.run.ledger import QuestionRow

        assert all(q.answer is None and q.image is None for q in session.query(QuestionRow))
    for filing in ledger.filings(run_id):
        assert filing.state == State.DONE and filing.outputs == {"no": "R1"}  # the receipts stay
        assert not list(Path(filing.evidence_dir).rglob("*.jpg")) and not list(Path(filing.evidence_dir).glob("*.zip"))
        assert "个人数据已删除" in ledger.events([filing.id])[-1].message
    assert (Path(ledger.run(run_id).evidence_dir) / "receipt.html").is_file()
    assert purge(ledger, dt.timedelta(days=180), now=utcnow() + dt.timedelta(days=400)) == []  # once
    del example_raw


def test_an_application_still_being_filed_is_not_purged(
    stored: tuple[Ledger, str], bundle: Bundle, example_raw: dict[str, Any]
) -> None:
    ledger, run_id = stored
    raw = {**example_raw, "company": {**example_raw["company"], "trade_name": "海岳"}}
    pending = start_run(ledger, bundle, raw, base_dir=EXAMPLES, today=TODAY)  # its filings are still pending
    done = purge(ledger, dt.timedelta(days=1), now=utcnow() + dt.timedelta(days=30))
    assert [d.application_id for d in done] == [ledger.run(run_id).application_id]
    assert ledger.application(ledger.run(pending).application_id).raw["company"]["trade_name"] == "海岳"


def test_export_then_forget_on_request(stored: tuple[Ledger, str], example_raw: dict[str, Any]) -> None:
    _, run_id = stored
    exported = runner.invoke(app, ["export", run_id])
    assert exported.exit_code == 0, exported.output
    data = json.loads(exported.stdout)
    assert data["bundle"] == "open-company" and data["values"]["legal_rep"]["id_number"] == "350602198503122010"
    refused = runner.invoke(app, ["forget", run_id])
    assert refused.exit_code == 2 and "--yes" in refused.stderr  # the command line misses its --yes
    done = runner.invoke(app, ["forget", run_id, "--yes"])
    assert done.exit_code == 0 and "回执保留" in done.stdout
    again = runner.invoke(app, ["export", run_id])
    assert again.exit_code == 2 and "已删除" in again.stderr
    del example_raw
