"""Ant Design Vue 4: how its widgets are found, set as a person sets them, and read back as shown.

What antd does that a naive bot trips on, and how this kit deals with it:

* dropdowns, cascader menus and calendars are appended to ``<body>``: the open one is the visible one,
  last (``Target.popup``);
* option lists are virtual (rc-virtual-list): only the rows in view exist, and they are not
  ``role=option`` (the ``role=option`` elements are a hidden list of two around the active row, named
  by the option's value). An option is found by its text, the list scrolled with the mouse wheel
  until it is drawn; what was seen on the way is listed when it is not there;
* a select with ``show-search`` (filtered, or remote with ``filter-option=false``) and an auto-complete
  are typed one character at a time (``press_sequentially``) and the matching suggestion clicked once
  it arrives (AJAX);
* calendars are paged by comparing the month, year or decade the panel shows (read from its cells'
  ``title="YYYY-MM-DD"``, which do not depend on the locale) with the wanted one; one popup serves
  date, month, year, date+time and time pickers, and what it shows says which one it is;
* radios, checkboxes and switches are clicked through their visible wrappers, the upload through the
  hidden ``input[type=file]`` of its row.

Every ``read`` returns what the widget displays (the selection's text, the tags, the picker's input),
never a hidden value: antd keeps option codes out of the page.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import re
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from playwright.async_api import ElementHandle, Locator
from playwright.async_api import TimeoutError as PlaywrightTimeout

from bot.errors import NoSuchOption
from bot.recipe.kits.base import (
    Kit,
    Lookup,
    Section,
    Table,
    Target,
    Widget,
    appears,
    click_landed,
    clicks_taken,
    dates,
    same_file,
)
from bot.templating import truthy

LOCAL_DRAW_MS = 400  # a clicked select's own options are drawn within frames; a remote one's never are
SETTLE_S = 2.5  # a search whose suggestions stay unchanged (no spinner) this long has answered
WHEEL_PX = 160  # one turn of the mouse wheel over a virtual list
SHOWN_MS = 2_000  # a chosen option shows in the box within frames: a bounded look for a click that did not take

# --- what the widgets show (JavaScript ``root => shown``) -----------------------------------------------

_SELECTION = """root => {
  const item = root.querySelector('.ant-select-selection-item');
  return item ? (item.getAttribute('title') || item.textContent).trim() : '';
}"""
_TAGS = """root => [...root.querySelectorAll('.ant-select-selection-overflow-item')]
  .filter(i => !i.matches('.ant-select-selection-overflow-item-rest, .ant-select-selection-overflow-item-suffix'))
  .map(i => i.querySelector('.ant-select-selection-item-content'))
  .filter(Boolean).map(c => c.textContent.trim())"""
_PATH = """root => {
  const item = root.querySelector('.ant-select-selection-item');
  const text = item ? (item.getAttribute('title') || item.textContent).trim() : '';
  return text ? text.split(' / ').map(s => s.trim()) : [];
}"""
_INPUT = "root => (root.matches('input, textarea') ? root : root.querySelector('input, textarea')).value"
_RANGE = "root => [...root.querySelectorAll('input')].map(i => i.value)"
_CHOSEN_RADIO = """root => {
  const on = root.querySelector('.ant-radio-wrapper-checked, .ant-radio-button-wrapper-checked');
  return on ? on.textContent.trim() : '';
}"""
_TICKED = """root => [...root.querySelectorAll('.ant-checkbox-wrapper-checked')].map(w => w.textContent.trim())"""
_SWITCHED = "root => root.getAttribute('aria-checked') === 'true'"
_SLIDER = "root => Number(root.querySelector('[role=slider]').getAttribute('aria-valuenow'))"
_UPLOADED = """root => {
  const names = [...root.querySelectorAll('.ant-upload-list-item-name')].map(n => n.textContent.trim());
  return names.length === 1 ? names[0] : names;
}"""
_TRANSFERRED = """root => {
  const lists = root.querySelectorAll('.ant-transfer-list');
  return [...lists[lists.length - 1].querySelectorAll('.ant-transfer-list-content-item-text')]
    .map(t => t.textContent.trim());
}"""


# --- helpers ---------------------------------------------------------------------------------------------


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _labels(value: Any) -> list[str]:
    if isinstance(value, list | tuple):
        return [_text(v) for v in value]
    return [part.strip() for part in re.split(r"[、,，]", _text(value)) if part.strip()]


def _path(value: Any) -> list[str]:
    if isinstance(value, list | tuple):
        return [_text(v) for v in value]
    return [part.strip() for part in _text(value).split("/") if part.strip()]


def _exactly(text: str) -> re.Pattern[str]:
    return re.compile(rf"^\s*{re.escape(text)}\s*$")


async def _texts(items: Locator) -> list[str]:
    return [t.strip() for t in await items.all_text_contents()]


async def _open_dropdown(target: Target, css: str) -> Locator:
    """Click the selector as a person does; the popup ``css`` that shows."""
    await target.root.locator(".ant-select-selector").click()
    popup = target.popup(css)
    await popup.wait_for(timeout=target.timeout)
    return popup


async def _close(target: Target) -> None:
    """Leave a popup open no longer than needed (a lingering one covers the next field)."""
    await target.page.keyboard.press("Escape")


_DRAWN = """(holder, [css, text, depth]) => {
  const rows = [...holder.querySelectorAll(css)];
  const names = rows.map(r => r.textContent.trim());
  const units = r => r.querySelectorAll('.ant-select-tree-indent-unit').length;
  const found = rows.some((r, i) => names[i] === text && (depth < 0 || units(r) === depth));
  return {found, names, top: holder.scrollTop};
}"""


_TO_TOP = "h => { h.scrollTop = 0; h.dispatchEvent(new Event('scroll')); return h.clientHeight; }"


async def _scroll_to(target: Target, holder: Locator, rows: str, text: str, depth: int = -1) -> list[str]:
    """Scroll a virtual list from its top, a wheel turn at a time, until the row reading ``text`` (at
    ``depth``, in a tree) is drawn; returns [] then, else every row seen on the way (the whole list)."""
    seen: list[str] = []
    page = await holder.evaluate(_TO_TOP)
    await _point_at(target, holder)
    last = -1
    while True:
        drawn = await holder.evaluate(_DRAWN, [rows, text, depth])
        if drawn["found"]:
            return []
        seen += [name for name in drawn["names"] if name not in seen]
        if drawn["top"] == last:  # the wheel moved it no further: the end of the list
            return seen or ["（空）"]
        last = drawn["top"]
        await target.page.mouse.wheel(0, max(WHEEL_PX, page * 0.8))
        await target.page.wait_for_timeout(50)


async def _point_at(target: Target, element: Locator) -> None:
    """Put the mouse over a list (for the wheel): where it is drawn, whatever lies over its edges."""
    box = await element.bounding_box()
    if box is not None:
        await target.page.mouse.move(box["x"] + box["width"] / 2, box["y"] + min(box["height"] / 2, 40))


_OPTION = ".ant-select-item-option"


async def _find_option(target: Target, popup: Locator, label: str) -> Locator:
    """The option ``label`` of an open select dropdown, its virtual list scrolled to it."""
    option = popup.locator(_OPTION).filter(
        has=target.page.locator(".ant-select-item-option-content", has_text=_exactly(label))
    )
    if not await option.count():
        seen = await _scroll_to(target, popup.locator(".rc-virtual-list-holder"), _OPTION, label)
        if seen:
            await _close(target)
            raise target.missing(label, seen)
    return option.first


async def _click_option(target: Target, popup: Locator, label: str) -> None:
    await (await _find_option(target, popup, label)).click()


async def _click_taken(
    target: Target, popup_css: str, find: Callable[[Locator], Awaitable[Locator]], label: str
) -> None:
    """Open the popup, click what ``find`` locates in it (an option, a tree's leaf), then read: set once the
    box shows ``label``, as a person checks. Under load a click's press and release can land apart (the other
    kits met it: the dropdown placed again between them) and nothing is chosen; so it is clicked once more,
    the popup opened again if it closed, then it fails in words rather than leaving an empty box to the
    read-back. A click that did not even reach the option is made again without counting."""
    shown = target.root.locator(".ant-select-selection-item").filter(has_text=_exactly(label))
    popup = await _open_dropdown(target, popup_css)

    async def click() -> bool:
        return await click_landed(await find(popup))

    async def taken(landed: bool) -> bool:
        return await (appears(shown, SHOWN_MS) if landed else shown.is_visible())

    async def reopen() -> None:
        nonlocal popup
        if not await target.popup(popup_css).count():
            popup = await _open_dropdown(target, popup_css)

    if not await clicks_taken(click, taken, reopen):
        raise target.not_taken(label)


async def _suggested(
    target: Target, popup_css: str, label: str, local: bool = False, lookup: Lookup | None = None
) -> Locator:
    """After typing: the suggestion reading exactly ``label``, once it arrives (AJAX); fails when the
    suggestions settle (no spinner, unchanged for SETTLE_S) or the step's time is up without it. A ``local``
    list (the page showed its options before the typing) is filtered by the page at once: it has settled
    as soon as it lists options and only ones holding the typed text, or shows 暂无数据 (a list merely not drawn
    yet shows neither, and waits SETTLE_S like a search). A ``lookup`` answered is an answer too."""
    deadline = time.monotonic() + target.timeout / 1000
    last: tuple[Any, ...] = ()
    since = time.monotonic()
    answered = False  # a spinner or a list was seen: the page looked the text up
    while True:
        popup = target.page.locator(popup_css).filter(visible=True)
        option = popup.locator(".ant-select-item-option").filter(
            has=target.page.locator(".ant-select-item-option-content", has_text=_exactly(label))
        )
        if await option.count():
            return option.first
        offered = await _texts(popup.locator(".ant-select-item-option-content"))
        busy = await popup.locator(".ant-spin, .ant-select-item-option-loading").count() > 0
        state = (tuple(offered), busy)
        now = time.monotonic()
        if state != last:
            last, since = state, now
        empty = await popup.locator(".ant-select-item-empty, .ant-empty").count() > 0  # "暂无数据"
        answered = answered or busy or empty or bool(offered) or local or (lookup is not None and lookup.answered)
        # a local list is filtered by the page as the keys arrive: options all holding the text, or its "暂无数据"
        # (no option holds it, as none held a shorter part of it either), is the answer
        filtered = local and (
            (bool(offered) and all(label.casefold() in o.casefold() for o in offered)) or (empty and not offered)
        )
        if (not busy and (filtered or now - since >= SETTLE_S)) or now >= deadline:
            await _close(target)
            found = f"（候选：{'、'.join(offered[:12])}）" if offered else "（没有候选项）"
            message = f"输入「{label}」后没有匹配的候选项{found}"
            if answered:  # the list came and lacks the value: the application's value, not a fault
                raise NoSuchOption(f"「{target.label}」是 {target.kit.name} {target.widget.title}，{message}")
            raise target.fail(message)
        await asyncio.sleep(0.1)


# --- selects ---------------------------------------------------------------------------------------------


async def set_select(target: Target, value: Any) -> None:
    """Open the dropdown and click the option by its text, scrolling the virtual list to it; a select with
    show-search (filtered in the page, or asked of the server) is typed instead, one character at a time,
    and the suggestion that reads exactly the label clicked once it arrives."""
    label = _text(value)
    if await target.root.evaluate(_SELECTION) == label:
        return
    if "ant-select-show-search" not in (await target.root.get_attribute("class") or ""):
        await _pick_one(target, label)
        return
    search = target.root.locator("input.ant-select-selection-search-input")
    await target.root.locator(".ant-select-selector").click()
    # the page holds its options: drawn a few frames after the click (counted at once, they were missed under
    # load); a remote select lists none, so this look costs it LOCAL_DRAW_MS
    local = await appears(target.popup(".ant-select-dropdown").locator(_OPTION).first, LOCAL_DRAW_MS)
    try:
        with Lookup(target.page, label) as lookup:
            await search.press_sequentially(label, delay=50)
            suggestion = await _suggested(target, ".ant-select-dropdown", label, local, lookup)
    except NoSuchOption as missing:
        # a page may filter on the options' codes (antd's default optionFilterProp is "value"): with the search
        # cleared, its whole list shows, and the option is looked for there (a remote list has none to show).
        # A select that asked the server nothing while typed into filters in the page, though its options were
        # drawn too late to be seen at the click (under load)
        if not local and lookup.asked:
            raise
        await search.fill("")
        popup = target.popup(".ant-select-dropdown")
        for _ in range(2):  # _suggested closed it; a click while it is still closing may be lost: once more
            if not await popup.count():
                await target.root.locator(".ant-select-selector").click()
            if await appears(popup.locator(_OPTION).first, min(target.timeout, SETTLE_S * 1000)):
                break
        else:
            raise missing from None
        await _click_option(target, popup, label)
        return
    await suggestion.click()


async def _pick_one(target: Target, label: str) -> None:
    await _click_taken(target, ".ant-select-dropdown", lambda popup: _find_option(target, popup, label), label)


async def set_tags(target: Target, value: Any) -> None:
    """mode=multiple: remove the tags that are not wanted (all of them when the order is wrong), then
    click each missing option in the dropdown (it stays open), scrolling its virtual list."""
    wanted = _labels(value)
    shown: list[str] = await target.root.evaluate(_TAGS)
    if shown == wanted:
        return
    keep = shown if shown == wanted[: len(shown)] else []
    for tag in [t for t in shown if t not in keep]:
        item = target.root.locator(".ant-select-selection-item").filter(
            has=target.page.locator(".ant-select-selection-item-content", has_text=_exactly(tag))
        )
        await item.locator(".ant-select-selection-item-remove").click()
    popup = await _open_dropdown(target, ".ant-select-dropdown")
    for label in wanted[len(keep) :]:
        await _click_option(target, popup, label)
    await _close(target)


async def set_autocomplete(target: Target, value: Any) -> None:
    """Type the text one character at a time and click the suggestion that reads exactly it."""
    text = _text(value)
    if await target.root.evaluate(_INPUT) == text:
        return
    field = target.root.locator("input")
    await field.fill("")
    with Lookup(target.page, text) as lookup:
        await field.press_sequentially(text, delay=50)
        suggestion = await _suggested(target, ".ant-select-dropdown", text, lookup=lookup)
    await suggestion.click()


async def set_cascader(target: Target, value: Any) -> None:
    """One column per level: click each level's item by its text (省 → 市 → 区)."""
    path = _path(value)
    if await target.root.evaluate(_PATH) == path:
        return
    popup = await _open_dropdown(target, ".ant-cascader-dropdown")
    for depth, name in enumerate(path):
        column = popup.locator("ul.ant-cascader-menu").nth(depth)
        await column.wait_for(timeout=target.timeout)
        item = column.locator("li.ant-cascader-menu-item").filter(
            has=target.page.locator(".ant-cascader-menu-item-content", has_text=_exactly(name))
        )
        if not await item.count():
            offered = await _texts(column.locator(".ant-cascader-menu-item-content"))
            await _close(target)
            raise target.missing("/".join(path[: depth + 1]), offered)
        await item.first.click()


async def set_tree(target: Target, value: Any) -> None:
    """Given a path (a list or "a/b/c"): expand the tree level by level (the switcher of each parent) and
    click the leaf's title. Given one label: open every closed node, scrolling down, until it shows. The
    leaf's click is read back in the box, as an option's (``_click_taken``)."""
    path = _path(value)
    if not path or await target.root.evaluate(_SELECTION) == path[-1]:
        return
    await _click_taken(target, ".ant-tree-select-dropdown", lambda popup: _find_leaf(target, popup, path), path[-1])


async def _find_leaf(target: Target, popup: Locator, path: list[str]) -> Locator:
    """The title of the tree's node at ``path`` (or, for one label, of that leaf anywhere), opened down to it."""
    holder = popup.locator(".ant-select-tree-list-holder")
    if len(path) == 1:
        return await _search_tree(target, popup, holder, path[0])
    for depth, name in enumerate(path):
        node = popup.locator(".ant-select-tree-treenode").filter(
            has=target.page.locator(f".ant-select-tree-node-content-wrapper[title={_css_string(name)}]")
        )
        if await _nth_at_depth(node, depth) is None:
            seen = await _scroll_to(target, holder, ".ant-select-tree-treenode", name, depth)
            if seen:
                await _close(target)
                raise target.missing("/".join(path[: depth + 1]), seen)
        index = await _nth_at_depth(node, depth)
        assert index is not None
        found = node.nth(index)
        if depth == len(path) - 1:
            return found.locator(".ant-select-tree-node-content-wrapper")
        switcher = await found.locator(".ant-select-tree-switcher_close").element_handles()
        if switcher:
            await _expand(target, switcher[0])
    raise AssertionError("unreachable: the loop returns at the path's last name")


async def _search_tree(target: Target, popup: Locator, holder: Locator, label: str) -> Locator:
    seen: list[str] = []
    last = -1
    while True:
        node = popup.locator(f".ant-select-tree-node-content-wrapper[title={_css_string(label)}]")
        if await node.count():
            return node.first
        closed = await popup.locator(".ant-select-tree-switcher_close").element_handles()
        if closed:
            await _expand(target, closed[0])
            last = -1
            continue
        seen += [t for t in await _texts(popup.locator(".ant-select-tree-node-content-wrapper")) if t not in seen]
        top = await holder.evaluate("h => h.scrollTop")
        if top == last:
            await _close(target)
            raise target.missing(label, seen)
        last = top
        await _point_at(target, holder)
        await target.page.mouse.wheel(0, WHEEL_PX)
        await target.page.wait_for_timeout(50)


_EXPANDED = "s => !s.isConnected || !s.classList.contains('ant-select-tree-switcher_close')"


async def _expand(target: Target, switcher: ElementHandle) -> None:
    """Click a closed node's switcher and wait until the tree draws it open. Under load the class changes a
    while after the click: looking for the next closed switcher before it did found this one again, which
    then opened under the click (CI: a bare 10 s timeout); clicking it again would shut it."""
    await switcher.click(timeout=target.timeout)
    try:
        await target.page.wait_for_function(_EXPANDED, arg=switcher, timeout=target.timeout)
    except PlaywrightTimeout:
        raise target.fail(f"点击了树节点的展开按钮，{target.timeout / 1000:.0f} 秒内它仍未展开；请稍后重试") from None


async def _nth_at_depth(nodes: Locator, depth: int) -> int | None:
    """Which of the drawn tree nodes is at ``depth`` (its indent has that many units), if any."""
    units: list[int] = await nodes.evaluate_all(
        "ns => ns.map(n => n.querySelectorAll('.ant-select-tree-indent-unit').length)"
    )
    return next((i for i, n in enumerate(units) if n == depth), None)


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# --- date pickers ----------------------------------------------------------------------------------------

_PANELS = (  # the popup's panel → (the value's form for strptime, as a person writes it, its word in messages)
    ("datetime", "%Y-%m-%d %H:%M:%S", "YYYY-MM-DD HH:mm:ss", "日期时间"),
    ("date", "%Y-%m-%d", "YYYY-MM-DD", "日期"),
    ("month", "%Y-%m", "YYYY-MM", "月份"),
    ("year", "%Y", "YYYY", "年份"),
    ("time", "%H:%M:%S", "HH:mm:ss", "时间"),
)


async def _panel_kind(popup: Locator) -> str:
    for kind, *_ in _PANELS:
        if await popup.locator(f".ant-picker-{kind}-panel").count():
            return kind
    return "date"


def _parse(target: Target, kind: str, value: str) -> dt.datetime:
    form, written, word = next(rest for k, *rest in _PANELS if k == kind)
    try:
        return dt.datetime.strptime(value, form)
    except ValueError:
        raise target.fail(f"{value} 不是{word}（应为 {written}）") from None


async def _shown_first(panel: Locator) -> str:
    """The title of the panel's first in-view cell: the month (date panel), year (month panel) or decade
    (year panel) it shows, whatever the locale prints in its header."""
    return await panel.locator("td.ant-picker-cell-in-view").first.get_attribute("title") or ""


def _steps(kind: str, shown: str, wanted: dt.datetime) -> int:
    """How many pages (months, years or decades) lie between what a panel shows and ``wanted``."""
    if kind in ("date", "datetime"):
        year, month = int(shown[:4]), int(shown[5:7])
        return (wanted.year - year) * 12 + wanted.month - month
    if kind == "month":
        return wanted.year - int(shown[:4])
    return wanted.year // 10 - int(shown[:4]) // 10


async def _page_to(target: Target, panel: Locator, last: Locator, kind: str, wanted: dt.datetime) -> None:
    """Page ``panel`` (and, for a range, the ``last`` of its two panels) until ``wanted`` is in view: the
    clicks computed from what the panel shows (year buttons for whole years, month buttons for the rest; a
    month or year panel pages by years or decades), clicked in a row, then the panel read again once."""
    for _ in range(5):  # once, unless a click was lost
        shown = await _shown_first(panel)
        steps = _steps(kind, shown, wanted)
        at = panel
        if steps > 0 and last is not panel:  # the end may lie in the second panel already
            steps = max(0, _steps(kind, await _shown_first(last), wanted))
            at = last
        if steps == 0:
            return
        way = "next" if steps > 0 else "prev"
        years, months = divmod(abs(steps), 12) if kind in ("date", "datetime") else (abs(steps), 0)
        if years:
            await at.locator(f".ant-picker-header-super-{way}-btn").click(click_count=years)
        if months:
            await at.locator(f".ant-picker-header-{way}-btn").click(click_count=months)
        gone = panel.locator(f'td.ant-picker-cell-in-view[title="{shown}"]')
        with contextlib.suppress(PlaywrightTimeout):  # every click lost (a loaded machine): read again, page again
            await gone.wait_for(state="detached", timeout=min(target.timeout, 3000))
    raise target.fail(f"日历翻页后停在 {await _shown_first(panel)}，翻不到 {wanted:%Y-%m-%d}")


def _cell(kind: str, when: dt.datetime) -> str:
    title = {"month": when.strftime("%Y-%m"), "year": when.strftime("%Y")}.get(kind, when.strftime("%Y-%m-%d"))
    return f'td.ant-picker-cell-in-view[title="{title}"]'


async def _pick(target: Target, cell: Locator, shown: str) -> None:
    """Click a calendar cell, unless the portal shows it disabled (a past or booked-out day): the application's
    value then, not a fault to retry."""
    if "ant-picker-cell-disabled" in (await cell.get_attribute("class", timeout=target.timeout) or ""):
        await _close(target)
        raise target.not_offered(f"{shown} 不可选")
    await cell.click()


async def _pick_time(popup: Locator, when: dt.datetime) -> None:
    """Click hour, minute and second in the time columns (each scrolls itself), then 确定."""
    columns = popup.locator("ul.ant-picker-time-panel-column")
    for index, part in enumerate((when.hour, when.minute, when.second)[: await columns.count()]):
        cell = (
            columns.nth(index)
            .locator("li.ant-picker-time-panel-cell")
            .filter(has=popup.page.locator(".ant-picker-time-panel-cell-inner", has_text=_exactly(f"{part:02d}")))
        )
        await cell.first.click()
    await popup.locator(".ant-picker-ok button").click()


async def set_date(target: Target, value: Any) -> None:
    """Open the calendar, see which panel it is (date, date+time, month, year, time), page it to the
    wanted month/year/decade by what it shows, click the cell (and the time, then 确定)."""
    text = _text(value)
    if await target.root.evaluate(_INPUT) == text:
        return
    await target.root.locator("input").click()
    popup = target.popup(".ant-picker-dropdown")
    await popup.wait_for(timeout=target.timeout)
    kind = await _panel_kind(popup)
    try:
        wanted = _parse(target, kind, text)
    except Exception:
        await _close(target)
        raise
    if kind != "time":
        panel = popup.locator(".ant-picker-panel").first
        await _page_to(target, panel, panel, kind, wanted)
        await _pick(target, panel.locator(_cell(kind, wanted)), text)
    if kind in ("datetime", "time"):
        await _pick_time(popup, wanted)
    await _shows(target, _INPUT, text)


async def set_range(target: Target, value: Any) -> None:
    """A range picker: the start's day, then the end's, each paged to by what the two panels show."""
    ends = dates(value)
    if len(ends) != 2:
        raise target.fail(f"「{_text(value)}」不是日期范围（应为开始、结束两个日期）")
    if await target.root.evaluate(_RANGE) == ends:
        return
    wanted = [_parse(target, "date", end) for end in ends]
    if wanted[1] < wanted[0]:
        raise target.fail(f"结束日期 {ends[1]} 早于开始日期 {ends[0]}")
    await target.root.locator("input").first.click()
    popup = target.popup(".ant-picker-dropdown-range")
    await popup.wait_for(timeout=target.timeout)
    for when in wanted:
        panels = popup.locator(".ant-picker-panels > .ant-picker-panel")
        await _page_to(target, panels.first, panels.last, "date", when)
        await _pick(target, popup.locator(_cell("date", when)).first, f"{when:%Y-%m-%d}")
    await _shows(target, _RANGE, ends)


async def _shows(target: Target, read: str, wanted: Any) -> None:
    """Wait until the widget displays ``wanted`` (the popup closes, the input is written)."""
    for _ in range(50):
        if await target.root.evaluate(read) == wanted:
            return
        await asyncio.sleep(0.1)
    shown = await target.root.evaluate(read)
    raise target.fail(f"选择后显示为「{shown}」，不是「{wanted}」")


# --- choices, switch, slider, upload, transfer, text -----------------------------------------------------


async def set_radio(target: Target, value: Any) -> None:
    """Click the radio (or radio button) whose text is the label, through its visible wrapper."""
    label = _text(value)
    items = target.root.locator(".ant-radio-wrapper, .ant-radio-button-wrapper")
    item = items.filter(has_text=_exactly(label))
    if not await item.count():
        raise target.missing(label, await _texts(items))
    await item.first.click()


async def set_checkboxes(target: Target, value: Any) -> None:
    """Tick exactly the wanted boxes, clicking the visible wrappers whose state differs."""
    wanted = _labels(value)
    items = target.root.locator(".ant-checkbox-wrapper")
    names = await _texts(items)
    missing = [w for w in wanted if w not in names]
    if missing:
        raise target.missing("、".join(missing), names)
    for index, name in enumerate(names):
        item = items.nth(index)
        ticked = "ant-checkbox-wrapper-checked" in (await item.get_attribute("class") or "")
        if ticked != (name in wanted):
            await item.click()


async def set_switch(target: Target, value: Any) -> None:
    if await target.root.evaluate(_SWITCHED) != truthy(value):
        await target.root.click()


async def set_slider(target: Target, value: Any) -> None:
    """Click the rail where the value lies, then step the handle with the arrow keys to the exact value."""
    handle = target.root.locator("[role=slider]")
    low = float(await handle.get_attribute("aria-valuemin") or 0)
    high = float(await handle.get_attribute("aria-valuemax") or 100)
    try:
        wanted = float(_text(value))
    except ValueError:
        raise target.fail(f"「{_text(value)}」不是数字") from None
    if not low <= wanted <= high:
        raise target.fail(f"{_text(value)} 超出范围 {low:g}～{high:g}")
    box = await target.root.locator(".ant-slider-rail").bounding_box()
    if box is not None and high > low:
        x = box["x"] + box["width"] * (wanted - low) / (high - low)
        await target.page.mouse.click(x, box["y"] + box["height"] / 2)
    for _ in range(int(high - low) + 1):
        now = float(await handle.get_attribute("aria-valuenow") or low)
        if now == wanted:
            return
        await handle.press("ArrowRight" if now < wanted else "ArrowLeft")
    raise target.fail(f"无法移到 {_text(value)}")


async def set_upload(target: Target, value: Any) -> None:
    """Give the row's hidden file input the file, then wait until antd lists it as uploaded."""
    path = Path(_text(value))
    if not path.is_file():
        raise target.fail(f"找不到要上传的文件「{path}」")
    await target.root.locator("input[type=file]").set_input_files(str(path))
    name = target.page.locator(".ant-upload-list-item-name", has_text=_exactly(path.name))
    done = target.root.locator(".ant-upload-list-item-done").filter(has=name)
    failed = target.root.locator(".ant-upload-list-item-error").filter(has=name)
    try:
        await done.or_(failed).first.wait_for(timeout=target.timeout)
    except PlaywrightTimeout:
        raise target.fail(f"「{path.name}」上传未完成") from None
    if not await done.count():
        raise target.fail(f"「{path.name}」上传失败")


async def set_transfer(target: Target, value: Any) -> None:
    """Move the unwanted items back to the left, then tick the wanted ones on the left and move them right."""
    wanted = _labels(value)
    lists = target.root.locator(".ant-transfer-list")
    source, chosen = lists.first, lists.last
    buttons = target.root.locator(".ant-transfer-operation button")
    text = ".ant-transfer-list-content-item-text"
    offered, kept = await _texts(source.locator(text)), await _texts(chosen.locator(text))
    missing = [w for w in wanted if w not in offered + kept]
    if missing:
        raise target.missing("、".join(missing), offered + kept)
    for side, names, button in ((chosen, [k for k in kept if k not in wanted], 1), (source, wanted, 0)):
        moving = [n for n in names if n in await _texts(side.locator(text))]
        for name in moving:
            await (
                side.locator(".ant-transfer-list-content-item")
                .filter(has=target.page.locator(text, has_text=_exactly(name)))
                .click()
            )
        if moving:
            await buttons.nth(button).click()


async def set_text(target: Target, value: Any) -> None:
    field = (
        target.root
        if await target.root.evaluate("r => r.matches('input, textarea')")
        else target.root.locator("input, textarea")
    )
    await field.fill(_text(value))


async def set_number(target: Target, value: Any) -> None:
    """Type the number, then leave the box (antd formats it, e.g. to its precision, on blur)."""
    field = target.root.locator("input")
    await field.fill(_text(value))
    await field.press("Tab")


def same_number(shown: Any, wanted: Any) -> bool:
    try:
        return float(_text(shown)) == float(_text(wanted))
    except ValueError:
        return _text(shown) == _text(wanted)


def same_set(shown: Any, wanted: Any) -> bool:
    """A transfer's right list keeps the options' order, not the order they were moved in."""
    return sorted(_labels(shown)) == sorted(_labels(wanted))


def same_leaf(shown: Any, wanted: Any) -> bool:
    """A tree select shows the chosen node's label; the mapping may give its whole path."""
    return _text(shown) == (_path(wanted) or [""])[-1]


def same_path(shown: Any, wanted: Any) -> bool:
    return _path(shown) == _path(wanted)


def same_range(shown: Any, wanted: Any) -> bool:
    return dates(shown) == dates(wanted)


def same_switch(shown: Any, wanted: Any) -> bool:
    return bool(shown) == truthy(wanted)


_PICKER = ".ant-picker:not(.ant-picker-range)"
_DATE_NOTE = "opened, paged from the year and month its cells' title shows, the day clicked; read: the text shown"

KIT = Kit(
    name="Ant Design Vue",
    signature=".ant-form-item, .ant-card, .ant-btn, .ant-select, .ant-picker",
    row=".ant-form-item",
    label=".ant-form-item-label > label",
    widgets=(
        Widget("autocomplete", "自动完成输入框", ".ant-select-auto-complete", _INPUT, set_autocomplete),
        Widget("cascader", "级联选择器", ".ant-cascader", _PATH, set_cascader, same_path),
        Widget("tree-select", "树选择器", ".ant-tree-select", _SELECTION, set_tree, same_leaf),
        Widget("multi-select", "多选下拉框", ".ant-select-multiple", _TAGS, set_tags),
        Widget("select", "下拉框", ".ant-select", _SELECTION, set_select),
        Widget("date-range", "日期范围选择器", ".ant-picker-range", _RANGE, set_range, same_range),
        Widget("time", "时间选择器", f"{_PICKER}:has(.anticon-clock-circle)", _INPUT, set_date),
        Widget("datetime", "日期时间选择器", f"{_PICKER}:has(input[size='21'])", _INPUT, set_date),
        Widget("month", "月份选择器", f"{_PICKER}:has(input[placeholder='请选择月份'])", _INPUT, set_date),
        Widget("year", "年份选择器", f"{_PICKER}:has(input[placeholder='请选择年份'])", _INPUT, set_date),
        Widget("date", "日期选择器", _PICKER, _INPUT, set_date),
        Widget("radio", "单选框组", ".ant-radio-group", _CHOSEN_RADIO, set_radio),
        Widget("checkbox", "复选框组", ".ant-checkbox-group", _TICKED, set_checkboxes, same_set),
        Widget("switch", "开关", "button.ant-switch", _SWITCHED, set_switch, same_switch),
        Widget("slider", "滑动输入条", ".ant-slider", _SLIDER, set_slider, same_number),
        Widget("upload", "上传控件", ".ant-upload-wrapper", _UPLOADED, set_upload, same_file),
        Widget("transfer", "穿梭框", ".ant-transfer", _TRANSFERRED, set_transfer, same_set),
        Widget("number", "数字输入框", ".ant-input-number", _INPUT, set_number, same_number),
        Widget("textarea", "文本域", "textarea.ant-input", _INPUT, set_text),
        Widget("input", "输入框", ".ant-input-affix-wrapper, input.ant-input", _INPUT, set_text),
    ),
    sections=(
        # the card's body, not the card: a table's own lookup of its section inside it must not find the card again
        Section(
            title=".ant-card-head-title",
            box=".ant-card",
            content="(title, box) => box.querySelector(':scope > .ant-card-body') || box",
        ),
        Section(
            title=".ant-collapse-header",
            box=".ant-collapse-item",
            content="(title, box) => box.querySelector(':scope > .ant-collapse-content')",
        ),
        Section(
            title=".ant-tabs-tab",
            box=".ant-tabs",
            content="(title, box) => document.getElementById("
            "title.querySelector('[role=tab]').getAttribute('aria-controls'))",
        ),
    ),
    tables=(Table(box=".ant-table", header=".ant-table-thead > tr > th", rows=".ant-table-tbody > tr.ant-table-row"),),
    message=".ant-message-notice-content, .ant-notification-notice-message, .ant-alert-message",
    invalid=".ant-form-item-explain-error",
    notes={
        "input": "typed; read: the input's value",
        "textarea": "typed; read: the text",
        "number": "typed, then blurred (antd formats it to its precision); read: the number shown",
        "select": (
            "opened, the virtual list scrolled until the option with that text exists, then clicked; with search: "
            "typed key by key and the matching suggestion clicked (a remote one once the portal answers); "
            "read: the selected item's text"
        ),
        "multi-select": "unwanted tags removed, missing options scrolled to and clicked; read: the tags' text",
        "autocomplete": "typed key by key, the suggestion with the same text clicked; read: the input's value",
        "cascader": "one level clicked per column (省 → 市 → 区); read: the path shown, 「a / b / c」",
        "tree-select": (
            "given a path, each parent's switcher opened in turn; given a name, the tree searched; the node "
            "clicked; read: the node's name shown"
        ),
        "date": _DATE_NOTE,
        "month": _DATE_NOTE,
        "year": _DATE_NOTE + " (paged by decades)",
        "datetime": _DATE_NOTE + ", then hour, minute, second clicked and 确定",
        "time": "the time panel opened, hour, minute, second clicked, then 确定; read: the input",
        "date-range": "each end paged in its half from the months the two panels show, then clicked; read: both inputs",
        "radio": "the option (or button) with that text clicked by its wrapper; read: the checked one's text",
        "checkbox": "each box whose state differs clicked by its wrapper; read: the ticked texts",
        "switch": "clicked when its state differs; read: aria-checked",
        "slider": "its track clicked where the value lies, then arrow keys to the exact step; read: aria-valuenow",
        "upload": "the row's hidden file input given the file, done when the list shows it uploaded; read: the name",
        "transfer": "wanted items ticked on the left and moved right, unwanted moved back; read: the right list",
    },
)
