"""The anonymous web form has limits (issue 19, item 7): drafts, uploads and megabytes per client address per hour,
the scans' total size, and abandoned drafts purged with their scans, by ``bot purge`` and by the server on its own.
Each refusal is Chinese and names its limit; nothing is stored past one. Real app, real SQLite."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, text, update
from typer.testing import CliRunner

from bot.errors import BotError, ExitCode
from bot.localtime import utcnow
from bot.mapping.bundle import Bundle
from bot.privacy.atrest import PREFIX, new_key
from bot.run.ledger import Ledger
from bot.run.retention import forget
from bot.run.start import store_application
from bot.web.app import WebSettings, create_app
from bot.web.drafts import DraftRow, Drafts
from bot.web.quotas import MB, Limits, QuotaRow
from cli import app as cli_app
from tests.support import EXAMPLES

PNG = (EXAMPLES / "scans" / "legal-rep-id.png").read_bytes()
SCAN_FIELD = "legal_rep.id_scan"
LABEL = "身份证扫描件"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("BOT_VAR", str(tmp_path / "var"))
    monkeypatch.setenv("BOT_LEDGER_KEY", new_key())
    monkeypatch.setenv("BOT_DATABASE_URL", f"sqlite:///{tmp_path / 'ledger.db'}")
    return tmp_path


@pytest.fixture
def web(home: Path) -> Iterator[Callable[..., TestClient]]:
    """A client of the app with the given limits, from the given address; the app keeps scans in var/uploads."""
    ledger = Ledger()
    clients: list[TestClient] = []

    def client(limits: Limits, address: str = "192.0.2.10") -> TestClient:
        settings = WebSettings(upload_root=home / "var" / "uploads", limits=limits, upkeep_s=None)
        started = TestClient(create_app(ledger, settings), base_url="http://127.0.0.1", client=(address, 50000))
        started.__enter__()
        started.get("/apply/open-company")  # the visit that hands out the CSRF cookie
        clients.append(started)
        return started

    yield client
    for started in clients:
        started.__exit__(None, None, None)
    ledger.close()


def _csrf(client: TestClient) -> str:
    value = client.cookies.get("yjb_csrf")
    assert value
    return value


def _new_draft(client: TestClient, files: dict[str, Any] | None = None) -> Any:
    data = {"company.trade_name": "云帆", "csrf_token": _csrf(client)}
    return client.post("/apply/open-company", data=data, files=files, follow_redirects=False)


def _save(client: TestClient, location: str, files: dict[str, Any]) -> Any:
    data = {"company.trade_name": "云帆", "csrf_token": _csrf(client)}
    return client.post(location.split("?")[0], data=data, files=files, follow_redirects=False)


def _count(client: TestClient, row: type[Any]) -> int:
    with client.app.state.ledger.session() as session:  # type: ignore[attr-defined]
        return int(session.scalar(select(func.count()).select_from(row)) or 0)


def _scan(size: int = len(PNG)) -> dict[str, Any]:
    """A PNG of ``size`` bytes (the upload check reads the signature and the size)."""
    body = PNG if size <= len(PNG) else PNG + b"\0" * (size - len(PNG))
    return {SCAN_FIELD: ("身份证.png", body, "image/png")}


def test_drafts_per_address_per_hour(web: Callable[..., TestClient]) -> None:
    client = web(Limits(drafts_per_hour=2))
    for _ in range(2):
        assert _new_draft(client).status_code == 303
    refused = _new_draft(client, _scan())
    assert refused.status_code == 429
    assert "新建申请表草稿的次数已达上限（同一网络每小时 2 份，BOT_DRAFTS_PER_HOUR）" in refused.text
    assert "分钟后再试" in refused.text
    assert _count(client, DraftRow) == 2  # nothing stored: no draft, no scan
    other = web(Limits(drafts_per_hour=2), address="192.0.2.77")  # another address has its own count
    assert _new_draft(other).status_code == 303


def test_uploads_per_address_per_hour(web: Callable[..., TestClient], home: Path) -> None:
    client = web(Limits(uploads_per_hour=1))
    first = _new_draft(client, _scan())
    assert first.status_code == 303
    refused = _save(client, first.headers["location"], _scan())
    assert refused.status_code == 422
    assert LABEL in refused.text  # beside its field
    assert "上传次数已达上限（同一网络每小时 1 个文件，BOT_UPLOADS_PER_HOUR）" in refused.text
    assert len(list((home / "var" / "uploads").rglob("*.png"))) == 1


def test_upload_megabytes_per_address_per_hour(web: Callable[..., TestClient], home: Path) -> None:
    client = web(Limits(upload_mb_per_hour=1))
    first = _new_draft(client, _scan(700 * 1024))
    assert first.status_code == 303
    refused = _save(client, first.headers["location"], _scan(700 * 1024))
    assert refused.status_code == 422 and LABEL in refused.text
    assert "上传的文件总量已达上限（同一网络每小时 1 MB，BOT_UPLOAD_MB_PER_HOUR；本小时已上传 700 KB）" in refused.text
    [kept] = (home / "var" / "uploads").rglob("*.png")
    assert kept.stat().st_size == 700 * 1024


def test_the_scans_total_size(web: Callable[..., TestClient], home: Path) -> None:
    earlier = home / "var" / "uploads" / ("a" * 32)
    earlier.mkdir(parents=True)
    (earlier / "legal_rep.id_scan.pdf").write_bytes(b"%PDF-" + b"\0" * MB)  # what is kept already: 1 MB
    client = web(Limits(upload_total_mb=1))
    refused = _new_draft(client, _scan())
    assert refused.status_code == 422 and LABEL in refused.text
    assert "服务器存放扫描件的空间已满（上限 1 MB，BOT_UPLOAD_TOTAL_MB）" in refused.text
    assert len(list((home / "var" / "uploads").rglob("*.png"))) == 0


@pytest.mark.parametrize(
    ("name", "value"),
    [("BOT_DRAFTS_PER_HOUR", "十"), ("BOT_UPLOAD_TOTAL_MB", "-1"), ("BOT_DRAFT_DAYS", "3.5")],
)
def test_a_limit_that_is_no_whole_number_is_an_error_naming_it(
    name: str, value: str, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(BotError, match=f"{name}（.*）应为不小于 0 的整数") as caught:
        Limits.from_env({name: value})
    assert caught.value.exit_code == ExitCode.PROJECT
    monkeypatch.setenv(name, value)
    result = CliRunner().invoke(cli_app, ["purge"])
    assert result.exit_code == ExitCode.PROJECT and name in result.stderr, result.output
    assert "Traceback" not in result.output


def _aged(ledger: Ledger, draft_id: int, days: int) -> None:
    with ledger.session() as session:
        session.execute(
            update(DraftRow).where(DraftRow.id == draft_id).values(updated_at=utcnow() - dt.timedelta(days=days))
        )


def test_abandoned_drafts_are_purged_with_their_scans_and_confirmed_ones_keep_no_copy(
    home: Path, bundle: Bundle, example_raw: dict[str, Any]
) -> None:
    ledger = Ledger()
    drafts = Drafts(ledger, home / "var" / "uploads")
    old_token, old = drafts.create(bundle.name)
    drafts.save(old.id, {"company": {"trade_name": "旧草稿"}})
    Path(old.upload_dir).mkdir(parents=True)
    (Path(old.upload_dir) / "legal_rep.id_scan.png").write_bytes(PNG)
    _aged(ledger, old.id, 31)
    _, fresh = drafts.create(bundle.name)
    _, done = drafts.create(bundle.name)
    drafts.save(done.id, example_raw)
    application_id = store_application(ledger, bundle, example_raw, base_dir=EXAMPLES, source="web")
    drafts.confirm(done.id, application_id)
    _aged(ledger, done.id, 400)
    with ledger.session() as session:  # a quota count from two hours ago limits nothing any more
        session.add(QuotaRow(key="x", kind="draft", size=0, at=utcnow() - dt.timedelta(hours=2)))
    assert drafts.by_id(done.id).raw == {}  # type: ignore[union-attr]  # confirmed: the application holds it

    result = CliRunner().invoke(cli_app, ["purge"])
    assert result.exit_code == 0, result.output
    assert "1 份超过 30 天未提交的草稿（文件 1 个）" in result.stdout
    assert drafts.get(old_token) is None and not Path(old.upload_dir).exists()
    assert drafts.by_id(fresh.id) is not None and drafts.by_id(done.id) is not None
    with ledger.session() as session:
        assert session.scalar(select(func.count()).select_from(QuotaRow)) == 0
    again = CliRunner().invoke(cli_app, ["purge", "--draft-days", "0"])  # 0: every draft not confirmed
    assert again.exit_code == 0 and "1 份超过 0 天未提交的草稿（文件 0 个）" in again.stdout
    assert drafts.by_id(fresh.id) is None and drafts.by_id(done.id) is not None
    ledger.close()


def test_the_web_server_purges_abandoned_drafts_on_its_own(home: Path, bundle: Bundle) -> None:
    ledger = Ledger()
    drafts = Drafts(ledger, home / "var" / "uploads")
    _, old = drafts.create(bundle.name)
    _aged(ledger, old.id, 3)
    settings = WebSettings(upload_root=home / "var" / "uploads", limits=Limits(draft_days=2), upkeep_s=3600)
    with TestClient(create_app(ledger, settings), base_url="http://127.0.0.1"):
        gone = _wait_for(lambda: drafts.by_id(old.id) is None)  # the first round runs at start-up, then hourly
    assert gone and not Path(old.upload_dir).exists()
    ledger.close()


def _wait_for(condition: Callable[[], bool]) -> bool:
    deadline = time.monotonic() + 60
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_drafts_are_sealed_and_forgetting_a_web_application_removes_its_scans(
    home: Path, bundle: Bundle, example_raw: dict[str, Any]
) -> None:
    ledger = Ledger()
    drafts = Drafts(ledger, home / "var" / "uploads")
    _, draft = drafts.create(bundle.name)
    drafts.save(draft.id, example_raw)
    with ledger.session() as session:
        stored = session.execute(text("SELECT raw FROM web_drafts")).scalar_one()
    assert json.loads(stored).startswith(PREFIX) and example_raw["legal_rep"]["id_number"] not in stored
    folder = Path(draft.upload_dir)
    shutil.copytree(EXAMPLES / "scans", folder / "scans")  # the scans the example's values name
    application_id = store_application(ledger, bundle, example_raw, base_dir=folder, source="web")
    drafts.confirm(draft.id, application_id)
    done = forget(ledger, application_id, "应本人要求")
    assert done.files == len(list((EXAMPLES / "scans").iterdir())) and not folder.exists()
    ledger.close()
