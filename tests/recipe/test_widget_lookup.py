"""How the widget adapters find what a label points at: at once when it is there, waiting when it comes late,
refusing when a locator names several elements."""

from __future__ import annotations

import asyncio

import pytest
from playwright.async_api import Error as PlaywrightError

from bot.recipe import fields, widgets
from tests.support import filing_page, run_async

pytestmark = pytest.mark.browser
HANG_S = 60  # far beyond a lookup on a loaded machine; only a wait for the control reaches it

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


def test_the_message_under_a_control_that_is_not_there_is_not_waited_for() -> None:
    """A label not on the page: the failure's decoration (the library's message under the field) returned at
    once; it used to wait the step's whole time (15 s per such failure). No timeout here: a wait would hang."""

    async def go() -> str:
        async with filing_page(timeout_ms=0) as page:
            await page.set_content(PAGE)
            return await asyncio.wait_for(fields.invalid_message(page.get_by_label("丁", exact=True)), HANG_S)

    assert run_async(go()) == ""
