"""Every clerk action leaves its audit row (issue 19, item 8): who, when, what, which application and run, from
where; ids and counts only, never a value of the application, an SMS code or what was searched for. The dashboard
over the real app and SQLite, the commands through the CLI, and ``bot audit --json`` reads it all back."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from typer.testing import CliRunner

from bot.mapping.bundle import Bundle
from bot.privacy.atrest import new_key
from bot.privacy.audit import ACTIONS, entries, terminal_actor
from bot.run.engine import EngineOptions
from bot.run.ledger import Ledger
from bot.run.start import start_stored_run, store_application
from bot.run.states import State
from bot.web.accounts import Accounts
from bot.web.app import WebSettings, create_app
from bot.web.runs import RunSettings
from cli import app as cli_app
from tests.support import EXAMPLES

CLERK = ("window01", "correct horse battery")
SMS_CODE = "918273"
ADDRESS = "192.0.2.44"
runner = CliRunner()


@pytest.fixture
def ledger(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Ledger]:
    monkeypatch.setenv("BOT_VAR", str(tmp_path / "var"))
    monkeypatch.setenv("BOT_LEDGER_KEY", new_key())
    monkeypatch.setenv("BOT_DATABASE_URL", f"sqlite:///{tmp_path / 'ledger.db'}")
    ledger = Ledger()
    Accounts(ledger).add_user(*CLERK)
    yield ledger
    ledger.close()


def _confirmed(client: TestClient, bundle: Bundle, raw: dict[str, Any]) -> int:
    """An application confirmed on the web form (what 确认提交 does), ready for 一键办理."""
    drafts = client.app.state.drafts  # type: ignore[attr-defined]
    _, draft = drafts.create(bundle.name)
    application_id = store_application(client.app.state.ledger, bundle, raw, base_dir=EXAMPLES, source="web")  # type: ignore[attr-defined]
    drafts.confirm(draft.id, application_id)
    return int(application_id)


def _settled(ledger: Ledger, bundle: Bundle, application_id: int, evidence: Path) -> str:
    """A run of the application with every filing done: a later run of the same values takes them over."""
    run_id = start_stored_run(ledger, bundle, application_id, evidence_root=evidence)
    for filing in ledger.filings(run_id):
        ledger.move(filing.id, State.PENDING, State.DONE, "测试预置", outputs={"receipt_no": f"SL-{filing.id}"})
    return run_id


def _rows(ledger: Ledger) -> list[tuple[str, str, int | None, str | None]]:
    return [(e.actor, e.action, e.application_id, e.run_id) for e in reversed(entries(ledger))]


def test_each_dashboard_action_leaves_its_row(
    ledger: Ledger, bundle: Bundle, example_raw: dict[str, Any], tmp_path: Path
) -> None:
    evidence = tmp_path / "evidence"
    engine = EngineOptions(base_urls=dict.fromkeys(bundle.items, "http://127.0.0.1:9"), max_attempts=1)
    settings = WebSettings(
        runs=RunSettings(engine, pdf=False, evidence_root=evidence), upload_root=tmp_path / "uploads", upkeep_s=None
    )
    app = create_app(ledger, settings)
    with TestClient(app, base_url="http://127.0.0.1", client=(ADDRESS, 50000)) as client:
        earlier = _confirmed(client, bundle, example_raw)
        _settled(ledger, bundle, earlier, evidence)
        application_id = _confirmed(client, bundle, example_raw)  # the same values again: its filings are done
        client.get("/clerk/login")
        csrf = client.cookies.get("yjb_csrf")

        def post(path: str, **data: str) -> Any:
            return client.post(path, data={"csrf_token": csrf, **data}, follow_redirects=False)

        assert post("/clerk/login", name=CLERK[0], password="wrong password").status_code == 401
        assert post("/clerk/login", name="nobody-here", password=CLERK[1]).status_code == 401
        assert post("/clerk/login", name=CLERK[0], password=CLERK[1]).status_code == 303
        assert client.get(f"/clerk/applications/{application_id}").status_code == 200
        assert client.get(f"/clerk/applications/{application_id}/scans/scans/legal-rep-id.png").status_code == 200
        found = post("/clerk/search", q=example_raw["legal_rep"]["name"])
        assert found.status_code == 200 and example_raw["legal_rep"]["name"] in found.text
        started = post(f"/clerk/applications/{application_id}/run")
        assert started.status_code == 303
        run_id = started.headers["location"].rsplit("/", 1)[-1]
        deadline = time.monotonic() + 60
        while app.state.runs.busy(run_id) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not app.state.runs.busy(run_id)
        assert client.get(f"/clerk/runs/{run_id}").status_code == 200
        assert post(f"/clerk/runs/{run_id}/resume").status_code == 303
        filing = ledger.filings(run_id)[0]
        question = ledger.ask(filing.id, kind="sms", who="clerk", question="短信验证码已发送至 13859612345", image=None)
        answered = post(f"/clerk/questions/{question}/answer", answer=SMS_CODE, next=f"/clerk/runs/{run_id}")
        assert answered.status_code == 303
        assert ledger.question(question).answer == SMS_CODE
        assert client.get(f"/clerk/runs/{run_id}/files/report.html").status_code == 200
        (evidence / run_id / "receipt.pdf").write_bytes(b"%PDF-1.4 receipt")
        assert client.get(f"/clerk/runs/{run_id}/receipt.pdf").status_code == 200
        assert post("/clerk/logout").status_code == 303

    clerk = CLERK[0]
    assert _rows(ledger) == [
        (clerk, "login_refused", None, None),
        ("（未知账号）", "login_refused", None, None),
        (clerk, "login", None, None),
        (clerk, "view_application", application_id, None),
        (clerk, "view_scan", application_id, None),
        (clerk, "search", None, None),
        (clerk, "start_run", application_id, run_id),
        (clerk, "view_run", application_id, run_id),
        (clerk, "resume_run", application_id, run_id),
        (clerk, "answer", application_id, run_id),
        (clerk, "view_file", application_id, run_id),
        (clerk, "download_receipt", application_id, run_id),
        (clerk, "logout", None, None),
    ]
    rows = entries(ledger)
    assert all(row.address == ADDRESS for row in rows)
    answer = next(row for row in rows if row.action == "answer")
    assert answer.question_id == question and answer.detail == f"{filing.item}：回答（sms）"
    assert next(row for row in rows if row.action == "search").detail == "找到 2 份申请"  # both confirmed
    assert next(row for row in rows if row.action == "view_file").detail == "report.html"
    _no_personal_data(ledger, example_raw)


def test_each_command_on_a_persons_data_leaves_its_row(
    ledger: Ledger, bundle: Bundle, example_raw: dict[str, Any], tmp_path: Path
) -> None:
    application_id = store_application(ledger, bundle, example_raw, base_dir=EXAMPLES, source="cli")
    run_id = _settled(ledger, bundle, application_id, tmp_path / "evidence")
    filing = ledger.filings(run_id)[0]
    question = ledger.ask(filing.id, kind="sms", who="clerk", question="短信验证码", image=None)
    commands = [
        ["users", "add", "window02"],
        ["answer", str(question), SMS_CODE],
        ["export", run_id],
        ["purge", "--days", "0"],  # settled before now: due
        ["forget", run_id, "--yes"],
        ["db", "seal"],
    ]
    for command in commands:
        result = runner.invoke(cli_app, command, input="another long password\n")
        assert result.exit_code == 0, (command, result.output)
    me = terminal_actor()
    assert _rows(ledger) == [
        (me, "user_add", None, None),
        (me, "answer", application_id, run_id),
        (me, "export", application_id, run_id),
        (me, "purge", application_id, None),
        (me, "forget", application_id, run_id),
        (me, "seal", None, None),
    ]  # (bot run/resume/batch record start_run/resume_run the same way; driving a run here would print its receipt
    # sheet with Chromium, seconds the dashboard's test already spends)
    read = runner.invoke(cli_app, ["audit", "--json"])
    assert read.exit_code == 0, read.output
    shown = json.loads(read.stdout)
    assert [row["action"] for row in shown] == ["seal", "forget", "purge", "export", "answer", "user_add"]
    assert shown[1]["label"] == ACTIONS["forget"] and shown[1]["application_id"] == application_id
    one = runner.invoke(cli_app, ["audit", "--application", str(application_id), "--json"])
    assert {row["application_id"] for row in json.loads(one.stdout)} == {application_id}
    table = runner.invoke(cli_app, ["audit", "--limit", "1"], env={"COLUMNS": "200"})
    assert table.exit_code == 0 and "重新加密（密钥轮换）" in table.stdout and "删除个人数据" not in table.stdout
    _no_personal_data(ledger, example_raw)


def _no_personal_data(ledger: Ledger, raw: dict[str, Any]) -> None:
    """Nothing of the application, nor the SMS code, in the audit table, as SQL reads it."""
    with ledger.session() as session:
        stored = json.dumps([list(row) for row in session.execute(text("SELECT * FROM audit"))], default=str)
    personal = [
        raw["legal_rep"]["id_number"],
        raw["legal_rep"]["mobile"],
        raw["legal_rep"]["name"],
        raw["liaison"]["mobile"],
        SMS_CODE,
        "13859612345",
    ]
    assert not [value for value in personal if str(value) in stored]
