"""What a kit is: how one front-end library's widgets are recognised, set and read back.

A kit is one module of ``bot/recipe/kits/`` defining ``KIT = Kit(...)``. Nothing else names it: the
runner loads every module of the package (``bot.recipe.kits.all_kits``) and, on each page, uses the
kits whose ``signature`` matches something on it. So a kit for another library (View UI, TDesign,
Vant…) is one new file; docs/recipes.md ("Writing a kit") says how.

A field is found as a person finds it (bot/recipe/fields.py): its label tied by ``for`` or
``aria-labelledby``, else the label text in the same form row (``Kit.row`` / ``Kit.label``), else a
placeholder; inside a section found by its title (``Kit.sections``); in a table by its column header
(``Kit.tables``). In the field's row (or table cell), the first widget of the kit whose ``root``
matches is the field's widget: ``Widget.set`` sets it as a person would (click, type, pick), and
``Widget.read`` (JavaScript run in the page, all fields of a group in one query) says what it shows.
A field no kit claims is left to the built-in adapters of native and ARIA controls
(bot/recipe/widgets.py).

Values a mapping gives, by widget (``Widget.kind``), and what ``read`` returns for them:

  input, textarea, number, autocomplete   text (a number as text)        → the text shown
  select, radio                           the option's label              → the label shown
  tree-select                             the leaf's label, or its path   → the label (or path) shown
  multi-select, checkbox, transfer        a list of labels                → the labels (tags, ticked, right list)
  cascader                                a list of labels, or "a/b/c"    → the labels of the path, as a list
  date / month / year                     "2026-12-04" / "2026-12" / "2026" → the same form, as shown
  datetime / time                         "2026-12-04 09:30:00" / "09:30:00"
  date-range                              [start, end]                    → [start, end]
  switch                                  true / false                    → true / false
  slider                                  a number                        → the number
  upload                                  a file's path                   → the file's name as listed
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any
from urllib.parse import unquote_plus

from playwright.async_api import Locator, Page, Request
from playwright.async_api import TimeoutError as PlaywrightTimeout

from bot.errors import NoSuchOption, WidgetError


@dataclass(frozen=True)
class Target:
    """One field as a kit's ``Widget.set`` gets it."""

    page: Page
    root: Locator  # the widget's root element (what ``Widget.root`` matched)
    label: str  # the field's label, as the mapping names it
    kit: Kit
    widget: Widget
    timeout: float  # milliseconds a wait may take (the step's)

    def popup(self, css: str) -> Locator:
        """The open popup matching ``css``: libraries append dropdowns, cascader panels and calendars to
        ``<body>``, where a closing one may still show while the next opens; so the visible one, last, and not
        one in a Vue leave transition (``*-leave-active``, ``ant-slide-up-leave``: it is closing)."""
        return self.page.locator(f":is({css}):not([class*='-leave'])").filter(visible=True).last

    def fail(self, message: str) -> WidgetError:
        """A WidgetError naming the field and its widget: 「企业类型」是 Element Plus 下拉框，<message>."""
        return WidgetError(f"「{self.label}」是 {self.kit.name} {self.widget.title}，{message}")

    def not_taken(self, option: str) -> WidgetError:
        """The option was clicked twice and the box still does not show it (a click's press and release can land
        apart on a loaded machine): a fault, retried, said in words rather than left to the read-back."""
        return self.fail(f"点选了选项「{option}」两次，框中仍未显示它；请稍后重试，或检查页面是否响应")

    def missing(self, value: Any, offered: list[str]) -> NoSuchOption:
        """The widget shows its choices (or a search's answer came) and ``value`` is not among them: the
        application's value, so a business failure (NotOffered), not retried. A list or search that never
        answered is a fault instead (``fail``). ``offered``: what the widget offers (the first few are named)."""
        some = "、".join(offered[:12]) + (f" 等 {len(offered)} 项" if len(offered) > 12 else "")
        choices = f"（可选：{some}）" if offered else "（没有可选项）"
        return NoSuchOption(f"「{self.label}」是 {self.kit.name} {self.widget.title}，没有选项「{value}」{choices}")

    def not_offered(self, message: str) -> NoSuchOption:
        """Like ``missing``, in other words: a search that answered without the value (输入「X」后没有匹配的候选项),
        or a value the widget shows disabled (a booked-out or past day): the portal does not offer it."""
        return NoSuchOption(f"「{self.label}」是 {self.kit.name} {self.widget.title}，{message}")


Setter = Callable[[Target, Any], Awaitable[None]]
Same = Callable[[Any, Any], bool]  # (what the widget shows, the mapped value) → equal?


@dataclass(frozen=True)
class Widget:
    """One kind of control a library draws."""

    kind: str  # one of the kinds in the module docstring (or a new one): unique within its kit, it names the widget
    title: str  # what a person calls it, for messages: 下拉框, 级联选择器, 日期选择器
    root: str  # CSS matching the widget's outermost element (``.el-select``), looked for in the field's row
    read: str  # JavaScript ``root => shown``: what the widget displays, as the module docstring lists
    set: Setter  # sets the widget to a value, as a person would; raises ``target.fail(...)`` when it cannot
    same: Same | None = None  # compares shown and mapped value when the default comparison does not fit
    also: tuple[str, ...] = ()  # other kinds it handles too (one Element Plus select: multiple, tree, virtual)


@dataclass(frozen=True)
class Section:
    """How the library draws a section of a form, found by its title's text."""

    title: str  # CSS of a title element; its text (trimmed, ``*`` and ``：`` dropped) is the section's name
    box: str  # CSS of the section, an ancestor of the title (the title's closest match)
    # JavaScript ``(title, box) => element`` holding the fields, when not ``box`` (a tab's pane, a collapse item's
    # body): the element that is hidden while the section is closed, so that fill_form knows to open it
    content: str = ""
    hides: bool = False  # opening it hides another's fields (tabs; a title with role=tab is taken as one anyway)
    # A section whose content is hidden (a closed collapse, another tab) is opened by clicking its title.


@dataclass(frozen=True)
class Table:
    """How the library draws a table of repeating rows (one field per column, labelled by its header)."""

    box: str  # CSS of the table widget (``.el-table``)
    header: str  # CSS, inside box, of the header cells in column order (``thead th``)
    rows: str  # CSS, inside box, of the body rows (``.el-table__body tbody tr``); a row's cells are its children


@dataclass(frozen=True)
class Kit:
    name: str  # the library as its users name it: Element Plus, layui, Ant Design Vue
    signature: str  # CSS matching an element only a page drawn by this library has (the kit is used there)
    row: str  # CSS of a form row, holding one label and its control (``.el-form-item``)
    label: str  # CSS of the label inside a row (``.el-form-item__label``)
    widgets: tuple[Widget, ...]  # first match wins: put the specific (remote select) before the general (select)
    sections: tuple[Section, ...] = ()
    tables: tuple[Table, ...] = ()
    message: str = ""  # CSS of the library's messages (toasts, alerts), quoted when a wait times out
    invalid: str = ""  # CSS of a row's validation message (``.el-form-item__error``), quoted on failure
    notes: dict[str, str] = field(default_factory=dict)  # widget kind → how it is set and read (for the docs)


async def appears(item: Locator, timeout_ms: float) -> bool:
    """Whether ``item`` shows within ``timeout_ms`` (options drawn or answered late, a popup a few frames after
    its click); a bounded look, not a failure."""
    try:
        await item.wait_for(state="visible", timeout=timeout_ms)
    except PlaywrightTimeout:
        return False
    return True


_ARM_CLICK = """item => {
    // the next click anywhere, seen first (window, capture): whether its target is this item. A click whose press
    // and release land apart (the popup moved in between) goes to their common ancestor instead. Kept on window:
    // the item may be gone once the option is taken (a popup that closes, a virtual list).
    window.yjbClickLanded = null;
    addEventListener('click', e => { window.yjbClickLanded = item.contains(e.target); }, {capture: true, once: true});
}"""

_CLICKS = 5  # clicks on an option at most, those that did not even reach it included
_REFUSALS = 2  # clicks that reached the option with nothing chosen: then the page refuses it (Target.not_taken)


async def click_landed(item: Locator, timeout_ms: float | None = None) -> bool:
    """Click ``item``; whether the click reached it (not whether the page then acted on it). Under load a
    popup can move between the press and the release: the click goes to what holds both and chooses nothing;
    such a click is made again without counting it as one the page refused."""
    await item.evaluate(_ARM_CLICK)
    await item.click(timeout=timeout_ms)
    return bool(await item.page.evaluate("() => window.yjbClickLanded === true"))


async def clicks_taken(
    click: Callable[[], Awaitable[bool]],
    taken: Callable[[bool], Awaitable[bool]],
    reopen: Callable[[], Awaitable[None]],
) -> bool:
    """Click an option until the page takes it, as a person clicks again: ``click()`` clicks and says whether
    the click reached the option (``click_landed``), ``taken(landed)`` reads whether it was chosen (waiting
    only after a click that landed), ``reopen()`` opens the popup again if it closed. False once two clicks
    reached the option and were not taken (the caller raises ``Target.not_taken``), or after five in all."""
    refused = 0
    for _ in range(_CLICKS):
        landed = await click()
        if await taken(landed):
            return True
        refused += landed
        if refused == _REFUSALS:
            return False
        await reopen()
    return False


class Lookup:
    """The page's searches while ``text`` is typed: whether it asked the portal at all (``asked``) and whether the
    request holding the whole text came back, 2xx (``answered``). A search that finds nothing draws nothing (an
    AutoComplete without options shows no list), and an answer may redraw a select after a shorter text's answer
    was already chosen from (keys slower than the page's debounce, under load): the answer itself tells."""

    def __init__(self, page: Page, text: str) -> None:
        self.page, self.text = page, text
        self.asked = False
        self._answer = asyncio.Event()

    @property
    def answered(self) -> bool:
        return self._answer.is_set()

    def _started(self, request: Request) -> None:
        self.asked = self.asked or request.resource_type in ("xhr", "fetch")

    async def _finished(self, request: Request) -> None:
        if request.resource_type not in ("xhr", "fetch"):
            return
        try:
            sent = unquote_plus(request.url) + unquote_plus(request.post_data or "")
        except UnicodeDecodeError:  # a binary body: not a search
            return
        response = await request.response() if self.text in sent else None
        if response is not None and response.ok:
            self._answer.set()

    async def came(self, timeout_ms: float) -> bool:
        """Wait up to ``timeout_ms`` for the whole text's answer; whether it came."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._answer.wait(), timeout_ms / 1000)
        return self.answered

    def __enter__(self) -> Lookup:
        self.page.on("request", self._started)
        self.page.on("requestfinished", self._finished)
        return self

    def __exit__(self, *_: object) -> None:
        self.page.remove_listener("request", self._started)
        self.page.remove_listener("requestfinished", self._finished)


def same_file(shown: Any, wanted: Any) -> bool:
    """An upload shows the file's name, the mapping gives its path."""
    return str(shown or "").strip() == PurePath(str(wanted or "")).name


def dates(value: Any) -> list[str]:
    """A range's two ends from a list or ``"a ~ b"``/``"a 至 b"``, for comparison."""
    if isinstance(value, list | tuple):
        return [str(v).strip() for v in value]
    return [part.strip() for part in re.split(r"\s*(?:~|至|-{2}|—)\s*", str(value or "")) if part.strip()]
