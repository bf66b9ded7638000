"""The web server refuses what it must: posts without the CSRF token, strangers on clerk pages,
uploads of the wrong kind or size, oversized requests, and password guessing. Real app, real SQLite."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bot.run.ledger import Ledger
from bot.web.accounts import MAX_FAILURES, Accounts
from bot.web.app import WebSettings, create_app
from bot.web.drafts import Drafts
from tests.support import EXAMPLES
from tests.web.conftest import CLERK

PNG = (EXAMPLES / "scans" / "legal-rep-id.png").read_bytes()


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    ledger = Ledger(f"sqlite:///{tmp_path / 'ledger.db'}")
    Accounts(ledger).add_user(*CLERK)
    app = create_app(ledger, WebSettings(upload_root=tmp_path / "uploads", max_body=8 * 1024 * 1024))
    with TestClient(app, base_url="http://127.0.0.1") as test_client:
        test_client.get("/apply/open-company")  # the visit that hands out the CSRF cookie
        yield test_client
    ledger.close()


def token(client: TestClient) -> str:
    value = client.cookies.get("yjb_csrf")
    assert value
    return value


def test_a_post_without_the_csrf_token_is_refused(client: TestClient) -> None:
    before = client.app.state.drafts  # type: ignore[attr-defined]
    assert isinstance(before, Drafts)
    for data in ({"company.trade_name": "云帆"}, {"company.trade_name": "云帆", "csrf_token": "forged-" * 5}):
        refused = client.post("/apply/open-company", data=data, follow_redirects=False)
        assert refused.status_code == 403
        assert "缺少安全令牌" in refused.text
    assert client.post("/clerk/login", data={"name": CLERK[0], "password": CLERK[1]}).status_code == 403
    with client.app.state.ledger.session() as session:  # type: ignore[attr-defined]
        from bot.web.drafts import DraftRow

        assert session.query(DraftRow).count() == 0  # nothing was stored
    accepted = client.post(
        "/apply/open-company", data={"company.trade_name": "云帆", "csrf_token": token(client)}, follow_redirects=False
    )
    assert accepted.status_code == 303 and accepted.headers["location"].startswith("/d/")
    header = client.post("/apply/open-company/derive", data={}, headers={"X-CSRF-Token": token(client)})
    assert header.status_code == 200


def test_clerk_pages_send_strangers_to_the_login(client: TestClient) -> None:
    for path in ("/clerk", "/clerk/runs/20261120-abcdef", "/clerk/questions/1/image", "/clerk/runs/x/receipt.pdf"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"] == "/clerk/login", path
    assert client.get("/clerk/progress.json").status_code == 401
    run = client.post("/clerk/applications/1/run", data={"csrf_token": token(client)}, follow_redirects=False)
    assert run.headers["location"] == "/clerk/login"

    login = client.post("/clerk/login", data={"name": CLERK[0], "password": CLERK[1], "csrf_token": token(client)})
    assert login.status_code == 200 and "待办理的申请" in login.text
    cookie = next(c for c in client.cookies.jar if c.name == "yjb_session")
    assert cookie.has_nonstandard_attr("HttpOnly") and cookie.path == "/clerk"
    client.post("/clerk/logout", data={"csrf_token": token(client)})
    assert client.get("/clerk", follow_redirects=False).headers["location"] == "/clerk/login"


def test_uploads_are_checked_by_content_and_size(client: TestClient) -> None:
    fields = {"csrf_token": token(client), "action": "save"}
    disguised = client.post(
        "/apply/open-company",
        data=fields,
        files={"legal_rep.id_scan": ("scan.png", b"MZ\x90\x00 not a picture at all", "image/png")},
    )
    assert disguised.status_code == 422
    assert "文件类型不符：只接受 JPG、PDF、PNG 格式的扫描件" in disguised.text
    assert 'id="err-legal_rep.id_scan"' in disguised.text  # shown beside the field

    too_big = PNG + b"\0" * (5 * 1024 * 1024)
    oversized = client.post(
        "/apply/open-company", data=fields, files={"liaison.id_scan": ("scan.png", too_big, "image/png")}
    )
    assert oversized.status_code == 422
    assert "文件过大：不能超过 5 MB" in oversized.text

    request_too_big = client.post(
        "/apply/open-company",
        data=fields,
        files={"liaison.id_scan": ("scan.png", b"\0" * (9 * 1024 * 1024), "image/png")},
    )
    assert request_too_big.status_code == 413
    assert "提交的内容过大（每次最多 8 MB）" in request_too_big.text

    good = client.post(
        "/apply/open-company",
        data=fields,
        files={"legal_rep.id_scan": ("林志远身份证.png", PNG, "image/png")},
        follow_redirects=False,
    )
    assert good.status_code == 303
    draft = client.app.state.drafts.get  # type: ignore[attr-defined]
    assert draft is not None
    with client.app.state.ledger.session() as session:  # type: ignore[attr-defined]
        from bot.web.drafts import DraftRow

        [row] = [r for r in session.query(DraftRow) if r.raw]
        assert row.raw["legal_rep"]["id_scan"] == "legal_rep.id_scan.png"  # our name, not the browser's
        assert (Path(row.upload_dir) / "legal_rep.id_scan.png").read_bytes() == PNG


def test_login_is_throttled_per_account_and_address(client: TestClient) -> None:
    def attempt(password: str) -> str:
        response = client.post(
            "/clerk/login", data={"name": CLERK[0], "password": password, "csrf_token": token(client)}
        )
        return response.text

    for _ in range(MAX_FAILURES):
        assert "账号或密码错误" in attempt("wrong password")
    locked = attempt(CLERK[1])  # even the right password must wait now
    assert "登录失败次数过多" in locked
    assert client.get("/clerk", follow_redirects=False).status_code == 303

    accounts = client.app.state.accounts  # type: ignore[attr-defined]
    assert accounts.login(CLERK[0], CLERK[1], "10.0.0.9")  # another address is not locked out
    with pytest.raises(Exception, match="登录失败次数过多"):
        accounts.login(CLERK[0], CLERK[1], "testclient")


def test_passwords_are_stored_as_argon2id_and_nothing_personal_goes_in_a_url(client: TestClient) -> None:
    [user] = client.app.state.accounts.users()  # type: ignore[attr-defined]
    assert user.password_hash.startswith("$argon2id$") and CLERK[1] not in user.password_hash
    saved = client.post(
        "/apply/open-company",
        data={"csrf_token": token(client), "legal_rep.id_number": "350602198503122010", "legal_rep.name": "林志远"},
        follow_redirects=False,
    )
    location = saved.headers["location"]
    assert "350602" not in location and "林" not in location
    page = client.get(location)
    assert page.status_code == 200 and "草稿链接" in page.text
    assert 'value="350602198503122010"' in page.text  # the applicant's own draft, resumed from the link
