"""Widget adapters: fill one labelled field and read it back, whatever the portal built it from.

The adapter is chosen by what the label points at, as the page describes it to
assistive technology: a native input, select or checkbox; a ``role=combobox`` div
with its ``role=listbox``; a ``role=group`` of checkboxes, radio cards or ``aria-pressed``
buttons; a read-only date input and its calendar (a ``role=dialog`` popup or an inline
``role=grid``); a file input. Every adapter also
reads the value back as a person would see it, so the runner can compare before
submitting.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import re
from typing import Any

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Locator, Playwright
from playwright.async_api import TimeoutError as PlaywrightTimeout

from bot.errors import NoSuchOption, WidgetError
from bot.recipe import fieldjs
from bot.recipe import pagejs as js
from bot.recipe.kits import all_kits
from bot.recipe.locate import Scope
from bot.templating import truthy


async def register_engines(playwright: Playwright) -> None:
    """Register the reading engines (pagejs.ENGINES, and the kits' lookups of fieldjs, which also read kit
    widgets back) in Playwright's utility world, once per Playwright."""
    for name, source in {**js.ENGINES, **fieldjs.engines(all_kits())}.items():
        try:
            await playwright.selectors.register(name, source, content_script=True)
        except PlaywrightError as exc:
            if "already registered" not in str(exc):
                raise


async def describe(element: Locator, mark: str | None = None) -> dict[str, Any]:
    """What the element is and shows (pagejs.DESCRIBE), leaving ``mark`` on it for ``read_marked``; waits for it,
    and refuses several, as Locator.evaluate would."""
    return await glance(element, mark) or dict(await left_on(_described(element, mark)))


async def glance(element: Locator, mark: str | None = None) -> dict[str, Any] | None:
    """``describe`` without waiting (so that a group's fields can all be read at once): None unless exactly
    one such element is on the page now."""
    described = _described(element, mark)
    reading = asyncio.ensure_future(left_on(described))
    if await described.count() != 1:  # the read would wait for it, or refuse several
        reading.cancel()
        await asyncio.gather(reading, return_exceptions=True)
        return None
    return dict(await reading)


def _described(element: Locator, mark: str | None) -> Locator:
    return element.locator(f"{js.DESCRIBE_ENGINE}={mark or js.NO_MARK}")


async def left_on(engine: Locator) -> Any:
    """What a reading engine (``X >> yjb-…=arg``, pagejs._engine) left on the element it matched."""
    return json.loads(await engine.get_attribute(js.READ_INTO) or "null")


async def read_marked(scope: Scope, prefix: str) -> dict[str, Any]:
    """Mark → what the field shows, for every field marked ``<prefix>…`` in ``scope``, in one query. A mark
    found twice (a widget copied with its attributes) is left out: read that field by its label."""
    found = await left_on(scope.locator(f"{js.READ_MARKED_ENGINE}={prefix}").first)
    marks = [mark for mark, _ in found]
    return {mark: value for mark, value in found if marks.count(mark) == 1}


async def find_field(scope: Scope, label: str) -> Locator:
    """The one visible control labelled ``label`` (exact), e.g. a combobox and not its hidden listbox."""
    return scope.get_by_label(label, exact=True).filter(visible=True).first


async def fill_field(scope: Scope, label: str, value: Any) -> None:
    await fill_element(scope, await find_field(scope, label), value)


async def fill_element(scope: Scope, element: Locator, value: Any, info: dict[str, Any] | None = None) -> None:
    """Set one control to ``value`` with the adapter its kind calls for (``info``: its description, if read)."""
    info = info or await describe(element)
    match info:
        case {"tag": "select"}:
            await element.select_option(label=_text(value))
        case {"tag": "input", "type": "checkbox"}:
            await element.set_checked(truthy(value))
        case {"tag": "input", "type": "file"}:
            await element.set_input_files(_text(value))
        case {"role": "combobox"} if info["tag"] != "input":
            await _choose_in_combobox(scope, element, info["controls"], _text(value))
        case {"tag": "input", "role": "combobox", "multiple": True}:
            await _pick_tags(scope, element, info["controls"], value if isinstance(value, list) else [_text(value)])
        case {"tag": "input", "role": "combobox"}:
            await _autocomplete(scope, element, info["controls"], _text(value))
        case {"role": "group" | "radiogroup"}:
            await _tick_group(element, value if isinstance(value, list) else [_text(value)])
        case {"tag": "input", "popup": "tree"}:
            await _pick_in_tree(scope, element, _path(value))
        case {"tag": "input", "popup": "listbox"}:
            await _pick_in_cascader(scope, element, _path(value))
        case {"tag": "input", "readonly": True}:
            await _pick_date(scope, element, _text(value))
        case _:
            await element.fill(_text(value))


async def read_field(scope: Scope, label: str) -> Any:
    """The field's value as the page shows it (labels, not codes), for read-back."""
    element = await find_field(scope, label)
    return await read_element(element, await describe(element))


async def read_element(element: Locator, info: dict[str, Any]) -> Any:
    """What a described control shows (its description carries it; a custom input's value otherwise)."""
    return info["value"] if info["value"] is not None else await element.input_value()


async def _choose_in_combobox(scope: Scope, box: Locator, controls: str, option: str) -> None:
    await box.click()
    listbox = scope.locator(f"[id='{controls}']") if controls else scope.get_by_role("listbox").filter(visible=True)
    choice = listbox.get_by_role("option", name=option, exact=True).first
    await _click_arriving(choice, f"下拉框中没有选项“{option}”", listbox.first)


async def _autocomplete(scope: Scope, field: Locator, controls: str, value: str) -> None:
    """Type the value, wait for the suggestions (often by AJAX) and pick the one that names it."""
    await field.fill(value)
    listbox = scope.locator(f"[id='{controls}']") if controls else scope.get_by_role("listbox").filter(visible=True)
    suggestion = listbox.get_by_role("option", name=value).first
    await _click_arriving(suggestion, f"输入“{value}”后没有出现对应的候选项", listbox.first)


async def _tick_group(group: Locator, wanted: list[str]) -> None:
    """Make exactly the wanted items ticked (checkboxes, toggle buttons) or the one wanted chosen (radios, cards)."""
    await _settled(group)  # items that load by AJAX (a city's branches, a day's time slots)
    items = await group_items(group)
    index = 0
    while index < len(items):
        item = items[index]
        if (item["name"] in wanted) != item["on"]:
            await _toggle(group.locator(f"[{js.ITEM}='{index}']"), item["name"])
            items = await group_items(group)  # a click may change the others (radios, one-of toggle buttons)
        index += 1
    names = [item["name"] for item in items]
    missing = [w for w in wanted if w not in names]
    if missing:
        raise NoSuchOption(f"没有选项“{'、'.join(missing)}”（可选：{'、'.join(names)}）")


async def _pick_in_tree(scope: Scope, field: Locator, path: list[str]) -> None:
    """A tree select: open it, expand each level by name (children may load late), click the leaf."""
    await field.click()
    node: Any = scope.get_by_role("tree").filter(visible=True).first
    for depth, name in enumerate(path):
        item = node.get_by_role("treeitem", name=name, exact=True).first
        if not await _appears(item):  # children load by AJAX when their parent opens
            raise WidgetError(f"分类树中没有“{'/'.join(path[: depth + 1])}”")
        last = depth == len(path) - 1
        if last or (await item.get_attribute("aria-expanded")) != "true":
            await item.locator(":scope > *").first.click()  # the node's own row, not its children
        node = item


async def _pick_in_cascader(scope: Scope, field: Locator, path: list[str]) -> None:
    """A cascader: open it, then pick one option per column (province, city, district…)."""
    await field.click()
    popup = field.locator("xpath=..")
    for depth, name in enumerate(path):
        column = popup.get_by_role("listbox").filter(visible=True).nth(depth)
        option = column.get_by_role("option", name=name, exact=True).first
        await _click_arriving(option, f"级联选择中没有“{'/'.join(path[: depth + 1])}”", column)


async def _click_arriving(target: Locator, missing: str, among: Locator | None = None) -> None:
    """Click an element that may arrive late (AJAX, animation): the click itself waits for it, within the
    step's timeout; one that never shows is ``missing``: the application's value (NoSuchOption) when the list
    it belongs to (``among``) is shown with other choices or a "none found" line, a technical failure when the
    list never came or says its lookup failed (a shown one that cannot be clicked is not missing)."""
    try:
        await target.click()
    except PlaywrightTimeout:
        if await target.is_visible():
            raise
        said = (await among.inner_text()).strip() if among is not None and await among.is_visible() else ""
        if said and not _LOOKUP_FAILED.search(said):
            raise NoSuchOption(f"{missing}（列表显示：{_brief(said)}）") from None
        raise WidgetError(missing + (f"（列表显示：{_brief(said)}）" if said else "")) from None


_LOOKUP_FAILED = re.compile("失败|错误|稍后|超时|正在|加载中")  # a list that could not load is not an answer


def _brief(text: str, most: int = 8) -> str:
    """A shown list in one line: its first lines, then how many more."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return "、".join(lines[:most]) + (f" 等 {len(lines)} 项" if len(lines) > most else "")


async def _appears(target: Locator) -> bool:
    """Wait, within the step's timeout, for an element that may arrive late (AJAX, animation)."""
    try:
        await target.wait_for(state="visible")
    except PlaywrightTimeout:
        return False
    return True


def _path(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else [p for p in _text(value).split("/") if p]


async def _pick_date(scope: Scope, field: Locator, value: str) -> None:
    """A read-only date input: open or find its calendar (popup or inline), page to the month, click the day."""
    try:
        target = dt.date.fromisoformat(value)
    except ValueError:
        raise WidgetError(f"“{value}”不是日期") from None
    await field.click()  # opens a popup calendar; an inline one is already there
    calendar = await _calendar_of(scope, field)
    await _show_month(calendar, target)
    await _click_day(calendar, target)


def _shown_month(text: str) -> tuple[int, int] | None:
    match = re.search(r"(\d{4})\s*年\s*(\d{1,2})\s*月", text)
    return (int(match[1]), int(match[2])) if match else None


def _text(value: Any) -> str:
    return "" if value is None else str(value)


async def _pick_tags(scope: Scope, field: Locator, controls: str, wanted: list[str]) -> None:
    """Make the tags exactly ``wanted`` in that order (the first is often the main one): keep the
    tags already right from the start, remove the others, then search and click each missing one."""
    buttons: list[str] = await field.evaluate(js.TAG_BUTTONS)
    chosen = [_wording(name) for name in buttons]
    keep = 0
    while keep < min(len(chosen), len(wanted)) and chosen[keep] == wanted[keep]:
        keep += 1
    for name in buttons[keep:]:
        await scope.get_by_role("button", name=name, exact=True).first.click()
    listbox = scope.locator(f"[id='{controls}']")
    for wording in wanted[keep:]:
        await field.fill(wording)
        option = listbox.get_by_role("option", name=wording, exact=True).first
        await _click_arriving(option, f"候选列表中没有“{wording}”", listbox)


def _wording(button: str) -> str:
    return button.split(None, 1)[1]


# --- widgets that load late (aria-busy), toggle buttons, inline calendars ---------------------------------

_NEXT_MONTH = re.compile(r"^(下一月|下个月)$")
_PREVIOUS_MONTH = re.compile(r"^(上一月|上个月)$")


async def _settled(target: Locator) -> None:
    """Wait until a widget that loads by AJAX is shown and done: no aria-busy on it or inside it."""
    await target.locator(":scope:not([aria-busy=true]):not(:has([aria-busy=true]))").wait_for()


async def group_items(group: Locator) -> list[dict[str, Any]]:
    """Each item of a choice group with its name and whether it is on (pressed, ticked, chosen), in one query."""
    return list(await left_on(group.locator(f"{js.ITEMS_ENGINE}=*")))


async def _toggle(item: Locator, name: str) -> None:
    """Click an item, unless it is disabled: then say so, rather than wait for it until the timeout."""
    if await item.is_disabled():  # e.g. a time slot already fully booked: the portal does not offer it
        raise NoSuchOption(f"选项“{name}”当前不可选")
    await item.click()


async def _calendar_of(scope: Scope, field: Locator) -> Locator:
    """The calendar of a date field, found as assistive technology would: the element its aria-controls
    names; the popup its aria-haspopup announces; else the dialog or grid nearest to it."""
    controls = await field.get_attribute("aria-controls")
    if controls:
        return scope.locator(f"[id='{controls}']").first
    nearest = None if await field.get_attribute("aria-haspopup") == "dialog" else await _nearest_calendar(field)
    return nearest or scope.get_by_role("dialog").filter(visible=True).first


async def _nearest_calendar(field: Locator, levels: int = 3) -> Locator | None:
    """The dialog, or the box around the grid (with its month title and paging buttons), next to the field."""
    around = field.locator("xpath=..")
    for _ in range(levels):
        if await around.get_by_role("dialog").count():
            return around.get_by_role("dialog").first
        if await around.get_by_role("grid").count():
            return around
        around = around.locator("xpath=..")
    return None


async def _show_month(calendar: Locator, target: dt.date) -> None:
    """Page the calendar (上一月/上个月, 下一月/下个月) to the target's month; each page may load by AJAX."""
    wanted = (target.year, target.month)
    for _ in range(240):  # at most twenty years away
        await _settled(calendar)
        shown = _shown_month(await calendar.inner_text())
        if shown is None:
            raise WidgetError("日历中找不到“YYYY年M月”标题")
        if shown == wanted:
            return
        page = calendar.get_by_role("button", name=_NEXT_MONTH if shown < wanted else _PREVIOUS_MONTH).first
        if not await page.count() or await page.is_disabled():
            raise WidgetError(f"日历无法翻到{target.year}年{target.month}月")
        await page.click()
        title = re.compile(rf"^\s*{shown[0]}\s*年\s*{shown[1]}\s*月\s*$")
        await calendar.get_by_text(title).first.wait_for(state="detached")  # the new month is shown
    raise WidgetError(f"日历无法翻到{target.year}年{target.month}月")


async def _click_day(calendar: Locator, target: dt.date) -> None:
    """Click the day by its full name (2026年12月1日, as accessible grids name it) or else by its number;
    a disabled day says why in its name (（已约满）, （休息日）)."""
    full = f"{target.year}年{target.month}月{target.day}日"
    named = re.compile(f"^{full}")
    day = calendar.get_by_role("gridcell", name=named).or_(calendar.get_by_role("button", name=named)).first
    if not await day.count():
        day = calendar.get_by_role("button", name=str(target.day), exact=True).first
    if await day.is_disabled():
        name = (await day.evaluate(js.OWN_TEXT)).strip()
        raise NoSuchOption(f"日期“{full}”不可选{name.removeprefix(full) if name.startswith(full) else ''}")
    await day.click()
