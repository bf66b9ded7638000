"""Finding a form's fields, sections and tables as a person does, whichever library drew the page.

A field is its label tied by ``for``/``aria-labelledby`` (Playwright's own lookup), else the label text in
the same form row of a kit (bot/recipe/kits/), else a placeholder; a section is a fieldset's legend, a
kit's card, panel, collapse or tab title; a table's cells are found by their column's header. The
lookups run in the page (bot/recipe/fieldjs.py): one query finds every field of a group.
"""

from __future__ import annotations

import asyncio
import difflib
import json
import secrets
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import quote

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Locator, Page

from bot.errors import WidgetError
from bot.recipe import fieldjs
from bot.recipe.context import Hook
from bot.recipe.kits import Kit, Target, Widget, all_kits
from bot.recipe.locate import Scope
from bot.recipe.pagejs import MARK
from bot.recipe.widgets import left_on

Query = dict[str, Any]  # {"label": …} or {"table": token, "row": r, "column": c}


@dataclass(frozen=True)
class Found:
    """Where a field's control is, as the page answered in one query."""

    mark: str  # the mark left on it: MARK on a kit widget's root, NATIVE_MARK on a native control
    how: str  # label, aria-label, placeholder, cell
    widget: tuple[Kit, Widget] | None  # a kit's widget, or None: a native or ARIA control
    shown: Any  # what a kit widget shows now (None for a native control: its adapter reads it)

    def element(self, scope: Scope) -> Locator:
        attribute = MARK if self.widget else fieldjs.NATIVE_MARK
        return scope.locator(f"[{attribute}='{self.mark}']")


@cache
def _widgets() -> dict[str, tuple[Kit, Widget]]:
    return {fieldjs.widget_id(kit, w.kind): (kit, w) for kit in all_kits() for w in kit.widgets}


def kit_engines() -> dict[str, str]:
    """The page-side lookups, built from every kit (registered once per Playwright, bot/recipe/widgets.py)."""
    return fieldjs.engines(all_kits())


async def ask(scope: Scope, engine: str, arg: Any) -> Any:
    """Run a lookup of fieldjs in ``scope`` (one round trip) and return what it found."""
    return await left_on(scope.locator(f"{engine}={quote(json.dumps(arg, ensure_ascii=False), safe='')}").first)


async def find(scope: Scope, queries: list[Query], prefix: str) -> list[Found | None]:
    """Each query's field in ``scope``, marked ``<prefix><index>``; None where no row, placeholder or cell has it."""
    if not queries:
        return []
    answers = await ask(scope, fieldjs.FIND_ENGINE, {"queries": queries, "prefix": prefix})
    return [
        Found(a["mark"], a["how"], _widgets().get(a["widget"]) if a["widget"] else None, a["value"]) if a else None
        for a in answers
    ]


def target(page: Page, scope: Scope, found: Found, label: str, timeout: float) -> Target:
    assert found.widget is not None
    kit, widget = found.widget
    return Target(page, found.element(scope), label, kit, widget, timeout)


async def near_labels(scope: Scope, label: str) -> list[str]:
    """Labels on the page close to one that was not found (企业类别 for 企业类型), closest first."""
    shown: list[str] = await ask(scope, fieldjs.LABELS_ENGINE, None)
    close = difflib.get_close_matches(label, shown, n=3, cutoff=0.3)
    sharing = [s for s in shown if s not in close and (s in label or label in s)]
    return (close + sharing)[:5]


async def not_found(scope: Scope, label: str) -> WidgetError:
    near = await near_labels(scope, label)
    hint = f"（本页相近的标签：{'、'.join(near)}）" if near else "（本页没有相近的标签：是在另一页，还是分组未展开？）"
    return WidgetError(f"找不到标签为「{label}」的控件{hint}")


async def section(scope: Scope, name: str, opening: Hook | None = None) -> Locator | None:
    """A kit's section (card, panel, collapse item, tab) titled ``name``, opened if closed (``opening`` called
    first when it is a tab: opening it hides what another showed, so a filled page is pictured then)."""
    token = secrets.token_hex(4)
    answer = await ask(scope, fieldjs.SECTION_ENGINE, {"name": name, "token": token})
    if answer is None:
        return None
    token = answer["token"]
    if not answer["shown"]:  # a closed collapse item, another tab: a person clicks its title
        if opening is not None and answer["hides"]:  # another tab's filled fields are about to be hidden
            await opening()
        await scope.locator(f"[{fieldjs.SECTION}-title='{token}']").first.click()
    for _ in range(_DRAWN_LATER_LOOKS):  # content a library draws only once first opened: look again
        if not answer.get("later"):
            break
        await asyncio.sleep(0.05)
        answer = await ask(scope, fieldjs.SECTION_ENGINE, {"name": name, "token": token}) or answer
    content = scope.locator(f"[{fieldjs.SECTION}='{answer['token']}']").first
    await content.wait_for(state="visible")
    return content


_DRAWN_LATER_LOOKS = 100  # 5 s at most: an opened section that draws nothing is then waited for, and named


@dataclass(frozen=True)
class Table:
    token: str
    headers: list[str]  # as compared: whitespace, markers and colons dropped
    box: Locator

    def column(self, label: str) -> int:
        wanted = "".join(ch for ch in label if not ch.isspace() and ch not in "*＊:：")
        if wanted not in self.headers:
            shown = "、".join(h for h in self.headers if h)
            raise WidgetError(f"表格没有列「{label}」（表头：{shown}）")
        return self.headers.index(wanted)


async def table(scope: Scope, name: str, rows: int, within: str | None = None) -> Table | None:
    """The table of rows for mapping group ``name`` (in section ``within``'s marked content, else the only
    one in ``scope``), with at least ``rows`` rows: its add button clicked as many times as needed."""
    token = secrets.token_hex(4)
    answer = await ask(scope, fieldjs.TABLE_ENGINE, {"name": name, "token": token, "section": within})
    if answer["count"] != 1:
        return None
    box = scope.locator(f"[{fieldjs.TABLE}='{token}']").first
    have = answer["rows"]
    if have < rows and not answer["add"]:
        raise WidgetError(f"表格「{name}」只有 {have} 行，需要 {rows} 行，且找不到“添加/新增”按钮")
    add = scope.locator(f"[{fieldjs.TABLE}-add='{token}']").first
    while have < rows:
        await add.click()
        await box.locator(answer["rowsCss"]).nth(have).wait_for(state="attached")  # rendered a moment later
        have += 1
    return Table(token, answer["headers"], box)


async def invalid_message(element: Locator) -> str:
    """What the library shows under the field's row as its validation message, if anything. Read only when the
    control is there: the lookup would wait the step's whole time for one that is not (a label not on the page
    cost every such failure 15 s more before it was said)."""
    try:
        if not await element.count():
            return ""
        return str(await left_on(element.locator(f"{fieldjs.INVALID_ENGINE}=-")) or "")
    except PlaywrightError:  # only decoration for a message already being raised
        return ""


async def page_messages(scope: Scope) -> list[str]:
    """What the libraries' message areas (toasts, alerts) show now: the portal's own words on a failure."""
    return list(await ask(scope, fieldjs.MESSAGES_ENGINE, None) or [])
