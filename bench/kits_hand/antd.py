"""bed-antd (Ant Design Vue 4) filed as an expert hand-writes it for this page.

The same actions the Ant Design Vue kit takes, written directly: selects opened and the option clicked
(a virtual list wheeled until the option is drawn), show-search and remote selects and the
autocomplete typed one character at a time at the kit's pace, cascader and tree clicked level by level,
calendars paged by as many clicks as computed from the month the panel shows, time columns clicked,
the slider clicked on its rail where the value lies, the upload waited for. Unlike the kit it knows the
page: 主管税务机关 filters on its option codes, so it is opened and clicked rather than typed; the form
starts empty, so boxes are ticked without looking first.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from playwright.async_api import Browser, Locator, Page

from bench.kits_hand import filing_page, log_in

TYPING_DELAY_MS = 50  # the kit's pace for typing into a search (ant_design_vue.set_select)
WHEEL_PX = 200  # one turn of the wheel over a virtual list (the kit: 0.8 of its 256 px)


async def file(browser: Browser, base_url: str, f: Mapping[str, Any], account: tuple[str, str]) -> str:
    """Log in, fill the seven sections, submit; returns the receipt number (受理编号)."""
    async with filing_page(browser) as page:
        await log_in(page, base_url, account, button="登 录")
        await _basics(page, f["企业基本信息"])
        await _business(page, f["经营信息"])
        await _times(page, f["办理时间"])
        await _contact(page, f["联系人"], f["信息共享"])
        await _shareholders(page, f["股东（发起人）"])
        await _attachment(page, f["附件材料"])
        await page.get_by_role("button", name="提 交").click()
        found = re.search(r"受理编号：(\S+)", await page.get_by_text("受理编号").inner_text())
        assert found is not None
        return found[1]


# --- sections ------------------------------------------------------------------------------------


async def _basics(page: Page, v: Mapping[str, Any]) -> None:
    await page.get_by_label("企业名称").fill(str(v["企业名称"]))
    await _select(page, _row(page, "企业类型"), v["企业类型"])
    await _row(page, "注册资本（万元）").locator("input").fill(str(v["注册资本（万元）"]))
    await _cascader(page, _row(page, "住所"), v["住所"])
    await _tree(page, _row(page, "行业分类"), str(v["行业分类"]).split("/"))
    await _date(page, _row(page, "成立日期"), dt.date.fromisoformat(v["成立日期"]))
    await _range(page, _row(page, "营业期限"), [dt.date.fromisoformat(d) for d in v["营业期限"]])
    await _row(page, "经营范围").locator("textarea").fill(str(v["经营范围"]))


async def _business(page: Page, v: Mapping[str, Any]) -> None:
    """The 经营信息 panel is open when the page loads."""
    row = _row(page, "许可项目")
    dropdown = await _open(page, row)
    for label in v["许可项目"]:
        await _option(dropdown, label).click()
    await page.keyboard.press("Escape")
    await _typed(page, _row(page, "登记机关"), v["登记机关"])
    await _select(page, _row(page, "主管税务机关"), v["主管税务机关"])  # it filters on codes: not typed
    await _select(page, _row(page, "投资人国籍（地区）"), v["投资人国籍（地区）"])
    await _typed(page, _row(page, "开户银行"), v["开户银行"])
    address = _row(page, "经营场所").locator("input")
    await address.press_sequentially(str(v["经营场所"]), delay=TYPING_DELAY_MS)
    await _option(await _dropdown(page, address), v["经营场所"]).click()
    await _row(page, "核算方式").locator(".ant-radio-wrapper").filter(has_text=_exactly(v["核算方式"])).click()
    await _row(page, "经营方式").locator(".ant-radio-button-wrapper").filter(has_text=_exactly(v["经营方式"])).click()
    boxes = _row(page, "同时办理事项").locator(".ant-checkbox-wrapper")
    for label in v["同时办理事项"]:
        await boxes.filter(has_text=_exactly(label)).click()
    if v["申领电子营业执照"]:  # the switch starts off
        await _row(page, "申领电子营业执照").locator("button.ant-switch").click()
    await _slider(page, _row(page, "从业人数"), int(v["从业人数"]))


async def _times(page: Page, v: Mapping[str, Any]) -> None:
    """办理时间 is a collapse panel antd draws only once it is first opened."""
    await page.locator(".ant-collapse-header").filter(has_text="办理时间").click()
    popup = await _picker(page, _row(page, "申报所属期"))
    month = dt.datetime.strptime(v["申报所属期"], "%Y-%m")
    await _page(popup, month.year - await _first_year(popup))
    await popup.locator(f'td.ant-picker-cell-in-view[title="{month:%Y-%m}"]').click()
    popup = await _picker(page, _row(page, "会计年度"))
    year = int(v["会计年度"])
    await _page(popup, year // 10 - await _first_year(popup) // 10)
    await popup.locator(f'td.ant-picker-cell-in-view[title="{year}"]').click()
    popup = await _picker(page, _row(page, "预约办理时间"))
    when = dt.datetime.strptime(v["预约办理时间"], "%Y-%m-%d %H:%M:%S")
    await _to_month(popup, popup, when.date())
    await popup.locator(f'td.ant-picker-cell-in-view[title="{when:%Y-%m-%d}"]').click()
    await _time(popup, when.time())
    popup = await _picker(page, _row(page, "每日营业开始时间"))
    await _time(popup, dt.time.fromisoformat(v["每日营业开始时间"]))


async def _contact(page: Page, contact: Mapping[str, Any], sharing: Mapping[str, Any]) -> None:
    """Two tabs: 联系人 (shown first), 信息共享 with a transfer."""
    await page.get_by_label("联系人姓名").fill(str(contact["联系人姓名"]))
    await page.get_by_label("联系电话").fill(str(contact["联系电话"]))
    await page.get_by_role("tab", name="信息共享").click()
    transfer = _row(page, "共享部门")
    source = transfer.locator(".ant-transfer-list").first
    for label in sharing["共享部门"]:
        await source.locator(".ant-transfer-list-content-item").filter(has_text=_exactly(label)).click()
    await transfer.locator(".ant-transfer-operation button").first.click()


async def _shareholders(page: Page, rows: list[Mapping[str, Any]]) -> None:
    """The table starts with one row; 添加 adds the others."""
    card = page.locator(".ant-card").filter(has=page.locator(".ant-card-head-title", has_text="股东（发起人）"))
    for _ in rows[1:]:
        await card.get_by_role("button", name="添 加").click()
    for index, v in enumerate(rows):
        cells = card.locator(".ant-table-tbody > tr.ant-table-row").nth(index).locator("> td")
        await cells.nth(0).locator("input").fill(str(v["股东名称"]))
        await _select(page, cells.nth(1), v["证件类型"])
        await cells.nth(2).locator("input").fill(str(v["认缴出资额（万元）"]))
        await _select(page, cells.nth(3), v["出资方式"])
        await _date(page, cells.nth(4), dt.date.fromisoformat(v["认缴出资期限"]))


async def _attachment(page: Page, v: Mapping[str, Any]) -> None:
    row = _row(page, "法定代表人身份证件")
    file = Path(str(v["法定代表人身份证件"]))
    await row.locator("input[type=file]").set_input_files(file)
    await row.locator(".ant-upload-list-item-done").filter(has_text=file.name).wait_for()


# --- widgets -------------------------------------------------------------------------------------


def _row(page: Page, label: str) -> Locator:
    """The form item whose label reads ``label`` (antd gives the label a title)."""
    return page.locator(".ant-form-item").filter(has=page.locator(f'.ant-form-item-label > label[title="{label}"]'))


def _exactly(text: Any) -> re.Pattern[str]:
    return re.compile(rf"^\s*{re.escape(str(text))}\s*$")


async def _dropdown(page: Page, field: Locator) -> Locator:
    """The dropdown of a select: antd appends it to <body>; its listbox is the one the input controls."""
    listbox = await field.get_attribute("aria-controls")
    return page.locator(".ant-select-dropdown").filter(has=page.locator(f'[id="{listbox}"]'))


async def _open(page: Page, at: Locator) -> Locator:
    await at.locator(".ant-select-selector").click()
    return await _dropdown(page, at.locator("input.ant-select-selection-search-input"))


def _option(dropdown: Locator, label: Any) -> Locator:
    return dropdown.locator(".ant-select-item-option").filter(has_text=_exactly(label))


async def _select(page: Page, at: Locator, label: Any) -> None:
    """Open the dropdown and click the option; a virtual list is wheeled down until it is drawn."""
    dropdown = await _open(page, at)
    option = _option(dropdown, label)
    holder = dropdown.locator(".rc-virtual-list-holder")
    await holder.wait_for()
    if not await option.count():
        await holder.hover()
        while not await option.count():
            await page.mouse.wheel(0, WHEEL_PX)
            await page.wait_for_timeout(50)  # the kit's pause for the list to draw
    await option.click()


async def _typed(page: Page, at: Locator, label: Any) -> None:
    """A select with search (filtered in the page or asked of the server): type, click the answer."""
    await at.locator(".ant-select-selector").click()
    search = at.locator("input.ant-select-selection-search-input")
    await search.press_sequentially(str(label), delay=TYPING_DELAY_MS)
    await _option(await _dropdown(page, search), label).click()


async def _cascader(page: Page, at: Locator, path: list[str]) -> None:
    await at.locator(".ant-select-selector").click()
    popup = page.locator(".ant-cascader-dropdown").filter(visible=True)
    for depth, name in enumerate(path):
        column = popup.locator("ul.ant-cascader-menu").nth(depth)
        await column.locator("li.ant-cascader-menu-item").filter(has_text=_exactly(name)).click()


async def _tree(page: Page, at: Locator, path: list[str]) -> None:
    """Expand each parent by its switcher, click the leaf."""
    await at.locator(".ant-select-selector").click()
    popup = page.locator(".ant-tree-select-dropdown").filter(visible=True)
    for name in path[:-1]:
        node = popup.locator(".ant-select-tree-treenode").filter(
            has=page.locator(f'.ant-select-tree-node-content-wrapper[title="{name}"]')
        )
        await node.locator(".ant-select-tree-switcher").click()
    await popup.locator(f'.ant-select-tree-node-content-wrapper[title="{path[-1]}"]').click()


async def _picker(page: Page, at: Locator) -> Locator:
    """Open a date, month, year or time picker; its popup (appended to <body>: the visible one, last)."""
    await at.locator("input").first.click()
    # the visible one, last: not the one of the picker before, still fading out (its classes say it is leaving)
    popup = page.locator(".ant-picker-dropdown:not([class*='-leave'])").filter(visible=True).last
    await popup.wait_for()
    return popup


async def _first_year(panel: Locator) -> int:
    title = await panel.locator("td.ant-picker-cell-in-view").first.get_attribute("title")
    return int(str(title)[:4])


async def _shown_month(panel: Locator) -> int:
    """The month a date panel shows, as a count of months."""
    title = str(await panel.locator("td.ant-picker-cell-in-view").first.get_attribute("title"))
    return int(title[:4]) * 12 + int(title[5:7]) - 1


async def _page(panel: Locator, steps: int, *, small: int = 0) -> None:
    """Click the header's year (super) buttons ``steps`` times, then its month buttons ``small`` times
    (negative: backwards)."""
    for button, count in (("super-", steps), ("", small)):
        side = "next" if count > 0 else "prev"
        for _ in range(abs(count)):
            await panel.locator(f".ant-picker-header-{button}{side}-btn").click()


async def _to_month(first: Locator, last: Locator, day: dt.date) -> None:
    """Page a date panel (or a range's pair: ``first`` shows a month, ``last`` the next) until ``day``'s
    month is in view: as many year and month clicks as computed from what the first panel shows."""
    delta = day.year * 12 + day.month - 1 - await _shown_month(first)
    if delta < 0:
        await _page(first, -(-delta // 12), small=-(-delta % 12))
    elif delta > 0:
        months = delta % 12 - (1 if last is not first and delta % 12 else 0)  # the last panel shows one more
        await _page(last, delta // 12, small=months)


async def _date(page: Page, at: Locator, day: dt.date) -> None:
    popup = await _picker(page, at)
    panel = popup.locator(".ant-picker-panel").first
    await _to_month(panel, panel, day)
    await panel.locator(f'td.ant-picker-cell-in-view[title="{day:%Y-%m-%d}"]').click()


async def _range(page: Page, at: Locator, ends: list[dt.date]) -> None:
    popup = await _picker(page, at)
    panels = popup.locator(".ant-picker-panels > .ant-picker-panel")
    for day in ends:
        await _to_month(panels.first, panels.last, day)
        await popup.locator(f'td.ant-picker-cell-in-view[title="{day:%Y-%m-%d}"]').first.click()


async def _time(popup: Locator, when: dt.time) -> None:
    """Click hour, minute and second in the time columns, then 确定."""
    columns = popup.locator("ul.ant-picker-time-panel-column")
    for index, part in enumerate((when.hour, when.minute, when.second)):
        cell = columns.nth(index).locator("li.ant-picker-time-panel-cell")
        await cell.filter(has_text=_exactly(f"{part:02d}")).click()
    await popup.locator(".ant-picker-ok button").click()


async def _slider(page: Page, at: Locator, value: int) -> None:
    """0-100 on this page: click the rail where the value lies."""
    box = await at.locator(".ant-slider-rail").bounding_box()
    assert box is not None
    await page.mouse.click(box["x"] + box["width"] * value / 100, box["y"] + box["height"] / 2)
