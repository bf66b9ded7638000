"""bed-elui (Element UI 2, Vue 2) filed as an expert hand-writes it for this page.

The same actions the Element UI kit takes, written directly: selects opened and the option clicked,
filterable and remote selects typed one key at a time at the kit's pace, the cascader clicked column by
column, the tree in its popover expanded along the leaf's path (read from the page's own option data),
calendars paged by as many decade, year and month clicks as computed from the header read once, then year,
month and day clicked, the times typed (the datetime's in its panel), the slider clicked where the value
lies, the transfer's items ticked and moved, the upload waited for. The address is typed and left as typed
(Tab), as this page suggests no such address. Element UI moves each popup to <body> when it first opens,
so the one just opened is the last visible one; every popup here is opened once. The form starts empty, so
nothing is read before it is set.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from playwright.async_api import Browser, Locator, Page

from bench.kits_hand import filing_page, log_in, receipt_number

TYPING_DELAY_MS = 10  # the kit's pace for typing into a search or an autocomplete (element_ui._search)
SLIDER_MAX = 200  # 从业人数: this page's el-slider runs 0-200

TREE_PATH = """leaf => {
  const walk = (nodes, above) => {
    for (const node of nodes) {
      const path = [...above, node.label];
      if (node.label === leaf) return path;
      const found = walk(node.children || [], path);
      if (found) return found;
    }
    return null;
  };
  return walk(window.OPTIONS.authorities, []);
}"""


async def file(browser: Browser, base_url: str, f: Mapping[str, Any], account: tuple[str, str]) -> str:
    """Log in, fill the six sections in the recipe's order, submit; returns the receipt number (受理编号)."""
    async with filing_page(browser) as page:
        await log_in(page, base_url, account)
        await _company(page, f["企业基本信息"])
        await _legal_rep(page, f["法定代表人信息"])
        await _business(page, f["经营与税务信息"])
        await _shareholders(page, f["股东（发起人）"])
        await page.get_by_role("tab", name="同步办理事项").click()
        await _transfer(page, f["同步办理事项"]["同步办理事项"])
        await page.get_by_role("tab", name="附件材料").click()
        await _upload(page, Path(str(f["附件材料"]["法定代表人身份证明"])))
        await page.get_by_role("button", name="提交", exact=True).click()
        return await receipt_number(page)


# --- sections ------------------------------------------------------------------------------------


async def _company(page: Page, v: Mapping[str, Any]) -> None:
    await _row(page, "企业名称").locator("input").fill(str(v["企业名称"]))
    await _select(page, _row(page, "企业类型"), v["企业类型"])
    await _search(page, _row(page, "所属社区（居委会）"), v["所属社区（居委会）"])
    await _number(_row(page, "注册资本（万元）"), v["注册资本（万元）"])
    await _range(page, _row(page, "营业期限"), *(dt.date.fromisoformat(day) for day in v["营业期限"]))
    panel = await _opening(page, ".el-cascader__dropdown", _row(page, "住所所在地").locator(".el-input"))
    for depth, name in enumerate(v["住所所在地"]):
        await (
            panel.locator(".el-cascader-menu")
            .nth(depth)
            .locator("li.el-cascader-node")
            .filter(has_text=_exactly(name))
            .click()
        )
    box = _row(page, "详细地址").locator("input")
    await box.press_sequentially(str(v["详细地址"]), delay=TYPING_DELAY_MS)
    await box.press("Tab")  # not among this page's suggestions: the typed text stays
    await _tree(page, _row(page, "登记机关"), v["登记机关"])
    await _search(page, _row(page, "委托代理机构"), v["委托代理机构"])
    row = _row(page, "经营范围（标准条目）")
    dropdown = await _opening(page, ".el-select-dropdown", row.locator(".el-select"))
    search = row.locator("input.el-select__input")
    for scope in v["经营范围（标准条目）"]:
        await search.fill("")  # the last search may stay in the box
        await search.press_sequentially(str(scope), delay=TYPING_DELAY_MS)
        await _option(dropdown, scope).click()
    await search.press("Escape")
    await _row(page, "经营范围").locator("textarea").fill(str(v["经营范围"]))


async def _legal_rep(page: Page, v: Mapping[str, Any]) -> None:
    """法定代表人信息, the collapse item open at first."""
    await _row(page, "姓名").locator("input").fill(str(v["姓名"]))
    await _row(page, "性别").locator(".el-radio").filter(has_text=_exactly(v["性别"])).click()
    await _row(page, "证件类型").locator(".el-radio-button").filter(has_text=_exactly(v["证件类型"])).click()
    await _row(page, "证件号码").locator("input").fill(str(v["证件号码"]))
    await _date(page, _row(page, "出生日期"), dt.date.fromisoformat(v["出生日期"]))
    await _select(page, _row(page, "职务"), v["职务"])
    await _row(page, "联系电话").locator("input").fill(str(v["联系电话"]))


async def _business(page: Page, v: Mapping[str, Any]) -> None:
    """经营与税务信息, a collapse item closed at first."""
    await page.locator(".el-collapse-item__header").filter(has_text="经营与税务信息").click()
    for mode in v["经营方式"]:
        await _row(page, "经营方式").locator(".el-checkbox").filter(has_text=_exactly(mode)).click()
    await _row(page, "纳税人类型").locator(".el-radio").filter(has_text=_exactly(v["纳税人类型"])).click()
    if v["设立分支机构"]:  # the switch starts off
        await _row(page, "设立分支机构").locator(".el-switch__core").click()
    await _slider(_row(page, "从业人数"), int(v["从业人数"]))
    month = dt.datetime.strptime(v["首次申报月份"], "%Y-%m")
    panel = await _calendar(page, _row(page, "首次申报月份"))
    await panel.locator(LABEL).first.click()  # the month view's "2026 年" opens the decade
    await _year(panel, month.year)
    await panel.locator(".el-month-table td").nth(month.month - 1).click()
    await _year(await _calendar(page, _row(page, "会计年度")), int(v["会计年度"]))  # opens on its decade
    moment = dt.datetime.strptime(v["预约办理时间"], "%Y-%m-%d %H:%M:%S")
    panel = await _calendar(page, _row(page, "预约办理时间"))
    await _year_month_day(panel, moment.date())
    clock = panel.locator(".el-date-picker__time-header .el-date-picker__editor-wrap").nth(1).locator("input")
    await clock.fill(f"{moment:%H:%M:%S}")
    await clock.press("Enter")
    await panel.locator(".el-picker-panel__footer button").filter(has_text="确定").click()
    box = _row(page, "每日营业开始时间").locator("input")
    await box.click()
    await box.fill(str(v["每日营业开始时间"]))
    await box.press("Enter")
    slots = await _opening(page, ".el-picker-panel.time-select", _row(page, "每日营业结束时间").locator("input"))
    await slots.locator(".time-select-item").filter(has_text=_exactly(v["每日营业结束时间"])).click()


async def _shareholders(page: Page, rows: list[Mapping[str, Any]]) -> None:
    """The 股东（发起人） tab, shown first; the table starts empty and 添加 adds a row."""
    for _ in rows:
        await page.get_by_role("button", name="添加").click()
    body = page.locator(".el-table__body-wrapper tbody > tr.el-table__row")
    await body.nth(len(rows) - 1).wait_for()
    for index, v in enumerate(rows):
        cells = body.nth(index).locator("> td")
        await cells.nth(1).locator("input").fill(str(v["股东名称"]))
        await _select(page, cells.nth(2), v["股东类型"])
        await cells.nth(3).locator("input").fill(str(v["证件号码"]))
        await _number(cells.nth(4), v["认缴出资额（万元）"])
        await _select(page, cells.nth(5), v["出资方式"])
        await _date(page, cells.nth(6), dt.date.fromisoformat(v["出资日期"]))


async def _transfer(page: Page, wanted: list[str]) -> None:
    transfer = _row(page, "同步办理事项")
    left = transfer.locator(".el-transfer-panel").first
    for name in wanted:
        await left.locator(".el-transfer-panel__item").filter(has_text=_exactly(name)).click()
    await transfer.locator(".el-transfer__buttons button").last.click()


async def _upload(page: Page, file: Path) -> None:
    row = _row(page, "法定代表人身份证明")
    await row.locator("input.el-upload__input").set_input_files(file)
    await row.locator(".el-upload-list__item.is-success").filter(has_text=file.name).wait_for()


# --- widgets -------------------------------------------------------------------------------------


def _row(page: Page, label: str) -> Locator:
    return page.locator(".el-form-item").filter(has=page.locator(".el-form-item__label", has_text=_exactly(label)))


def _exactly(text: Any) -> re.Pattern[str]:
    return re.compile(rf"^\s*{re.escape(str(text))}\s*$")


async def _opening(page: Page, css: str, opener: Locator) -> Locator:
    """Click ``opener``; its popup: Element UI moves a popup to <body> (after those there, some perhaps still
    fading out) when it first opens, and every popup here is opened once, so it is the next one there."""
    popups = page.locator(f"body > {css}")
    before = await popups.count()
    await opener.click()
    return popups.nth(before)


def _option(dropdown: Locator, label: Any) -> Locator:
    return dropdown.locator("li.el-select-dropdown__item").filter(has_text=_exactly(label))


async def _select(page: Page, at: Locator, label: Any) -> None:
    dropdown = await _opening(page, ".el-select-dropdown", at.locator(".el-select .el-input"))
    await _option(dropdown, label).click()


async def _search(page: Page, at: Locator, label: Any) -> None:
    """A filterable or remote select: typed at the kit's pace, the option clicked once it shows (a remote one
    once the portal has answered)."""
    box = at.locator(".el-select input.el-input__inner")
    dropdown = await _opening(page, ".el-select-dropdown", box)
    await box.press_sequentially(str(label), delay=TYPING_DELAY_MS)
    await _option(dropdown, label).click()


async def _number(at: Locator, value: Any) -> None:
    box = at.locator(".el-input-number input")
    await box.fill(str(value))
    await box.blur()  # el-input-number takes the typed value on change


async def _tree(page: Page, at: Locator, leaf: Any) -> None:
    """The el-tree in an el-popover over a read-only box: expanded along the leaf's path, the leaf clicked."""
    box = at.locator(".el-popover__reference")
    await box.click()
    popover = page.locator(f'[id="{await box.get_attribute("aria-describedby")}"]')
    path = await page.evaluate(TREE_PATH, str(leaf))
    for name in path[:-1]:
        node = popover.locator(".el-tree-node__content").filter(has_text=_exactly(name))
        await node.locator(".el-tree-node__expand-icon").click()
    await popover.locator(".el-tree-node__content").filter(has_text=_exactly(path[-1])).click()


async def _calendar(page: Page, at: Locator) -> Locator:
    return await _opening(page, ".el-picker-panel.el-date-picker", at.locator("input").first)


LABEL = ".el-date-picker__header-label"


async def _year(panel: Locator, year: int) -> None:
    """In the decade view: as many decade clicks as computed from the decade the header shows, the year clicked
    (it shows once the panel has paged there)."""
    shown = int(re.findall(r"\d{4}", await panel.locator(LABEL).first.inner_text())[0])
    decades = year // 10 - shown // 10
    if decades:
        arrow = ".el-icon-d-arrow-right" if decades > 0 else ".el-icon-d-arrow-left"
        await panel.locator(arrow).first.click(click_count=abs(decades))
    await panel.locator(".el-year-table td").filter(has_text=_exactly(year)).locator(".cell").click()


async def _year_month_day(panel: Locator, day: dt.date) -> None:
    await panel.locator(LABEL).first.click()  # the date view's "2026 年" opens the decade
    await _year(panel, day.year)
    await panel.locator(".el-month-table td").nth(day.month - 1).locator(".cell").click()
    await panel.locator(".el-date-table td.available").filter(has_text=_exactly(day.day)).first.click()


async def _date(page: Page, at: Locator, day: dt.date) -> None:
    await _year_month_day(await _calendar(page, at), day)


async def _range(page: Page, at: Locator, start: dt.date, end: dt.date) -> None:
    """The linked panels paged by year and month arrows, as many as computed from the header read once per end;
    the start day clicked in the left panel, the end day in the right one."""
    panel = await _opening(page, ".el-picker-panel.el-date-range-picker", at.locator("input").first)
    for side, day in (("left", start), ("right", end)):
        content = panel.locator(f".el-date-range-picker__content.is-{side}")
        title = content.locator(".el-date-range-picker__header > div")
        year, month = map(int, re.findall(r"\d+", await title.inner_text())[:2])
        diff = (day.year - year) * 12 + day.month - month  # both ends lie years ahead: forward only
        right = panel.locator(".el-date-range-picker__content.is-right")
        if diff // 12:
            await right.locator(".el-icon-d-arrow-right").click(click_count=diff // 12)
        if diff % 12:
            await right.locator(".el-icon-arrow-right").click(click_count=diff % 12)
        await title.filter(has_text=re.compile(rf"^\s*{day.year}\s*年\s*{day.month}\s*月")).wait_for()
        await content.locator(".el-date-table td.available").filter(has_text=_exactly(day.day)).first.click()


async def _slider(at: Locator, value: int) -> None:
    """A click on the track where the number sits."""
    runway = at.locator(".el-slider__runway")
    box = await runway.bounding_box()
    assert box is not None
    await runway.click(position={"x": box["width"] * value / SLIDER_MAX, "y": box["height"] / 2})
