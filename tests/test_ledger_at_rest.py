"""Personal data at rest: the ledger file holds no plain ID number, mobile number, name or SMS code of an application,
yet reads them back; older plain rows still read; a wrong key is an error saying so; rotation re-encrypts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from bot.errors import LedgerKeyError
from bot.mapping.bundle import Bundle
from bot.privacy.atrest import PREFIX, new_key
from bot.run.ledger import Ledger
from bot.run.start import start_run
from cli import app
from tests.support import EXAMPLES, TODAY

SMS_CODE = "918273"


def _file_bytes(tmp_path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(tmp_path.glob("ledger.db*")))


@pytest.fixture
def key(monkeypatch: pytest.MonkeyPatch) -> str:
    value = new_key()
    monkeypatch.setenv("BOT_LEDGER_KEY", value)
    return value


def _stored(tmp_path: Path, bundle: Bundle, raw: dict[str, Any]) -> tuple[str, int]:
    ledger = Ledger(f"sqlite:///{tmp_path / 'ledger.db'}")
    run_id = start_run(ledger, bundle, raw, base_dir=EXAMPLES, today=TODAY)
    filing = ledger.filings(run_id)[0]
    question = ledger.ask(filing.id, kind="sms", who="applicant", question="短信验证码", image=None)
    assert ledger.answer(question, SMS_CODE)
    application_id = ledger.run(run_id).application_id
    ledger.close()
    return run_id, application_id


def test_the_ledger_file_holds_no_personal_number_in_plain_text(
    tmp_path: Path, bundle: Bundle, example_raw: dict[str, Any], key: str
) -> None:
    run_id, application_id = _stored(tmp_path, bundle, example_raw)
    stored = _file_bytes(tmp_path)
    plain = [
        example_raw["legal_rep"]["id_number"],
        example_raw["legal_rep"]["mobile"],
        example_raw["liaison"]["mobile"],
        example_raw["shareholders"][1]["id_number"],
        example_raw["legal_rep"]["name"],
        SMS_CODE,
    ]
    assert all(str(value).encode() not in stored for value in plain), [v for v in plain if str(v).encode() in stored]
    assert PREFIX.encode() in stored
    ledger = Ledger(f"sqlite:///{tmp_path / 'ledger.db'}")
    assert ledger.application(application_id).raw == json.loads(json.dumps(example_raw, default=str))
    with ledger.session() as session:
        answers = [row[0] for row in session.execute(text("SELECT answer FROM questions"))]
    assert all(answer.startswith(PREFIX) for answer in answers)  # the SQL layer sees only the sealed text
    ledger.close()
    del run_id


def test_rows_written_before_encryption_still_read_and_are_sealed_by_bot_db_seal(
    tmp_path: Path, bundle: Bundle, example_raw: dict[str, Any], key: str
) -> None:
    _, application_id = _stored(tmp_path, bundle, example_raw)
    ledger = Ledger(f"sqlite:///{tmp_path / 'ledger.db'}")
    with ledger.session() as session:  # as an older version wrote it: plain JSON
        session.execute(
            text("UPDATE applications SET raw = :raw WHERE id = :id"),
            {"raw": json.dumps({"company": {"trade_name": "旧数据"}}, ensure_ascii=False), "id": application_id},
        )
    assert ledger.application(application_id).raw == {"company": {"trade_name": "旧数据"}}
    ledger.close()
    assert "旧数据".encode() in _file_bytes(tmp_path)

    rotated = f"{new_key()},{key}"  # a new key first; the old one still reads
    env = {"BOT_DATABASE_URL": f"sqlite:///{tmp_path / 'ledger.db'}", "BOT_LEDGER_KEY": rotated}
    result = CliRunner().invoke(app, ["db", "seal"], env=env)
    assert result.exit_code == 0, result.output
    ledger = Ledger(f"sqlite:///{tmp_path / 'ledger.db'}")
    with ledger.session() as session:
        session.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    ledger.close()
    assert "旧数据".encode() not in _file_bytes(tmp_path)


def test_a_wrong_key_is_an_error_that_says_so(
    tmp_path: Path, bundle: Bundle, example_raw: dict[str, Any], key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, application_id = _stored(tmp_path, bundle, example_raw)
    monkeypatch.setenv("BOT_LEDGER_KEY", new_key())
    ledger = Ledger(f"sqlite:///{tmp_path / 'ledger.db'}")
    with pytest.raises(LedgerKeyError, match="无法解密"):
        ledger.application(application_id)
    ledger.close()
    monkeypatch.setenv("BOT_LEDGER_KEY", "not a key")
    with pytest.raises(LedgerKeyError, match="不是有效的 Fernet 密钥"):
        Ledger(f"sqlite:///{tmp_path / 'ledger.db'}").application(application_id)


def test_without_a_key_one_is_made_once_beside_the_ledger(
    tmp_path: Path, bundle: Bundle, example_raw: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BOT_LEDGER_KEY", raising=False)
    monkeypatch.setenv("BOT_VAR", str(tmp_path))
    _, application_id = _stored(tmp_path, bundle, example_raw)
    key_file = tmp_path / "ledger.key"
    assert key_file.stat().st_mode & 0o777 == 0o600
    made = key_file.read_text()
    ledger = Ledger(f"sqlite:///{tmp_path / 'ledger.db'}")
    assert ledger.application(application_id).raw["legal_rep"]["name"] == example_raw["legal_rep"]["name"]
    ledger.close()
    assert key_file.read_text() == made
