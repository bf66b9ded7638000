"""Element UI (element-ui 2.x on Vue 2): how its widgets are found, set and read back.

Signature: ``.el-input > .el-input__inner``. Element UI and Element Plus share their ``.el-*`` class names,
but Element UI puts the text box straight inside ``.el-input`` (selects, pickers, cascaders and number
inputs all draw one), while Element Plus wraps it in ``.el-input__wrapper``; so only Element UI pages match.

Popups (select dropdowns, cascader panels, calendars, time spinners, autocomplete suggestions) are moved to
``<body>`` each time they open, where the last one may still be fading out; so each is pinned to its widget
(``_opened``) rather than taken as the last visible one (``Target.popup``), and no set waits for a close.

Element UI has no tree select: its portals draw one as an ``el-tree`` inside an ``el-popover`` whose
reference is a read-only ``el-input`` (``.el-popover__reference``); that is the tree select here. Element
UI has no virtual select either: an ``el-select`` renders every option (its dropdown scrolls), and its
``filterable`` and ``remote`` selects show the same DOM as a plain one, told apart only once open (the
text box is no longer read-only), so one widget sets all three: typed character by character when
filterable, the option clicked by its visible text.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import re
import time
from pathlib import Path
from typing import Any

from playwright.async_api import Locator
from playwright.async_api import TimeoutError as PlaywrightTimeout

from bot.recipe.kits.base import (
    Kit,
    Section,
    Table,
    Target,
    Widget,
    click_landed,
    clicks_taken,
    dates,
    same_file,
)
from bot.templating import truthy

# --- values ---------------------------------------------------------------------------------------------


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _list(value: Any) -> list[str]:
    if isinstance(value, list | tuple):
        return [_text(v) for v in value if _text(v)]
    return [part.strip() for part in re.split(r"[、,，;；]", _text(value)) if part.strip()]


def _path(value: Any) -> list[str]:
    if isinstance(value, list | tuple):
        return [_text(v) for v in value if _text(v)]
    return [part.strip() for part in _text(value).split("/") if part.strip()]


def _exactly(name: str) -> re.Pattern[str]:
    """An element's whole text is ``name`` (spaces around allowed)."""
    return re.compile(rf"^\s*{re.escape(name)}\s*$")


def _number(value: Any) -> float | None:
    try:
        return float(_text(value))
    except ValueError:
        return None


def _same_set(shown: Any, wanted: Any) -> bool:
    return sorted(_list(shown)) == sorted(_list(wanted))


def _same_number(shown: Any, wanted: Any) -> bool:
    a, b = _number(shown), _number(wanted)
    return a is not None and a == b


def _same_path(shown: Any, wanted: Any) -> bool:
    """The path shown, or only its last level (a cascader with ``show-all-levels: false``)."""
    path = _path(wanted)
    return _path(shown) in (path, path[-1:])


def _same_range(shown: Any, wanted: Any) -> bool:
    return dates(shown) == dates(wanted)


def _same_switch(shown: Any, wanted: Any) -> bool:
    return bool(shown) == truthy(wanted)


def _day(target: Target, value: Any, kind: str) -> dt.date:
    """The date a picker is to show: ``2031-05-12`` (date), ``2031-05`` (month), ``2031`` (year)."""
    text = _text(value)
    forms = {"date": r"\d{4}-\d{2}-\d{2}", "month": r"\d{4}-\d{2}", "year": r"\d{4}"}
    try:
        if not re.fullmatch(forms[kind], text):
            raise ValueError(text)
        return dt.date.fromisoformat({"date": text, "month": text + "-01", "year": text + "-01-01"}[kind])
    except ValueError:
        wanted = {"date": "日期（如 2031-05-12）", "month": "月份（如 2031-05）", "year": "年份（如 2031）"}[kind]
        raise target.fail(f"{text or '（空）'} 不是{wanted}") from None


# --- shared moves ---------------------------------------------------------------------------------------


_PIN = """(root, [css, openCss]) => {
    let token = root.getAttribute('data-yjb-popup-of');
    if (!token) {
        token = 'p' + Math.random().toString(36).slice(2, 10);
        root.setAttribute('data-yjb-popup-of', token);
    }
    const inside = root.querySelector(css);  // not yet moved to <body>: this widget's own
    if (inside) inside.setAttribute('data-yjb-popup', token);
    const known = !!document.querySelector(`[data-yjb-popup="${token}"]`);
    if (!known)  // the popups open now (one may be closing) are not the one about to open
        document.querySelectorAll(css).forEach(el => {
            if (el.getClientRects().length) el.setAttribute('data-yjb-before', token);
        });
    return [token, known, !!(openCss && root.querySelector(openCss))];
}"""


async def _opened(target: Target, css: str, opener: Locator, is_open: str = "") -> Locator:
    """Open the widget's popup (click ``opener``, unless the widget has an element matching ``is_open``) and
    return it, pinned to the widget: Element UI moves a popup to <body> when it first opens and again on each
    opening, where a closing one may still show. The popup is pinned while still inside the widget, else it
    is the one that shows after the click and not before."""
    token, known, already = await target.root.evaluate(_PIN, [css, is_open])
    if not already:
        await opener.click()
    pinned = target.page.locator(f"[data-yjb-popup='{token}']")
    if not known:
        fresh = target.page.locator(f"{css}:not([data-yjb-before='{token}'])").filter(visible=True).last
        await fresh.wait_for()
        await fresh.evaluate("(el, token) => el.setAttribute('data-yjb-popup', token)", token)
    return pinned


async def _texts(items: Locator) -> list[str]:
    return [t.strip() for t in await items.all_inner_texts() if t.strip()]


async def _click_text(target: Target, items: Locator, name: str, wanted: str) -> None:
    """Click the item whose own text is exactly ``name``; else the value ``wanted`` is not offered."""
    exact = items.filter(has_text=_exactly(name))
    if not await exact.count():
        raise target.missing(wanted, await _texts(items))
    await exact.first.click()


async def _until(check: Any, timeout: float) -> Any:
    """Poll ``check()`` (async, returns a truthy result when done) until it returns something or time is up."""
    deadline = time.monotonic() + timeout / 1000
    while True:
        found = await check()
        if found or time.monotonic() > deadline:
            return found
        await asyncio.sleep(0.05)


# --- text, number -----------------------------------------------------------------------------------------


async def _set_text(target: Target, value: Any) -> None:
    await target.root.locator("input, textarea").first.fill(_text(value))


async def _set_number(target: Target, value: Any) -> None:
    if _number(value) is None:
        raise target.fail(f"「{_text(value)}」不是数字")
    box = target.root.locator("input.el-input__inner")
    await box.fill(_text(value))
    await box.blur()  # el-input-number takes the typed value on change (blur), clamped to its min/max


# --- selects ----------------------------------------------------------------------------------------------

_OPTIONS = "li.el-select-dropdown__item"
_EMPTY = ".el-select-dropdown__empty"


_SELECT_OPEN = """async (root, timeout) => {
    // once the select has opened (its box has focus): whether it takes typing (filterable, remote too:
    // its box is no longer read-only), whether it is remote (no arrow), whether its box holds text
    const box = root.querySelector(':scope > .el-input');
    const deadline = performance.now() + timeout;
    while (!box.classList.contains('is-focus')) {
        if (performance.now() > deadline) return null;
        await new Promise(next => requestAnimationFrame(next));
    }
    const input = box.querySelector('input.el-input__inner');
    return {typed: !input.hasAttribute('readonly'), remote: !root.querySelector('.el-select__caret.el-icon-arrow-up'),
            text: input.value};
}"""


async def _open_select(target: Target) -> tuple[Locator, dict[str, Any]]:
    """Open the select (its arrow, clear of any tag's ×) and return its dropdown and what ``_SELECT_OPEN`` reads.
    A remote select shows no dropdown before something is typed, so the open state is read from the box
    (``is-focus``)."""
    box = target.root.locator(":scope > .el-input")
    dropdown = await _opened(
        target, ".el-select-dropdown", box.locator(".el-input__suffix"), ":scope > .el-input.is-focus"
    )
    state = await target.root.evaluate(_SELECT_OPEN, target.timeout)
    if state is None:
        await box.locator(":scope.is-focus").wait_for()  # Playwright's own timeout error, as before
        state = await target.root.evaluate(_SELECT_OPEN, target.timeout)
    return dropdown, state


_DROPDOWN_NOW = """d => {
    const empty = d.querySelector('.el-select-dropdown__empty');
    const items = [...d.querySelectorAll('li.el-select-dropdown__item')].filter(li => li.getClientRects().length);
    return {empty: empty && empty.getClientRects().length ? empty.innerText.trim() : '',
            items: items.map(li => li.innerText.trim()),
            all: [...d.querySelectorAll('li.el-select-dropdown__item')].map(li => li.textContent.trim())};
}"""


async def _search(
    target: Target, dropdown: Locator, box: Locator, name: str, remote: bool, clear: bool = True
) -> Locator:
    """Type ``name`` character by character into a filterable or remote select (emptied first when ``clear``);
    the option that appears with exactly that text (a remote one after the portal answers), or fail when the
    list settles without it: at once for a filterable select, once the portal has answered for a remote one
    (加载中 seen, or 1.5 s after typing when it never loads). A remote select draws no arrow (its caret has
    no icon)."""
    if clear:
        await box.fill("")
    await box.press_sequentially(name, delay=10)
    typed, loading_seen, now = time.monotonic(), False, {}

    async def settled() -> bool:
        nonlocal loading_seen, now
        now = await dropdown.evaluate(_DROPDOWN_NOW)
        if name in now["items"]:
            return True
        loading_seen = loading_seen or now["empty"] == "加载中"
        answered = now["empty"] not in ("", "加载中") or now["items"]
        return bool(answered and (not remote or loading_seen or time.monotonic() - typed > 1.5))

    await _until(settled, target.timeout)
    if name not in now.get("items", []):
        if remote:
            raise target.not_offered(f"输入「{name}」后没有匹配的候选项")
        raise target.missing(name, now.get("all", []))
    return dropdown.locator(f"{_OPTIONS}:visible").filter(has_text=_exactly(name)).first


_SHOWS = "(root, name) => root.querySelector(':scope > .el-input input.el-input__inner').value.trim() === name"
_SHOWN_MS = 2_000  # Vue draws the chosen label in the same task as the click: a bounded look, not a wait for the page


async def _pick(target: Target, name: str) -> None:
    """Open the select (or keep it open) and click the option ``name``."""
    dropdown, state = await _open_select(target)
    if state["typed"]:  # filterable (remote too): a person types to find it
        box = target.root.locator("input.el-input__inner")
        await (await _search(target, dropdown, box, name, state["remote"], clear=bool(state["text"]))).click()
    else:  # the options are drawn (hidden) with the select: the click waits for the dropdown to show
        await _click_text(target, dropdown.locator(_OPTIONS), name, name)


async def _set_select(target: Target, value: Any) -> None:
    """The option clicked, then set once the box shows its label, as a person checks. Under load a table row's
    select read back empty: the dropdown moved (popper.js placing it again) between the click's mousedown, on
    the option, and its mouseup, on the tab header behind: Chromium then clicks their common ancestor (body),
    Element UI's click-outside keeps the dropdown open (the mousedown was inside) and no option is chosen. So
    a click that leaves the box without the label is made once more (the dropdown, still open, is not clicked
    shut), then it fails in words rather than leaving an empty box to the read-back."""
    name = _text(value)

    async def shows() -> bool:
        return bool(await target.root.evaluate(_SHOWS, name))

    for _ in range(2):
        await _pick(target, name)
        if await _until(shows, _SHOWN_MS):
            return
    raise target.not_taken(name)


_TAGS = (
    "root => [...root.querySelectorAll('.el-select__tags .el-tag .el-select__tags-text')].map(e => e.innerText.trim())"
)


async def _set_multi(target: Target, value: Any) -> None:
    wanted = _list(value)
    chosen = await target.root.evaluate(_TAGS)
    for name in [name for name in chosen if name not in wanted]:
        tag = target.root.locator(".el-select__tags .el-tag").filter(has_text=_exactly(name)).first
        await tag.locator(".el-tag__close").click()
        chosen.remove(name)
    missing = [name for name in wanted if name not in chosen]
    if not missing:
        return
    dropdown, state = await _open_select(target)
    search = target.root.locator("input.el-select__input")
    filterable = bool(await search.count())
    for name in missing:
        if filterable:
            option = await _search(target, dropdown, search, name, state["remote"])
        else:
            items = dropdown.locator(_OPTIONS)
            option = items.filter(has_text=_exactly(name)).first
            if not await option.count():
                raise target.missing(name, await _texts(items))
        await option.click()
    await target.page.keyboard.press("Escape")


# --- cascader, tree select ---------------------------------------------------------------------------------


_CASCADER_MENU = """async (panel, [depth, timeout]) => {
    // the texts of the nodes in the cascader's menu at ``depth``, once that menu is drawn (null if it never is)
    const deadline = performance.now() + timeout;
    for (;;) {
        const menu = panel.querySelectorAll('.el-cascader-menu')[depth];
        if (menu) return [...menu.querySelectorAll('li.el-cascader-node')].map(li => li.innerText.trim());
        if (performance.now() > deadline) return null;
        await new Promise(next => requestAnimationFrame(next));
    }
}"""


async def _set_cascader(target: Target, value: Any) -> None:
    """One node clicked per column; each column's nodes read in one go once it is drawn (the click waits for
    the panel to show)."""
    path = _path(value)
    if not path:
        raise target.fail("没有给出要选的各级名称")
    panel = await _opened(target, ".el-cascader__dropdown", target.root.locator(".el-input"))
    for depth, name in enumerate(path):
        names = await panel.evaluate(_CASCADER_MENU, [depth, target.timeout])
        if names is None:
            await panel.locator(".el-cascader-menu").nth(depth).wait_for()  # Playwright's own timeout error
            names = await panel.evaluate(_CASCADER_MENU, [depth, target.timeout])
        if name not in names:
            raise target.missing("/".join(path[: depth + 1]), [n for n in names if n])
        menu = panel.locator(".el-cascader-menu").nth(depth)
        await menu.locator("li.el-cascader-node").filter(has_text=_exactly(name)).first.click()


async def _set_tree(target: Target, value: Any) -> None:
    """Open the popover, expand the tree along the path (or, for a bare name, level by level until the
    name shows), then click the node, until the box shows it: a load run's leaf click chose nothing and the box
    read back empty (the popover placed again between the press and the release, as a select's dropdown is, see
    _set_select). A click that reached the node and was not taken is made once more, the popover opened again
    if it closed; one that did not reach it is made again uncounted."""
    path = _path(value)
    if not path:
        raise target.fail("没有给出要选的节点")
    popover = target.page.locator(f"[id='{await target.root.get_attribute('aria-describedby')}']")
    box = target.root.locator("input").first

    async def node() -> Locator:
        if not await popover.is_visible():
            await target.root.click()
        if len(path) > 1:
            return await _tree_path(target, popover, path)
        tree = popover.locator(".el-tree").first
        await tree.wait_for()
        found = await _find_in_tree(tree, path[0])
        if found is None:
            raise target.missing(path[0], await _texts(tree.locator(".el-tree-node__label")))
        return found

    label = await node()

    async def shows() -> bool:
        return path[-1] in await box.input_value()

    async def click() -> bool:
        return await click_landed(label, target.timeout)

    async def taken(landed: bool) -> bool:
        return bool(await _until(shows, _SHOWN_MS if landed else 0))

    async def reopen() -> None:
        nonlocal label
        label = await node()

    if not await clicks_taken(click, taken, reopen):
        raise target.not_taken(path[-1])


async def _tree_path(target: Target, popover: Locator, path: list[str]) -> Locator:
    """The label of the node at the end of ``path``, each branch above it opened on the way down."""
    node = popover.locator(".el-tree").first
    for depth, name in enumerate(path):
        labels = node.locator(_CHILD_LABELS)
        await labels.first.wait_for()
        label = labels.filter(has_text=_exactly(name)).first
        if not await label.count():
            raise target.missing("/".join(path[: depth + 1]), await _texts(labels))
        if depth < len(path) - 1:
            node = label.locator("xpath=../..")  # label → its row (.el-tree-node__content) → the node
            await _expand(target, popover, node, path[: depth + 1])
    return label


async def _expand(target: Target, popover: Locator, node: Locator, path: list[str]) -> None:
    """Open the branch ``node`` (the end of ``path``) unless it is open, its arrow clicked as an option is
    (clicks_taken): whether the click opened it is read, not waited for until the step's time is up. A load run
    clicked 龙文区市场监督管理局's arrow and its children never showed (a bare Playwright timeout, the cause
    not seen). A click that did not open it is made again, the path first opened again down to this branch in
    case the click closed one above it; two that reached the arrow and did not open it fail in Chinese."""
    arrow = node.locator(":scope > .el-tree-node__content > .el-tree-node__expand-icon")

    async def opened() -> bool:
        return await node.get_attribute("aria-expanded") == "true"

    if await opened():
        return

    async def click() -> bool:
        # opened since the last look (drawn late): not clicked shut
        return await opened() or await click_landed(arrow, target.timeout)

    async def taken(landed: bool) -> bool:
        return bool(await (_until(opened, _SHOWN_MS) if landed else opened()))

    async def reopen() -> None:
        if not await popover.is_visible():
            await target.root.click()
        await _tree_path(target, popover, path)

    if not await clicks_taken(click, taken, reopen):
        raise target.fail(f"点开了「{path[-1]}」两次，它仍未展开；请稍后重试，或检查页面是否响应")


_CHILD_LABELS = (  # the labels of a tree's (or a node's) children, not of their descendants
    ":scope > .el-tree-node > .el-tree-node__content > .el-tree-node__label,"
    " :scope > .el-tree-node__children > .el-tree-node > .el-tree-node__content > .el-tree-node__label"
)


_TREE_STEP = """async (tree, [name, timeout]) => {
    // One step of the search for a bare node name. The branch opened by the last step is first waited for
    // (expanded: its children drawn, a lazy one's loaded). Then the node of that name, if it shows, is
    // marked data-yjb-found; else the first closed branch that shows (nearest first) is marked
    // data-yjb-expand, to be clicked open; else there is nothing left to open.
    const shows = el => el.getClientRects().length > 0;
    const opening = tree.querySelector('[data-yjb-opening]');
    if (opening) {
        const deadline = performance.now() + timeout;
        while (opening.getAttribute('aria-expanded') !== 'true' && performance.now() < deadline)
            await new Promise(next => requestAnimationFrame(next));
        opening.removeAttribute('data-yjb-opening');
    }
    tree.querySelectorAll('[data-yjb-found], [data-yjb-expand]').forEach(el => {
        el.removeAttribute('data-yjb-found');
        el.removeAttribute('data-yjb-expand');
    });
    const label = [...tree.querySelectorAll('.el-tree-node__label')]
        .find(el => shows(el) && el.innerText.trim() === name);
    if (label) {
        label.setAttribute('data-yjb-found', '');
        return 'found';
    }
    const icon = [...tree.querySelectorAll('.el-tree-node__expand-icon:not(.is-leaf):not(.expanded)')].find(shows);
    if (!icon) return 'none';
    icon.setAttribute('data-yjb-expand', '');
    icon.closest('.el-tree-node').setAttribute('data-yjb-opening', '');
    return 'expand';
}"""


async def _find_in_tree(tree: Locator, name: str, limit: int = 60) -> Locator | None:
    """A bare node name: open closed branches one by one (nearest first) until a node of that name shows; each
    step one read in the page (``_TREE_STEP``) and, when a branch is to be opened, one click on its arrow."""
    for _ in range(limit):
        step = await tree.evaluate(_TREE_STEP, [name, 2_000])
        if step == "found":
            return tree.locator(".el-tree-node__label[data-yjb-found]")
        if step == "none":
            return None
        await tree.locator(".el-tree-node__expand-icon[data-yjb-expand]").click()
    return None


# --- date pickers -----------------------------------------------------------------------------------------

_LABEL = ".el-date-picker__header-label"


async def _pick_year(target: Target, panel: Locator, year: int, then: Locator | None = None) -> None:
    """In the year view (a decade, headed "2030 年 - 2039 年"), page by decades to ``year`` and click it: the
    arrow clicked once per decade away, computed from the shown label, then that label waited for. An arrow
    click lost on a loaded machine (a load run's panel stayed on the decade before) is seen as the label not
    coming: it is read again and paged again, as ``_range_page`` does. ``then``: the view the year's click
    shows (the month table), clicked until it does."""
    label = panel.locator(_LABEL)
    for again in range(6):
        shown = re.match(r"\s*(\d{4})", await label.first.inner_text())
        if shown is None:
            raise target.fail("日历中找不到年份标题")
        start = int(shown[1])
        if start <= year <= start + 9:
            break
        if again == 5:
            raise target.fail(f"日历翻页没有翻到 {year} 年（停在 {start} 年代）")
        pages = (year - year % 10 - start) // 10  # decades away, from the decade the panel shows
        arrow = panel.locator(".el-icon-d-arrow-right" if pages > 0 else ".el-icon-d-arrow-left").first
        await arrow.click(click_count=abs(pages))  # one click per decade, as many as computed
        with contextlib.suppress(PlaywrightTimeout):  # else read where it stopped
            await label.filter(has_text=re.compile(rf"^\s*{start + 10 * pages}\b")).first.wait_for(timeout=3_000)
    cell = panel.locator("table.el-year-table td").filter(has_text=re.compile(rf"^\s*{year}\s*$"))
    if not await cell.count():
        raise target.fail(f"日历中没有 {year} 年")
    if "disabled" in (await cell.first.get_attribute("class") or ""):
        raise target.not_offered(f"{year} 年不可选")
    await _click_to(target, cell.first.locator(".cell"), then, f"点击 {year} 年后日历没有切换到月份")


async def _pick_month(target: Target, panel: Locator, month: int, then: Locator | None = None) -> None:
    """In the month view (its table shown: the callers wait for it), the month's cell clicked; ``then``: the
    view it shows (the day table), clicked until it does."""
    cell = panel.locator("table.el-month-table td").nth(month - 1)
    if "disabled" in (await cell.get_attribute("class") or ""):
        raise target.not_offered(f"{month} 月不可选")
    await _click_to(target, cell.locator(".cell"), then, f"点击 {month} 月后日历没有切换到日期")


async def _pick_day(target: Target, table: Locator, day: dt.date) -> None:
    """In a day table that shows the day's month (the callers wait for it), the day's cell clicked."""
    cell = table.locator("td.available").filter(has_text=re.compile(rf"^\s*{day.day}\s*$")).first
    if "disabled" in (await cell.get_attribute("class") or ""):
        raise target.not_offered(f"{day.isoformat()} 不可选")
    await cell.click()


async def _open_picker(target: Target, css: str) -> Locator:
    panel = await _opened(target, css, target.root.locator("input").first)
    await panel.wait_for()
    return panel


async def _click_to(target: Target, item: Locator, view: Locator | None, failure: str) -> None:
    """Click ``item`` until the calendar ``view`` it opens shows (no ``view``: one click). A click while
    popper.js still places the panel can land beside it: seen on a loaded machine for the year label (the day
    view stayed, and in another run the month view) and for a year's cell (the decade stayed). A click that
    took, whose view is slow to come, hid ``item``: it is not clicked again, only waited for."""
    await item.click()
    if view is None:
        return
    for again in range(3):
        try:
            await view.wait_for(timeout=target.timeout / 3)
            return
        except PlaywrightTimeout:
            if again == 2:
                raise target.fail(failure) from None
        if await item.is_visible():
            await item.click()


async def _open_years(target: Target, panel: Locator) -> None:
    """Click the panel's year label (the day view's or the month view's "2026 年") until its decades show; in
    the decade view the label only shows it again, so once more is safe."""
    years = panel.locator("table.el-year-table")
    await _click_to(target, panel.locator(_LABEL).first, years, "点击年份标题后日历没有切换到年份")


async def _calendar_to(target: Target, panel: Locator, day: dt.date) -> None:
    """A date panel: its year label opens the decade, then year, month and day are clicked in turn."""
    table = panel.locator("table.el-date-table")
    await _open_years(target, panel)
    await _pick_year(target, panel, day.year, then=panel.locator("table.el-month-table"))
    await _pick_month(target, panel, day.month, then=table)
    await _pick_day(target, table, day)


async def _set_date(target: Target, value: Any) -> None:
    day = _day(target, value, "date")
    panel = await _open_picker(target, ".el-picker-panel.el-date-picker")
    await _calendar_to(target, panel, day)


async def _set_month(target: Target, value: Any) -> None:
    day = _day(target, value, "month")
    panel = await _open_picker(target, ".el-picker-panel.el-date-picker")
    await _open_years(target, panel)
    await _pick_year(target, panel, day.year, then=panel.locator("table.el-month-table"))
    await _pick_month(target, panel, day.month)


async def _set_year(target: Target, value: Any) -> None:
    day = _day(target, value, "year")
    panel = await _open_picker(target, ".el-picker-panel.el-date-picker")
    await _pick_year(target, panel, day.year)


async def _set_datetime(target: Target, value: Any) -> None:
    """The day is navigated to and clicked; the time is typed into the panel's own 选择时间 box (which
    Element UI parses on change), then 确定."""
    text = _text(value)
    match = re.fullmatch(r"(\S+)\s+(\d{2}):(\d{2})(?::(\d{2}))?", text)
    if match is None:
        raise target.fail(f"{text or '（空）'} 不是日期时间（如 2031-05-20 09:30:00）")
    day = _day(target, match[1], "date")
    hh, mm, ss = int(match[2]), int(match[3]), int(match[4] or 0)
    if hh > 23 or mm > 59 or ss > 59:
        raise target.fail(f"{text} 不是日期时间（时间不存在）")
    panel = await _open_picker(target, ".el-picker-panel.el-date-picker")
    await _calendar_to(target, panel, day)
    clock = panel.locator(".el-date-picker__time-header .el-date-picker__editor-wrap").nth(1).locator("input")
    await clock.fill(f"{hh:02d}:{mm:02d}:{ss:02d}")
    await clock.press("Enter")
    await panel.locator(".el-picker-panel__footer button").filter(has_text="确定").click()


_RANGE_LABEL = ".el-date-range-picker__header > div"


async def _range_shown(panel: Locator, side: str) -> tuple[int, int]:
    text = await panel.locator(f".el-date-range-picker__content.is-{side} {_RANGE_LABEL}").inner_text()
    match = re.search(r"(\d{4})\s*年\s*(\d{1,2})\s*月", text)
    assert match is not None, text
    return int(match[1]), int(match[2])


async def _range_page(panel: Locator, side: str, month: tuple[int, int]) -> None:
    """Page the linked panels until ``side`` shows ``month``: the year arrow clicked once per whole year away,
    then the month arrow once per month left (each as many clicks as computed from the shown label), then
    the label it must bring waited for."""
    title = panel.locator(f".el-date-range-picker__content.is-{side} {_RANGE_LABEL}")
    for _ in range(5):
        year, shown = await _range_shown(panel, side)
        diff = (month[0] - year) * 12 + (month[1] - shown)
        if diff == 0:
            return
        content = panel.locator(".el-date-range-picker__content")
        years, months = abs(diff) // 12, abs(diff) % 12
        for count, arrow in ((years, "d-arrow"), (months, "arrow")):
            if count:
                if diff > 0:
                    await content.locator(f".el-icon-{arrow}-right").last.click(click_count=count)
                else:
                    await content.locator(f".el-icon-{arrow}-left").first.click(click_count=count)
        label = re.compile(rf"^\s*{month[0]}\s*年\s*{month[1]}\s*月")
        try:
            await title.filter(has_text=label).wait_for(timeout=3_000)
            return  # it shows the month: no need to read it again
        except PlaywrightTimeout:
            continue  # a click was lost: read where it stopped and page again


async def _set_range(target: Target, value: Any) -> None:
    ends = dates(value)
    if len(ends) != 2:
        raise target.fail(f"「{_text(value)}」不是日期范围（应为开始、结束两个日期）")
    start, end = (_day(target, v, "date") for v in ends)
    if end < start:
        raise target.fail(f"结束日期 {end} 早于开始日期 {start}")
    panel = await _open_picker(target, ".el-picker-panel.el-date-range-picker")
    await _range_page(panel, "left", (start.year, start.month))
    await _pick_day(target, panel.locator(".is-left table.el-date-table"), start)
    if (end.year, end.month) == (start.year, start.month):
        side = "left"
    else:
        side = "right"
        await _range_page(panel, "right", (end.year, end.month))
    await _pick_day(target, panel.locator(f".is-{side} table.el-date-table"), end)


async def _set_time(target: Target, value: Any) -> None:
    """Typed into the picker's box and confirmed with Enter (Element UI parses a typed time on change), when
    the box takes typing; a read-only one (``editable: false``) is set in its spinners with the arrow keys
    (up and down step the current column, right moves to the next), then 确定."""
    text = _text(value)
    match = re.fullmatch(r"(\d{1,2}):(\d{2})(?::(\d{2}))?", text)
    if match is None or int(match[1]) > 23 or int(match[2]) > 59 or int(match[3] or 0) > 59:
        raise target.fail(f"{text or '（空）'} 不是时间（如 09:30:00）")
    box = target.root.locator("input").first
    panel = await _open_picker(target, ".el-time-panel")
    if await box.get_attribute("readonly") is None:
        await box.fill(text)
        await box.press("Enter")
    else:
        spinners = panel.locator(".el-time-spinner__wrapper")
        for index, part in enumerate(match.groups()):
            if part is None or index >= await spinners.count():
                continue
            await _keys_to(target, box, spinners.nth(index), int(part), text)
            await box.press("ArrowRight")  # the next column
        await panel.locator(".el-time-panel__btn.confirm").click()


async def _keys_to(target: Target, box: Locator, spinner: Locator, wanted: int, text: str) -> None:
    """Move the panel's current spinner column to ``wanted`` with the arrow keys (Element UI's time panel
    steps the current column by one a press), as many presses as its active value is away from it."""
    items = spinner.locator("li.el-time-spinner__item")
    if "disabled" in (await items.nth(wanted).get_attribute("class") or ""):
        raise target.not_offered(f"{text} 不可选")

    async def active() -> int:
        return int(await items.evaluate_all("lis => lis.findIndex(li => li.classList.contains('active'))"))

    now = await active()
    for _ in range(abs(wanted - now)):
        await box.press("ArrowDown" if wanted > now else "ArrowUp")
    if not await _until(lambda: _is(active, wanted), 2_000):
        raise target.fail(f"时间列停在 {await active():02d}，无法设为 {text}")


async def _is(read: Any, wanted: int) -> bool:
    return bool(await read() == wanted)


async def _set_time_select(target: Target, value: Any) -> None:
    """el-time-select: a list of fixed times (an appointment's slots); the one of that text clicked. A click
    that did not take (see _set_select) once more, the list opened again if it closed; a click that did not
    even reach the time (a load run's second click did not: the list moved under it) is made again without
    counting, so that two clicks on the time that do not take are what fails."""
    name = _text(value)
    panel = await _open_picker(target, ".el-picker-panel.time-select")
    items = panel.locator(".time-select-item")
    exact = items.filter(has_text=_exactly(name))
    if not await exact.count():
        raise target.missing(name, await _texts(items))
    if "disabled" in (await exact.first.get_attribute("class") or ""):
        raise target.not_offered(f"{name} 不可选")
    box = target.root.locator("input").first

    async def shows() -> bool:
        return (await box.input_value()).strip() == name

    async def click() -> bool:
        return await click_landed(panel.locator(".time-select-item").filter(has_text=_exactly(name)).first)

    async def taken(landed: bool) -> bool:
        return bool(await _until(shows, _SHOWN_MS if landed else 0))

    async def reopen() -> None:
        nonlocal panel
        if not await panel.is_visible():
            panel = await _open_picker(target, ".el-picker-panel.time-select")

    if not await clicks_taken(click, taken, reopen):
        raise target.not_taken(name)


async def _clear(target: Target) -> None:
    """An empty value empties the widget as a person does: its clear icon (×) shows on hover, and is clicked."""
    await target.root.hover()
    icon = target.root.locator(".el-icon-circle-close").filter(visible=True)
    if not await icon.count():
        raise target.fail("不能清空（没有清除按钮）")
    await icon.first.click()


def _clears(setter: Any) -> Any:
    """A setter that first sends an empty value (None, "", []) to ``_clear``."""

    async def set_or_clear(target: Target, value: Any) -> None:
        if value is None or _text(value) == "" or (isinstance(value, list | tuple) and not value):
            await _clear(target)
        else:
            await setter(target, value)

    set_or_clear.__doc__ = setter.__doc__
    return set_or_clear


# --- choices ---------------------------------------------------------------------------------------------

_RADIO_ITEMS = ".el-radio, .el-radio-button"
_CHECK_ITEMS = ".el-checkbox, .el-checkbox-button"


async def _set_radio(target: Target, value: Any) -> None:
    name = _text(value)
    items = target.root.locator(_RADIO_ITEMS)
    item = items.filter(has_text=_exactly(name))
    if not await item.count():
        raise target.missing(name, await _texts(items))
    if "is-disabled" in (await item.first.get_attribute("class") or ""):
        raise target.not_offered(f"选项「{name}」不可选")
    await item.first.click()


_ITEM_STATES = """items => items.map(el => ({
    name: el.innerText.trim(), on: el.classList.contains('is-checked'), off: el.classList.contains('is-disabled'),
}))"""


async def _tick(target: Target, items: Locator, wanted: list[str]) -> int:
    """Make exactly ``wanted`` of ``items`` ticked (a click each where they differ, the items read in one go);
    the clicks made."""
    states = await items.evaluate_all(_ITEM_STATES)
    names = [state["name"] for state in states if state["name"]]
    missing = [w for w in wanted if w not in names]
    if missing:
        raise target.missing("、".join(missing), names)
    clicks = 0
    for index, state in enumerate(states):
        if (state["name"] in wanted) != state["on"]:
            if state["off"]:
                raise target.fail(f"选项「{state['name']}」不可选")
            await items.nth(index).click()
            clicks += 1
    return clicks


async def _set_checkboxes(target: Target, value: Any) -> None:
    await _tick(target, target.root.locator(_CHECK_ITEMS), _list(value))


async def _set_switch(target: Target, value: Any) -> None:
    on = "is-checked" in (await target.root.get_attribute("class") or "")
    if on != truthy(value):
        await target.root.locator(".el-switch__core").click()


async def _set_slider(target: Target, value: Any) -> None:
    """A click on the track where the number sits, then, for what the click missed, the arrow keys on the
    handle, one step a press (the step learnt from the first press), until the slider shows the number."""
    wanted = _number(value)
    low = float(await target.root.get_attribute("aria-valuemin") or 0)
    high = float(await target.root.get_attribute("aria-valuemax") or 0)
    if wanted is None or not low <= wanted <= high:
        raise target.fail(f"「{_text(value)}」不在 {low:g}～{high:g} 之间")

    async def shown() -> float:
        return float(await target.root.evaluate(_READ_SLIDER))

    now = await shown()
    if now == wanted:
        return
    runway = await target.root.locator(".el-slider__runway").bounding_box()
    if runway is not None and high > low:  # a click on the track where the number sits, as a person aims
        x = runway["width"] * (wanted - low) / (high - low)
        await target.root.locator(".el-slider__runway").click(position={"x": x, "y": runway["height"] / 2})
    handle = target.root.locator(".el-slider__button-wrapper").first
    for _ in range(3):  # then the arrow keys, one step a press, for what the click missed
        now = await shown()
        if now == wanted:
            return
        key = "ArrowRight" if wanted > now else "ArrowLeft"
        await handle.press(key)
        moved = await shown()
        if moved == now:
            break
        for _ in range(round(abs(wanted - moved) / abs(moved - now))):
            await handle.press(key)
    if await shown() != wanted:
        raise target.fail(f"滑块停在 {await shown():g}，无法设为 {_text(value)}")


# --- transfer, upload, autocomplete ------------------------------------------------------------------------


async def _set_transfer(target: Target, value: Any) -> None:
    wanted = _list(value)
    left, right = target.root.locator(".el-transfer-panel").nth(0), target.root.locator(".el-transfer-panel").nth(1)
    buttons = target.root.locator(".el-transfer__buttons button")
    names = await _texts(target.root.locator(".el-transfer-panel__item"))
    missing = [w for w in wanted if w not in names]
    if missing:
        raise target.missing("、".join(missing), names)
    right_items = right.locator(".el-transfer-panel__item")
    unwanted = [n for n in await _texts(right_items) if n not in wanted]
    if unwanted and await _tick(target, right_items, unwanted):
        await buttons.nth(0).click()
    left_items = left.locator(".el-transfer-panel__item")
    wanted_left = [n for n in await _texts(left_items) if n in wanted]
    if wanted_left and await _tick(target, left_items, wanted_left):
        await buttons.nth(1).click()


async def _set_upload(target: Target, value: Any) -> None:
    for path in _list(value) if isinstance(value, list | tuple) else [_text(value)]:
        file = Path(path)
        if not file.is_file():
            raise target.fail(f"找不到要上传的文件「{path}」")
        listed = target.root.locator(".el-upload-list__item.is-success").filter(has_text=file.name)
        if await listed.count():
            continue
        await target.root.locator("input.el-upload__input").set_input_files(file)
        try:
            await listed.first.wait_for(timeout=target.timeout)
        except PlaywrightTimeout:
            raise target.fail(f"文件「{file.name}」没有上传成功") from None


_SUGGESTED = """async root => {
    // Element UI fetches suggestions once the typing has paused for the autocomplete's debounce (300 ms
    // unless the portal sets it): a timer of that length started now, after the last key, runs after the
    // fetch has started (timers of one page run in order of their due time), even when the page is slow.
    const vm = root.__vue__;
    await new Promise(done => setTimeout(done, vm && typeof vm.debounce === 'number' ? vm.debounce : 300));
}"""

_SUGGESTIONS = """(root, name) => {
    const list = document.getElementById(root.getAttribute('aria-owns'));
    const popper = list && list.closest('.el-autocomplete-suggestion');
    const vm = root.__vue__;
    return {
        loading: !!(popper && popper.classList.contains('is-loading')) || !!(vm && vm.loading),
        exact: !!list && [...list.querySelectorAll('li[role=option]')].some(li => li.innerText.trim() === name),
    };
}"""


async def _set_autocomplete(target: Target, value: Any) -> None:
    """Typed character by character; the suggestion of exactly that text is clicked when the page offers one,
    else the typed text stays (an autocomplete takes free text) and Tab closes the suggestions. The page has
    answered once its debounce has passed after the last key and its list no longer loads (``is-loading``)."""
    name = _text(value)
    box = target.root.locator("input")
    await box.fill("")
    await box.press_sequentially(name, delay=10)
    await target.root.evaluate(_SUGGESTED)
    now: dict[str, bool] = {}

    async def answered() -> bool:
        nonlocal now
        now = await target.root.evaluate(_SUGGESTIONS, name)
        return not now["loading"]

    await _until(answered, target.timeout)
    if not now["exact"]:
        await box.press("Tab")
        return
    suggestions = target.page.locator(f"[id='{await target.root.get_attribute('aria-owns')}']")
    await suggestions.locator("li[role=option]").filter(has_text=_exactly(name)).first.click()


# --- reads (run in the page: what the widget displays) -----------------------------------------------------

_READ_INPUT = "root => (root.matches('input, textarea') ? root : root.querySelector('input, textarea')).value"
_READ_NUMBER = "root => root.querySelector('input.el-input__inner').value"
_READ_SELECT = "root => root.querySelector(':scope > .el-input input.el-input__inner').value"
_READ_MULTI = _TAGS
_READ_CASCADER = (
    "root => root.querySelector('input.el-input__inner').value.split('/').map(s => s.trim()).filter(Boolean)"
)
_READ_RANGE = "root => [...root.querySelectorAll('input.el-range-input')].map(e => e.value).filter(Boolean)"
_READ_RADIO = (
    "root => { const on = root.querySelector('.el-radio.is-checked, .el-radio-button.is-active');"
    " return on ? on.innerText.trim() : ''; }"
)
_READ_CHECKBOXES = (
    "root => [...root.querySelectorAll('.el-checkbox.is-checked, .el-checkbox-button.is-checked')]"
    ".map(e => e.innerText.trim())"
)
_READ_SWITCH = "root => root.classList.contains('is-checked')"
_READ_SLIDER = """root => {
    const input = root.querySelector('.el-slider__input input');
    if (input) return Number(input.value);
    const handle = root.querySelector('.el-slider__button-wrapper');
    const at = parseFloat(handle.style.left || handle.style.bottom) / 100;
    const low = Number(root.getAttribute('aria-valuemin')), high = Number(root.getAttribute('aria-valuemax'));
    return Math.round((low + at * (high - low)) * 1e6) / 1e6;
}"""
_READ_TRANSFER = (
    "root => [...root.querySelectorAll('.el-transfer-panel')[1].querySelectorAll('.el-transfer-panel__item')]"
    ".map(e => e.innerText.trim())"
)
_READ_UPLOAD = (
    "root => { const names = [...root.querySelectorAll('.el-upload-list__item.is-success .el-upload-list__item-name')]"
    ".map(e => e.innerText.trim()); return names.length === 1 ? names[0] : names; }"
)


KIT = Kit(
    name="Element UI",
    signature=".el-input > .el-input__inner",
    row=".el-form-item",
    label=".el-form-item__label",
    widgets=(
        Widget("transfer", "穿梭框", ".el-transfer", _READ_TRANSFER, _set_transfer, _same_set),
        Widget("tree-select", "树形选择（弹出框中的树）", ".el-input.el-popover__reference", _READ_INPUT, _set_tree),
        Widget("multi-select", "多选下拉框", ".el-select:has(.el-select__tags)", _READ_MULTI, _set_multi, _same_set),
        Widget("select", "下拉框", ".el-select", _READ_SELECT, _clears(_set_select)),
        Widget("cascader", "级联选择器", ".el-cascader", _READ_CASCADER, _clears(_set_cascader), _same_path),
        Widget(
            "date-range", "日期范围选择器", ".el-date-editor--daterange", _READ_RANGE, _clears(_set_range), _same_range
        ),
        Widget("datetime", "日期时间选择器", ".el-date-editor--datetime", _READ_INPUT, _clears(_set_datetime)),
        Widget("month", "月份选择器", ".el-date-editor--month", _READ_INPUT, _clears(_set_month)),
        Widget("year", "年份选择器", ".el-date-editor--year", _READ_INPUT, _clears(_set_year)),
        Widget("date", "日期选择器", ".el-date-editor--date", _READ_INPUT, _clears(_set_date)),
        Widget("time", "时间选择器", ".el-date-editor--time", _READ_INPUT, _clears(_set_time)),
        Widget(
            "time-select",
            "时间选择（固定时段）",
            ".el-date-editor--time-select",
            _READ_INPUT,
            _clears(_set_time_select),
        ),
        Widget("autocomplete", "输入建议框", ".el-autocomplete", _READ_INPUT, _set_autocomplete),
        Widget("number", "计数器", ".el-input-number", _READ_NUMBER, _set_number, _same_number),
        Widget("slider", "滑块", ".el-slider", _READ_SLIDER, _set_slider, _same_number),
        Widget("switch", "开关", ".el-switch", _READ_SWITCH, _set_switch, _same_switch),
        Widget("radio", "单选框组", ".el-radio-group", _READ_RADIO, _set_radio),
        Widget("checkbox", "多选框组", ".el-checkbox-group", _READ_CHECKBOXES, _set_checkboxes, _same_set),
        Widget("upload", "上传", "div:has(> .el-upload)", _READ_UPLOAD, _set_upload, same_file),
        Widget("textarea", "文本域", ".el-textarea", _READ_INPUT, _set_text),
        Widget("input", "输入框", ".el-input", _READ_INPUT, _set_text),
    ),
    sections=(
        Section(title=".el-card__header", box=".el-card"),
        Section(  # the item's body is hidden while it is closed: its wrap, so the title is clicked to open it
            title=".el-collapse-item__header",
            box=".el-collapse-item",
            content="(title, box) => box.querySelector('.el-collapse-item__wrap')",
        ),
        Section(
            title=".el-tabs__item",
            box=".el-tabs",
            content="(title, box) => document.getElementById(title.getAttribute('aria-controls'))",
        ),
    ),
    tables=(
        Table(
            box=".el-table",
            header=".el-table__header-wrapper th:not(.gutter)",
            rows=".el-table__body-wrapper tbody > tr.el-table__row",
        ),
    ),
    message=".el-message, .el-notification, .el-message-box",
    invalid=".el-form-item__error",
    notes={
        "input": "fill; reads the box's text",
        "textarea": "fill; reads the text",
        "number": "typed, then blur (el-input-number takes it on change, clamped to min/max); reads the box",
        "select": "opened by its arrow, the option clicked by its text; filterable and remote selects (the same "
        "DOM, editable once open) typed character by character, the option clicked once it shows (a remote one "
        "after the portal answers); reads the box. Element UI has no virtual select: a long list is scrolled",
        "multi-select": "unwanted tags removed by their ×, missing options clicked in the dropdown (typed first "
        "when filterable); reads the tags",
        "cascader": "one node clicked per column (province, city, district); reads the box's path, split on /",
        "tree-select": "Element UI has none: portals put an el-tree in an el-popover over a read-only el-input; "
        "branches expanded along the path (a bare name: closed branches opened until it shows), the node "
        "clicked; reads the box",
        "date": "the header's year opens the decade view, paged by decade as computed, then year, month and "
        "day clicked; reads the box",
        "month": "year label → decade view → year → month; reads the box (yyyy-MM)",
        "year": "decades paged as computed, the year clicked; reads the box (yyyy)",
        "datetime": "the day as for a date, the time typed into the panel's own time box (parsed on change), "
        "确定; reads the box",
        "date-range": "the linked panels paged (year arrow per whole year, month arrow per month left), the "
        "start day clicked in the left panel, the end day in the panel showing its month; reads both boxes",
        "time": "typed into the box and Enter when it takes typing (parsed on change); in a read-only box's "
        "spinners the arrow keys step each column to the value, 确定; reads the box",
        "radio": "the el-radio or el-radio-button of that text clicked; reads the checked item's text",
        "checkbox": "each el-checkbox that differs clicked, so exactly the given ones are ticked; reads them",
        "switch": "clicked when its state differs; reads is-checked",
        "slider": "a click on the track where the number sits, then arrow keys one step a press; reads the "
        "handle's position as a number (Element UI writes aria-valuetext only when first drawn)",
        "upload": "the file given to its hidden input[type=file], waited for in the list as uploaded; reads the "
        "listed name",
        "autocomplete": "typed character by character; the suggestion of exactly that text clicked when one "
        "comes, else the typed text kept (Tab closes the list); reads the box",
        "time-select": "a new kind, el-time-select (fixed slots): opened, the slot of that text clicked; reads the "
        "box (HH:mm)",
        "transfer": "unwanted items ticked on the right and moved left, wanted ones ticked on the left and moved "
        "right; reads the right panel",
    },
)
