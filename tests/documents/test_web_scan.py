"""The web form's POST /apply/<bundle>/scan: uploads read as bot scan reads them, typed values kept."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bot.documents.runs import kept_documents
from bot.mapping.bundle import load_bundle
from bot.paths import mappings_dir
from bot.run.ledger import Ledger
from bot.run.start import store_application
from bot.web.accounts import Accounts
from bot.web.app import WebSettings, create_app
from tests.support import EXAMPLES
from tests.web.conftest import CLERK, Served
from tests.web.support import example


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


def test_saving_the_draft_keeps_the_box_documents_for_the_review(client: TestClient, docs: Path) -> None:
    files = [
        ("document-1", ("我的身份证.png", (docs / "front.png").read_bytes(), "image/png")),
        ("document-2", ("notes.txt", b"hello", "text/plain")),  # not a document: not kept
        ("document-3", ("租赁合同.png", (docs / "lease.png").read_bytes(), "image/png")),
    ]
    data = {
        "csrf_token": client.cookies.get("yjb_csrf"),
        "document-1-role": "legal_rep",
        "document-2-role": "liaison",
        "document-3-role": "",
        "legal_rep.name": "林志远",
        "action": "save",
    }
    saved = client.post("/apply/open-company", data=data, files=files, follow_redirects=False)
    assert saved.status_code == 303, saved.text
    [folder] = (client.app.state.drafts.upload_root).iterdir()  # type: ignore[attr-defined]
    assert sorted(p.name for p in (folder / "documents").iterdir()) == ["document-1.png", "document-3.png"]
    assert kept_documents(folder, {}) == [
        (folder / "documents/document-1.png", "legal_rep"),
        (folder / "documents/document-3.png", None),
    ]
    # the same row again replaces its document; the other stays
    again = [("document-1", ("背面.png", (docs / "back.png").read_bytes(), "image/png"))]
    data = {"csrf_token": client.cookies.get("yjb_csrf"), "document-1-role": "supervisor", "action": "save"}
    client.post(saved.headers["location"].split("?")[0], data=data, files=again, follow_redirects=False)
    assert kept_documents(folder, {})[0] == (folder / "documents/document-1.png", "supervisor")
    assert (folder / "documents/document-1.png").read_bytes() == (docs / "back.png").read_bytes()
    assert len(kept_documents(folder, {})) == 2


def test_the_clerk_review_sheet_of_an_application_without_documents_says_what_is_missing(
    client: TestClient, tmp_path: Path
) -> None:
    app = client.app
    Accounts(app.state.ledger).add_user(*CLERK)  # type: ignore[attr-defined]
    web = Served("http://127.0.0.1", app, app.state.ledger)  # type: ignore[arg-type,attr-defined]
    bundle = load_bundle(mappings_dir(), "open-company")
    draft_folder = tmp_path / "folder"  # an application file's folder: nothing is written there
    shutil.copytree(EXAMPLES / "scans", draft_folder / "scans")
    drafts = app.state.drafts  # type: ignore[attr-defined]
    _token, draft = drafts.create(bundle.name)
    application_id = store_application(web.ledger, bundle, example(), base_dir=draft_folder, source="web")
    drafts.confirm(draft.id, application_id)
    csrf = client.cookies.get("yjb_csrf")
    client.post("/clerk/login", data={"name": CLERK[0], "password": CLERK[1], "csrf_token": csrf})
    page = client.get(f"/clerk/applications/{application_id}")
    assert f'href="/clerk/applications/{application_id}/review"' in page.text
    sheet = client.get(f"/clerk/applications/{application_id}/review")
    assert sheet.status_code == 200
    assert "身份证姓名与填报一致：未提供材料" in sheet.text and "租赁房屋坐落与住所一致：未提供材料" in sheet.text
    assert "rv-passed" not in sheet.text and "rv-crop" not in sheet.text
    assert [p.name for p in draft_folder.iterdir()] == ["scans"]
    assert client.get(f"/clerk/applications/{application_id}/review/..%2Fx.png").status_code == 404
    again = client.post(
        f"/clerk/applications/{application_id}/review", data={"csrf_token": csrf}, follow_redirects=False
    )
    assert again.status_code == 303
