"""layui 2.x: how its form controls are found, set and read back (the kit contract: bot/recipe/kits/base.py).

What a layui page is like: ``.layui-form-label`` has no ``for``; the control is in the same
``.layui-form-item`` (or ``.layui-inline``, two fields a line), inside ``.layui-input-block`` /
``.layui-input-inline``. layui hides the native ``<select>``, checkboxes and radios and draws its own
(``.layui-form-select`` with a ``dl`` of ``dd``; ``.layui-form-checkbox`` / ``.layui-form-radio`` /
``.layui-form-switch`` divs): those are what is clicked and read. laydate's panel is appended to
``<body>`` (``#layui-laydate<lay-key>``); its kind (date, range, month, year, datetime, time) shows
only once it is open, so one widget serves them all, checked against the value's form. layui has no
cascader, tree select, multi-select or autocomplete of its own: portals build them from linked
selects, ``tree`` in a ``dropdown``, checkbox groups (``lay-skin="tag"``) and ``dropdown`` under an
input, which is what this kit recognises.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import secrets
from pathlib import Path
from typing import Any

from playwright.async_api import Locator
from playwright.async_api import TimeoutError as PlaywrightTimeout

from bot.errors import NoSuchOption
from bot.recipe.kits.base import Kit, Lookup, Section, Table, Target, Widget, appears, dates, same_file
from bot.templating import truthy

NAME = "layui"

# -- small helpers ---------------------------------------------------------------------------------------


def _exact(text: str) -> re.Pattern[str]:
    return re.compile(rf"^\s*{re.escape(text)}\s*$")


def _no_suggestion(t: Target, typed: str) -> NoSuchOption:
    """Nothing the widget suggests after typing matches: the application's value, not a fault (like missing)."""
    return NoSuchOption(f"「{t.label}」是 {t.kit.name} {t.widget.title}，输入「{typed}」后没有匹配的候选项")


def _as_list(value: Any) -> list[str]:
    if isinstance(value, list | tuple):
        return [str(v).strip() for v in value]
    return [part.strip() for part in re.split(r"[,，、]", str(value or "")) if part.strip()]


def _same_text(shown: Any, wanted: Any) -> bool:
    a, b = str("" if shown is None else shown).strip(), str("" if wanted is None else wanted).strip()
    if a == b:
        return True
    try:
        return float(a) == float(b)
    except ValueError:
        return False


def _same_set(shown: Any, wanted: Any) -> bool:
    return sorted(_as_list(shown)) == sorted(_as_list(wanted))


def _same_path(shown: Any, wanted: Any) -> bool:
    want = [str(v) for v in wanted] if isinstance(wanted, list | tuple) else [p for p in str(wanted).split("/") if p]
    return [str(v).strip() for v in (shown or [])] == [w.strip() for w in want]


# -- text boxes ------------------------------------------------------------------------------------------

READ_VALUE = "root => root.value"


async def _fill(t: Target, value: Any) -> None:
    await t.root.fill("" if value is None else str(value), timeout=t.timeout)


# -- select (layui draws a .layui-form-select over the hidden <select>) ------------------------------------

ANCHOR = "data-yjb-layui"  # left on a native <select> whose drawn select may be redrawn while it is set
# What the select holds: its native <select>'s chosen option, where layui keeps the value. Not the box's text: a
# lay-search select's box shows what was typed whether or not an option was then chosen (a load run read it as
# set while the option's click had not taken, and the list stayed open over the next field).
READ_SELECT = """root => {
  const native = root.previousElementSibling;
  if (!native || native.tagName !== 'SELECT') return root.querySelector('.layui-select-title input').value;
  const chosen = native.selectedOptions[0];
  return chosen && chosen.value !== '' ? chosen.textContent.trim() : '';
}"""
OPTIONS_JS = """root => [...root.querySelectorAll('dl > dd:not(.layui-select-tips):not(.layui-disabled)')]
  .map(dd => dd.textContent.trim())"""


def _option(root: Locator, name: str) -> Locator:
    return root.locator("dl > dd:not(.layui-select-tips):not(.layui-hide)").filter(has_text=_exact(name)).first


async def _choose(t: Target, root: Locator, name: str, what: str = "") -> None:
    """Open a drawn select and click the option by its text (it may arrive late: a linked select
    filled by AJAX once the one before is chosen)."""
    option = _option(root, name)
    if not await option.count():
        await root.locator(".layui-select-title").click(timeout=t.timeout)
        if not await appears(option, t.timeout):
            offered = await root.evaluate(OPTIONS_JS)
            raise t.missing(what or name, offered)
    # Clicked, then read: a click that did not take (under load the press and the release can land apart, and
    # the list closes as clicked outside) is made once more, then it fails in words, not at the read-back.
    for _ in range(2):
        if not await root.locator("dl").is_visible():
            await root.locator(".layui-select-title").click(timeout=t.timeout)
        await option.click(timeout=t.timeout)
        if (await root.evaluate(READ_SELECT)).strip() == name:
            return
    raise t.not_taken(name)


async def _set_select(t: Target, value: Any) -> None:
    """Open the select and click the option; a lay-search one (its box takes typing) is searched instead."""
    name = str(value).strip()
    if await t.root.evaluate(READ_SELECT) == name:
        return
    if await t.root.locator(".layui-select-title input").get_attribute("readonly") is None:
        await _search_select(t, name)
    else:
        await _choose(t, t.root, name)


async def _search_select(t: Target, name: str) -> None:
    """A lay-search select: type the name character by character, click the option that matches. One
    whose options come only after typing (a remote search) has none before."""
    offered = await t.root.evaluate(OPTIONS_JS)
    if offered and name not in offered:
        raise t.missing(name, offered)
    # A remote search redraws the select (form.render) when its answer comes: follow the native <select>,
    # which stays, to whatever layui draws after it.
    anchor = secrets.token_hex(4)
    await t.root.evaluate(f"(root, a) => root.previousElementSibling.setAttribute('{ANCHOR}', a)", anchor)
    drawn = f"select[{ANCHOR}='{anchor}'] + .layui-form-select"
    select = t.page.locator(drawn)
    box = select.locator(".layui-select-title input")
    await box.click(timeout=t.timeout)
    await box.fill("", timeout=t.timeout)
    with Lookup(t.page, name) as lookup:
        await box.press_sequentially(name, delay=30, timeout=t.timeout)
        await _pick_searched(t, select, box, drawn, name, lookup)


async def _pick_searched(t: Target, select: Locator, box: Locator, drawn: str, name: str, lookup: Lookup) -> None:
    """Click the searched option once it shows. A remote search answers each text the page sent: a prefix's
    answer (keys slower than the page's debounce, under load) may already list the name, and the whole name's
    answer, coming after the choice, redraws the select without it (a load run: 开户银行 empty, its list open
    over the next field). So the whole name's answer is waited for (a few seconds at most) before the click."""
    # An answer that comes while typing redraws the box with the text its search was sent for, dropping what was
    # typed since (a debounce outrun by slow keystrokes on a loaded machine): the rest then searches a garbled
    # name. So until the option shows, a box that no longer says the name gets it again, whole.
    for retypes in range(_RETYPES, -1, -1):
        try:
            found = await t.page.wait_for_function(SEARCHED, arg=[drawn, name, retypes > 0], timeout=t.timeout)
        except PlaywrightTimeout:
            typed = await box.input_value()
            if typed.strip() != name:
                raise t.fail(f"输入「{name}」后搜索框显示「{typed}」：页面在输入时重画了下拉框") from None
            raise _no_suggestion(t, name) from None
        if await found.json_value() == "shown":
            if lookup.asked and not lookup.answered and await lookup.came(min(t.timeout, _ANSWER_MS)):
                await t.page.wait_for_timeout(_REDRAW_MS)  # the page's callback redraws once the answer is in
                continue  # the option looked for again in what the answer drew
            with contextlib.suppress(PlaywrightTimeout):  # a later answer may redraw the list under the click
                await _option(select, name).click(timeout=min(t.timeout, _CLICK_MS))
                if await select.evaluate(READ_SELECT) == name:
                    return
        if retypes:
            await box.fill(name, timeout=t.timeout)
    raise t.fail(f"输入「{name}」后选项一出现就被页面重画，没能点中")


_RETYPES = 3
_CLICK_MS = 3000  # a click on an option the next answer may redraw away: then typed again
_ANSWER_MS = 5000  # the whole name's answer awaited before a click (its request not recognised: then clicked anyway)
_REDRAW_MS = 300  # from the answer's arrival to the page's redraw by its callback
SEARCHED = """([css, name, retype]) => {
  const select = document.querySelector(css);
  if (!select) return false;
  const options = [...select.querySelectorAll('dl > dd:not(.layui-select-tips):not(.layui-hide)')];
  if (options.some(dd => dd.textContent.trim() === name && dd.getClientRects().length)) return 'shown';
  return retype && select.querySelector('.layui-select-title input').value.trim() !== name ? 'retype' : false;
}"""


# -- 省 / 市 / 区: linked selects side by side in one row (layui has no cascader) ---------------------------

LEVELS = "xpath=../div[contains(concat(' ', normalize-space(@class), ' '), ' layui-input-inline ')][select]"
READ_CASCADE = """root => [...root.parentElement.querySelectorAll(':scope > .layui-input-inline:has(> select)')]
  .map(level => level.querySelector('.layui-select-title input').value.trim()).filter(Boolean)"""


async def _set_cascade(t: Target, value: Any) -> None:
    path = [str(v).strip() for v in value] if isinstance(value, list | tuple) else str(value).split("/")
    path = [p.strip() for p in path if p.strip()]
    levels = t.root.locator(LEVELS)
    if len(path) > await levels.count():
        raise t.fail(f"只有 {await levels.count()} 级，「{'/'.join(path)}」有 {len(path)} 级")
    for depth, name in enumerate(path):
        select = levels.nth(depth).locator(".layui-form-select")
        if await select.evaluate(READ_SELECT) != name:
            await _choose(t, select, name, "/".join(path[: depth + 1]))


# -- checkbox groups, radios, switch (drawn divs over hidden inputs) ---------------------------------------

ITEMS_JS = """(root, kind) => [...root.querySelectorAll(':scope > .layui-form-' + kind)].map(item => ({
  name: (item.querySelector(':scope > div') || item).textContent.trim(),
  on: item.classList.contains(kind === 'radio' ? 'layui-form-radioed' : 'layui-form-checked'),
}))"""
READ_CHECKED = f"root => ({ITEMS_JS})(root, 'checkbox').filter(i => i.on).map(i => i.name)"
READ_RADIO = f"root => (({ITEMS_JS})(root, 'radio').find(i => i.on) || {{name: ''}}).name"
READ_SWITCH = "root => root.classList.contains('layui-form-onswitch')"


async def _set_checkboxes(t: Target, value: Any) -> None:
    wanted = _as_list(value)
    items = await t.root.evaluate(ITEMS_JS, "checkbox")
    missing = [w for w in wanted if w not in {i["name"] for i in items}]
    if missing:
        raise t.missing("、".join(missing), [i["name"] for i in items])
    for index, item in enumerate(items):
        if (item["name"] in wanted) != item["on"]:
            await t.root.locator(":scope > .layui-form-checkbox").nth(index).click(timeout=t.timeout)


async def _set_radio(t: Target, value: Any) -> None:
    name = str(value).strip()
    items = await t.root.evaluate(ITEMS_JS, "radio")
    names = [i["name"] for i in items]
    if name not in names:
        raise t.missing(name, names)
    if not items[names.index(name)]["on"]:
        await t.root.locator(":scope > .layui-form-radio").nth(names.index(name)).click(timeout=t.timeout)


async def _set_switch(t: Target, value: Any) -> None:
    if await t.root.evaluate(READ_SWITCH) != truthy(value):
        await t.root.click(timeout=t.timeout)


# -- laydate -----------------------------------------------------------------------------------------------

READ_DATE = r"""root => {
  const v = root.value.trim();
  const m = v.match(/^(\d{4}[-\/]\d{1,2}(?:[-\/]\d{1,2})?(?: \d{1,2}:\d{2}(?::\d{2})?)?)\s+(?:-|~|至)\s+(\S.*)$/);
  return m ? [m[1], m[2].trim()] : v;
}"""
_KINDS = {"date": "日期", "month": "年月", "year": "年份", "datetime": "日期时间", "time": "时间", "range": "日期范围"}
_FORMS = {
    "date": "yyyy-MM-dd",
    "month": "yyyy-MM",
    "year": "yyyy",
    "datetime": "yyyy-MM-dd HH:mm:ss",
    "time": "HH:mm:ss",
}
PANEL_KIND_JS = """panel => panel.classList.contains('layui-laydate-range') ? 'range'
  : panel.querySelector('.laydate-time-show') ? 'time'
  : panel.querySelector('.laydate-month-list') ? 'month'
  : panel.querySelector('.laydate-year-list') ? 'year'
  : panel.querySelector('.laydate-btns-time') ? 'datetime' : 'date'"""


def _parse_moment(text: str) -> tuple[str, dt.datetime] | None:
    """The kind of a mapped date and its moment: "2031" year, "2031-02" month, "2031-02-03" date,
    "2031-02-03 09:30:00" datetime, "09:30:00" time; None when it is none of them (2031-02-30)."""
    text = text.strip()
    for kind, pattern, fmt in (
        ("year", r"\d{4}", "%Y"),
        ("month", r"\d{4}-\d{1,2}", "%Y-%m"),
        ("date", r"\d{4}-\d{1,2}-\d{1,2}", "%Y-%m-%d"),
        ("datetime", r"\d{4}-\d{1,2}-\d{1,2} \d{1,2}:\d{2}:\d{2}", "%Y-%m-%d %H:%M:%S"),
        ("datetime", r"\d{4}-\d{1,2}-\d{1,2} \d{1,2}:\d{2}", "%Y-%m-%d %H:%M"),
        ("time", r"\d{1,2}:\d{2}:\d{2}", "%H:%M:%S"),
        ("time", r"\d{1,2}:\d{2}", "%H:%M"),
    ):
        if re.fullmatch(pattern, text):
            try:
                return kind, dt.datetime.strptime(text, fmt)
            except ValueError:
                return None
    return None


async def _shown_year_month(main: Locator) -> tuple[int, int]:
    """The year and month a day panel shows in its header: "2026 年" "12 月"."""
    text = re.sub(r"\s+", "", await main.locator(".laydate-set-ym").inner_text())
    found = re.search(r"(\d{4})年(\d{1,2})月", text)
    if not found:
        raise ValueError(f"日历标题「{text}」不是「YYYY 年 M 月」")
    return int(found[1]), int(found[2])


_PAGED_MS = 3000  # a paging arrow's effect: the header redrawn in the click's own task


async def _turn(main: Locator, button: str, times: int, timeout: float) -> None:
    """Click a paging arrow of the panel ``times`` times in a row and wait a little for its header to show
    something else: when every click was lost (a loaded machine), the caller reads the header and pages again."""
    header = main.locator(".laydate-set-ym")
    before = await header.inner_text()
    await main.locator(f".{button}").click(click_count=times, timeout=timeout)
    with contextlib.suppress(PlaywrightTimeout):
        await header.filter(has_not_text=_exact(before)).wait_for(timeout=min(timeout, _PAGED_MS))


async def _page_to_month(t: Target, main: Locator, year: int, month: int) -> None:
    """Page a day panel to the month: as many year clicks, then month clicks, as computed from what its header
    shows, each kind clicked in a row; the header read again after (once, unless a click was lost)."""
    for _ in range(5):
        shown = await _shown_year_month(main)
        delta = (year - shown[0]) * 12 + (month - shown[1])
        if delta == 0:
            return
        way = "next" if delta > 0 else "prev"
        years, months = divmod(abs(delta), 12)
        if years:
            await _turn(main, f"laydate-{way}-y", years, t.timeout)
        if months:
            await _turn(main, f"laydate-{way}-m", months, t.timeout)
    raise t.fail(f"日历无法翻到 {year} 年 {month} 月")


async def _click_day(t: Target, main: Locator, day: dt.datetime) -> None:
    cell = main.locator(
        f'td[lay-ymd="{day.year}-{day.month}-{day.day}"]:not(.laydate-day-prev):not(.laydate-day-next)'
    ).first
    if "laydate-disabled" in (await cell.get_attribute("class", timeout=t.timeout) or ""):
        raise t.not_offered(f"{day:%Y-%m-%d} 不可选")
    await cell.click(timeout=t.timeout)


async def _pick_time(t: Target, panel: Locator, moment: dt.datetime) -> None:
    """The time list's three columns (时, 分, 秒): click each number."""
    columns = panel.locator(".laydate-time-list > li:not(.layui-hide)")
    for index, number in enumerate((moment.hour, moment.minute, moment.second)[: await columns.count()]):
        await (
            columns.nth(index)
            .locator("ol > li")
            .filter(has_text=_exact(f"{number:02d}"))
            .first.click(timeout=t.timeout)
        )


async def _pick_in_list(t: Target, panel: Locator, kind: str, moment: dt.datetime) -> None:
    """A month or year panel: page the years (computed from the header) and click the month or year."""
    main = panel.locator(".laydate-main-list-0")
    for _ in range(5):  # once, unless a click was lost
        years = [int(y) for y in re.findall(r"\d{4}", await main.locator(".laydate-set-ym").inner_text())]
        first, last = years[0], years[1] if kind == "year" and len(years) > 1 else years[0]
        if first <= moment.year <= last:
            break
        span = last - first + 1  # the years a page shows: one (month list) or a page of them (year list)
        pages = -(-(moment.year - last) // span) if moment.year > last else -(-(first - moment.year) // span)
        await _turn(main, "laydate-next-y" if moment.year > last else "laydate-prev-y", pages, t.timeout)
    else:
        raise t.fail(f"日历无法翻到 {moment.year} 年")
    item = f"{moment.year}年" if kind == "year" else f"{moment.month}月"
    choice = panel.locator(f".laydate-{kind}-list > li").filter(has_text=_exact(item)).first
    if "laydate-disabled" in (await choice.get_attribute("class", timeout=t.timeout) or ""):
        raise t.not_offered(f"{moment.year if kind == 'year' else f'{moment:%Y-%m}'} 不可选")
    await choice.click(timeout=t.timeout)


async def _set_date(t: Target, value: Any) -> None:
    ends = dates(value) if isinstance(value, list | tuple) or re.search(r"\s(-|~|至)\s", str(value)) else []
    texts = ends or [str(value).strip()]
    moments = []
    for text in texts:
        parsed = _parse_moment(text)
        if parsed is None:
            raise t.fail(f"{text} 不是日期")
        moments.append(parsed)
    wanted = "range" if ends else moments[0][0]
    if ends and (len(moments) != 2 or {k for k, _ in moments} != {"date"}):
        raise t.fail(f"「{' - '.join(texts)}」不是日期范围（开始日期 - 结束日期）")
    if ends and moments[0][1] > moments[1][1]:
        raise t.fail(f"结束日期 {texts[1]} 早于开始日期 {texts[0]}")
    key = await t.root.get_attribute("lay-key", timeout=t.timeout)
    await t.root.click(timeout=t.timeout)
    panel = t.page.locator(f"#layui-laydate{key}")
    await panel.wait_for(state="visible", timeout=t.timeout)
    kind = await panel.evaluate(PANEL_KIND_JS)
    if kind != wanted:
        await t.page.keyboard.press("Escape")
        form = "开始日期 - 结束日期" if kind == "range" else _FORMS[kind]
        raise t.fail(f"这是{_KINDS[kind]}选择器，「{' - '.join(texts)}」不是 {form} 形式的{_KINDS[kind]}")
    if kind in ("month", "year"):
        await _pick_in_list(t, panel, kind, moments[0][1])  # closes the panel itself
    elif kind == "time":
        await _pick_time(t, panel, moments[0][1])
        await panel.locator(".laydate-btns-confirm").click(timeout=t.timeout)
    elif kind == "range":
        for index, (_, moment) in enumerate(moments):
            main = panel.locator(f".laydate-main-list-{index}")
            await _page_to_month(t, main, moment.year, moment.month)
            await _click_day(t, main, moment)
        await panel.locator(".laydate-btns-confirm").click(timeout=t.timeout)
    else:
        main = panel.locator(".laydate-main-list-0")
        moment = moments[0][1]
        await _page_to_month(t, main, moment.year, moment.month)
        await _click_day(t, main, moment)
        if kind == "datetime":
            await panel.locator(".laydate-btns-time").click(timeout=t.timeout)
            await _pick_time(t, panel, moment)
            await panel.locator(".laydate-btns-confirm").click(timeout=t.timeout)
    await panel.wait_for(state="hidden", timeout=t.timeout)


def _same_date(shown: Any, wanted: Any) -> bool:
    if isinstance(shown, list) or isinstance(wanted, list | tuple):
        return dates(shown) == dates(wanted)
    return str(shown or "").strip() == str(wanted or "").strip()


# -- tree in a dropdown, autocomplete (layui dropdown) -----------------------------------------------------

TREE_PATH_JS = """(panel, name) => {
  const hit = [...panel.querySelectorAll('.layui-tree-txt')].find(e => e.textContent.trim() === name);
  if (!hit) return null;
  const path = [];
  for (let set = hit.closest('.layui-tree-set'); set; set = set.parentElement.closest('.layui-tree-set'))
    path.unshift(set.querySelector(':scope > .layui-tree-entry .layui-tree-txt').textContent.trim());
  return path;
}"""
LEVEL_NAMES_JS = """pack => [...pack.querySelectorAll(':scope > .layui-tree-set > .layui-tree-entry .layui-tree-txt')]
  .map(e => e.textContent.trim())"""


def _dropdown(t: Target, dropdown_id: str | None) -> Locator:
    return t.page.locator(f'.layui-dropdown[lay-dropdown-id="{dropdown_id}"]')


async def _set_tree(t: Target, value: Any) -> None:
    """Open the dropdown, expand each level by its name, click the leaf."""
    label = "/".join(value) if isinstance(value, list | tuple) else str(value).strip()
    if await t.root.input_value(timeout=t.timeout) == label.split("/")[-1]:
        return
    await t.root.click(timeout=t.timeout)
    panel = _dropdown(t, await t.root.get_attribute("lay-dropdown-id"))
    tree = panel.locator(".layui-tree").first
    await tree.wait_for(timeout=t.timeout)
    path = await tree.evaluate(TREE_PATH_JS, label) or [p for p in label.split("/") if p]
    if not path:
        raise t.fail("没有给出要选的选项")
    level, node = tree, tree
    for depth, name in enumerate(path):
        node = level.locator(":scope > .layui-tree-set, :scope > .layui-tree-pack > .layui-tree-set").filter(
            has=t.page.locator(":scope > .layui-tree-entry .layui-tree-txt", has_text=_exact(name))
        )
        if not await node.count():
            pack = level if depth == 0 else level.locator(":scope > .layui-tree-pack")
            offered = await pack.first.evaluate(LEVEL_NAMES_JS) if await pack.count() else []
            raise t.missing("/".join(path[: depth + 1]), offered)
        node = node.first
        text = node.locator(":scope > .layui-tree-entry .layui-tree-txt")
        last = depth == len(path) - 1
        if last or "layui-tree-spread" not in (await node.get_attribute("class") or ""):
            await text.click(timeout=t.timeout)
        level = node
    if await node.locator(":scope > .layui-tree-pack > .layui-tree-set").count():
        raise t.fail(f"「{label}」不是末级选项，请选到最后一级")


async def _set_autocomplete(t: Target, value: Any) -> None:
    """Type the text character by character and click the suggestion that matches it."""
    text = str(value).strip()
    await t.root.click(timeout=t.timeout)
    await t.root.fill("", timeout=t.timeout)
    await t.root.press_sequentially(text, delay=30, timeout=t.timeout)
    panel = _dropdown(t, await t.root.get_attribute("lay-dropdown-id"))
    suggestion = panel.locator(".layui-menu-body-title").filter(has_text=_exact(text)).first
    if not await appears(suggestion, t.timeout):
        raise _no_suggestion(t, text)
    await suggestion.click(timeout=t.timeout)


# -- slider, upload, transfer ------------------------------------------------------------------------------

READ_SLIDER = """root => {
  const box = root.nextElementSibling && root.nextElementSibling.classList.contains('layui-slider-input')
    ? root.nextElementSibling.querySelector('input') : null;
  const text = box ? box.value : (root.querySelector('.layui-slider-tips') || {}).textContent;
  return text === undefined || text === '' ? null : Number(text);
}"""


async def _set_slider(t: Target, value: Any) -> None:
    """Press the handle and move it as a person does, watching the number it shows, until it is the value
    (layui's bounds and step are in its script, not on the page: the drag finds them)."""
    try:
        wanted = float(value)
    except (TypeError, ValueError):
        raise t.fail(f"「{value}」不是数字") from None
    if await t.root.evaluate(READ_SLIDER) == wanted:
        return
    handle = t.root.locator(".layui-slider-wrap-btn").first
    await handle.scroll_into_view_if_needed(timeout=t.timeout)
    track, knob = await t.root.bounding_box(), await handle.bounding_box()
    if track is None or knob is None:
        raise t.fail("滑块不在页面上显示")
    y = knob["y"] + knob["height"] / 2
    mouse = t.page.mouse
    await mouse.move(knob["x"] + knob["width"] / 2, y)
    await mouse.down()
    low, high = track["x"], track["x"] + track["width"]
    shown: Any = None
    ends: list[Any] = []
    for x in (low, high):
        await mouse.move(x, y, steps=4)
        ends.append(await t.root.evaluate(READ_SLIDER))
    for _ in range(30):
        middle = (low + high) / 2
        await mouse.move(middle, y, steps=2)
        shown = await t.root.evaluate(READ_SLIDER)
        if shown == wanted or high - low < 0.25:
            break
        low, high = (middle, high) if shown < wanted else (low, middle)
    await mouse.up()
    if shown != wanted:
        raise t.fail(f"滑块取不到 {wanted:g}（可取 {ends[0]:g}–{ends[1]:g}）")


READ_UPLOAD = """root => {
  const listed = root.querySelector(
    '.layui-upload-list a, .layui-upload-list .layui-upload-choose, .layui-upload-choose');
  return listed ? listed.textContent.trim() : '';
}"""


async def _set_upload(t: Target, value: Any) -> None:
    """Give the file to layui's hidden file input, then wait until the page lists it by name."""
    file = Path(str(value))
    if not file.is_file():
        raise t.fail(f"找不到要上传的文件 {file}")
    if await t.root.evaluate(READ_UPLOAD) == file.name:
        return
    await t.root.locator("input.layui-upload-file").first.set_input_files(file, timeout=t.timeout)
    listed = t.root.locator(".layui-upload-list, .layui-upload-choose").get_by_text(file.name, exact=True).first
    if not await appears(listed, t.timeout):
        message = t.page.locator(".layui-layer-msg, .layui-layer-dialog").filter(visible=True)
        said = (await message.first.inner_text()).strip() if await message.count() else "页面没有列出该文件"
        raise t.fail(f"{file.name} 没有上传成功：{said}")


TRANSFER_JS = """(root, side) => [...root.querySelectorAll(
  '.layui-transfer-box[data-index="' + side + '"] .layui-transfer-data > li .layui-form-checkbox')]
  .map(item => ({name: item.textContent.trim(), on: item.classList.contains('layui-form-checked')}))"""
READ_TRANSFER = f"root => ({TRANSFER_JS})(root, 1).map(i => i.name)"


async def _set_transfer(t: Target, value: Any) -> None:
    """Tick what must move and press the arrow: the wanted from left to right, the others back."""
    wanted = _as_list(value)
    left, right = await t.root.evaluate(TRANSFER_JS, 0), await t.root.evaluate(TRANSFER_JS, 1)
    names = [i["name"] for i in left + right]
    missing = [w for w in wanted if w not in names]
    if missing:
        raise t.missing("、".join(missing), names)
    for side, items in ((1, right), (0, left)):  # the unwanted back to the left, then the wanted to the right
        box = t.root.locator(f'.layui-transfer-box[data-index="{side}"] .layui-transfer-data > li')
        picked = False
        for item in items:
            if (item["name"] in wanted) != (side == 1):
                checkbox = box.filter(has_text=_exact(item["name"])).locator(".layui-form-checkbox").first
                if "layui-form-checked" not in (await checkbox.get_attribute("class") or ""):
                    await checkbox.click(timeout=t.timeout)
                picked = True
        if picked:
            await t.root.locator(f'.layui-transfer-active .layui-btn[data-index="{side}"]').click(timeout=t.timeout)


# -- the kit -----------------------------------------------------------------------------------------------

TAB_PANE = """(title, box) => box.querySelector(':scope > .layui-tab-content')
  .children[[...title.parentElement.children].indexOf(title)]"""
FIELD_TITLE_BODY = """(title, box) =>
  box.parentElement.querySelectorAll(':scope > fieldset.layui-field-title').length === 1 ? box.parentElement : box"""
COLLAPSE_BODY = "(title, box) => box.querySelector(':scope > .layui-colla-content')"
BLOCK = ":is(.layui-input-block, .layui-input-inline)"

KIT = Kit(
    name=NAME,
    signature=".layui-form-item",
    row=".layui-form-item:not(:has(> .layui-inline > .layui-form-label)), .layui-inline:has(> .layui-form-label)",
    label=".layui-form-label",
    widgets=(
        Widget(
            "cascader",
            "省市区联动下拉框",
            ".layui-input-inline:has(> select):has(+ .layui-input-inline > select)",
            READ_CASCADE,
            _set_cascade,
            _same_path,
        ),
        Widget("tree-select", "树形下拉框", "input.layui-input[lay-dropdown-id][readonly]", READ_VALUE, _set_tree),
        Widget(
            "autocomplete",
            "输入提示框",
            "input.layui-input[lay-dropdown-id]:not([readonly])",
            READ_VALUE,
            _set_autocomplete,
            _same_text,
        ),
        Widget(
            "date",
            "日期选择器",
            "input[lay-laydate-id]",
            READ_DATE,
            _set_date,
            _same_date,
            ("month", "year", "date-range", "datetime", "time"),  # one laydate, its kind shown when opened
        ),
        Widget("upload", "文件上传", f"{BLOCK}:has(input.layui-upload-file)", READ_UPLOAD, _set_upload, same_file),
        Widget("transfer", "穿梭框", ".layui-transfer", READ_TRANSFER, _set_transfer, _same_set),
        Widget("slider", "滑块", ".layui-slider", READ_SLIDER, _set_slider, _same_text),
        Widget(
            "switch",
            "开关",
            ".layui-form-switch",
            READ_SWITCH,
            _set_switch,
            lambda shown, wanted: bool(shown) == truthy(wanted),
        ),
        Widget("select", "下拉框", ".layui-form-select", READ_SELECT, _set_select),
        Widget(
            "checkbox", "复选框组", f"{BLOCK}:has(> .layui-form-checkbox)", READ_CHECKED, _set_checkboxes, _same_set
        ),
        Widget("radio", "单选框组", f"{BLOCK}:has(> .layui-form-radio)", READ_RADIO, _set_radio),
        Widget("number", "数字输入框", "input.layui-input[lay-affix=number]", READ_VALUE, _fill, _same_text),
        Widget("textarea", "多行文本框", "textarea.layui-textarea", READ_VALUE, _fill),
        Widget(
            "input", "输入框", "input.layui-input:not([type=hidden]):not(.layui-select-title input)", READ_VALUE, _fill
        ),
    ),
    sections=(
        Section(title=".layui-card > .layui-card-header", box=".layui-card"),
        Section(title="fieldset.layui-elem-field:not(.layui-field-title) > legend", box="fieldset"),
        Section(title="fieldset.layui-field-title > legend", box="fieldset", content=FIELD_TITLE_BODY),
        Section(title=".layui-colla-title", box=".layui-colla-item", content=COLLAPSE_BODY),
        Section(title=".layui-tab > .layui-tab-title > li", box=".layui-tab", content=TAB_PANE, hides=True),
    ),
    tables=(Table(box=".layui-table", header="thead th", rows="tbody > tr"),),
    message=".layui-layer-msg .layui-layer-content, .layui-layer-dialog .layui-layer-content",
    invalid="",
    notes={
        "input": "fill 输入框 / read its value",
        "textarea": "fill / value",
        "number": "fill the lay-affix=number box / its value",
        "select": "click .layui-select-title, click the dd by its text; lay-search (filterable, remote): type "
        "character by character, click the dd that arrives / the title input's text",
        "cascader": "linked selects side by side (省/市/区): one select per level, each dd clicked / the texts",
        "tree-select": "layui tree in a dropdown: expand each level by name, click the leaf / the input's text",
        "autocomplete": "type character by character, click the dropdown's matching item / the input's text",
        "date": "laydate (date, range, month, year, datetime, time): panel paged by years then months computed "
        "from its header, day / month / year / time items clicked, 确定 where it has one / the input's text",
        "checkbox": "click each .layui-form-checkbox whose state differs (also lay-skin=tag) / the ticked titles",
        "radio": "click the .layui-form-radio / the radioed title",
        "switch": "click .layui-form-switch / whether it has layui-form-onswitch",
        "slider": "drag the handle, watching the number, until it shows the value / the number box or tip",
        "upload": "set_input_files on layui's hidden .layui-upload-file, wait for the name in .layui-upload-list "
        "/ the listed name",
        "transfer": "tick items and press the arrow buttons / the titles in the right box",
    },
)
