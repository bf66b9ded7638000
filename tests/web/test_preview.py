"""The preview (issue 18): no server paths (a scan by its original name, with a thumbnail); values common to
several portals shown once with the portals that receive them; each portal's own values folded below, so a
phone in 适老 mode reads it in a few screens."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from bot.web.app import WebSettings
from tests.support import EXAMPLES
from tests.web.filling import fill_form
from tests.web.support import example, shot

pytestmark = pytest.mark.browser


def test_the_preview_is_short_and_shows_no_server_path(make_web: Any, screens: dict[str, Page]) -> None:
    web = make_web(WebSettings())
    raw = example()
    heights = {}
    for name, page in screens.items():
        page.goto(f"{web.url}/apply/open-company")
        if name == "phone":
            page.get_by_role("button", name="适老模式（大字）").click()
            expect(page.locator("body")).to_have_class("elder")
        fill_form(page, raw, EXAMPLES)
        page.get_by_role("button", name="下一步：核对信息").click()
        expect(page.get_by_role("heading", name="核对信息：漳州市云帆软件科技有限公司")).to_be_visible()

        own = page.locator("details.portal.own")
        expect(own).to_have_count(6)
        assert not any(own.evaluate_all("ds => ds.map(d => d.open)"))  # each portal's own values: folded
        content = page.content()
        assert str(web.app.state.drafts.upload_root) not in content and "uploads/" not in content
        scan = page.locator(".scan", has_text="legal-rep-id.png").first
        if not scan.is_visible():  # only one portal asks for it: in that portal's folded values
            page.locator("details.portal.own", has=scan).first.locator("summary").click()
        expect(scan).to_be_visible()
        thumb = scan.locator("img.thumb")
        expect(thumb).to_have_attribute("alt", "legal-rep-id.png 的缩略图")
        thumb.evaluate("img => img.decode()")
        assert thumb.evaluate("img => img.naturalWidth") > 0

        common = page.locator("#common")
        name_row = common.locator(".pair", has=page.locator("dd", has_text="漳州市云帆软件科技有限公司"))
        expect(name_row).to_have_count(1)
        expect(name_row.locator(".receivers")).to_contain_text("市场监管局")
        assert len(name_row.locator(".receivers").inner_text().split("、")) >= 3
        own.first.locator("summary").click()
        expect(own.first.locator("dl.values").first).to_be_visible()
        own.first.locator("summary").click()
        page.evaluate("window.scrollTo(0, 0)")
        shot(page, "web-preview-phone-elder.png" if name == "phone" else "web-preview.png", full_page=name != "phone")
        heights[name] = page.evaluate("document.documentElement.scrollHeight / window.innerHeight")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name}: {overflow}px wider than the screen"
    assert heights["phone"] <= 12, heights  # a few screens in 适老 mode, not twenty
