"""Widget adapters: fill one labelled field and read it back, whatever the portal built it from.

The adapter is chosen by what the label points at, as the page describes it to
assistive technology: a native input, select or checkbox; a ``role=combobox`` div
with its ``role=listbox``; a ``role=group`` of ``role=checkbox`` items; a read-only
date input that opens a ``role=dialog`` calendar; a file input. Every adapter also
reads the value back as a person would see it, so the runner can compare before
submitting.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from playwright.async_api import Locator
from playwright.async_api import TimeoutError as PlaywrightTimeout

from bot.recipe.locate import Scope
from bot.templating import truthy

# What the labelled element is, in one round trip.
_DESCRIBE = """el => ({
  tag: el.tagName.toLowerCase(),
  type: (el.getAttribute('type') || '').toLowerCase(),
  role: el.getAttribute('role') || '',
  readonly: el.readOnly === true || el.getAttribute('aria-readonly') === 'true',
  controls: el.getAttribute('aria-controls') || '',
  kind: el.dataset ? (el.dataset.kind || '') : '',
  popup: el.getAttribute('aria-haspopup') || '',
})"""
_DESCRIBE_ALL = f"els => els.map({_DESCRIBE})"


class WidgetError(Exception):
    """The field was found but could not be set to the value (no such option, not a date…)."""


async def _describe(element: Locator) -> Any:
    """``_DESCRIBE`` of the element. When exactly one is on the page, one query does it: Locator.evaluate
    would wait for it, take a handle, evaluate and release it (~15 ms more, for every field filled or read).
    Otherwise evaluate waits for it, or refuses several, as before."""
    found = await element.evaluate_all(_DESCRIBE_ALL)
    return found[0] if len(found) == 1 else await element.evaluate(_DESCRIBE)


async def find_field(scope: Scope, label: str) -> Locator:
    """The one visible control labelled ``label`` (exact), e.g. a combobox and not its hidden listbox."""
    return scope.get_by_label(label, exact=True).filter(visible=True).first


async def fill_field(scope: Scope, label: str, value: Any) -> None:
    await fill_element(scope, await find_field(scope, label), value)


async def fill_element(scope: Scope, element: Locator, value: Any) -> None:
    """Set one control to ``value`` with the adapter its kind calls for."""
    info = await _describe(element)
    match info:
        case {"tag": "select"}:
            await element.select_option(label=_text(value))
        case {"tag": "input", "type": "checkbox"}:
            await element.set_checked(truthy(value))
        case {"tag": "input", "type": "file"}:
            await element.set_input_files(_text(value))
        case {"role": "combobox"} if info["tag"] != "input":
            await _choose_in_combobox(scope, element, info["controls"], _text(value))
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
    info = await _describe(element)
    match info:
        case {"tag": "select"}:
            return (await element.evaluate("el => el.selectedOptions[0] ? el.selectedOptions[0].text : ''")).strip()
        case {"tag": "input", "type": "checkbox"}:
            return await element.is_checked()
        case {"tag": "input", "type": "file"}:
            return await element.evaluate("el => el.files.length ? el.files[0].name : ''")
        case {"role": "combobox"} if info["tag"] != "input":
            return (await element.inner_text()).strip()
        case {"role": "group" | "radiogroup"}:
            ticked = element.locator(
                "[role=checkbox][aria-checked=true], [role=radio][aria-checked=true], input:checked"
            )
            return [(await t.evaluate(_OWN_TEXT)).strip() for t in await ticked.all()]
        case _:
            return await element.input_value()


_OWN_TEXT = "el => el.getAttribute('aria-label') || (el.labels && el.labels[0] ? el.labels[0].innerText : el.innerText)"


async def _choose_in_combobox(scope: Scope, box: Locator, controls: str, option: str) -> None:
    await box.click()
    listbox = scope.locator(f"[id='{controls}']") if controls else scope.get_by_role("listbox").filter(visible=True)
    choice = listbox.get_by_role("option", name=option, exact=True)
    if not await _appears(choice.first):
        raise WidgetError(f"下拉框中没有选项“{option}”")
    await choice.first.click()


async def _autocomplete(scope: Scope, field: Locator, controls: str, value: str) -> None:
    """Type the value, wait for the suggestions (often by AJAX) and pick the one that names it."""
    await field.fill(value)
    listbox = scope.locator(f"[id='{controls}']") if controls else scope.get_by_role("listbox").filter(visible=True)
    suggestion = listbox.get_by_role("option", name=value).first
    if not await _appears(suggestion):
        raise WidgetError(f"输入“{value}”后没有出现对应的候选项")
    await suggestion.click()


async def _tick_group(group: Locator, wanted: list[str]) -> None:
    """Make exactly the wanted items ticked (checkbox groups) or the one wanted chosen (radios)."""
    items = group.locator("[role=checkbox], [role=radio], input[type=checkbox], input[type=radio]")
    names = []
    for item in await items.all():
        name = (await item.evaluate(_OWN_TEXT)).strip()
        names.append(name)
        role = await item.get_attribute("role")
        checked = (await item.get_attribute("aria-checked")) == "true" if role else await item.is_checked()
        if (name in wanted) != checked:
            await item.click()
    missing = [w for w in wanted if w not in names]
    if missing:
        raise WidgetError(f"没有选项“{'、'.join(missing)}”")


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
        option = column.get_by_role("option", name=name, exact=True)
        if not await _appears(option.first):
            raise WidgetError(f"级联选择中没有“{'/'.join(path[: depth + 1])}”")
        await option.first.click()


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
    """A read-only date input: open its calendar dialog, move to the month, click the day."""
    try:
        target = dt.date.fromisoformat(value)
    except ValueError:
        raise WidgetError(f"“{value}”不是日期") from None
    await field.click()
    dialog = scope.get_by_role("dialog").filter(visible=True).first
    for _ in range(240):  # at most twenty years away
        shown = _shown_month(await dialog.inner_text())
        if shown is None:
            raise WidgetError("日历中找不到“YYYY年M月”标题")
        if shown == (target.year, target.month):
            break
        forward = shown < (target.year, target.month)
        await dialog.get_by_role("button", name="下一月" if forward else "上一月").click()
    else:
        raise WidgetError(f"日历无法翻到 {value}")
    await dialog.get_by_role("button", name=str(target.day), exact=True).first.click()


def _shown_month(text: str) -> tuple[int, int] | None:
    match = re.search(r"(\d{4})\s*年\s*(\d{1,2})\s*月", text)
    return (int(match[1]), int(match[2])) if match else None


def _text(value: Any) -> str:
    return "" if value is None else str(value)
