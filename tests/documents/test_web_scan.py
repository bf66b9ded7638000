"""The web form's POST /apply/<bundle>/scan: uploads read as bot scan reads them, typed values kept."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bot.run.ledger import Ledger
from bot.web.app import WebSettings, create_app


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    ledger = Ledger(f"sqlite:///{tmp_path / 'ledger.db'}")
    app = create_app(ledger, WebSettings(upload_root=tmp_path / "uploads", max_body=16 * 1024 * 1024))
    with TestClient(app, base_url="http://127.0.0.1") as test_client:
        test_client.get("/apply/open-company")  # the CSRF cookie
        yield test_client
    ledger.close()


def test_uploaded_id_card_fills_empty_fields_with_their_source_and_flags_a_typed_one(
    client: TestClient, docs: Path
) -> None:
    files = [("document", ("正面.png", (docs / "front.png").read_bytes(), "image/png"))]
    data = {"csrf_token": client.cookies.get("yjb_csrf"), "role": "legal_rep", "legal_rep.name": "林志达"}
    answer = client.post("/apply/open-company/scan", data=data, files=files)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["filled"]["legal_rep.id_number"] == {
        "value": "350602198503122010",
        "source": "来自：法定代表人身份证",
        "label": "法定代表人·证件号码",
    }
    assert body["conflicts"]["legal_rep.name"]["read"] == "林志远"  # typed 林志达 stays
    assert "legal_rep.name" not in body["filled"]


def test_a_file_that_is_no_document_is_refused(client: TestClient) -> None:
    files = [("document", ("x.txt", b"hello", "text/plain"))]
    answer = client.post("/apply/open-company/scan", data={"csrf_token": client.cookies.get("yjb_csrf")}, files=files)
    assert answer.status_code == 400
