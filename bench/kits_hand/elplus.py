"""bed-elplus (Element Plus, Vue 3) filed as an expert hand-writes it for this page.

The same actions the Element Plus kit takes, written directly: selects opened and the option clicked,
filterable and remote selects and the autocomplete typed one key at a time at the kit's pace, the
virtual country list scrolled until its option is drawn, the tree expanded along the leaf's path (read
from the page's own option data), the cascader clicked column by column, calendars opened on their year
view and paged by as many decade clicks as computed from the header, then year, month and day clicked,
the time typed, the slider dragged to where the value lies, the transfer's items ticked and moved, the
upload waited for. The form starts empty, so nothing is read before it is set.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from playwright.async_api import Browser, Locator, Page

from bench.kits_hand import filing_page, log_in, receipt_number

TYPING_DELAY_MS = 40  # the kit's pace for typing into a search or an autocomplete (element_plus.TYPING_DELAY_MS)
WHEEL_PX = 240  # about a view of the virtual list a turn (the kit scrolls a view less a row at a time)
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
  return walk(JSON.parse(document.getElementById('page-options').textContent).industries, []);
}"""


async def file(browser: Browser, base_url: str, f: Mapping[str, Any], account: tuple[str, str]) -> str:
    """Log in, fill step 1, 下一步, fill step 2, submit; returns the receipt number (受理编号)."""
    async with filing_page(browser) as page:
        await log_in(page, base_url, account)
        await _company(page, f["企业基本信息"])
        await _legal_rep(page, f["法定代表人"])
        await page.get_by_role("button", name="下一步").click()
        await page.get_by_role("tab", name="社保登记").wait_for()
        await _business(page, f["经营信息"])
        await _bank_tax(page, f["银行与税务"])
        await _materials(page, f["补充材料"])
        await _insurance(page, f["社保登记"], f["公积金登记"])
        await _shareholders(page, f["股东信息"])
        await page.get_by_role("button", name="提交").click()
        return await receipt_number(page)


# --- sections ------------------------------------------------------------------------------------


async def _company(page: Page, v: Mapping[str, Any]) -> None:
    await _row(page, "企业名称").locator("input").fill(str(v["企业名称"]))
    await _select(page, _row(page, "企业类型"), v["企业类型"])
    await _row(page, "注册资本（万元）").locator("input").fill(str(v["注册资本（万元）"]))
    cascader = _row(page, "住所").locator(".el-cascader")
    await cascader.click()
    popup = page.locator(f'[id="{await cascader.get_attribute("aria-describedby")}"]')
    for depth, name in enumerate(v["住所"]):
        await (
            popup.locator(".el-cascader-menu")
            .nth(depth)
            .locator(".el-cascader-node")
            .filter(has_text=_exactly(name))
            .click()
        )
    await _row(page, "详细地址").locator("input").fill(str(v["详细地址"]))
    listbox = await _open(page, _row(page, "行业分类"))
    for name in (path := await page.evaluate(TREE_PATH, v["行业分类"]))[:-1]:
        node = listbox.locator(".el-tree-node__content").filter(has_text=_exactly(name))
        await node.locator(".el-tree-node__expand-icon").click()
    await listbox.locator(".el-tree-node__content").filter(has_text=_exactly(path[-1])).click()
    row = _row(page, "登记机关")
    listbox = await _open(page, row)
    await row.locator("input.el-select__input").press_sequentially(str(v["登记机关"]), delay=TYPING_DELAY_MS)
    await _option(listbox, v["登记机关"]).click()
    row = _row(page, "经营范围")
    listbox = await _open(page, row)
    search = row.locator("input.el-select__input")
    for scope in v["经营范围"]:
        await search.fill("")  # the last search stays in the box
        await search.press_sequentially(str(scope), delay=TYPING_DELAY_MS)
        await _option(listbox, scope).click()
    await search.press("Escape")  # the first clears the search kept in the box, the second closes
    await search.press("Escape")
    await listbox.wait_for(state="hidden")


async def _legal_rep(page: Page, v: Mapping[str, Any]) -> None:
    await _row(page, "姓名").locator("input").fill(str(v["姓名"]))
    listbox = await _open(page, _row(page, "国籍（地区）"))
    option = _option(listbox, v["国籍（地区）"])
    await listbox.hover()
    while not await option.count():  # a virtual list: only the rows in view are drawn
        await page.mouse.wheel(0, WHEEL_PX)
    await option.click()
    await _row(page, "证件类型").locator(".el-radio").filter(has_text=_exactly(v["证件类型"])).click()
    await _row(page, "证件号码").locator("input").fill(str(v["证件号码"]))
    await _date(page, _row(page, "出生日期"), dt.date.fromisoformat(v["出生日期"]))
    await _row(page, "移动电话").locator("input").fill(str(v["移动电话"]))


async def _business(page: Page, v: Mapping[str, Any]) -> None:
    """经营信息, the collapse item open at first."""
    await _date(page, _row(page, "开业日期"), dt.date.fromisoformat(v["开业日期"]))
    panel = await _calendar(page, _row(page, "营业期限"))
    for day in (dt.date.fromisoformat(end) for end in v["营业期限"]):
        right = panel.locator(".el-date-range-picker__content.is-right")  # both ends lie years ahead
        await _year_month(right, day.year, day.month)
        await _day(right, day)
    moment = dt.datetime.strptime(v["执照领取时间"], "%Y-%m-%d %H:%M:%S")
    panel = await _calendar(page, _row(page, "执照领取时间"))
    await _year_month(panel, moment.year, moment.month)
    await _day(panel, moment.date())
    clock = panel.locator(".el-date-picker__editor-wrap input").last  # 选择时间
    await clock.click()
    await clock.fill(f"{moment:%H:%M:%S}")
    await clock.blur()
    await panel.locator(".el-picker-panel__footer .el-button").filter(has_text=_exactly("确定")).click()
    box = _row(page, "每日营业开始时间").locator("input")
    await box.click()
    await box.fill(str(v["每日营业开始时间"]))
    await box.press("Enter")
    for mode in v["经营方式"]:
        await _row(page, "经营方式").locator(".el-checkbox").filter(has_text=_exactly(mode)).click()
    await _slider(page, _row(page, "从业人数"), int(v["从业人数"]))
    if v["申领发票"]:  # the switch starts off
        await _row(page, "申领发票").locator(".el-switch__core").click()


async def _bank_tax(page: Page, v: Mapping[str, Any]) -> None:
    """银行与税务, a collapse item closed at first."""
    await page.locator(".el-collapse-item__title").filter(has_text="银行与税务").click()
    box = _row(page, "开户银行").locator("input")
    await box.press_sequentially(str(v["开户银行"]), delay=TYPING_DELAY_MS)
    suggestions = page.locator(f'[id="{await box.get_attribute("aria-controls")}"]')
    await suggestions.locator("li").filter(has_text=_exactly(v["开户银行"])).click()
    search = _row(page, "开户网点").locator("input.el-select__input")
    await search.click()
    await search.press_sequentially(str(v["开户网点"]), delay=TYPING_DELAY_MS)
    listbox = page.locator(f'[id="{await search.get_attribute("aria-controls")}"]')
    await _option(listbox, v["开户网点"]).click()
    await _row(page, "纳税人类型").locator(".el-radio-button").filter(has_text=_exactly(v["纳税人类型"])).click()
    panel = await _calendar(page, _row(page, "首个会计年度"))  # opens on its year view
    await _year(panel, int(v["首个会计年度"]))
    month = dt.datetime.strptime(v["首次申报所属期"], "%Y-%m")
    await _year_month(await _calendar(page, _row(page, "首次申报所属期")), month.year, month.month)


async def _materials(page: Page, v: Mapping[str, Any]) -> None:
    """补充材料, a collapse item closed at first."""
    await page.locator(".el-collapse-item__title").filter(has_text="补充材料").click()
    row = _row(page, "住所使用证明")
    file = Path(str(v["住所使用证明"]))
    await row.locator("input.el-upload__input").set_input_files(file)
    await row.locator(".el-upload-list__item.is-success").filter(has_text=file.name).wait_for()
    await _row(page, "备注").locator("textarea").fill(str(v["备注"]))


async def _insurance(page: Page, social: Mapping[str, Any], fund: Mapping[str, Any]) -> None:
    """Two tabs: 社保登记 (shown first, with a transfer), 公积金登记."""
    transfer = _row(page, "参保险种")
    left = transfer.locator(".el-transfer-panel").first
    for kind in social["参保险种"]:
        await left.locator(".el-transfer-panel__item").filter(has_text=_exactly(kind)).click()
    await transfer.locator(".el-transfer__buttons button").last.click()
    await _row(page, "社保经办人").locator("input").fill(str(social["社保经办人"]))
    await page.get_by_role("tab", name="公积金登记").click()
    await _select(page, _row(page, "单位缴存比例"), fund["单位缴存比例"])
    await _row(page, "每月缴存日").locator("input").fill(str(fund["每月缴存日"]))


async def _shareholders(page: Page, rows: list[Mapping[str, Any]]) -> None:
    """The table starts empty; 添加股东 adds a row."""
    for _ in rows:
        await page.get_by_role("button", name="添加股东").click()
    for index, v in enumerate(rows):
        cells = page.locator(".el-table__body tbody tr").nth(index).locator("> td")
        await cells.nth(1).locator("input").fill(str(v["股东名称"]))
        await _select(page, cells.nth(2), v["证件类型"])
        await cells.nth(3).locator("input").fill(str(v["认缴出资额（万元）"]))
        await _select(page, cells.nth(4), v["出资方式"])


# --- widgets -------------------------------------------------------------------------------------


def _row(page: Page, label: str) -> Locator:
    return page.locator(".el-form-item").filter(has=page.locator(".el-form-item__label", has_text=_exactly(label)))


def _exactly(text: Any) -> re.Pattern[str]:
    return re.compile(rf"^\s*{re.escape(str(text))}\s*$")


async def _open(page: Page, at: Locator) -> Locator:
    """Click a select; its dropdown's list (the one its input controls: Element Plus appends it to <body>)."""
    await at.locator(".el-select__wrapper").click()
    listbox = page.locator(f'[id="{await at.locator("input.el-select__input").get_attribute("aria-controls")}"]')
    await listbox.wait_for()
    return listbox


def _option(listbox: Locator, label: Any) -> Locator:
    return listbox.locator(".el-select-dropdown__item").filter(has_text=_exactly(label))


async def _select(page: Page, at: Locator, label: Any) -> None:
    await _option(await _open(page, at), label).click()


async def _calendar(page: Page, at: Locator) -> Locator:
    """Click a date box; its calendar is the popper its input controls."""
    box = at.locator("input").first
    await box.click()
    panel = page.locator(f'[id="{await box.get_attribute("aria-controls")}"]').locator(".el-picker-panel")
    await panel.wait_for()
    return panel


HEADER_LABEL = ".el-date-picker__header-label, .el-date-range-picker__header-label"


async def _year(panel: Locator, year: int) -> None:
    """The year view (opened from the header's year if it is not shown): as many decade clicks as computed
    from the decade the header shows, then the year."""
    if not await panel.locator(".el-year-table").is_visible():
        await panel.locator(HEADER_LABEL).filter(visible=True).first.click()
    shown = int(re.findall(r"\d{4}", await panel.locator(HEADER_LABEL).filter(visible=True).first.inner_text())[0])
    decades = year // 10 - shown // 10
    for _ in range(abs(decades)):
        await panel.get_by_role("button", name="后一年" if decades > 0 else "前一年", exact=True).click()
    await panel.locator(".el-year-table td").filter(has_text=_exactly(year)).click()


async def _year_month(panel: Locator, year: int, month: int) -> None:
    """Year (through the year view), then the month's cell; a date panel then shows that month."""
    await _year(panel, year)
    await panel.locator(".el-month-table td").nth(month - 1).click()


async def _day(panel: Locator, day: dt.date) -> None:
    table = panel.locator(".el-date-table")
    await table.locator("td:not(.prev-month):not(.next-month)").filter(has_text=_exactly(day.day)).click()


async def _date(page: Page, at: Locator, day: dt.date) -> None:
    panel = await _calendar(page, at)
    await _year_month(panel, day.year, day.month)
    await _day(panel, day)


async def _slider(page: Page, at: Locator, value: int) -> None:
    """Drag the handle along the runway to where the value lies."""
    runway = await at.locator(".el-slider__runway").bounding_box()
    grip = await at.locator("[role=slider]").bounding_box()
    assert runway is not None and grip is not None
    y = grip["y"] + grip["height"] / 2
    await page.mouse.move(grip["x"] + grip["width"] / 2, y)
    await page.mouse.down()
    await page.mouse.move(runway["x"] + runway["width"] * value / SLIDER_MAX, y, steps=12)
    await page.mouse.up()
