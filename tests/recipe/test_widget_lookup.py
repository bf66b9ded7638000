"""How the widget adapters find what a label points at: at once when it is there, waiting when it comes late,
refusing when a locator names several elements."""

from __future__ import annotations

import pytest
from playwright.async_api import Error as PlaywrightError

from bot.recipe import widgets
from tests.support import filing_page, run_async

pytestmark = pytest.mark.browser

PAGE = """
<label for="a">甲</label><input id="a">
<label for="b">乙</label><input id="b">
<script>
  setTimeout(() => {
    document.body.insertAdjacentHTML("beforeend", '<label for="late">丙</label><input id="late">');
  }, 300);
</script>
"""


async def _on_page() -> tuple[str, str, str]:
    async with filing_page(timeout_ms=5000) as page:
        await page.set_content(PAGE)
        await widgets.fill_field(page, "甲", "一")
        await widgets.fill_field(page, "丙", "三")  # not there yet: found when it appears
        with pytest.raises(PlaywrightError, match="strict mode violation"):
            await widgets.fill_element(page, page.locator("input"), "?")
        return (
            await widgets.read_field(page, "甲"),
            await widgets.read_field(page, "乙"),
            await widgets.read_field(page, "丙"),
        )


def test_fields_are_found_at_once_late_or_not_at_all_when_ambiguous() -> None:
    assert run_async(_on_page()) == ("一", "", "三")
