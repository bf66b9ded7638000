"""The applicant leaves with a number (issue 18): 申请编号 on confirming, a status page found by that number
and a mobile number of the application (POST, nothing personal in the address, wrong tries throttled),
showing the USCC, each item's receipt and the receipt sheet to download once the run has ended."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from bot.mapping.bundle import Bundle
from bot.web import tracking
from bot.web.app import WebSettings
from tests.web.support import USCC, confirmed, example, settled_run, shot

pytestmark = pytest.mark.browser


def look_up(page: Page, url: str, number: str, mobile: str) -> None:
    page.goto(f"{url}/status")
    page.get_by_label("申请编号").fill(number)
    page.get_by_label("手机号码").fill(mobile)
    page.get_by_role("button", name="查询").click()


def test_the_number_and_a_mobile_open_the_status_page_and_the_receipt_sheet(
    make_web: Any, bundle: Bundle, screens: dict[str, Page], tmp_path: Path
) -> None:
    web = make_web(WebSettings())
    raw = example()
    token, application_id = confirmed(web, bundle, raw)
    draft = web.app.state.drafts.by_application(application_id)
    number = tracking.number(application_id, draft.confirmed_at)
    assert re.fullmatch(r"\d{8}-\d{5}", number)
    mobile = raw["legal_rep"]["mobile"]

    for name, page in screens.items():
        page.goto(f"{web.url}/d/{token}")  # the applicant's own page shows the number
        expect(page.locator("[data-number]")).to_have_text(number)

        look_up(page, web.url, number, "13900000000")
        expect(page.get_by_role("alert")).to_contain_text("申请编号或手机号码不正确")
        look_up(page, web.url, number.replace("-", " "), mobile)  # typed with a space instead of the dash
        expect(page).to_have_url(f"{web.url}/status/mine")
        expect(page.locator("[data-number]")).to_have_text(number)
        expect(page.get_by_text("申请已提交，等待窗口办理。")).to_be_visible()
        cookie = next(c for c in page.context.cookies() if c["name"] == tracking.TRACK_COOKIE)
        assert cookie["httpOnly"] and cookie["path"] == "/status", name
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name}: {overflow}px wider than the screen"

    settled_run(web, bundle, application_id, tmp_path / "evidence")
    page = screens["phone"]
    # No reload by the test: the page reloads itself once the run has ended ("本页会自动更新"), and a reload
    # of the test's racing that one was aborted (net::ERR_ABORTED) in a load run. Its 1.5 s poll is waited for.
    expect(page.locator(".uscc")).to_contain_text(USCC, timeout=20_000)
    receipts = page.locator('tr[data-item="psb-seal"] [data-field="outputs"]')
    expect(receipts).to_contain_text("受理编号：SL-0002")
    expect(receipts).to_be_visible()  # on the phone too
    expect(page.get_by_text("全部事项已办结。")).to_be_visible()
    assert mobile not in page.url and raw["legal_rep"]["id_number"] not in page.content()
    page.get_by_role("button", name="适老模式（大字）").click()
    expect(page.locator("body")).to_have_class("elder")
    shot(page, "web-status-phone-elder.png", full_page=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="下载回执单（PDF）").click()
    saved = tmp_path / "receipt.pdf"
    download.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")
    assert download.value.suggested_filename == f"回执单-{number}.pdf"


def test_wrong_tries_are_throttled_and_nothing_opens_without_the_pair(
    make_web: Any, bundle: Bundle, screens: dict[str, Page]
) -> None:
    web = make_web(WebSettings())
    raw = example()
    _, application_id = confirmed(web, bundle, raw)
    draft = web.app.state.drafts.by_application(application_id)
    number = tracking.number(application_id, draft.confirmed_at)
    page = screens["desktop"]
    page.goto(f"{web.url}/status/mine")
    expect(page).to_have_url(f"{web.url}/status")  # no cookie: the look-up form
    other_day = "19990101" + number[8:]
    for _ in range(tracking.LIMIT):
        look_up(page, web.url, other_day, raw["legal_rep"]["mobile"])
        expect(page.get_by_role("alert")).to_contain_text("不正确")
    look_up(page, web.url, number, raw["legal_rep"]["mobile"])  # right, but too late for this address
    expect(page.get_by_role("alert")).to_contain_text("查询失败次数过多")
    expect(page).to_have_url(f"{web.url}/status")
    response = page.request.get(f"{web.url}/status/mine/receipt.pdf")
    assert response.status == 404
