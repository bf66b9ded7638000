"""The layui kit sets every widget of the bed as a person would and reads back what it shows
(bot/recipe/kits/layui.py), in Chromium against demo/kits/layui; and says what is wrong, in Chinese,
when a value cannot be set."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.async_api import Locator, Page

from bot.errors import WidgetError
from bot.recipe.kits.base import Target, Widget
from bot.recipe.kits.layui import KIT, READ_SELECT
from tests.kits import MISS_OPTION_CLICKS, MISSED_CLICKS, MOVE_ON_PRESS, assert_clicked_again_or_refused, three_years_on
from tests.kits.layui.conftest import form_page
from tests.support import run_async

pytestmark = pytest.mark.browser

# label → value, per section, as a mapping gives them (sections whose content starts hidden are opened)
VALUES: dict[str, dict[str, Any]] = {
    "企业基本信息": {
        "企业名称": "漳州市芗城区云帆信息技术有限公司",
        "企业类型": "有限责任公司（自然人投资或控股）",
        "注册资本（万元）": "100",
        "成立日期": "2029-05-20",
        "营业期限": ["2029-05-20", "2049-05-19"],
        "所属行业": "应用软件开发",
        "住所": ["福建省", "漳州市", "芗城区"],
        "详细地址": "胜利西路 18 号 3 层",
        "所属园区": "漳州高新技术产业开发区",
    },
    "经营信息": {
        "经营范围": ["软件开发", "信息技术咨询服务"],
        "经营范围补充说明": "依法须经批准的项目，经相关部门批准后方可开展经营活动",
        "从业人数": 36,
        "登记机关": "芗城区市场监督管理局",
        "纳税人类型": "一般纳税人",
        "开具发票": True,
        "申报所属期": "2030-06",
        "会计年度": "2031",
    },
    "财务负责人": {"姓名": "林晓红", "手机号码": "13905961234"},
    "经办人信息": {
        "经办人姓名": "陈志明",
        "证件类型": "居民身份证",
        "证件号码": "350602199001011234",
        "手机号码": "13859612345",
        "预约办理时间": "2028-03-09 10:30:00",
        "每日联系时段": "14:30:00",
    },
    "银行开户": {"开户银行": "中国工商银行漳州芗城支行", "一并申请": ["公章刻制", "申领发票"]},
    "许可事项": {"涉企经营许可": ["食品经营许可", "增值电信业务经营许可"]},
}
KINDS = {  # the widget each label must be recognised as
    "企业名称": "input",
    "企业类型": "select",
    "注册资本（万元）": "number",
    "成立日期": "date",
    "营业期限": "date",
    "所属行业": "tree-select",
    "住所": "cascader",
    "所属园区": "autocomplete",
    "经营范围": "checkbox",
    "经营范围补充说明": "textarea",
    "从业人数": "slider",
    "登记机关": "select",
    "纳税人类型": "radio",
    "开具发票": "switch",
    "申报所属期": "date",
    "会计年度": "date",
    "证件类型": "radio",
    "预约办理时间": "date",
    "每日联系时段": "date",
    "开户银行": "select",
    "一并申请": "checkbox",
    "涉企经营许可": "transfer",
}


async def section(page: Page, title: str) -> Locator:
    """The section's content, opened (a closed collapse, another tab) by clicking its title, as a person does."""
    for kind in KIT.sections:
        heading = page.locator(kind.title).filter(has_text=re.compile(rf"^\s*{re.escape(title)}\s*$"))
        if await heading.count():
            handle = await heading.first.evaluate_handle(
                f"(t) => {{ const box = t.closest({kind.box!r}); return ({kind.content or '(t, b) => b'})(t, box); }}"
            )
            content = handle.as_element()
            assert content is not None
            if not await content.is_visible():
                await heading.first.click()
                await content.wait_for_element_state("visible")
            marker = f"sec-{abs(hash(title))}"
            await content.evaluate("(e, m) => e.setAttribute('data-test-section', m)", marker)
            return page.locator(f"[data-test-section='{marker}']")
    raise AssertionError(f"no section {title}")


async def field(scope: Locator, label: str) -> tuple[Widget, Locator]:
    """The row labelled ``label`` and the first widget of the kit in it, as the field finder does."""
    name = re.compile(rf"^\s*\*?\s*{re.escape(label)}\s*$")
    row = scope.locator(KIT.row).filter(has=scope.page.locator(KIT.label, has_text=name))
    assert await row.count() == 1, f"{label}: {await row.count()} rows"
    for widget in KIT.widgets:
        root = row.locator(widget.root)
        if await root.count():
            return widget, root.first
    raise AssertionError(f"{label}: no widget")


async def set_and_read(page: Page, scope: Locator, label: str, value: Any, timeout: float = 5000) -> Any:
    widget, root = await field(scope, label)
    await widget.set(Target(page, root, label, KIT, widget, timeout), value)
    return await root.evaluate(widget.read)


def equal(widget: Widget, shown: Any, wanted: Any) -> bool:
    return widget.same(shown, wanted) if widget.same else shown == wanted


def test_every_widget_of_the_bed_is_set_and_read_back_as_shown(bed_url: str, files: dict[str, Path]) -> None:
    async def go() -> dict[str, Any]:
        wrong: dict[str, Any] = {}
        async with form_page(bed_url) as page:
            for title, values in VALUES.items():
                scope = await section(page, title)
                for label, value in values.items():
                    widget, _ = await field(scope, label)
                    if label in KINDS:
                        assert widget.kind == KINDS[label], label
                    shown = await set_and_read(page, scope, label, value)
                    if not equal(widget, shown, value):
                        wrong[label] = shown
            materials = await section(page, "申请材料")
            for label, file in (("经办人身份证明", "经办人身份证明.pdf"), ("法定代表人身份证明", "legal-rep-id.png")):
                shown = await set_and_read(page, materials, label, str(files[file]))
                if shown != file:
                    wrong[label] = shown
            await page.screenshot(path=str(files["经办人身份证明.pdf"].parent / "filled.png"), full_page=True)
        return wrong

    assert run_async(go()) == {}


def test_a_field_already_right_is_left_alone_and_a_date_set_twice_reads_the_last(bed_url: str) -> None:
    async def go() -> list[Any]:
        async with form_page(bed_url) as page:
            scope = await section(page, "企业基本信息")
            first = await set_and_read(page, scope, "成立日期", "2031-12-31")
            second = await set_and_read(page, scope, "成立日期", "2021-01-01")
            kind = await set_and_read(page, scope, "企业类型", "股份有限公司")
            again = await set_and_read(page, scope, "企业类型", "股份有限公司")
            return [first, second, kind, again]

    assert run_async(go()) == ["2031-12-31", "2021-01-01", "股份有限公司", "股份有限公司"]


NEGATIVES = [
    (
        "企业基本信息",
        "企业类型",
        "合资公司",
        "「企业类型」是 layui 下拉框，没有选项「合资公司」（可选：有限责任公司（自然人独资）、",
    ),
    ("企业基本信息", "成立日期", "2031-02-30", "「成立日期」是 layui 日期选择器，2031-02-30 不是日期"),
    ("企业基本信息", "营业期限", ["2031-02-03", "2030-01-01"], "结束日期 2030-01-01 早于开始日期 2031-02-03"),
    ("经营信息", "申报所属期", "2030-06-15", "这是年月选择器，「2030-06-15」不是 yyyy-MM 形式的年月"),
    (
        "企业基本信息",
        "住所",
        ["福建省", "漳州市", "鼓楼区"],
        "没有选项「福建省/漳州市/鼓楼区」（可选：芗城区、龙文区、龙海区）",
    ),
    (
        "企业基本信息",
        "所属行业",
        "农业",
        "没有选项「农业」（可选：信息传输、软件和信息技术服务业、制造业、租赁和商务服务业）",
    ),
    (
        "银行开户",
        "开户银行",
        "花旗银行漳州分行",
        "「开户银行」是 layui 下拉框，输入「花旗银行漳州分行」后没有匹配的候选项",
    ),
    ("企业基本信息", "所属园区", "月球开发区", "「所属园区」是 layui 输入提示框，输入「月球开发区」后没有匹配的候选项"),
    ("经营信息", "登记机关", "火星市场监督管理局", "没有选项「火星市场监督管理局」（可选：鼓楼区市场监督管理局、"),
    ("经营信息", "经营范围", ["软件开发", "房地产开发"], "没有选项「房地产开发」（可选：软件开发、"),
    ("经营信息", "纳税人类型", "增值税纳税人", "没有选项「增值税纳税人」（可选：小规模纳税人、一般纳税人）"),
    ("经营信息", "从业人数", 500, "滑块取不到 500（可取 1–100）"),
    ("许可事项", "涉企经营许可", ["烟草专卖零售许可"], "没有选项「烟草专卖零售许可」（可选：食品经营许可、"),
]


@pytest.mark.parametrize(("title", "label", "value", "message"), NEGATIVES, ids=[n[1] for n in NEGATIVES])
def test_a_value_the_widget_cannot_take_fails_with_what_it_offers(
    bed_url: str, title: str, label: str, value: Any, message: str
) -> None:
    async def go() -> str:
        async with form_page(bed_url) as page:
            scope = await section(page, title)
            with pytest.raises(WidgetError) as failed:
                await set_and_read(page, scope, label, value, timeout=2500)
            return str(failed.value)

    assert message in run_async(go())


def test_a_missing_upload_file_is_named(bed_url: str, tmp_path: Path) -> None:
    async def go() -> str:
        async with form_page(bed_url) as page:
            scope = await section(page, "申请材料")
            with pytest.raises(WidgetError) as failed:
                await set_and_read(page, scope, "经办人身份证明", str(tmp_path / "nope.pdf"))
            return str(failed.value)

    assert "「经办人身份证明」是 layui 文件上传，找不到要上传的文件" in run_async(go())


# No debounce: the bed's search is sent in the keystroke's own input event. Not by a timer of 0 ms: a load run
# saw the next keystroke's input event come before such a timer ran and cancel it (「中」 never searched).
SEARCH_AT_EACH_KEY = """() => { const st = window.setTimeout;
  window.setTimeout = (f, ms, ...a) => ms === 300 && String(f).includes('/api/bank-branches') ? (f(...a), 0)
    : st(f, ms, ...a); }"""


def test_a_search_answered_while_typing_is_typed_again(bed_url: str) -> None:
    """The bed's search waits 300 ms after a keystroke; on a loaded machine keystrokes come slower than that, and an
    answer redraws the select with the text its request was sent for, dropping what was typed while it was on its
    way, so the rest searches a garbled name that nothing matches. Here, without the debounce, the answer to 「中」
    lands while the kit types 「中国工商银…」 (the other prefixes' searches are lost on the way). The kit sees the
    box no longer says what it typed and enters it again."""
    name = "中国工商银行漳州芗城支行"

    async def go() -> tuple[Any, list[str]]:
        asked: list[str] = []
        fourth = asyncio.Event()

        async def search(route: Any) -> None:
            q = parse_qs(urlparse(route.request.url).query).get("q", [""])[0]
            asked.append(q)
            if q == name[:4]:
                fourth.set()
            if q == name[:1]:
                answer = await route.fetch()
                await fourth.wait()  # 「中」 answered while 「银行漳州芗城支行」 is still being typed
                await route.fulfill(response=answer)
            elif q == name:
                await route.continue_()
            elif name.startswith(q):
                await route.abort()
            else:  # a garbled name: nothing, at once (a late answer would redraw the box after the kit is done)
                await route.fulfill(json={"data": []})

        async with form_page(bed_url) as page:
            await page.route("**/api/bank-branches*", search)
            await page.evaluate(SEARCH_AT_EACH_KEY)
            scope = await section(page, "银行开户")
            shown = await set_and_read(page, scope, "开户银行", name)
            return shown, asked

    shown, asked = run_async(go())
    # (a garbled name searched: unless the machine is so loaded that 「中」 came back only once all was typed, which
    # leaves the box saying 「中」: entered again all the same)
    assert name[:1] in asked and name in asked, asked
    assert shown == name


@MISSED_CLICKS
def test_a_select_whose_option_click_did_not_take_is_clicked_again_or_fails(
    bed_url: str, missed: int, beside: bool
) -> None:
    """A click on the option that does not take: the kit reads the box, clicks once more; two that do not take
    fail in Chinese instead of leaving the read-back to find the box empty."""
    value = "有限责任公司（自然人投资或控股）"

    async def go() -> tuple[Any, list[int]]:
        async with form_page(bed_url) as page:
            await page.evaluate(MISS_OPTION_CLICKS, [".layui-form-select dl > dd", missed])
            await page.evaluate(MOVE_ON_PRESS, [".layui-form-select dl > dd", 1 if beside else -1])
            scope = await section(page, "企业基本信息")
            try:
                shown = await set_and_read(page, scope, "企业类型", value)
            except WidgetError as failed:
                shown = str(failed)
            return shown, await page.evaluate("() => [window.missed, window.moved]")

    shown, clicks = run_async(go())
    assert clicks == [missed, int(beside)]
    assert_clicked_again_or_refused(shown, missed, value, "企业类型", "layui 下拉框")


def test_a_searched_option_whose_click_did_not_take_is_chosen_again(bed_url: str) -> None:
    """A lay-search select's box shows what was typed whether or not the option was then chosen: a load run read
    登记机关 as set while its option's click had not taken, and the list, left open, took the next field's click.
    The kit reads the native <select>: the swallowed click is seen, the option chosen again, the list closed."""
    value = "芗城区市场监督管理局"

    async def go() -> tuple[Any, str, int, int]:
        async with form_page(bed_url) as page:
            await page.evaluate(MISS_OPTION_CLICKS, [".layui-form-select dl > dd", 1])
            shown = await set_and_read(page, await section(page, "经营信息"), "登记机关", value)
            chosen = await page.evaluate("() => document.querySelector('select[name=djjg]').selectedOptions[0].text")
            still_open = await page.locator(".layui-form-selected").count()
            return shown, chosen, still_open, await page.evaluate("() => window.missed")

    assert run_async(go()) == (value, value, 0, 1)


def test_a_calendar_whose_paging_clicks_were_all_lost_is_read_and_paged_again(bed_url: str) -> None:
    """Every click on laydate's next-year arrow lost (a loaded machine): its header still shows this month. The
    kit waited the step's whole time for the header to change, then failed bare; it now reads the header again
    after a moment and pages again."""
    value = three_years_on()

    async def go() -> tuple[Any, int]:
        async with form_page(bed_url) as page:
            await page.evaluate(MISS_OPTION_CLICKS, [".laydate-next-y", 3])
            shown = await set_and_read(page, await section(page, "企业基本信息"), "成立日期", value)
            return shown, await page.evaluate("() => window.missed")

    assert run_async(go()) == (value, 3)


# A prefix of the bank's name searched too (keys slower than the page's 300 ms debounce, as under load): the
# listener holds the page's thread ~400 ms once the box reads the prefix, after the bed's handler armed its timer.
PREFIX_SEARCHED = """(prefix) => document.addEventListener('input', (event) => {
  if (!event.target.closest('#khyh-box') || event.target.value !== prefix) return;
  const start = performance.now();
  while (performance.now() - start < 400) {}
})"""


def test_a_remote_search_answered_after_the_choice_does_not_undo_it(bed_url: str) -> None:
    """Each answer of the bed's bank search redraws its <select> (the choice dropped) and opens its list. A load
    run's kit chose the bank from a prefix's answer; the whole name's answer came after and left 开户银行 empty,
    its list open over 一并申请, whose click then timed out. The kit waits for the whole name's answer first."""
    value = "中国工商银行漳州芗城支行"

    async def go() -> tuple[Any, int, int]:
        async with form_page(bed_url) as page:
            searched: list[str] = []

            async def answer(route: Any) -> None:
                query = parse_qs(urlparse(route.request.url).query).get("q", [""])[0]
                searched.append(query)
                if query == value:  # the whole name's answer comes late
                    await asyncio.sleep(2)
                await route.continue_()

            await page.route("**/api/bank-branches*", answer)
            await page.evaluate(PREFIX_SEARCHED, value[:-1])
            scope = await section(page, "银行开户")
            await set_and_read(page, scope, "开户银行", value)
            await page.wait_for_timeout(3000)  # the late answer has come
            root = scope.locator(".layui-form-select").first
            return await root.evaluate(READ_SELECT), await page.locator(".layui-form-selected").count(), len(searched)

    shown, still_open, searches = run_async(go())
    assert searches >= 2, "no prefix was searched: the test did not set up the race"
    assert (shown, still_open) == (value, 0)
