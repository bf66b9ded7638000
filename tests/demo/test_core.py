"""The shared core of the demo portals, exercised through the core tests' own portals.

The subject is :data:`demo.placeholder.CORE_TEST_SPECS` (fixtures ``core_portals``,
``core_admin``, ``clean_core``): placeholder pages that no portal engineer changes, so
these tests do not follow the six real portals' routes. Only the tests about the six as a
set use ``portals``, and only through the core routes (``/__health``, ``/__admin/``).
Real servers (PortalsProcess child processes), real Chromium where a browser matters.
"""

from __future__ import annotations

import io
import random
import re
import sqlite3
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from PIL import Image
from playwright.sync_api import Page, Request
from stdnum.cn import uscc as stdnum_uscc

from demo.core import uscc
from demo.core.captcha import ALPHABET as CAPTCHA_ALPHABET
from demo.core.store import PortalStore
from demo.launcher import PortalsProcess
from demo.placeholder import CORE_TEST_SPECS, CORE_TEST_SPECS_REF
from demo.portals import PORTALS, load_spec
from demo.testing import AdminClient

# PW logs in by password + captcha and publishes to the registry (the samr role); SMS_A and
# SMS_B log in by SMS code and check the registry (the roles of the other portals).
PW, SMS_A, SMS_B = "core-test-password", "core-test-sms-a", "core-test-sms-b"
COOKIE = {spec.item: spec.cookie for spec in CORE_TEST_SPECS}
PHONE = "13812345678"
Admins = dict[str, AdminClient]


def client(url: str) -> httpx.Client:
    return httpx.Client(base_url=url, trust_env=False, timeout=10.0)


def login_password(http: httpx.Client, admin: AdminClient, account: str = "demo", password: str = "Demo@2024") -> None:
    assert http.get("/captcha.png").status_code == 200
    answer = admin.captcha(session=http.cookies.get(COOKIE[admin.item]))
    response = http.post("/login", data={"account": account, "password": password, "captcha": answer})
    assert response.status_code == 303, response.text
    assert response.headers["location"] == "/form"


def login_sms(http: httpx.Client, admin: AdminClient, phone: str = PHONE) -> None:
    assert http.post("/login/sms-code", data={"phone": phone}).status_code == 200
    response = http.post("/login", data={"phone": phone, "sms_code": admin.sms_code(phone)})
    assert response.status_code == 303, response.text


def login_in_browser(page: Page, url: str, admin: AdminClient) -> None:
    page.goto(url + "/login")
    page.get_by_label("账号").fill("demo")
    page.get_by_label("密码").fill("Demo@2024")
    page.get_by_label("验证码").fill(admin.captcha())
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/form")


def assert_healthy_and_guarded(running: PortalsProcess) -> None:
    """Every portal answers ``/__health`` and refuses admin calls without the right token."""
    for item, url in running.urls.items():
        assert httpx.get(url + "/__health", trust_env=False).json() == {"item": item, "status": "ok"}
        for headers in ({}, {"X-Admin-Token": "wrong"}):
            refused = httpx.get(url + "/__admin/submissions", headers=headers, trust_env=False)
            assert refused.status_code == 401
            assert "管理令牌" in refused.json()["error"]
        assert httpx.post(url + "/__admin/reset", trust_env=False).status_code == 401
        ok = httpx.get(url + "/__admin/faults", headers={"X-Admin-Token": running.admin_token}, trust_env=False)
        assert ok.status_code == 200


# -- the six real portals as a set (core routes only) --------------------------------


def test_every_portal_answers_and_refuses_admin_calls_without_the_token(portals: PortalsProcess) -> None:
    assert list(portals.urls) == list(PORTALS)
    assert list(portals.ports) == list(PORTALS)
    assert_healthy_and_guarded(portals)


def test_the_six_portals_have_their_own_session_cookies() -> None:
    """Browsers share cookies across the ports of one host: one cookie name per portal."""
    shorts = [load_spec(item).short for item in PORTALS]
    assert [s.upper() for s in shorts] == ["SAMR", "PSB", "TAX", "HRSS", "HPF", "BANK"]
    assert len({f"SID_{s.upper()}" for s in shorts}) == len(PORTALS)


# -- admin API ---------------------------------------------------------------------


def test_core_test_portals_answer_and_refuse_admin_calls_without_the_token(core_portals: PortalsProcess) -> None:
    assert list(core_portals.urls) == [PW, SMS_A, SMS_B] == [spec.item for spec in CORE_TEST_SPECS]
    assert_healthy_and_guarded(core_portals)
    for url in core_portals.urls.values():
        page = httpx.get(url + "/login", trust_env=False)
        assert page.status_code == 200 and "登录" in page.text


def test_bad_fault_values_are_refused_in_chinese(core_admin: Admins) -> None:
    response = core_admin[PW].http.post("/faults", json={"error_rate": 2, "nonsense": 1})
    assert response.status_code == 422
    assert response.json()["error"] == "故障参数有误"
    assert core_admin[PW].faults()["error_rate"] == 0


# -- captcha and SMS ---------------------------------------------------------------


def test_captcha_is_a_real_png_whose_answer_the_admin_api_reveals(
    core_portals: PortalsProcess, core_admin: Admins
) -> None:
    admin = core_admin
    with client(core_portals.urls[PW]) as http:
        image = http.get("/captcha.png")
        assert image.headers["content-type"] == "image/png"
        assert image.content.startswith(b"\x89PNG\r\n\x1a\n")
        with Image.open(io.BytesIO(image.content)) as png:
            assert png.format == "PNG" and png.size == (130, 44)
        sid = http.cookies["SID_CORE_PW"]
        answer = admin[PW].captcha(session=sid)
        assert admin[PW].captcha() == answer
        assert 4 <= len(answer) <= 5 and set(answer) <= set(CAPTCHA_ALPHABET)

        wrong = http.post("/login", data={"account": "demo", "password": "Demo@2024", "captcha": "ZZZZ"})
        assert wrong.status_code == 200 and "图形验证码错误" in wrong.text
        # The answer is spent after one try: the right answer no longer works.
        spent = http.post("/login", data={"account": "demo", "password": "Demo@2024", "captcha": answer})
        assert "图形验证码错误" in spent.text

        http.get("/captcha.png")
        fresh = admin[PW].captcha(session=sid)
        ok = http.post("/login", data={"account": "demo", "password": "Demo@2024", "captcha": fresh.lower()})
        assert ok.status_code == 303


def test_captcha_fault_off_accepts_any_answer(core_portals: PortalsProcess, clean_core: Admins) -> None:
    clean_core[PW].faults(captcha=False)
    with client(core_portals.urls[PW]) as http:
        assert http.get("/captcha.png").headers["content-type"] == "image/png"
        ok = http.post("/login", data={"account": "demo", "password": "Demo@2024", "captcha": "whatever"})
        assert ok.status_code == 303


def test_sms_codes_land_in_one_shared_inbox_newest_first(core_portals: PortalsProcess, clean_core: Admins) -> None:
    with client(core_portals.urls[SMS_A]) as sms_a, client(core_portals.urls[SMS_B]) as sms_b:
        assert "验证码已发送" in sms_a.post("/login/sms-code", data={"phone": PHONE}).text
        sms_b.post("/login/sms-code", data={"phone": PHONE})
        inbox = clean_core[SMS_A].sms(PHONE)
        assert [m["portal"] for m in inbox] == [SMS_B, SMS_A]
        assert all(re.fullmatch(r"\d{6}", m["code"]) for m in inbox)
        assert inbox[0]["text"].startswith("【核心测试乙】您的验证码为" + inbox[0]["code"])
        assert inbox[1]["text"].startswith("【核心测试甲】您的验证码为" + inbox[1]["code"])

        assert "短信验证码错误" in sms_a.post("/login", data={"phone": PHONE, "sms_code": "000000x"}).text
        # A code sent by another portal does not open this one.
        assert sms_a.post("/login", data={"phone": PHONE, "sms_code": inbox[0]["code"]}).status_code == 200
        ok = sms_a.post("/login", data={"phone": PHONE, "sms_code": inbox[1]["code"]})
        assert ok.status_code == 303
        # Single use.
        sms_a.get("/logout")
        assert sms_a.post("/login", data={"phone": PHONE, "sms_code": inbox[1]["code"]}).status_code == 200


def test_phone_numbers_stay_out_of_the_server_log(core_portals: PortalsProcess, clean_core: Admins) -> None:
    with client(core_portals.urls[SMS_A]) as sms_a:
        login_sms(sms_a, clean_core[SMS_A], "13900001111")
        sms_a.get("/mine", params={"q": "13900001111"})
    assert "13900001111" not in core_portals.log_path.read_text(encoding="utf-8", errors="replace")


# -- sessions ----------------------------------------------------------------------


def test_pages_behind_login_redirect_and_json_callers_get_401(core_portals: PortalsProcess) -> None:
    with client(core_portals.urls[PW]) as http:
        assert http.get("/form").headers["location"] == "/login"
        refused = http.get("/mine", headers={"Accept": "application/json"})
        assert refused.status_code == 401 and refused.json()["error"] == "请先登录"


@pytest.mark.browser
def test_idle_session_expires_and_bounces_to_login(
    core_portals: PortalsProcess, clean_core: Admins, page: Page
) -> None:
    url = core_portals.urls[PW]
    login_in_browser(page, url, clean_core[PW])
    clean_core[PW].faults(session_ttl_s=1)  # after login, so a slow login cannot expire
    page.get_by_label("单位名称").fill("会话测试有限公司")
    page.wait_for_timeout(1500)  # idle longer than the 1 s expiry: the point of the test
    page.get_by_role("button", name="提交").click()
    page.wait_for_url("**/login?expired=1")
    assert "登录已超时，请重新登录" in page.content()
    assert clean_core[PW].submissions() == []


def test_admin_can_expire_sessions_at_once(core_portals: PortalsProcess, core_admin: Admins) -> None:
    admin = core_admin
    with client(core_portals.urls[PW]) as http:
        login_password(http, admin[PW])
        assert http.get("/form").status_code == 200
        assert admin[PW].expire_sessions() >= 1
        bounced = http.get("/form")
        assert bounced.status_code == 303 and bounced.headers["location"] == "/login"


# -- faults ------------------------------------------------------------------------


def test_error_rate_answers_5xx_then_200_again(core_portals: PortalsProcess, clean_core: Admins) -> None:
    url = core_portals.urls[SMS_A]
    clean_core[SMS_A].faults(error_rate=1.0)
    with client(url) as http:
        for _ in range(5):
            failed = http.get("/login")
            assert 500 <= failed.status_code < 600
            assert "系统繁忙" in failed.text
        # The admin API and the health check are never hit by faults.
        assert clean_core[SMS_A].faults()["error_rate"] == 1.0
        assert http.get("/__health").status_code == 200
        clean_core[SMS_A].faults(error_rate=0)
        assert http.get("/login").status_code == 200


def test_fail_next_answers_503_to_one_path_that_many_times(core_portals: PortalsProcess, clean_core: Admins) -> None:
    url = core_portals.urls[SMS_A]
    clean_core[SMS_A].faults(fail_next={"/login": 2})
    with client(url) as http:
        assert [http.get("/login").status_code for _ in range(3)] == [503, 503, 200]
        assert http.get("/__health").status_code == 200
    assert clean_core[SMS_A].faults()["fail_next"] == {"/login": 0}


def test_latency_is_added(core_portals: PortalsProcess, clean_core: Admins) -> None:
    clean_core[SMS_A].faults(latency_ms=400)
    with client(core_portals.urls[SMS_A]) as http:
        started = time.monotonic()
        assert http.get("/login").status_code == 200
        assert time.monotonic() - started >= 0.4


def test_dropped_response_stores_the_submission_but_httpx_gets_no_response(
    core_portals: PortalsProcess, clean_core: Admins
) -> None:
    pw = clean_core[PW]
    with client(core_portals.urls[PW]) as http:
        login_password(http, pw)
        pw.faults(drop_responses=1)
        form = {"dwmc": "丢包测试有限公司", "dz": "北京市朝阳区", "fddbr": "张三", "bz": ""}
        with pytest.raises(httpx.RemoteProtocolError):
            http.post("/form", data=form)
        stored = pw.submissions()
        assert len(stored) == 1
        assert stored[0]["payload"] == form  # every field, the empty one too, under the portal's names
        assert stored[0]["receipt_no"].startswith("SL")
        assert pw.faults()["drop_responses"] == 0
        # The counter is spent: the next submit answers normally.
        second = http.post("/form", data={**form, "dwmc": "第二家有限公司"})
        assert second.status_code == 303 and second.headers["location"].startswith("/receipt/SL")
        assert len(pw.submissions()) == 2


def test_a_held_submit_answer_comes_after_the_submission_is_stored(
    core_portals: PortalsProcess, clean_core: Admins
) -> None:
    """The window a worker is killed in (tests/scale): the portal has stored the submission, the client has
    no answer yet."""
    pw = clean_core[PW]
    with client(core_portals.urls[PW]) as http, ThreadPoolExecutor(1) as pool:
        login_password(http, pw)
        pw.faults(hold_submits_ms=10_000)
        form = {"dwmc": "等待测试有限公司", "dz": "北京市朝阳区", "fddbr": "张三", "bz": ""}
        answer = pool.submit(http.post, "/form", data=form, timeout=60.0)
        stored: list[dict[str, Any]] = []
        while not stored and not answer.done():
            stored = pw.submissions()
            time.sleep(0.1)
        assert stored and not answer.done()  # stored, and the answer still held
        assert answer.result().status_code == 303  # then given as usual
        assert pw.faults(hold_submits_ms=0)["hold_submits_ms"] == 0


@pytest.mark.browser
def test_dropped_response_in_chromium(core_portals: PortalsProcess, clean_core: Admins, page: Page) -> None:
    """What a recipe sees: the POST fails with ERR_CONTENT_LENGTH_MISMATCH, the URL stays on the
    form's action, the document is empty and never loads; 我的办件 shows the filing anyway."""
    url = core_portals.urls[PW]
    pw = clean_core[PW]
    login_in_browser(page, url, pw)
    pw.faults(drop_responses=1)
    failures: list[str] = []

    def on_failed(request: Request) -> None:
        failures.append(f"{request.method} {request.failure}")

    page.on("requestfailed", on_failed)
    page.get_by_label("单位名称").fill("浏览器丢包有限公司")
    page.get_by_label("住所").fill("北京市朝阳区建国路1号")
    # the empty document commits on the headers, the failure comes when the connection closes: on a loaded
    # machine after the document is seen empty, so the test waits for the failure itself
    with page.expect_event("requestfailed"):
        page.get_by_role("button", name="提交").click()
    page.wait_for_function("document.documentElement === null")
    assert failures == ["POST net::ERR_CONTENT_LENGTH_MISMATCH"]
    assert page.url == url + "/form"
    [stored] = pw.submissions()
    assert stored["name"] == "浏览器丢包有限公司"

    page.goto(url + "/mine?q=浏览器丢包")
    row = page.get_by_role("row", name=re.compile(stored["receipt_no"]))
    assert "浏览器丢包有限公司" in row.inner_text()


@pytest.mark.browser
def test_dropped_response_to_fetch(core_portals: PortalsProcess, clean_core: Admins, page: Page) -> None:
    """For single-page apps: fetch() resolves on the headers, then reading the body rejects."""
    url = core_portals.urls[PW]
    login_in_browser(page, url, clean_core[PW])
    clean_core[PW].faults(drop_responses=1)
    outcome = page.evaluate(
        """async () => {
            const r = await fetch('/form', {method: 'POST', body: new URLSearchParams({dwmc: 'fetch有限公司'})});
            try { await r.text(); return 'body ' + r.status; } catch (e) { return 'rejected ' + r.status + ' ' + e; }
        }"""
    )
    assert outcome == "rejected 200 TypeError: Failed to fetch"
    assert [s["name"] for s in clean_core[PW].submissions()] == ["fetch有限公司"]


# -- submissions, 我的办件, registry --------------------------------------------------


def test_my_submissions_are_per_account_and_searchable(core_portals: PortalsProcess, clean_core: Admins) -> None:
    pw = clean_core[PW]
    pw.create_account("other", "Other@2024")
    with client(core_portals.urls[PW]) as me, client(core_portals.urls[PW]) as other:
        login_password(me, pw)
        login_password(other, pw, "other", "Other@2024")
        me.post("/form", data={"dwmc": "甲有限公司", "dz": "北京", "fddbr": "甲"})
        me.post("/form", data={"dwmc": "乙有限公司", "dz": "北京", "fddbr": "乙"})
        other.post("/form", data={"dwmc": "丙有限公司", "dz": "北京", "fddbr": "丙"})
        mine = me.get("/mine").text
        assert "甲有限公司" in mine and "乙有限公司" in mine and "丙有限公司" not in mine
        by_name = me.get("/mine", params={"q": "乙"}).text
        assert "乙有限公司" in by_name and "甲有限公司" not in by_name
        jia = next(s for s in pw.submissions() if s["name"] == "甲有限公司")
        by_code = me.get("/mine", params={"q": jia["uscc"].lower()}).text
        assert "甲有限公司" in by_code and "乙有限公司" not in by_code


def test_a_published_uscc_is_accepted_by_the_other_portals(core_portals: PortalsProcess, clean_core: Admins) -> None:
    with client(core_portals.urls[PW]) as pw, client(core_portals.urls[SMS_A]) as sms_a:
        login_password(pw, clean_core[PW])
        receipt = pw.post("/form", data={"dwmc": "登记有限公司", "dz": "北京市朝阳区", "fddbr": "李四"})
        code = re.search(r'id="uscc">([0-9A-Z]{18})<', pw.get(receipt.headers["location"]).text)
        assert code is not None
        issued = code.group(1)
        assert uscc.is_valid(issued) and uscc.org_code_ok(issued)
        [company] = clean_core[SMS_A].registry(issued)
        assert company["name"] == "登记有限公司" and company["legal_rep"] == "李四"

        login_sms(sms_a, clean_core[SMS_A])
        unknown = uscc.generate()
        refused = sms_a.post("/form", data={"dwmc": "登记有限公司", "tyshxydm": unknown})
        assert "统一社会信用代码不存在" in refused.text
        wrong_check = "1" if issued[-1] == "0" else "0"  # never the issued code itself (1 in 31 ends in 0)
        bad = sms_a.post("/form", data={"dwmc": "登记有限公司", "tyshxydm": issued[:-1] + wrong_check})
        assert "校验位错误" in bad.text or "不存在" in bad.text
        accepted = sms_a.post("/form", data={"dwmc": "登记有限公司", "tyshxydm": issued})
        assert accepted.status_code == 303 and accepted.headers["location"].startswith("/receipt/BA")
        assert clean_core[SMS_A].submissions()[0]["uscc"] == issued


def test_seeded_company_and_reset(clean_core: Admins) -> None:
    company = clean_core[SMS_B].publish_company("种子有限公司", "北京市海淀区", "王五")
    assert uscc.is_valid(company["uscc"])
    assert clean_core[SMS_A].registry(company["uscc"])[0]["name"] == "种子有限公司"
    clean_core[SMS_B].reset()
    assert clean_core[SMS_A].registry(company["uscc"]) == []


def test_uploads_are_stored_with_hash_size_and_type(tmp_path: Path) -> None:
    store = PortalStore(tmp_path, SMS_A)
    data = b"%PDF-1.4 demo licence"
    up = store.save_upload(field="yyzz", filename="营业执照.pdf", content_type="application/pdf", data=data)
    assert up.size == len(data) and up.content_type == "application/pdf"
    assert Path(up.path).read_bytes() == data and Path(up.path).is_relative_to(tmp_path)
    sub = store.insert_submission(account="a", receipt_no="BA1", payload={"x": ""})
    store.link_uploads(sub.id, [up.id])
    assert [u.sha256 for u in store.list_uploads(sub.id)] == [up.sha256]
    with sqlite3.connect(store.path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    store.wipe()
    assert store.list_uploads() == [] and not Path(up.path).exists()


# -- persistence -------------------------------------------------------------------


def test_data_and_faults_survive_a_restart(tmp_path: Path) -> None:
    with PortalsProcess(tmp_path, admin_token="restart-token", specs=CORE_TEST_SPECS_REF) as running:
        url = running.urls[PW]
        pw = AdminClient(PW, url, running.admin_token)
        with client(url) as http:
            login_password(http, pw)
            http.post("/form", data={"dwmc": "重启有限公司", "dz": "北京", "fddbr": "赵六"})
        pw.faults(latency_ms=5, session_ttl_s=77)
        before = pw.submissions()
        running.restart()
        assert running.urls[PW] == url
        assert pw.submissions() == before
        assert pw.faults()["session_ttl_s"] == 77
        assert [c["name"] for c in pw.registry()] == ["重启有限公司"]
        pw.close()


# -- USCC --------------------------------------------------------------------------


def test_generated_usccs_pass_both_checks_and_any_mutation_fails() -> None:
    rng = random.Random(32100)
    for _ in range(300):
        code = uscc.generate(rng.choice(["110105", "350602", "440305"]), rng=rng)
        assert re.fullmatch(r"91\d{6}MA[0-9A-HJ-NPQRTUWXY]{6}[0-9X][0-9A-HJ-NPQRTUWXY]", code)
        assert uscc.is_valid(code) and uscc.org_code_ok(code)
        assert stdnum_uscc.is_valid(code)  # an independent implementation agrees
        position = rng.randrange(18)
        replacement = rng.choice([c for c in uscc.ALPHABET if c != code[position]])
        assert not uscc.is_valid(code[:position] + replacement + code[position + 1 :])


def test_known_codes() -> None:
    assert uscc.is_valid("91110108551385082Q")  # a published real code
    assert not uscc.is_valid("91110108551385082R")
    assert not uscc.is_valid("91110108551385082")
    assert not uscc.is_valid("9111010855138508IQ")  # I is not in the alphabet
    assert uscc.org_check_char("55138508") == "2"
