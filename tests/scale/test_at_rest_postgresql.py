"""Personal data at rest on PostgreSQL (issue 19, item 8): a ``pg_dump`` of a ledger holding the example's
application, an answered SMS hand-off, a draft of the web form and audit rows shows no ID number, mobile number,
name or SMS code of it in plain text, yet the ledger reads them all back. tests/test_ledger_at_rest.py greps the
raw SQLite file the same way."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import make_url

from bench.services import PostgresServer
from bot.mapping.bundle import Bundle
from bot.privacy.atrest import PREFIX, new_key
from bot.privacy.audit import record
from bot.run.ledger import Ledger
from bot.run.start import start_run
from bot.web.drafts import Drafts
from tests.support import EXAMPLES, TODAY

SMS_CODE = "918273"


def _dump(postgres: PostgresServer, url: str) -> str:
    """The database as ``pg_dump`` writes it (plain SQL): what a backup holds."""
    database = make_url(url).database
    assert database
    dump = subprocess.run(
        [str(postgres.bin / "pg_dump"), "-h", "127.0.0.1", "-p", str(postgres.port), "-U", postgres.USER, database],
        capture_output=True,
        text=True,
        check=True,
    )
    return dump.stdout


def test_a_pg_dump_of_the_ledger_holds_no_personal_number_in_plain_text(
    postgres: PostgresServer,
    bundle: Bundle,
    example_raw: dict[str, Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("BOT_LEDGER_KEY", new_key())
    url = postgres.database()
    ledger = Ledger(url)
    try:
        run_id = start_run(ledger, bundle, example_raw, base_dir=EXAMPLES, today=TODAY)
        application_id = ledger.run(run_id).application_id
        filing = ledger.filings(run_id)[0]
        question = ledger.ask(filing.id, kind="sms", who="applicant", question="短信验证码", image=None)
        assert ledger.answer(question, SMS_CODE)
        drafts = Drafts(ledger, tmp_path / "uploads")
        _, draft = drafts.create(bundle.name)
        drafts.save(draft.id, example_raw)  # a draft being typed on the web form
        record(ledger, "window01", "view_application", application_id=application_id, address="192.0.2.44")

        dumped = _dump(postgres, url)
        assert "COPY public.applications" in dumped and "COPY public.audit" in dumped  # the dump holds the tables
        plain = [
            example_raw["legal_rep"]["id_number"],
            example_raw["legal_rep"]["mobile"],
            example_raw["liaison"]["mobile"],
            example_raw["shareholders"][1]["id_number"],
            example_raw["supervisor"]["id_number"],
            example_raw["legal_rep"]["name"],
            SMS_CODE,
        ]
        assert not [value for value in plain if str(value) in dumped]
        assert dumped.count(PREFIX) >= 3  # the application, the answer, the draft

        assert ledger.application(application_id).raw == json.loads(json.dumps(example_raw, default=str))
        assert ledger.question(question).answer == SMS_CODE
        assert drafts.by_id(draft.id).raw == json.loads(json.dumps(example_raw, default=str))  # type: ignore[union-attr]
    finally:
        ledger.close()
