"""Widget adapters on the plainest markup (tests/recipe/site), for what the demo portals do not show:
a tag picker resumed from a draft must end with exactly the wanted tags, in the wanted order."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Page, async_playwright

from bot.browser import launch_async
from bot.recipe import widgets
from tests.support import run_async

SITE = Path(__file__).parent / "site"
pytestmark = pytest.mark.browser
LABEL = "经营范围"


async def _posted(page: Page) -> list[str]:
    return list(await page.evaluate("() => new FormData(document.getElementById('f')).getAll('scope')"))


async def _fill_and_read(page: Page, wanted: list[str]) -> tuple[Any, list[str]]:
    await widgets.fill_field(page, LABEL, wanted)
    return await widgets.read_field(page, LABEL), await _posted(page)


def test_a_tag_picker_ends_with_exactly_the_wanted_tags_in_order() -> None:
    async def go() -> list[Any]:
        async with async_playwright() as playwright:
            browser = await launch_async(playwright)
            try:
                page = await browser.new_page()
                page.set_default_timeout(2000)
                await page.goto((SITE / "tags.html").as_uri())
                seen: list[Any] = [await widgets.read_field(page, LABEL)]
                seen.append(await _fill_and_read(page, ["信息技术咨询服务", "软件开发"]))  # keeps the first tag
                seen.append(await _fill_and_read(page, ["软件开发", "信息技术咨询服务", "办公用品销售"]))  # reorders
                with pytest.raises(widgets.WidgetError, match="候选列表中没有“炒股”"):
                    await widgets.fill_field(page, LABEL, ["炒股"])
                return seen
            finally:
                await browser.close()

    draft, kept, reordered = run_async(go())
    assert draft == ["信息技术咨询服务", "日用百货销售"]
    assert kept == (["信息技术咨询服务", "软件开发"], ["信息技术咨询服务", "软件开发"])
    assert reordered == (["软件开发", "信息技术咨询服务", "办公用品销售"],) * 2
