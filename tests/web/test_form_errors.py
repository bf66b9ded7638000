"""All form errors at once, in Chinese (issue 18): the form is ``novalidate``, so the browser's own bubbles
(English, one at a time) never show; the page checks the same constraints the server renders from form.yaml
and lists every problem in the server's words, in a summary screen readers hear (role=alert), each field
marked aria-invalid. Without scripts, the server's answer lists the same problems."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from bot.web.app import WebSettings
from tests.web.support import shot

pytestmark = pytest.mark.browser

TYPED = {"legal_rep.mobile": "1380013", "legal_rep.id_number": "35060219850312"}


def type_mistakes(page: Page, url: str) -> None:
    page.goto(f"{url}/apply/open-company")
    for name, value in TYPED.items():
        page.locator(f'[name="{name}"]').fill(value)
    page.get_by_role("button", name="下一步：核对信息").click()


def summary_lines(page: Page) -> list[str]:
    return page.locator("#error-summary li").all_inner_texts()


def test_every_problem_at_once_in_chinese_marked_and_announced(
    make_web: Any, screens: dict[str, Page], browser: Browser
) -> None:
    web = make_web(WebSettings())
    client: list[str] = []
    for name, page in screens.items():
        type_mistakes(page, web.url)
        summary = page.locator("#error-summary")
        expect(summary).to_be_visible()
        expect(page).to_have_url(f"{web.url}/apply/open-company")  # not sent: the page said it all first
        assert page.locator("#apply-form").get_attribute("novalidate") is not None
        assert summary.get_attribute("role") == "alert"
        lines = summary_lines(page)
        assert "法定代表人·移动电话：应为11位手机号码，以1开头" in lines
        assert "法定代表人·证件号码：应为18位，实际为14位" in lines
        assert any(line.endswith("：必填，请填写") for line in lines)
        expect(summary.locator("h2")).to_have_text(f"有 {len(lines)} 处需要修改")
        assert not [line for line in lines if re.search(r"[A-Za-z]{4,}", line)], lines
        assert page.evaluate("document.activeElement.id") == "error-summary"
        shot(page, f"web-form-errors-{name}.png")
        for key in TYPED:
            expect(page.locator(f'[name="{key}"]')).to_have_attribute("aria-invalid", "true")
            expect(page.locator(f'[data-error="{key}"]')).to_be_visible()
        invalid = page.locator("#apply-form [aria-invalid=true]").count()
        assert invalid >= len(lines) - 1, (invalid, len(lines))  # a radio or checkbox group counts once
        page.locator('[name="legal_rep.mobile"]').fill("13859612345")
        expect(page.locator('[name="legal_rep.mobile"]')).not_to_have_attribute("aria-invalid", "true")
        client = lines

    plain = browser.new_context(locale="zh-CN", java_script_enabled=False)
    try:
        page = plain.new_page()
        type_mistakes(page, web.url)
        expect(page.locator("#error-summary")).to_be_visible()
        server = summary_lines(page)
        assert sorted(client) == sorted(server)  # the same rules and the same words on both sides
    finally:
        plain.close()
