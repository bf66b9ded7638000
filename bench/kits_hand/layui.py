"""bed-layui (layui 2.x) filed as an expert hand-writes it for this page.

The same actions the layui kit takes, written directly against this page's markup (its names and ids):
the login's slider check dragged in many small moves, layui's drawn selects opened and the option
clicked (省/市/区 one after another), lay-search selects and the autocomplete typed one character at a
time at the kit's pace, laydate paged by as many year and month clicks as computed from the month its
header shows, the tree in its dropdown expanded level by level, drawn checkboxes, radios and switch
clicked, the slider dragged to where the value lies, the transfer's items ticked and moved, uploads
waited for. The form starts empty, so nothing is read before it is set.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from playwright.async_api import Browser, Locator, Page

from bench.kits_hand import filing_page, receipt_number

TYPING_DELAY_MS = 30  # the kit's pace for typing into a search or an autocomplete (layui._search_select)
DRAG_MOVES = 24  # mouse moves of the login's slider drag (the drag verb's)
SLIDER = (1, 100)  # 从业人数: the bounds this page's script gives layui's slider

TREE_PATH = """name => {
  const hit = [...document.querySelectorAll('#hy-tree .layui-tree-txt')].find(e => e.textContent.trim() === name);
  const path = [];
  for (let set = hit.closest('.layui-tree-set'); set; set = set.parentElement.closest('.layui-tree-set'))
    path.unshift(set.querySelector(':scope > .layui-tree-entry .layui-tree-txt').textContent.trim());
  return path;
}"""


async def file(browser: Browser, base_url: str, f: Mapping[str, Any], account: tuple[str, str]) -> str:
    """Log in, fill the eight sections in the recipe's order, submit; returns the receipt number (受理编号)."""
    async with filing_page(browser) as page:
        await _log_in(page, base_url.rstrip("/"), account)
        await _basics(page, f["企业基本信息"])
        await _business(page, f["经营信息"])
        await _agent(page, f["经办人信息"])
        await _bank(page, f["银行开户"])
        await _permits(page, f["许可事项"])
        await page.locator("input[name=cwxm]").fill(str(f["财务负责人"]["姓名"]))
        await page.locator("input[name=cwsj]").fill(str(f["财务负责人"]["手机号码"]))
        await _shareholders(page, f["股东（出资人）信息"])
        await _upload(page, "zscl", f["申请材料"]["经办人身份证明"])
        await _upload(page, "sfzm", f["申请材料"]["法定代表人身份证明"])
        await page.get_by_role("button", name="提交", exact=True).click()
        return await receipt_number(page)


async def _log_in(page: Page, base_url: str, account: tuple[str, str]) -> None:
    await page.goto(base_url + "/login")
    await page.get_by_placeholder("用户名").fill(account[0])
    await page.get_by_placeholder("密码").fill(account[1])
    handle = await page.locator(".slider-btn").bounding_box()
    track = await page.locator(".slider-item").bounding_box()
    assert handle is not None and track is not None
    x0, y = handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2
    x1 = track["x"] + track["width"] - handle["width"] / 2
    await page.mouse.move(x0, y)
    await page.mouse.down()
    for i in range(1, DRAG_MOVES + 1):  # fast, then slowing, as a hand moves
        eased = 1 - (1 - i / DRAG_MOVES) ** 3
        await page.mouse.move(x0 + (x1 - x0) * eased, y + (0 if i == DRAG_MOVES else (i % 3) - 1))
    await page.mouse.up()
    await page.get_by_text("验证通过").wait_for()
    await page.get_by_role("button", name="登 录").click()
    await page.wait_for_url("**/apply")


# --- sections ------------------------------------------------------------------------------------


async def _basics(page: Page, v: Mapping[str, Any]) -> None:
    await page.locator("input[name=qymc]").fill(str(v["企业名称"]))
    await _select(page.locator("select[name=qylx] + .layui-form-select"), v["企业类型"])
    await page.locator("input[name=zczb]").fill(str(v["注册资本（万元）"]))
    await _date(page, "#clrq", dt.date.fromisoformat(v["成立日期"]))
    await _range(page, "#yyqx", [dt.date.fromisoformat(d) for d in v["营业期限"]])
    await _tree(page, str(v["所属行业"]))
    for name, level in zip(("province", "city", "area"), v["住所"], strict=True):
        await _select(page.locator(f"select[name={name}] + .layui-form-select"), level)
    await page.locator("input[name=xxdz]").fill(str(v["详细地址"]))
    park = page.locator("#ssyq")
    await park.click()
    await park.press_sequentially(str(v["所属园区"]), delay=TYPING_DELAY_MS)
    menu = page.locator('.layui-dropdown[lay-dropdown-id="ssyq"] .layui-menu-body-title')
    await menu.filter(has_text=_exactly(v["所属园区"])).click()


async def _business(page: Page, v: Mapping[str, Any]) -> None:
    for scope in v["经营范围"]:
        await _drawn(page.locator("#jyfw-box"), "checkbox", scope)
    await page.locator("textarea[name=jyfwsm]").fill(str(v["经营范围补充说明"]))
    await _slider(page, int(v["从业人数"]))
    await _search(page.locator("select[name=djjg] + .layui-form-select"), v["登记机关"])
    await _drawn(page.locator("#nsrlx-box"), "radio", v["纳税人类型"])
    if v["开具发票"]:  # the switch starts off
        await page.locator("input[name=kjfp] + .layui-form-switch").click()
    panel = await _laydate(page, "#sbssq")
    month = dt.datetime.strptime(v["申报所属期"], "%Y-%m")
    await _years(panel, month.year)
    await panel.locator(".laydate-month-list > li").filter(has_text=_exactly(f"{month.month}月")).click()
    panel = await _laydate(page, "#kjnd")
    year = int(v["会计年度"])
    await _years(panel, year)
    await panel.locator(".laydate-year-list > li").filter(has_text=_exactly(f"{year}年")).click()


async def _agent(page: Page, v: Mapping[str, Any]) -> None:
    """经办人信息 is a collapse item, closed at first."""
    await page.locator(".layui-colla-title").filter(has_text="经办人信息").click()
    await page.locator("input[name=jbrxm]").fill(str(v["经办人姓名"]))
    await _drawn(page.locator("#jbrzjlx-box"), "radio", v["证件类型"])
    await page.locator("input[name=jbrzjhm]").fill(str(v["证件号码"]))
    await page.locator("input[name=jbrsj]").fill(str(v["手机号码"]))
    when = dt.datetime.strptime(v["预约办理时间"], "%Y-%m-%d %H:%M:%S")
    panel = await _laydate(page, "#yysj")
    main = panel.locator(".laydate-main-list-0")
    await _to_month(main, when.date())
    await _day(main, when.date())
    await panel.locator(".laydate-btns-time").click()
    await _time(panel, when.time())
    panel = await _laydate(page, "#lxsd")
    await _time(panel, dt.time.fromisoformat(v["每日联系时段"]))


async def _bank(page: Page, v: Mapping[str, Any]) -> None:
    """The 银行开户 tab shows first; 开户银行's options come from the server after typing (the select is
    drawn anew when they come, inside #khyh-box)."""
    box = page.locator("#khyh-box .layui-select-title input")
    await box.click()
    await box.press_sequentially(str(v["开户银行"]), delay=TYPING_DELAY_MS)
    await page.locator("#khyh-box dl > dd").filter(has_text=_exactly(v["开户银行"])).click()
    for need in v["一并申请"]:
        await _drawn(page.locator("#ybsq-box"), "checkbox", need)


async def _permits(page: Page, v: Mapping[str, Any]) -> None:
    await page.locator(".layui-tab-title > li").filter(has_text="许可事项").click()
    left = page.locator('#xkxx .layui-transfer-box[data-index="0"] .layui-transfer-data > li')
    for permit in v["涉企经营许可"]:
        await left.filter(has_text=_exactly(permit)).locator(".layui-form-checkbox").click()
    await page.locator('#xkxx .layui-transfer-active .layui-btn[data-index="0"]').click()


async def _shareholders(page: Page, rows: list[Mapping[str, Any]]) -> None:
    """The table starts with one row; 添加 adds the others."""
    for _ in rows[1:]:
        await page.locator("#gd-add").click()
    for index, v in enumerate(rows):
        row = page.locator("#gd-table tbody > tr").nth(index)
        await row.locator("input[name=gd_mc]").fill(str(v["股东名称"]))
        await _select(row.locator("select[name=gd_zjlx] + .layui-form-select"), v["证件类型"])
        await row.locator("input[name=gd_zjhm]").fill(str(v["证件号码"]))
        await row.locator("input[name=gd_cze]").fill(str(v["认缴出资额（万元）"]))
        await _select(row.locator("select[name=gd_czfs] + .layui-form-select"), v["出资方式"])


async def _upload(page: Page, field: str, path: Any) -> None:
    file = Path(str(path))
    await page.locator(f"#{field}-btn + input.layui-upload-file").set_input_files(file)
    await page.locator(f"#{field}-list").get_by_text(file.name, exact=True).wait_for()


# --- widgets -------------------------------------------------------------------------------------


def _exactly(text: Any) -> re.Pattern[str]:
    return re.compile(rf"^\s*{re.escape(str(text))}\s*$")


async def _select(drawn: Locator, label: Any) -> None:
    """A drawn select: open it, click the option."""
    await drawn.locator(".layui-select-title").click()
    await drawn.locator("dl > dd").filter(has_text=_exactly(label)).click()


async def _search(drawn: Locator, label: Any) -> None:
    """A lay-search select: type into its box, click the option left."""
    box = drawn.locator(".layui-select-title input")
    await box.click()
    await box.press_sequentially(str(label), delay=TYPING_DELAY_MS)
    await drawn.locator("dl > dd:not(.layui-hide)").filter(has_text=_exactly(label)).click()


async def _drawn(box: Locator, kind: str, title: Any) -> None:
    """The div layui draws for a checkbox or radio, by its title."""
    await box.locator(f".layui-form-{kind}").filter(has_text=_exactly(title)).click()


async def _tree(page: Page, leaf: str) -> None:
    """The tree in 所属行业's dropdown: click each level's title (it expands), then the leaf's."""
    await page.locator("#hy-name").click()
    tree = page.locator("#hy-tree")
    await tree.wait_for()
    for name in await page.evaluate(TREE_PATH, leaf):
        await tree.locator(".layui-tree-txt").filter(has_text=_exactly(name)).click()


async def _slider(page: Page, value: int) -> None:
    """Drag the handle to where the value lies on the track."""
    track = await page.locator("#cyrs .layui-slider").bounding_box()
    handle = await page.locator("#cyrs .layui-slider-wrap-btn").bounding_box()
    assert track is not None and handle is not None
    y = handle["y"] + handle["height"] / 2
    await page.mouse.move(handle["x"] + handle["width"] / 2, y)
    await page.mouse.down()
    low, high = SLIDER
    await page.mouse.move(track["x"] + track["width"] * (value - low) / (high - low), y, steps=4)
    await page.mouse.up()


async def _laydate(page: Page, input_css: str) -> Locator:
    """Open an input's laydate; its panel (appended to <body>, named by the input's lay-key)."""
    field = page.locator(input_css)
    key = await field.get_attribute("lay-key")
    await field.click()
    panel = page.locator(f"#layui-laydate{key}")
    await panel.wait_for()
    return panel


async def _shown(main: Locator) -> int:
    """The month a day panel's header shows ("2026 年" "12 月"), as a count of months."""
    year, month = (await main.locator(".laydate-set-ym > span").first.get_attribute("lay-ym") or "").split("-")
    return int(year) * 12 + int(month) - 1


async def _clicks(main: Locator, button: str, count: int) -> None:
    for _ in range(count):
        await main.locator(f".laydate-{button}").click()


async def _to_month(main: Locator, day: dt.date) -> None:
    """As many year clicks, then month clicks, as lie between the month shown and ``day``'s."""
    delta = day.year * 12 + day.month - 1 - await _shown(main)
    side = "next" if delta > 0 else "prev"
    await _clicks(main, f"{side}-y", abs(delta) // 12)
    await _clicks(main, f"{side}-m", abs(delta) % 12)


async def _day(main: Locator, day: dt.date) -> None:
    await main.locator(f'td[lay-ymd="{day.year}-{day.month}-{day.day}"]:not(.laydate-day-prev)').click()


async def _date(page: Page, input_css: str, day: dt.date) -> None:
    main = (await _laydate(page, input_css)).locator(".laydate-main-list-0")
    await _to_month(main, day)
    await _day(main, day)


async def _range(page: Page, input_css: str, ends: list[dt.date]) -> None:
    """Each end in its own panel (start left, end right), paged on its own; then 确定."""
    panel = await _laydate(page, input_css)
    for index, day in enumerate(ends):
        main = panel.locator(f".laydate-main-list-{index}")
        await _to_month(main, day)
        await _day(main, day)
    await panel.locator(".laydate-btns-confirm").click()


async def _years(panel: Locator, year: int) -> None:
    """A month or year list: page by years until the header's span of years holds ``year``."""
    main = panel.locator(".laydate-main-list-0")
    years = [int(y) for y in re.findall(r"\d{4}", await main.locator(".laydate-set-ym").inner_text())]
    first, last = years[0], years[-1]
    if year > last:
        await _clicks(main, "next-y", -(-(year - last) // (last - first + 1)))
    elif year < first:
        await _clicks(main, "prev-y", -(-(first - year) // (last - first + 1)))


async def _time(panel: Locator, when: dt.time) -> None:
    """The time list's three columns (时, 分, 秒): click each number, then 确定."""
    columns = panel.locator(".laydate-time-list > li:not(.layui-hide)")
    for index, number in enumerate((when.hour, when.minute, when.second)):
        await columns.nth(index).locator("ol > li").filter(has_text=_exactly(f"{number:02d}")).click()
    await panel.locator(".laydate-btns-confirm").click()
