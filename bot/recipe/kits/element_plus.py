"""Element Plus (Vue 3): its widgets found by their classes, set as a person does, read back as they show.

Recognised by ``.el-select__wrapper`` / ``.el-input__wrapper``: Element UI (Vue 2) draws the same ``.el-*``
names (``.el-select``, ``.el-input``, ``.el-form-item``) but puts its ``<input class="el-input__inner">``
straight in ``.el-input`` and its selects on an ``.el-input``; only Element Plus wraps each input in an
``.el-input__wrapper`` (since 2.2) and draws selects as ``.el-select__wrapper`` (since 2.5), so a page with
either is Element Plus's and the Element UI kit never answers for it.

Element Plus appends every dropdown, cascader panel and calendar to ``<body>``; a field's popup is found from
the field itself where the library links them (a select's input ``aria-controls`` its listbox, an
autocomplete's input its suggestion list, a cascader its popper through ``aria-describedby``), else as the
last visible one of its kind (``Target.popup``).

One widget covers the whole ``el-select`` family, because Element Plus draws a single select, a multiple
select, a filterable or remote one, the virtual ``el-select-v2`` and ``el-tree-select`` with the same
``.el-select`` root: what differs is the teleported dropdown (``.is-multiple``, a virtual list, a tree) and
the input (read-only unless filterable; a remote select has no caret). ``set`` looks at those and acts as the
variant calls for; ``read`` gives the tags of a multiple select as a list, the shown label otherwise.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import re
from collections.abc import Awaitable, Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

from playwright.async_api import Locator, expect
from playwright.async_api import TimeoutError as PlaywrightTimeout

from bot.errors import PopupClosed
from bot.recipe.kits.base import (
    Kit,
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

LOCAL_WAIT_MS = 2_000  # options the page already has show at once; only remote ones are waited for long
TYPING_DELAY_MS = 40  # between keys, as a quick typist


# -- small helpers -----------------------------------------------------------------------------------------


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


def _exact(text: str) -> re.Pattern[str]:
    return re.compile(rf"^\s*{re.escape(text)}\s*$")


def _as(target: Target, title: str) -> Target:
    """The same field, named in messages as the variant it turned out to be (树形选择, 多选下拉框…)."""
    return replace(target, widget=replace(target.widget, title=title))


async def _texts(items: Locator) -> list[str]:
    return [text.strip() for text in await items.all_text_contents()]


async def _by_id(target: Target, element: Locator, attribute: str) -> Locator | None:
    """The element another one names by id (``aria-controls``, ``aria-describedby``)."""
    ident = await element.get_attribute(attribute)
    return target.page.locator(f"[id='{ident}']") if ident else None


# -- text, number ------------------------------------------------------------------------------------------

READ_VALUE = "root => { const box = root.querySelector('input, textarea'); return box ? box.value.trim() : ''; }"


async def _set_text(target: Target, value: Any) -> None:
    box = target.root.locator("input, textarea").first
    await box.fill(_text(value))
    await box.blur()  # the library's change and blur rules run, as when a person tabs on


async def _set_number(target: Target, value: Any) -> None:
    text = _text(value)
    try:
        float(text)
    except ValueError:
        raise target.fail(f"「{text}」不是数字") from None
    await _set_text(target, text)


def _same_number(shown: Any, wanted: Any) -> bool:
    try:
        return float(_text(shown)) == float(_text(wanted))
    except ValueError:
        return _text(shown) == _text(wanted)


# -- the el-select family ----------------------------------------------------------------------------------

SELECT_VARIANT = """root => {
  const input = root.querySelector('input.el-select__input');
  const list = input && document.getElementById(input.getAttribute('aria-controls') || '');
  const dropdown = list && list.closest('.el-select-dropdown');
  const has = (css) => !!dropdown && (dropdown.matches(css) || !!dropdown.querySelector(css));
  return {
    remote: !root.querySelector('.el-select__caret:not(.el-select__clear)'),
    filterable: !!input && !input.readOnly,
    multiple: has('.is-multiple') || !!root.querySelector('.el-select__selection .el-tag'),
    tree: has('.el-tree'),
    virtual: has('.el-vl__window'),
  };
}"""

READ_SELECT = """root => {
  const input = root.querySelector('input.el-select__input');
  const list = input && document.getElementById(input.getAttribute('aria-controls') || '');
  const dropdown = list && list.closest('.el-select-dropdown');
  const tags = [...root.querySelectorAll('.el-select__selection .el-tag .el-select__tags-text')];
  if (tags.length || (dropdown && dropdown.classList.contains('is-multiple'))) {
    return tags.map((tag) => tag.textContent.trim());
  }
  const shown = root.querySelector('.el-select__placeholder:not(.is-transparent)');
  return shown ? shown.textContent.trim() : '';
}"""

OPTION = ".el-select-dropdown__item"


async def _set_select(target: Target, value: Any) -> None:
    root = target.root
    field = root.locator("input.el-select__input")
    if (await root.evaluate(SELECT_VARIANT))["remote"]:
        await _pick_remote(_as(target, "远程搜索下拉框"), field, _text(value))
        return
    await root.locator(".el-select__wrapper").click()
    listbox = await _by_id(target, field, "aria-controls")
    if listbox is None:
        raise target.fail("点开后没有出现选项列表")
    await listbox.wait_for(state="visible", timeout=target.timeout)
    variant = await root.evaluate(SELECT_VARIANT)
    if variant["tree"]:
        await _pick_in_tree(_as(target, "树形选择"), listbox, value)
    elif variant["multiple"]:
        await _pick_many(_as(target, "多选下拉框"), field, listbox, _labels(value), variant)
        for _ in range(3):  # Escape clears a search left in the box first, then closes the dropdown
            if not await listbox.is_visible():
                break
            await field.press("Escape")
        await listbox.wait_for(state="hidden", timeout=target.timeout)
    else:
        await _pick_one(target, field, listbox, _text(value), variant)


async def _pick_one(target: Target, field: Locator, listbox: Locator, label: str, variant: dict[str, Any]) -> None:
    if variant["virtual"]:
        await _scroll_to_option(_as(target, "下拉框（虚拟列表）"), listbox, label)
        return
    offered = await _texts(listbox.locator(OPTION))
    if variant["filterable"]:  # typed as a person narrows the list, then the option clicked
        await field.press_sequentially(label, delay=TYPING_DELAY_MS)
    option = listbox.locator(OPTION).filter(has_text=_exact(label)).first
    if not await appears(option, LOCAL_WAIT_MS):
        raise target.missing(label, offered)
    await _click_taken(target, listbox, option, label)


async def _click_taken(target: Target, listbox: Locator, item: Locator, label: str) -> None:
    """Click an option (or a tree's leaf), set once the box shows the label, as a person checks. Under load a
    click can miss: the dropdown placed again between the press and the release, the click lands outside the
    item (the Element UI kit caught it in a log of the pointer events) and the box stays empty. So it is
    clicked once more, the dropdown opened again if it closed, then it fails in words rather than leaving an
    empty box to the read-back. A click that did not even reach the item (a load run's second one did not) is
    made again without counting: two clicks on the item that do not take are what fails."""
    shown = target.root.locator(".el-select__placeholder:not(.is-transparent)").filter(has_text=_exact(label))

    async def taken(landed: bool) -> bool:
        return await (appears(shown, LOCAL_WAIT_MS) if landed else shown.is_visible())

    async def reopen() -> None:
        if not await listbox.is_visible():
            await target.root.locator(".el-select__wrapper").click()
            await listbox.wait_for(state="visible", timeout=target.timeout)

    if not await clicks_taken(lambda: click_landed(item, target.timeout), taken, reopen):
        raise target.not_taken(label)


async def _pick_many(
    target: Target, field: Locator, listbox: Locator, wanted: list[str], variant: dict[str, Any]
) -> None:
    """Tags become exactly ``wanted``: extra ones closed, missing ones picked in order."""
    shown = await target.root.evaluate(READ_SELECT)
    for label in [tag for tag in shown if tag not in wanted]:
        tag = target.root.locator(".el-select__selection .el-tag").filter(has_text=_exact(label)).first
        await tag.locator(".el-tag__close").click()
    offered = await _texts(listbox.locator(OPTION))
    missing = [label for label in wanted if label not in offered]
    if missing and not variant["virtual"]:
        raise target.missing("、".join(missing), offered)
    for label in wanted:
        if label in shown:
            continue
        if variant["virtual"]:
            await _scroll_to_option(target, listbox, label)
            continue
        if variant["filterable"]:  # the last search may still be in the box (reserve-keyword)
            await field.fill("")
            await field.press_sequentially(label, delay=TYPING_DELAY_MS)
        await listbox.locator(OPTION).filter(has_text=_exact(label)).first.click()


async def _pick_remote(target: Target, field: Locator, label: str) -> None:
    """Type the label key by key; the portal answers with options; click the one that is it."""
    await field.click()
    await field.press_sequentially(label, delay=TYPING_DELAY_MS)
    listbox = await _by_id(target, field, "aria-controls")
    option = (listbox or target.page.locator(".el-select-dropdown")).locator(OPTION).filter(has_text=_exact(label))
    if not await appears(option.first, target.timeout):
        loading = target.page.locator(".el-select-dropdown__loading, .el-select-dropdown__empty")
        if await loading.filter(visible=True, has_text="加载").count():  # no answer: a fault, not the value
            raise target.fail(f"输入「{label}」后 {target.timeout / 1000:g} 秒内门户没有答复候选项")
        offered = await _texts(listbox.locator(OPTION)) if listbox is not None else []
        found = f"（候选：{'、'.join(offered)}）" if offered else ""
        raise target.not_offered(f"输入「{label}」后没有匹配的候选项{found}")
    await option.first.click()


SCROLL_STEP = """(list, label) => {
  const box = list.closest('.el-vl__window') || list.parentElement;
  const rows = [...list.querySelectorAll('[role=option]')];
  const shown = rows.map((o) => [Number((o.id.match(/-(\\d+)$/) || [0, 0])[1]), o.textContent.trim()]);
  if (shown.some(([, text]) => text === label)) return {shown, found: true, end: false};
  const end = box.scrollTop + box.clientHeight >= box.scrollHeight - 1;
  if (!end) box.scrollTop += Math.max(box.clientHeight - 34, 34);
  return new Promise((done) => requestAnimationFrame(() => done({shown, found: false, end})));
}"""


async def _scroll_to_option(target: Target, listbox: Locator, label: str) -> None:
    """A virtual list draws only the rows in view: scrolled from the top, a view at a time (as the wheel
    does), until the option is drawn; then clicked. Its rows are numbered by their ids, for the message."""
    await listbox.evaluate("list => { (list.closest('.el-vl__window') || list.parentElement).scrollTop = 0; }")
    offered: dict[int, str] = {}
    while True:
        step = await listbox.evaluate(SCROLL_STEP, label)
        offered.update((index, text) for index, text in step["shown"])
        if step["found"]:
            break
        if step["end"]:
            raise target.missing(label, [offered[index] for index in sorted(offered)])
    await listbox.locator(OPTION).filter(has_text=_exact(label)).first.click()


def _tree_node(target: Target, scope: Locator, label: str, *, leaf: bool = False) -> Locator:
    own = ":scope > .el-tree-node__content" + (":has(.el-tree-node__expand-icon.is-leaf)" if leaf else "")
    return scope.locator(".el-tree-node").filter(has=target.page.locator(own, has_text=_exact(label))).first


async def _pick_in_tree(target: Target, listbox: Locator, value: Any) -> None:
    """A tree select: a path is expanded level by level; a bare label is looked for, opening branches."""
    tree = listbox.locator(".el-tree").first
    path = _path(value) if isinstance(value, list | tuple) or "/" in _text(value) else []
    if len(path) > 1:
        scope = tree
        for depth, name in enumerate(path):
            node = _tree_node(target, scope, name)
            if not await node.count():
                names = await _texts(scope.locator(":scope > .el-tree-node > .el-tree-node__content"))
                raise target.missing("/".join(path[: depth + 1]), names)
            if depth == len(path) - 1:
                await _click_taken(target, listbox, node.locator(":scope > .el-tree-node__content"), name)
                return
            if await node.get_attribute("aria-expanded") != "true":
                await node.locator(":scope > .el-tree-node__content .el-tree-node__expand-icon").click()
            scope = node.locator(":scope > .el-tree-node__children")
            await scope.wait_for(state="visible", timeout=target.timeout)
        return
    label = path[0] if path else _text(value)
    closed = tree.locator(
        ".el-tree-node[aria-expanded=false] > .el-tree-node__content > .el-tree-node__expand-icon:not(.is-leaf)"
    ).filter(visible=True)
    while True:
        node = _tree_node(target, tree, label, leaf=True)
        if await node.count() and await node.is_visible():
            await _click_taken(target, listbox, node.locator(":scope > .el-tree-node__content"), label)
            return
        if not await closed.count():
            leaves = await _texts(tree.locator(".el-tree-node__content:has(.is-leaf)"))
            raise target.missing(label, leaves)
        before = await tree.locator(".el-tree-node").count()
        await closed.first.click()
        await expect(tree.locator(".el-tree-node")).not_to_have_count(before, timeout=target.timeout)


def _same_choice(shown: Any, wanted: Any) -> bool:
    if isinstance(shown, list):
        return sorted(_text(s) for s in shown) == sorted(_labels(wanted))
    path = _path(wanted) if isinstance(wanted, list | tuple) else [_text(wanted)]
    return _text(shown) in {_text(wanted), path[-1] if path else ""}


# -- cascader, autocomplete --------------------------------------------------------------------------------

READ_CASCADER = """root => {
  const shown = root.querySelector('input').value.trim();
  return shown ? shown.split('/').map((part) => part.trim()) : [];
}"""


async def _set_cascader(target: Target, value: Any) -> None:
    """One column per level: 省, then 市, then 区, each clicked by its name."""
    path = _path(value)
    await target.root.click()
    popup = await _by_id(target, target.root, "aria-describedby") or target.popup(".el-cascader__dropdown")
    for depth, name in enumerate(path):
        menu = popup.locator(".el-cascader-menu").nth(depth)
        await menu.wait_for(state="visible", timeout=target.timeout)
        node = menu.locator(".el-cascader-node").filter(has_text=_exact(name)).first
        if not await node.count():
            names = await _texts(menu.locator(".el-cascader-node__label"))
            raise target.missing("/".join(path[: depth + 1]), names)
        await node.click()
    if await popup.is_visible():  # a path that stops above the leaves (check-strictly) leaves the panel open
        await target.root.locator("input").press("Escape")


def _same_path(shown: Any, wanted: Any) -> bool:
    return [_text(s) for s in shown or []] == _path(wanted)


async def _set_autocomplete(target: Target, value: Any) -> None:
    """Typed key by key; the suggestion that is the value is clicked (one must be offered)."""
    text = _text(value)
    box = target.root.locator("input")
    await box.fill("")
    await box.press_sequentially(text, delay=TYPING_DELAY_MS)
    listbox = await _by_id(target, box, "aria-controls") or target.popup(".el-autocomplete-suggestion")
    suggestion = listbox.locator("li").filter(has_text=_exact(text)).first
    for again in (False, True):
        if not await appears(suggestion, target.timeout):
            loading = target.page.locator(".el-autocomplete-suggestion.is-loading").filter(visible=True)
            if await loading.count():  # no answer is a fault (retried), not the applicant's value
                raise target.fail(f"输入「{text}」后 {target.timeout / 1000:g} 秒内没有出现候选项")
            offered = await _texts(listbox.locator("li"))
            found = f"（候选：{'、'.join(offered)}）" if offered else ""
            raise target.not_offered(f"输入「{text}」后没有匹配的候选项{found}")
        try:
            await suggestion.click(timeout=target.timeout / 2)
            return
        except PlaywrightTimeout:
            if again:
                raise target.fail(f"候选项「{text}」出现了，但一直没能点中（候选列表不断重画或已关闭）") from None
        # The suggestions of an earlier key were drawn again under the pointer for the last one, or the list
        # closed meanwhile (seen on a loaded machine): focusing the box asks for them again.
        await box.click()


# -- dates and times ---------------------------------------------------------------------------------------


def _parse(target: Target, text: str, form: str, what: str) -> dt.datetime:
    try:
        return dt.datetime.strptime(text, form)
    except ValueError:
        raise target.fail(f"{text} 不是{what}") from None


HEADER_LABEL = ".el-date-picker__header-label, .el-date-range-picker__header-label"
T = TypeVar("T")
CALENDAR_TRIES = 3


async def _unless_closed(panel: Locator, action: Awaitable[T], timeout: float) -> T:
    """Do ``action`` in the open calendar ``panel`` (its result), or raise ``PopupClosed`` as soon as the panel is
    hidden first.
    On a loaded machine the calendar can close under the pointer (its popper placed again between the press and
    the release: the click lands outside, and Element Plus closes it); its items are hidden then, and a click
    or a wait on them would last its whole timeout in vain, so the setter opens the calendar again instead."""
    doing = asyncio.ensure_future(action)
    closing = asyncio.ensure_future(panel.wait_for(state="hidden", timeout=timeout))
    await asyncio.wait({doing, closing}, return_when=asyncio.FIRST_COMPLETED)
    closed = not doing.done() and closing.done() and closing.exception() is None
    for task in (doing, closing) if closed else (closing,):
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError, PlaywrightTimeout):
            await task
    if closed:
        raise PopupClosed
    return doing.result()


async def _click(panel: Locator, item: Locator, timeout: float, times: int = 1) -> None:
    """Click ``item`` of the open calendar ``panel`` (``PopupClosed`` if the calendar closes first)."""
    await _unless_closed(panel, item.click(timeout=timeout, click_count=times), timeout)


async def _shows(panel: Locator, item: Locator, timeout: float) -> None:
    """Wait until ``item`` of the open calendar ``panel`` shows (``PopupClosed`` if the calendar closes first)."""
    await _unless_closed(panel, item.wait_for(state="visible", timeout=timeout), timeout)


async def _calendar(target: Target, choose: Callable[[Locator], Awaitable[None]], shown: list[str]) -> None:
    """Open the field's calendar and ``choose`` in it. When it closes before the choosing is over (``PopupClosed``):
    done if its box shows ``shown`` (the last click took, and closed it, before its answer came back), else
    opened again and chosen again from what it shows (each step reads the panel), a few times."""
    for _ in range(CALENDAR_TRIES):
        panel = await _open_calendar(target)
        try:
            await choose(panel)
            return
        except PopupClosed:
            if await target.root.evaluate(READ_RANGE) == shown:
                return
    raise target.fail(f"日历连续 {CALENDAR_TRIES} 次在点选中途自行关闭，请稍后重试")


async def _header(panel: Locator) -> list[int]:
    """The numbers the calendar's visible header shows: [2026, 12] (date view), [2026] (months),
    [2020, 2029] (a decade of years)."""
    labels = panel.locator(HEADER_LABEL).filter(visible=True)
    return [int(n) for n in re.findall(r"\d+", " ".join(await _texts(labels)))]


async def _click_changing(panel: Locator, button: Locator, timeout: float, times: int = 1) -> None:
    """Click a paging button ``times`` times in a row and wait until the header shows the page it turned to."""
    labels = panel.locator(HEADER_LABEL)
    before = " ".join(await _texts(labels))
    await _click(panel, button, timeout, times)
    turned = expect(labels.filter(visible=True).first.locator("xpath=..")).not_to_have_text(before, timeout=timeout)
    await _unless_closed(panel, turned, timeout)


async def _choose_year(target: Target, panel: Locator, year: int) -> None:
    """In the year view (opened from the header if need be), page as many decades as computed from the one the
    header shows, clicked in a row (read again once, unless a click was lost); click the year."""
    years = panel.locator(".el-year-table")
    header = panel.locator(HEADER_LABEL).filter(visible=True).first

    async def opened(landed: bool) -> bool:
        # a click that reached 2026 年 waits the step's timeout for the years (a load run's renderer drew nothing
        # for seconds); one that missed it (the calendar placed again under the press) only looks
        if landed:
            with contextlib.suppress(PlaywrightTimeout):
                await _shows(panel, years, target.timeout)
        return await years.is_visible()

    async def click() -> bool:
        return await _unless_closed(panel, click_landed(header, target.timeout), target.timeout)

    async def closed_or_open() -> None:  # a calendar that closed raised PopupClosed in _unless_closed already
        pass

    if not await years.is_visible() and not await clicks_taken(click, opened, closed_or_open):
        raise target.fail("点击年份标题后日历没有切换到年份")
    for _ in range(5):
        if not await panel.is_visible():
            raise PopupClosed
        start, end = (await _header(panel) + [0, 0])[:2]
        if start <= year <= end:
            break
        button = panel.get_by_role("button", name="前一年" if year < start else "后一年", exact=True)
        await _click_changing(panel, button, target.timeout, abs(year // 10 - start // 10))
    else:
        raise target.fail(f"日历翻不到 {year} 年")
    cell = panel.locator(".el-year-table td").filter(has_text=_exact(str(year))).first
    if "disabled" in (await cell.get_attribute("class") or ""):
        raise target.not_offered(f"{year} 年不可选")
    await _click(panel, cell, target.timeout)


async def _choose_month(target: Target, panel: Locator, year: int, month: int) -> None:
    """In the month view: the year first (if another shows), then the month's cell (the m-th)."""
    table = panel.locator(".el-month-table")
    if await panel.locator(".el-year-table").is_visible():  # opened again where it closed: in the years
        await _choose_year(target, panel, year)
    await _shows(panel, table, target.timeout)
    if (await _header(panel))[:1] != [year]:
        await _choose_year(target, panel, year)
        await _shows(panel, table, target.timeout)
    cell = table.locator("td").nth(month - 1)
    if "disabled" in (await cell.get_attribute("class") or ""):
        raise target.not_offered(f"{year}-{month:02d} 不可选")
    await _click(panel, cell, target.timeout)


async def _day(target: Target, panel: Locator, table: Locator, day: dt.date) -> None:
    cell = table.locator("td:not(.prev-month):not(.next-month)").filter(has_text=_exact(str(day.day))).first
    if "disabled" in (await cell.get_attribute("class") or ""):
        raise target.not_offered(f"{day.isoformat()} 不可选")
    await _click(panel, cell, target.timeout)


async def _choose_date(target: Target, panel: Locator, day: dt.date) -> None:
    """From the header: the shown month if it is the one, else its month view, else the year view first."""
    shown = await _header(panel)
    if shown[:2] != [day.year, day.month]:
        if shown[:1] == [day.year]:  # 12 月 in the header opens the months of the shown year
            await _click(panel, panel.locator(HEADER_LABEL).filter(visible=True).last, target.timeout)
        else:
            await _choose_year(target, panel, day.year)
        await _choose_month(target, panel, day.year, day.month)
    table = panel.locator(".el-date-table")
    for _ in range(2):  # a month's click that did not take (a loaded machine): its months still show, again
        with contextlib.suppress(PlaywrightTimeout):
            await _shows(panel, table, target.timeout / 3)
        if await table.is_visible() or not await panel.locator(".el-month-table").is_visible():
            break
        await _choose_month(target, panel, day.year, day.month)
    await _shows(panel, table, target.timeout)
    await _day(target, panel, table, day)


async def _open_calendar(target: Target) -> Locator:
    """Click the date box; its calendar is the popper its input ``aria-controls`` (another one may be closing)."""
    box = target.root.locator("input").first
    await box.click()
    popper = await _by_id(target, box, "aria-controls")
    panel = popper.locator(".el-picker-panel") if popper is not None else target.popup(".el-picker-panel")
    await panel.wait_for(state="visible", timeout=target.timeout)
    return panel


async def _set_date(target: Target, value: Any) -> None:
    day = _parse(target, _text(value), "%Y-%m-%d", "日期").date()
    await _calendar(target, lambda panel: _choose_date(target, panel, day), [day.isoformat()])


async def _set_month(target: Target, value: Any) -> None:
    month = _parse(target, _text(value), "%Y-%m", "月份（YYYY-MM）")
    await _calendar(target, lambda panel: _choose_month(target, panel, month.year, month.month), [f"{month:%Y-%m}"])


async def _set_year(target: Target, value: Any) -> None:
    year = _parse(target, _text(value), "%Y", "年份（YYYY）")
    await _calendar(target, lambda panel: _choose_year(target, panel, year.year), [f"{year:%Y}"])


async def _set_time(target: Target, value: Any) -> None:
    """Typed, as el-time-picker takes it (its spinners scroll under the mouse), and Enter; checked as shown."""
    text = _text(value)
    _parse(target, text, "%H:%M:%S", "时间（HH:mm:ss）")
    box = target.root.locator("input")
    await box.click()
    await box.fill(text)
    await box.press("Enter")
    if await box.input_value() != text:
        raise target.fail(f"{text} 不可选")


async def _set_datetime(target: Target, value: Any) -> None:
    """The day from the calendar, the time typed in the panel's 选择时间 box, then 确定."""
    moment = _parse(target, _text(value), "%Y-%m-%d %H:%M:%S", "日期时间（YYYY-MM-DD HH:mm:ss）")

    async def choose(panel: Locator) -> None:
        await _choose_date(target, panel, moment.date())
        clock = panel.locator(".el-date-picker__editor-wrap input").last  # 选择时间
        await _click(panel, clock, target.timeout)
        await clock.fill(f"{moment:%H:%M:%S}")
        await clock.blur()
        ok = panel.locator(".el-picker-panel__footer .el-button").filter(has_text=_exact("确定"))
        await _click(panel, ok, target.timeout)

    await _calendar(target, choose, [f"{moment:%Y-%m-%d %H:%M:%S}"])


async def _range_month(target: Target, panel: Locator, day: dt.date) -> Locator:
    """The day table of the half of a range calendar that shows ``day``'s month, once turned there: forward
    on the right half, back on the left (each has only those buttons), through its years when the year is
    another, else month by month, all counted from what the halves' headers show."""
    halves = {side: panel.locator(f".el-date-range-picker__content.is-{side}") for side in ("left", "right")}
    wanted = day.year * 12 + day.month
    for _ in range(24):
        shown = {side: await _header(half) for side, half in halves.items()}
        at = {side: numbers[0] * 12 + numbers[1] for side, numbers in shown.items()}
        for side, month in at.items():
            if month == wanted:
                return halves[side].locator(".el-date-table")
        side = "right" if wanted > at["right"] else "left"
        half = halves[side]
        if abs(day.year - shown[side][0]) > 1:  # a person opens the years
            await _choose_year(target, half, day.year)
            await _choose_month(target, half, day.year, day.month)
            continue
        before = " ".join(await _texts(half.locator(HEADER_LABEL)))
        name = "下个月" if side == "right" else "上个月"
        await _click(panel, half.get_by_role("button", name=name, exact=True), target.timeout)
        turned = expect(half.locator(HEADER_LABEL).first.locator("xpath=..")).not_to_have_text(before)
        await _unless_closed(panel, turned, target.timeout)
    raise target.fail(f"翻不到 {day:%Y-%m}")


async def _set_range(target: Target, value: Any) -> None:
    ends = dates(value)
    if len(ends) != 2:
        raise target.fail(f"「{_text(value)}」不是起止两个日期")
    start, end = (_parse(target, text, "%Y-%m-%d", "日期").date() for text in ends)
    if end < start:
        raise target.fail(f"结束日期 {end} 早于开始日期 {start}")

    async def choose(panel: Locator) -> None:
        await _day(target, panel, await _range_month(target, panel, start), start)
        await _day(target, panel, await _range_month(target, panel, end), end)

    await _calendar(target, choose, [start.isoformat(), end.isoformat()])


READ_RANGE = "root => [...root.querySelectorAll('input')].map((box) => box.value.trim())"


def _same_dates(shown: Any, wanted: Any) -> bool:
    return dates(shown) == dates(wanted)


# -- choices, switch, slider, upload, transfer -------------------------------------------------------------

CHOICE = ".el-radio, .el-radio-button, .el-checkbox, .el-checkbox-button"

READ_RADIO = """root => {
  const on = root.querySelector(
    '.el-radio.is-checked .el-radio__label, .el-radio-button.is-active .el-radio-button__inner');
  return on ? on.textContent.trim() : '';
}"""

READ_CHECKBOXES = """root => [...root.querySelectorAll('.el-checkbox.is-checked, .el-checkbox-button.is-checked')]
  .map((box) => box.textContent.trim())"""


async def _set_radio(target: Target, value: Any) -> None:
    label = _text(value)
    item = target.root.locator(CHOICE).filter(has_text=_exact(label)).first
    if not await item.count():
        raise target.missing(label, await _texts(target.root.locator(CHOICE)))
    await item.click()


async def _set_checkboxes(target: Target, value: Any) -> None:
    wanted = _labels(value)
    items = target.root.locator(CHOICE)
    offered = await _texts(items)
    missing = [label for label in wanted if label not in offered]
    if missing:
        raise target.missing("、".join(missing), offered)
    for index, label in enumerate(offered):
        item = items.nth(index)
        if (label in wanted) != ("is-checked" in (await item.get_attribute("class") or "")):
            await item.click()


def _same_set(shown: Any, wanted: Any) -> bool:
    return sorted(_labels(shown)) == sorted(_labels(wanted))


READ_SWITCH = "root => root.classList.contains('is-checked')"


async def _set_switch(target: Target, value: Any) -> None:
    wanted = value if isinstance(value, bool) else truthy(value)
    on = "is-checked" in (await target.root.get_attribute("class") or "")
    if on != wanted:
        await target.root.locator(".el-switch__core").click()
        checked = re.compile(r"\bis-checked\b")
        state = expect(target.root)
        await (state.to_have_class(checked) if wanted else state.not_to_have_class(checked))


def _same_switch(shown: Any, wanted: Any) -> bool:
    return bool(shown) == (wanted if isinstance(wanted, bool) else truthy(wanted))


READ_SLIDER = "root => Number(root.querySelector('[role=slider]').getAttribute('aria-valuenow'))"


async def _set_slider(target: Target, value: Any) -> None:
    """Dragged near the value along the runway, then the arrow keys to the exact step."""
    try:
        wanted = float(_text(value))
    except ValueError:
        raise target.fail(f"「{_text(value)}」不是数字") from None
    handle = target.root.locator("[role=slider]").first
    low = float(await handle.get_attribute("aria-valuemin") or 0)
    high = float(await handle.get_attribute("aria-valuemax") or 100)
    if not low <= wanted <= high:
        raise target.fail(f"{_text(value)} 超出范围（{low:g}–{high:g}）")
    runway = await target.root.locator(".el-slider__runway").bounding_box()
    grip = await handle.bounding_box()
    if runway is None or grip is None:
        raise target.fail("滑块不可见")
    mouse = target.page.mouse
    await mouse.move(grip["x"] + grip["width"] / 2, grip["y"] + grip["height"] / 2)
    await mouse.down()
    x = runway["x"] + runway["width"] * (wanted - low) / ((high - low) or 1)
    await mouse.move(x, grip["y"] + grip["height"] / 2, steps=12)
    await mouse.up()
    for _ in range(int(high - low) + 1):
        now = float(await handle.get_attribute("aria-valuenow") or low)
        if now == wanted:
            return
        await handle.press("ArrowRight" if now < wanted else "ArrowLeft")
    raise target.fail(f"无法调到 {_text(value)}")


def _same_slider(shown: Any, wanted: Any) -> bool:
    return _same_number(shown, wanted)


READ_UPLOAD = """root => {
  const listed = '.el-upload-list__item:not(.el-list-leave-active) .el-upload-list__item-name';
  const names = [...root.querySelectorAll(listed)].map((name) => name.textContent.trim());
  return names.length > 1 ? names : (names[0] || '');
}"""


UPLOAD_TRIES = 3
UPLOADED = ".el-upload-list__item.is-success"


async def _set_upload(target: Target, value: Any) -> None:
    """The row's hidden file input gets the file; done when the library lists it as uploaded. A file is listed
    ready, then uploading, then uploaded; one the portal answers with an error leaves the list."""
    file = Path(_text(value))
    if not file.is_file():
        raise target.fail(f"找不到文件 {file}")
    if await target.root.locator(UPLOADED).filter(has_text=_exact(file.name)).count():
        return
    items = target.root.locator(".el-upload-list__item:not(.el-list-leave-active)")  # not those going away
    while await items.count():  # another file: removed first, as a person replaces it
        await items.first.hover()
        await items.first.locator(".el-icon--close").click()
    done = target.root.locator(UPLOADED).filter(has_text=file.name)
    uploading = target.root.locator(".el-upload-list__item.is-ready, .el-upload-list__item.is-uploading")
    for _ in range(UPLOAD_TRIES):  # a file the portal answers with an error leaves the list: chosen again
        await target.root.locator("input.el-upload__input").set_input_files(str(file))
        await expect(uploading).to_have_count(0, timeout=target.timeout)
        if await done.count():
            return
    raise target.fail(f"「{file.name}」上传 {UPLOAD_TRIES} 次均未成功")


async def _set_transfer(target: Target, value: Any) -> None:
    """Ticked on the left and moved right (the unwanted ticked on the right and moved back)."""
    wanted = _labels(value)
    panels = target.root.locator(".el-transfer-panel")
    left, right = panels.first, panels.last
    to_left, to_right = (
        target.root.locator(".el-transfer__buttons button").first,
        target.root.locator(".el-transfer__buttons button").last,
    )
    item = ".el-transfer-panel__list .el-transfer-panel__item"
    on_left, on_right = await _texts(left.locator(item)), await _texts(right.locator(item))
    missing = [label for label in wanted if label not in on_left + on_right]
    if missing:
        raise target.missing("、".join(missing), on_left + on_right)
    for panel, labels, button in (
        (right, [label for label in on_right if label not in wanted], to_left),
        (left, [label for label in wanted if label not in on_right], to_right),
    ):
        if labels:
            for label in labels:
                await panel.locator(item).filter(has_text=_exact(label)).first.click()
            await button.click()


READ_TRANSFER = """root => {
  const right = [...root.querySelectorAll('.el-transfer-panel')].pop();
  return [...right.querySelectorAll('.el-transfer-panel__list .el-transfer-panel__item')]
    .map((item) => item.textContent.trim());
}"""


# -- the kit -----------------------------------------------------------------------------------------------

KIT = Kit(
    name="Element Plus",
    signature=".el-select__wrapper, .el-input__wrapper",
    row=".el-form-item",
    label=".el-form-item__label",
    widgets=(
        Widget("upload", "上传", ":has(> .el-upload)", READ_UPLOAD, _set_upload, same_file),
        Widget("transfer", "穿梭框", ".el-transfer", READ_TRANSFER, _set_transfer, _same_set),
        Widget("cascader", "级联选择器", ".el-cascader", READ_CASCADER, _set_cascader, _same_path),
        Widget(
            "select", "下拉框", ".el-select", READ_SELECT, _set_select, _same_choice, ("multi-select", "tree-select")
        ),
        Widget("autocomplete", "自动补全输入框", ".el-autocomplete", READ_VALUE, _set_autocomplete),
        Widget("date-range", "日期范围选择器", ".el-date-editor--daterange", READ_RANGE, _set_range, _same_dates),
        Widget("datetime", "日期时间选择器", ".el-date-editor--datetime", READ_VALUE, _set_datetime),
        Widget("month", "月份选择器", ".el-date-editor--month", READ_VALUE, _set_month),
        Widget("year", "年份选择器", ".el-date-editor--year", READ_VALUE, _set_year),
        Widget("time", "时间选择器", ".el-date-editor--time", READ_VALUE, _set_time),
        Widget("date", "日期选择器", ".el-date-editor--date", READ_VALUE, _set_date),
        Widget("slider", "滑块", ".el-slider", READ_SLIDER, _set_slider, _same_slider),
        Widget("number", "数字输入框", ".el-input-number", READ_VALUE, _set_number, _same_number),
        Widget("radio", "单选框组", ".el-radio-group", READ_RADIO, _set_radio),
        Widget("checkbox", "多选框组", ".el-checkbox-group", READ_CHECKBOXES, _set_checkboxes, _same_set),
        Widget(
            "switch", "开关", ".el-switch", "root => root.classList.contains('is-checked')", _set_switch, _same_switch
        ),
        Widget("textarea", "多行文本框", ".el-textarea", READ_VALUE, _set_text),
        Widget("input", "输入框", ".el-input", READ_VALUE, _set_text),
    ),
    sections=(
        Section(  # the card's body: its fields, without the header (a section is not found inside itself)
            title=".el-card__header",
            box=".el-card",
            content="(title, box) => box.querySelector(':scope > .el-card__body')",
        ),
        Section(  # the item's fields are in its wrap, hidden while the item is closed (its header is not)
            title=".el-collapse-item__title",
            box=".el-collapse-item",
            content="(title, box) => box.querySelector('.el-collapse-item__wrap')",
        ),
        Section(
            title=".el-tabs__item",
            box=".el-tabs",
            content="(title, box) => document.getElementById(title.getAttribute('aria-controls'))",
        ),
    ),
    tables=(Table(box=".el-table", header=".el-table__header thead th", rows=".el-table__body tbody tr"),),
    message=".el-message, .el-notification, .el-message-box__message",
    invalid=".el-form-item__error",
    notes={
        "select": "el-select, el-select-v2 and el-tree-select: opened, the option clicked by its text; filterable ones "
        "typed key by key first; remote ones typed key by key until the portal's options come; a virtual list "
        "scrolled a view at a time until the option is drawn; a multiple select's tags made exactly the list "
        "(extra tags closed); a tree expanded level by level along a path, or branch by branch until the "
        "leaf shows. Read: the tags of a multiple select, else the label shown",
        "cascader": "opened, one column per level clicked by name (省, 市, 区); read: the path its input shows",
        "autocomplete": "typed key by key, the suggestion equal to the value clicked; read: the input's text",
        "date": "the header's year opens the year view, decades paged to the year, then the month, then the day, "
        "all from what the panel shows; read: the input's text",
        "month": "as date, down to the month",
        "year": "the year view paged by decades, the year clicked",
        "datetime": "the day as date, the time typed in the panel's 选择时间 box, then 确定",
        "time": "typed as el-time-picker accepts it, then Enter; checked against what it shows",
        "date-range": "each end in the half that shows its month (right half forward, left half back), through "
        "the year view when the year differs; read: the two inputs",
        "radio": "el-radio or el-radio-button clicked by its text; read: the checked one's text",
        "checkbox": "each box clicked until exactly the listed ones are checked; read: the checked texts",
        "switch": "its core clicked when its state differs; read: is-checked",
        "slider": "its handle dragged along the runway, then arrow keys to the exact step; read: aria-valuenow",
        "upload": "the row's hidden file input given the file (another listed file removed first), done when "
        "listed as uploaded; read: the file names listed",
        "transfer": "items ticked on the left and moved right, unwanted ones ticked on the right and moved back; "
        "read: the right list",
        "number": "typed, then blurred (the library clamps it); read: the input's text",
        "input": "typed, then blurred (blur rules run); read: the input's text",
        "textarea": "typed, then blurred; read: the text",
    },
)
