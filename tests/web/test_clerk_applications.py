"""The clerk sees before pressing (issue 18): an application's values and scans open from the dashboard before
一键办理, and applications are found by company, a person's name or 申请编号 (the search in a POST body)."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from bot.mapping.bundle import Bundle
from bot.web import tracking
from bot.web.app import WebSettings
from tests.web.conftest import CLERK
from tests.web.support import confirmed, example, shot

pytestmark = pytest.mark.browser


def log_in(page: Page, url: str) -> None:
    page.goto(f"{url}/clerk/login")
    page.get_by_label("账号").fill(CLERK[0])
    page.get_by_label("密码").fill(CLERK[1])
    page.get_by_role("button", name="登录").click()


def search(page: Page, text: str) -> list[str]:
    page.get_by_label("查找申请").fill(text)
    page.get_by_role("button", name="查找").click()
    expect(page.get_by_role("heading", name="查找申请", exact=True)).to_be_visible()
    return page.locator("section.found tbody tr").all_inner_texts()


def test_the_clerk_opens_an_application_and_finds_one_by_company_name_or_number(
    make_web: Any, bundle: Bundle, screens: dict[str, Page]
) -> None:
    web = make_web(WebSettings())
    first = example()
    second = copy.deepcopy(first)
    second["company"]["trade_name"] = "海潮"
    second["legal_rep"]["name"] = second["shareholders"][0]["name"] = "王海潮"
    _, one = confirmed(web, bundle, first)
    _, two = confirmed(web, bundle, second)
    number = tracking.number(two, web.app.state.drafts.by_application(two).confirmed_at)

    for name, page in screens.items():
        log_in(page, web.url)
        ready = page.locator("section.ready")
        expect(ready.locator("tbody tr")).to_have_count(2)
        row = ready.locator(f'tr[data-application="{one}"]')
        expect(row).to_contain_text("漳州市云帆软件科技有限公司")
        expect(row).to_contain_text("林志远")
        row.get_by_role("link", name="查看申请").click()
        expect(page.get_by_role("heading", name="漳州市云帆软件科技有限公司")).to_be_visible()
        expect(page.locator("#common")).to_contain_text("3506**********2010")
        assert first["legal_rep"]["id_number"] not in page.content()
        scan = page.locator(".scan", has_text="legal-rep-id.png").first
        if not scan.is_visible():
            page.locator("details.portal.own", has=scan).first.locator("summary").click()
        thumb = scan.locator("img.thumb")
        thumb.evaluate("img => img.decode()")
        assert thumb.evaluate("img => img.naturalWidth") > 0
        expect(page.get_by_role("button", name="核对无误，一键办理")).to_be_visible()
        shot(page, f"web-application-{name}.png", full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name}: {overflow}px wider than the screen"

        page.goto(f"{web.url}/clerk")
        found = search(page, "海潮")
        assert len(found) == 1 and "漳州市海潮软件科技有限公司" in found[0]
        assert page.url == f"{web.url}/clerk/search"  # the name travelled in the body, not the address
        shot(page, f"web-search-{name}.png", full_page=True)
        found = search(page, "林志远")
        assert len(found) == 1 and "云帆" in found[0]
        found = search(page, number)
        assert len(found) == 1 and number in found[0]
        assert search(page, "没有这家公司") == []
        expect(page.locator("section.found")).to_contain_text("没有找到")

    # the page is for clerks only
    anonymous = screens["desktop"].context.browser.new_context()  # type: ignore[union-attr]
    try:
        page = anonymous.new_page()
        page.goto(f"{web.url}/clerk/applications/{one}")
        expect(page).to_have_url(f"{web.url}/clerk/login")
        scan_url = f"{web.url}/clerk/applications/{one}/scans/legal_rep.id_scan.png"
        assert page.request.get(scan_url, max_redirects=0).status == 303
    finally:
        anonymous.close()
