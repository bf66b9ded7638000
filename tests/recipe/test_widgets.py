"""Widget adapters on the plainest markup (tests/recipe/site), for what the demo portals do not show:
a tag picker resumed from a draft must end with exactly the wanted tags, in the wanted order."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Page

from bot.errors import WidgetError
from bot.recipe import widgets
from tests.support import filing_page, run_async

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
        async with filing_page(timeout_ms=2000) as page:
            await page.goto((SITE / "tags.html").as_uri())
            seen: list[Any] = [await widgets.read_field(page, LABEL)]
            seen.append(await _fill_and_read(page, ["信息技术咨询服务", "软件开发"]))  # keeps the first tag
            seen.append(await _fill_and_read(page, ["软件开发", "信息技术咨询服务", "办公用品销售"]))  # reorders
            with pytest.raises(WidgetError, match="候选列表中没有“炒股”"):
                await widgets.fill_field(page, LABEL, ["炒股"])
            return seen

    draft, kept, reordered = run_async(go())
    assert draft == ["信息技术咨询服务", "日用百货销售"]
    assert kept == (["信息技术咨询服务", "软件开发"], ["信息技术咨询服务", "软件开发"])
    assert reordered == (["软件开发", "信息技术咨询服务", "办公用品销售"],) * 2


HOSTILE = """<!doctype html><meta charset="utf-8">
<script>
  // a portal's own script that watches (or, in old libraries, replaces) the DOM's methods
  window.seen = [];
  for (const name of ['setAttribute', 'getAttribute', 'querySelectorAll']) {
    const own = Element.prototype[name];
    Element.prototype[name] = function (...args) {
      window.seen.push(name + ':' + args[0]);
      return own.apply(this, args);
    };
  }
</script>
<form>
  <label for="n">企业名称</label><input id="n">
  <label for="k">核算方式</label><select id="k"><option>独立核算</option><option>非独立核算</option></select>
  <fieldset role="group" aria-label="发票种类">
    <label><input type="checkbox">增值税专用发票</label><label><input type="checkbox">增值税普通发票</label>
  </fieldset>
</form>"""


def test_fields_are_read_out_of_reach_of_the_portals_own_scripts() -> None:
    """The adapters' reads run in Playwright's utility world (pagejs.ENGINES): the page's scripts neither see
    them nor can change what they read."""

    async def go() -> tuple[dict[str, Any], list[str]]:
        async with filing_page() as page:
            await page.set_content(HOSTILE)
            await widgets.fill_field(page, "企业名称", "漳州市云帆软件科技有限公司")
            await widgets.fill_field(page, "核算方式", "非独立核算")
            await widgets.fill_field(page, "发票种类", ["增值税普通发票"])
            for index, label in enumerate(["企业名称", "核算方式", "发票种类"]):
                await widgets.describe(await widgets.find_field(page, label), f"t-{index}")
            read = await widgets.read_marked(page, "t-")
            return read, list(await page.evaluate("() => window.seen"))

    read, seen = run_async(go())
    assert read == {"t-0": "漳州市云帆软件科技有限公司", "t-1": "非独立核算", "t-2": ["增值税普通发票"]}
    assert not [call for call in seen if "yjb" in call or "[role=checkbox]" in call], seen
