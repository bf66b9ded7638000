"""The Element UI kit against bed-elui in Chromium: each widget found in its row by its label (as the field
finder does), set through ``Widget.set`` as a person would, then read back with ``Widget.read``; and the
negatives, each failing with a Chinese message that names the field and what the widget offers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Locator, Page

from bot.errors import NoSuchOption, WidgetError
from bot.recipe.kits import all_kits
from bot.recipe.kits.base import Target, Widget
from bot.recipe.kits.element_ui import KIT
from demo.kits.elui.app import DEMO_ACCOUNT
from demo.testing import AdminClient
from tests.kits import MISS_OPTION_CLICKS, MOVE_ON_PRESS, assert_clicked_again_or_refused
from tests.kits.elui.conftest import logged_in_form
from tests.support import ThreadedChromium

pytestmark = pytest.mark.browser

# section to open first (a closed collapse, a tab), label, value, what the widget then shows, its kind
CASES: list[tuple[str, str, Any, Any, str]] = [
    ("", "企业名称", "漳州市芗城区云帆科技有限公司", "漳州市芗城区云帆科技有限公司", "input"),
    ("", "企业类型", "有限责任公司（自然人投资或控股）", "有限责任公司（自然人投资或控股）", "select"),
    ("", "所属社区（居委会）", "天宝街道九龙社区居民委员会", "天宝街道九龙社区居民委员会", "select"),
    ("", "注册资本（万元）", "100", "100", "number"),
    ("", "营业期限", ["2031-05-12", "2051-05-11"], ["2031-05-12", "2051-05-11"], "date-range"),
    ("", "住所所在地", "福建省/漳州市/芗城区", ["福建省", "漳州市", "芗城区"], "cascader"),
    ("", "详细地址", "胜利西路28号", "胜利西路28号", "autocomplete"),
    ("", "登记机关", "南坑市场监督管理所", "南坑市场监督管理所", "tree-select"),
    ("", "委托代理机构", "漳州市众诚财务咨询有限公司", "漳州市众诚财务咨询有限公司", "select"),
    ("", "经营范围（标准条目）", ["软件开发", "信息系统集成服务"], ["软件开发", "信息系统集成服务"], "multi-select"),
    ("", "经营范围", "软件开发；信息系统集成服务", "软件开发；信息系统集成服务", "textarea"),
    ("", "性别", "女", "女", "radio"),
    ("", "证件类型", "港澳居民来往内地通行证", "港澳居民来往内地通行证", "radio"),
    ("", "出生日期", "1990-01-01", "1990-01-01", "date"),
    ("经营与税务信息", "经营方式", ["零售", "技术服务"], ["零售", "技术服务"], "checkbox"),
    ("经营与税务信息", "设立分支机构", True, True, "switch"),
    ("经营与税务信息", "从业人数", 35, 35, "slider"),
    ("经营与税务信息", "首次申报月份", "2031-06", "2031-06", "month"),
    ("经营与税务信息", "会计年度", "2031", "2031", "year"),
    ("经营与税务信息", "预约办理时间", "2031-05-20 09:30:00", "2031-05-20 09:30:00", "datetime"),
    ("经营与税务信息", "每日营业开始时间", "08:30:00", "08:30:00", "time"),
    ("经营与税务信息", "每日营业结束时间", "18:30", "18:30", "time-select"),
    ("同步办理事项", "同步办理事项", ["公章刻制备案", "银行预约开户"], ["公章刻制备案", "银行预约开户"], "transfer"),
]


@pytest.fixture(scope="module")
def form_page(chromium: ThreadedChromium, bed_url: str, bed_admin: AdminClient) -> Iterator[Page]:
    page = chromium.run(logged_in_form(chromium, bed_url))
    yield page
    chromium.run(page.context.close())


def fresh(chromium: ThreadedChromium, page: Page, url: str) -> None:
    async def go() -> None:
        await page.goto(url + "/form")
        if "/login" in page.url:  # a test before reset the bed (and its sessions)
            await page.get_by_label("账号").fill(DEMO_ACCOUNT[0])
            await page.get_by_label("密码").fill(DEMO_ACCOUNT[1])
            await page.get_by_role("button", name="登录").click()
            await page.wait_for_url("**/form")
        await page.locator(".el-card__header").first.wait_for()

    chromium.run(go())


async def open_section(page: Page, title: str) -> None:
    if not title:
        return
    header = page.locator(".el-collapse-item__header, .el-tabs__item").filter(has_text=title).first
    if "is-active" not in (await header.get_attribute("class") or ""):
        await header.click()


async def field(page: Page, label: str) -> tuple[Locator, Widget]:
    """The widget in the row labelled ``label``."""
    exact = re.compile(rf"^\s*{re.escape(label)}\s*$")
    return await widget_in(page.locator(KIT.row).filter(has=page.locator(KIT.label, has_text=exact)).first)


async def widget_in(place: Locator) -> tuple[Locator, Widget]:
    """The kit's first widget whose root is in ``place`` (a form row, a table cell), as the field finder does."""
    for widget in KIT.widgets:
        root = place.locator(widget.root)
        if await root.count():
            return root.first, widget
    raise AssertionError(f"no widget in {place}")


async def set_and_read(page: Page, section: str, label: str, value: Any) -> tuple[str, Any]:
    await open_section(page, section)
    root, widget = await field(page, label)
    await widget.set(Target(page, root, label, KIT, widget, 8_000), value)
    return widget.kind, await root.evaluate(widget.read)


def same(widget: Widget, shown: Any, wanted: Any) -> bool:
    return widget.same(shown, wanted) if widget.same else shown == wanted


def test_the_kit_is_found_and_only_element_ui_pages_match(chromium: ThreadedChromium, form_page: Page) -> None:
    assert KIT in all_kits()

    async def check() -> tuple[int, int]:
        here = await form_page.locator(KIT.signature).count()
        await form_page.set_content(
            '<div class="el-input"><div class="el-input__wrapper"><input class="el-input__inner"></div></div>'
        )
        return here, await form_page.locator(KIT.signature).count()

    here, element_plus = chromium.run(check())
    assert here > 10 and element_plus == 0


CASE_IDS = [f"{case[4]}-{i}" for i, case in enumerate(CASES)]


@pytest.mark.parametrize(("section", "label", "value", "shown", "kind"), CASES, ids=CASE_IDS)
def test_each_widget_is_set_and_read_back(
    chromium: ThreadedChromium,
    form_page: Page,
    bed_url: str,
    section: str,
    label: str,
    value: Any,
    shown: Any,
    kind: str,
) -> None:
    fresh(chromium, form_page, bed_url)
    found_kind, read = chromium.run(set_and_read(form_page, section, label, value))
    assert (found_kind, read) == (kind, shown)


def test_widgets_are_set_again_to_other_values(chromium: ThreadedChromium, form_page: Page, bed_url: str) -> None:
    """A second set changes what the first did: tags removed, boxes unticked, items moved back, a date paged
    backwards, a select and a range emptied by their clear icons, a cascader moved to another path, a tree
    node given by its full path, a free text kept by the autocomplete."""
    fresh(chromium, form_page, bed_url)

    async def twice() -> list[Any]:
        out = []
        for section, label, first, second in [
            ("", "经营范围（标准条目）", ["软件开发", "咨询策划服务"], ["咨询策划服务", "技术推广服务"]),
            ("经营与税务信息", "经营方式", ["批发", "零售"], ["零售", "进出口"]),
            ("同步办理事项", "同步办理事项", ["公章刻制备案", "发票申领"], ["发票申领", "社会保险参保登记"]),
            ("经营与税务信息", "从业人数", 120, 7),
            ("经营与税务信息", "设立分支机构", True, False),
            ("", "出生日期", "2045-11-30", "1985-02-28"),
            ("", "企业类型", "有限责任公司（自然人独资）", ""),  # emptied by its clear icon
            ("", "营业期限", ["2031-05-12", "2031-06-01"], []),
            ("", "住所所在地", ["北京市", "市辖区", "朝阳区"], ["福建省", "厦门市", "思明区"]),
        ]:
            await set_and_read(form_page, section, label, first)
            out.append((await set_and_read(form_page, section, label, second))[1])
        out.append(
            (
                await set_and_read(
                    form_page, "", "登记机关", ["漳州市市场监督管理局", "龙文区市场监督管理局", "蓝田市场监督管理所"]
                )
            )[1]
        )
        out.append((await set_and_read(form_page, "", "详细地址", "胜利西路30号之二"))[1])
        return out

    assert chromium.run(twice()) == [
        ["咨询策划服务", "技术推广服务"],
        ["零售", "进出口"],
        ["发票申领", "社会保险参保登记"],
        7,
        False,
        "1985-02-28",
        "",
        [],
        ["福建省", "厦门市", "思明区"],
        "蓝田市场监督管理所",
        "胜利西路30号之二",
    ]


def test_a_time_box_that_takes_no_typing_is_set_in_its_spinners(
    chromium: ThreadedChromium, form_page: Page, bed_url: str
) -> None:
    """Portals often set ``editable: false``: the box is read-only, so the spinners are stepped with the keys."""
    fresh(chromium, form_page, bed_url)

    async def wheel() -> list[Any]:
        await open_section(form_page, "经营与税务信息")
        root, _ = await field(form_page, "每日营业开始时间")
        await root.locator("input").evaluate("box => box.setAttribute('readonly', 'readonly')")
        return [
            (await set_and_read(form_page, "经营与税务信息", "每日营业开始时间", t))[1]
            for t in ("17:45:30", "08:05:00")
        ]

    assert chromium.run(wheel()) == ["17:45:30", "08:05:00"]


SLOW_SUGGESTIONS = """root => {
    // The portal's own page, its address suggestions now answered 400 ms after each fetch (a remote look-up):
    // the list shows Element UI's loading state meanwhile. Suggestions picked are noted in window.picked.
    const vm = root.__vue__, app = vm.$vnode.context, all = app.opts.addresses;
    app.queryAddress = (query, done) => setTimeout(() => done(
        all.filter(a => a.indexOf(query.trim()) >= 0).map(a => ({value: a}))), 400);
    vm._props.fetchSuggestions = app.queryAddress;
    window.picked = [];
    vm.$on('select', item => window.picked.push(item.value));
}"""


def test_an_autocomplete_waits_for_a_slow_portal_to_suggest(
    chromium: ThreadedChromium, form_page: Page, bed_url: str
) -> None:
    """Suggestions that load: the kit waits while the list shows it is loading, then clicks the suggestion of
    the typed text; a text the portal does not suggest is kept as typed, nothing picked."""
    fresh(chromium, form_page, bed_url)

    async def slow() -> list[Any]:
        root, _ = await field(form_page, "详细地址")
        await root.evaluate(SLOW_SUGGESTIONS)
        out = []
        for value in ("胜利西路28号", "胜利西路30号之二"):
            out.append((await set_and_read(form_page, "", "详细地址", value))[1])
            out.append(await form_page.evaluate("() => window.picked.slice()"))
        return out

    assert chromium.run(slow()) == ["胜利西路28号", ["胜利西路28号"], "胜利西路30号之二", ["胜利西路28号"]]


def test_upload_lists_the_file_by_its_name(
    chromium: ThreadedChromium, form_page: Page, bed_url: str, tmp_path: Path, clean_bed: AdminClient
) -> None:
    fresh(chromium, form_page, bed_url)
    proof = tmp_path / "法定代表人身份证明.pdf"
    proof.write_bytes(b"%PDF-1.4\n%%EOF\n")
    kind, read = chromium.run(set_and_read(form_page, "附件材料", "法定代表人身份证明", str(proof)))
    assert (kind, read) == ("upload", "法定代表人身份证明.pdf")


COLUMNS = ["股东名称", "股东类型", "证件号码", "认缴出资额（万元）", "出资方式", "出资日期"]


def test_table_rows_are_added_and_their_cells_set(chromium: ThreadedChromium, form_page: Page, bed_url: str) -> None:
    fresh(chromium, form_page, bed_url)
    rows = [
        ["林志强", "自然人", "350602199001012010", "60", "货币", "2035-12-31"],
        ["漳州市云帆投资有限公司", "企业法人", "91350602MA2Y0000X1", "40", "知识产权", "2036-06-30"],
    ]

    async def fill() -> list[list[Any]]:
        table = form_page.locator(KIT.tables[0].box).first
        headers = [t.strip() for t in await table.locator(KIT.tables[0].header).all_inner_texts()]
        read = []
        for number, values in enumerate(rows):
            await form_page.get_by_role("button", name="添加").click()
            row = table.locator(KIT.tables[0].rows).nth(number)  # the added row, not whichever is last meanwhile
            await row.wait_for()  # Vue renders it a moment after the click (fill_form waits for it the same way)
            shown = []
            for header, value in zip(COLUMNS, values, strict=True):
                cell = row.locator(":scope > td").nth(headers.index(header))
                root, widget = await widget_in(cell)
                await widget.set(Target(form_page, root, header, KIT, widget, 8_000), value)
                shown.append(await root.evaluate(widget.read))
            read.append(shown)
        return read

    assert chromium.run(fill()) == rows


NEGATIVES: list[tuple[str, str, Any, str]] = [
    (
        "",
        "企业类型",
        "股份合作公司",
        "「企业类型」是 Element UI 下拉框，没有选项「股份合作公司」（可选：有限责任公司（自然人独资）、",
    ),
    (
        "",
        "委托代理机构",
        "上海浦东代理公司",
        "「委托代理机构」是 Element UI 下拉框，输入「上海浦东代理公司」后没有匹配的候选项",
    ),
    ("", "所属社区（居委会）", "不存在社区", "没有选项「不存在社区」（可选：南坑街道东城社区居民委员会、"),
    ("", "出生日期", "2031-02-30", "「出生日期」是 Element UI 日期选择器，2031-02-30 不是日期"),
    ("", "营业期限", ["2031-05-12", "2031-13-01"], "2031-13-01 不是日期"),
    ("经营与税务信息", "首次申报月份", "2031-13", "2031-13 不是月份"),
    ("经营与税务信息", "预约办理时间", "2031-05-20 25:00:00", "不是日期时间"),
    ("经营与税务信息", "每日营业开始时间", "8点半", "8点半 不是时间"),
    (
        "",
        "住所所在地",
        ["福建省", "漳州市", "鼓楼区"],
        "没有选项「福建省/漳州市/鼓楼区」（可选：芗城区、龙文区、龙海区、长泰区）",
    ),
    ("", "登记机关", "鼓楼区市场监督管理局", "没有选项「鼓楼区市场监督管理局」"),
    ("", "经营范围（标准条目）", ["软件开发", "挖矿"], "没有选项「挖矿」"),
    (
        "",
        "证件类型",
        "军官证",
        "没有选项「军官证」（可选：居民身份证、护照、港澳居民来往内地通行证、台湾居民来往大陆通行证）",
    ),
    (
        "经营与税务信息",
        "经营方式",
        ["批发", "代购"],
        "没有选项「代购」（可选：批发、零售、网络销售、技术服务、进出口）",
    ),
    ("经营与税务信息", "从业人数", 500, "「500」不在 0～200 之间"),
    ("同步办理事项", "同步办理事项", ["开立账户"], "没有选项「开立账户」"),
    ("附件材料", "法定代表人身份证明", "/nowhere/x.pdf", "找不到要上传的文件「/nowhere/x.pdf」"),
    ("经营与税务信息", "每日营业结束时间", "23:00", "没有选项「23:00」（可选：16:00、16:30、"),
    ("", "职务", "", "不能清空"),
]


@pytest.mark.parametrize(("section", "label", "value", "message"), NEGATIVES, ids=[f"no-{i}" for i in range(18)])
def test_what_a_widget_cannot_do_is_said_in_chinese(
    chromium: ThreadedChromium, form_page: Page, bed_url: str, section: str, label: str, value: Any, message: str
) -> None:
    fresh(chromium, form_page, bed_url)
    with pytest.raises(WidgetError) as failed:
        chromium.run(set_and_read(form_page, section, label, value))
    assert message in str(failed.value)
    # a value the widget does not offer is the applicant's (NoSuchOption: not retried); the rest is not
    assert isinstance(failed.value, NoSuchOption) == ("没有选项" in message or "没有匹配的候选项" in message)


@pytest.mark.parametrize("missed", [1, 2])
def test_a_table_rows_select_whose_option_click_did_not_take_is_clicked_again_or_fails(
    chromium: ThreadedChromium, form_page: Page, bed_url: str, missed: int
) -> None:
    """A row just added, its 股东类型 select set at once; the first click on the option does not take (under
    load the dropdown moved between the mousedown and the mouseup, and the box read back empty): the kit sees
    the box without the label and clicks once more. Two that do not take fail in Chinese instead of leaving the
    read-back to find the box empty."""
    fresh(chromium, form_page, bed_url)

    async def pick() -> tuple[Any, int]:
        await form_page.evaluate(MISS_OPTION_CLICKS, [".el-select-dropdown__item", missed])
        table = form_page.locator(KIT.tables[0].box).first
        await form_page.get_by_role("button", name="添加").click()
        row = table.locator(KIT.tables[0].rows).first
        await row.wait_for()
        root, widget = await widget_in(row.locator(":scope > td").nth(2))
        try:
            await widget.set(Target(form_page, root, "股东类型", KIT, widget, 8_000), "自然人")
        except WidgetError as failed:
            return str(failed), await form_page.evaluate("() => window.missed")
        return await root.evaluate(widget.read), await form_page.evaluate("() => window.missed")

    shown, swallowed = chromium.run(pick())
    assert swallowed == missed
    assert_clicked_again_or_refused(shown, missed, "自然人", "股东类型", "Element UI 下拉框")


@pytest.mark.parametrize("missed", [1, 2])
def test_a_time_select_whose_click_did_not_take_is_clicked_again_or_fails(
    chromium: ThreadedChromium, form_page: Page, bed_url: str, missed: int
) -> None:
    """A load run read 每日营业结束时间 (el-time-select) back empty after its time was clicked: the same click
    that did not take as the selects'; once more, then in Chinese."""
    fresh(chromium, form_page, bed_url)

    async def pick() -> tuple[Any, int]:
        await form_page.evaluate(MISS_OPTION_CLICKS, [".time-select-item", missed])
        try:
            shown: Any = (await set_and_read(form_page, "经营与税务信息", "每日营业结束时间", "18:30"))[1]
        except WidgetError as failed:
            shown = str(failed)
        return shown, await form_page.evaluate("() => window.missed")

    shown, swallowed = chromium.run(pick())
    assert swallowed == missed
    assert_clicked_again_or_refused(shown, missed, "18:30", "每日营业结束时间", "Element UI 时间选择（固定时段）")


def test_a_time_select_click_that_missed_the_time_is_made_again_uncounted(
    chromium: ThreadedChromium, form_page: Page, bed_url: str
) -> None:
    """A load run's second click on the time did not take either: the list had moved between the press and the
    release, so the click went to what holds both and never reached the time. Such a click is not one the page
    refused: after a first click that did not take and a second that missed, the third sets the time."""
    fresh(chromium, form_page, bed_url)

    async def pick() -> tuple[Any, int, int]:
        await form_page.evaluate(MISS_OPTION_CLICKS, [".time-select-item", 1])
        await form_page.evaluate(MOVE_ON_PRESS, [".time-select-item", 1])
        try:
            shown: Any = (await set_and_read(form_page, "经营与税务信息", "每日营业结束时间", "18:30"))[1]
        except WidgetError as failed:
            shown = str(failed)
        return shown, *await form_page.evaluate("() => [window.missed, window.moved]")

    assert chromium.run(pick()) == ("18:30", 1, 1)


# clicks swallowed, and whether the next press moves its row until the release (press and release land apart)
TREE_CLICKS = pytest.mark.parametrize(
    ("missed", "beside"),
    [(0, True), (1, False), (2, False), (1, True)],
    ids=["beside", "once", "twice", "once-then-beside"],
)


def set_authority_missing_clicks(
    chromium: ThreadedChromium, page: Page, css: str, missed: int, beside: bool
) -> tuple[Any, int, int]:
    """登记机关 set to a third-level node while the first ``missed`` clicks on ``css`` are swallowed and, if
    ``beside``, the press after them moves its row until the release: what the box shows (or the kit's error),
    the clicks swallowed, the presses moved."""

    async def pick() -> tuple[Any, int, int]:
        await page.evaluate(MISS_OPTION_CLICKS, [css, missed])
        await page.evaluate(MOVE_ON_PRESS, [css, missed if beside else -1])
        path = ["漳州市市场监督管理局", "龙文区市场监督管理局", "蓝田市场监督管理所"]
        try:
            shown: Any = (await set_and_read(page, "", "登记机关", path))[1]
        except WidgetError as failed:
            shown = str(failed)
        return shown, *await page.evaluate("() => [window.missed, window.moved]")

    return chromium.run(pick())


@TREE_CLICKS
def test_a_tree_branch_whose_arrow_click_did_not_take_is_opened_again_or_fails(
    chromium: ThreadedChromium, form_page: Page, bed_url: str, missed: int, beside: bool
) -> None:
    """A load run's 登记机关 waited in vain for the children of 龙文区市场监督管理局 after its arrow was clicked.
    A click on the arrow that does not open the branch is made again (the path opened again first); a click
    whose press and release land apart ("beside") is not counted; two that reach the arrow and do not open it
    fail in Chinese, not in a bare Playwright timeout."""
    fresh(chromium, form_page, bed_url)
    arrow = ".el-tree-node__children .el-tree-node__expand-icon"  # a second-level branch's arrow
    refused = "「登记机关」是 Element UI 树形选择（弹出框中的树），点开了「龙文区市场监督管理局」两次，它仍未展开；"
    shown = refused + "请稍后重试，或检查页面是否响应" if missed == 2 else "蓝田市场监督管理所"
    assert set_authority_missing_clicks(chromium, form_page, arrow, missed, beside) == (shown, missed, int(beside))


@TREE_CLICKS
def test_a_tree_leaf_whose_click_did_not_take_is_clicked_again_or_fails(
    chromium: ThreadedChromium, form_page: Page, bed_url: str, missed: int, beside: bool
) -> None:
    """A load run read 登记机关 back empty after 蓝田市场监督管理所 was clicked: the leaf's click chose nothing.
    A click that reached the leaf and was not taken is made once more; one whose press and release land apart
    ("beside": the popover, placed again, closes on a click outside it) is made again uncounted, the popover
    opened again; two that reach it and are not taken fail in Chinese."""
    fresh(chromium, form_page, bed_url)
    leaf = ".el-tree-node__children .el-tree-node__children .el-tree-node__label"  # a third-level node's label
    shown, swallowed, moved = set_authority_missing_clicks(chromium, form_page, leaf, missed, beside)
    assert (swallowed, moved) == (missed, int(beside))
    assert_clicked_again_or_refused(
        shown, max(missed, 1), "蓝田市场监督管理所", "登记机关", "Element UI 树形选择（弹出框中的树）"
    )


# section, label, value, the swallowed click's CSS: a load run's month picker stayed on its months after its year
# label was clicked, its year picker on the decade before after its arrow was, and a date picker on its decade
# after a year's cell was; the kit waited the step's whole time for what the click should have shown.
CALENDAR_CLICKS = [
    ("经营与税务信息", "首次申报月份", "2031-06", ".el-date-picker__header-label"),
    ("经营与税务信息", "会计年度", "2031", ".el-icon-d-arrow-right"),
    ("法定代表人信息", "出生日期", "1985-03-12", ".el-year-table .cell"),
    ("法定代表人信息", "出生日期", "1985-03-12", ".el-month-table .cell"),
    ("经营与税务信息", "首次申报月份", "2031-06", ".el-year-table .cell"),
]


@pytest.mark.parametrize(
    ("section", "label", "value", "css"),
    CALENDAR_CLICKS,
    ids=["year-label", "decade-arrow", "date-year-cell", "date-month-cell", "month-year-cell"],
)
def test_a_calendar_click_that_did_not_take_is_made_again(
    chromium: ThreadedChromium, form_page: Page, bed_url: str, section: str, label: str, value: str, css: str
) -> None:
    """The label or cell is clicked again until its view shows; after a lost arrow click the panel is read where
    it stopped and paged again."""
    fresh(chromium, form_page, bed_url)

    async def pick() -> tuple[Any, int]:
        await form_page.evaluate(MISS_OPTION_CLICKS, [css, 1])
        shown = (await set_and_read(form_page, section, label, value))[1]
        return shown, await form_page.evaluate("() => window.missed")

    assert chromium.run(pick()) == (value, 1)
