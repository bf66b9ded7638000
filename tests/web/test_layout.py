"""The form at a desk and on a phone, in standard and 适老 mode: nothing wider than the screen, the mode
kept in a cookie across pages, larger text in 适老 mode. With BOT_WEB_SHOTS=docs/img it also saves the
pictures the docs show (docs/web.md)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from bot.form.application import load_values
from bot.web.app import WebSettings
from tests.support import EXAMPLES
from tests.web.filling import fill_form

pytestmark = pytest.mark.browser

SIZES = {"desktop": {"width": 1200, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture
def phone_and_desk(browser: Browser) -> Iterator[dict[str, Page]]:
    contexts = {
        name: browser.new_context(locale="zh-CN", viewport=size, is_mobile=name == "phone", has_touch=name == "phone")
        for name, size in SIZES.items()
    }
    yield {name: context.new_page() for name, context in contexts.items()}
    for context in contexts.values():
        context.close()


def font_px(page: Page) -> float:
    return float(page.evaluate("parseFloat(getComputedStyle(document.querySelector('#apply-form input')).fontSize)"))


def test_form_fits_a_phone_and_the_elder_mode_is_large_and_kept(make_web: Any, phone_and_desk: dict[str, Page]) -> None:
    web = make_web(WebSettings())
    raw = load_values(EXAMPLES / "open-company.yaml")
    shots = os.environ.get("BOT_WEB_SHOTS")
    for name, page in phone_and_desk.items():
        page.goto(f"{web.url}/apply/open-company")
        fill_form(page, {"company": raw["company"], "shareholders": raw["shareholders"]}, EXAMPLES)
        expect(page.locator('output[data-value="company.name"]')).to_have_text("漳州市云帆软件科技有限公司")
        standard = font_px(page)
        for mode in ("standard", "elder"):
            if mode == "elder":
                page.get_by_role("button", name="适老模式（大字）").click()
                expect(page.locator("body")).to_have_class("elder")
                assert font_px(page) >= standard * 1.25
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{name}/{mode}: {overflow}px wider than the screen"
            page.evaluate("window.scrollTo(0, 0)")
            if shots:
                page.screenshot(path=str(Path(shots) / f"web-form-{name}-{mode}.png"))
                if name == "desktop" and mode == "standard":  # what the form works out as it is typed
                    page.evaluate("document.querySelector('.actions').style.position = 'static'")
                    derived = page.locator("#section-shareholders, #section-beneficial_owners")
                    derived.first.scroll_into_view_if_needed()
                    box = derived.first.bounding_box()
                    end = derived.last.bounding_box()
                    assert box and end
                    page.screenshot(
                        path=str(Path(shots) / "web-form-derived.png"),
                        full_page=True,
                        clip={
                            "x": 0,
                            "y": box["y"] + page.evaluate("scrollY") - 10,
                            "width": 1200,
                            "height": end["y"] + end["height"] - box["y"] + 20,
                        },
                    )
                    page.evaluate("document.querySelector('.actions').style.position = ''")
        page.goto(f"{web.url}/clerk/login")  # another page: the mode is kept by its cookie
        expect(page.locator("body")).to_have_class("elder")
        page.get_by_role("button", name="标准模式").click()
        expect(page.locator("body")).not_to_have_class("elder")  # switched once the server has the choice
        page.reload()
        expect(page.locator("body")).not_to_have_class("elder")
