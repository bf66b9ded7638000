"""List a page's form fields (pagejs.LIST), then check each one as fill_form itself would find it.

The listing and fill_form share their page-side prelude (bot/recipe/fieldjs.py), and the check goes further:
each section is taken as fill_form takes a group (its public ``group_scope`` / ``sub_group_scope``: a fieldset,
else a kit's section, opened when closed), each field looked up there by its label with fill_form's own queries
(``fields.find`` for the kits' rows, Playwright's ``get_by_label`` for native and ARIA controls), and the
element found compared with the one listed. A field fill_form would miss, or find elsewhere, says so.
"""

from __future__ import annotations

import contextlib
import json
import secrets
from typing import Any

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import FrameLocator, Page

from bot.inspect import pagejs
from bot.inspect.model import CHOOSING, NATIVE_TITLES, Column, Field, Inspection, TableOfRows
from bot.recipe import fields, widgets
from bot.recipe.kits import all_kits
from bot.recipe.locate import Scope
from bot.recipe.pagejs import READ_INTO
from bot.recipe.verbs.fill_form import group_scope, sub_group_scope

_OPEN_LATER = 3  # rounds of opening sections drawn only once opened (a collapse inside a tab)
PROBLEMS = {
    "row-without-control": "表单行中没有可识别的控件",
    "row-without-label": "表单行没有标签",
    "title-only": "控件只有 title，没有标签",
    "no-name": "控件没有标签、aria-label 或占位文字",
}


async def _list(scope: Scope) -> dict[str, Any]:
    engine = scope.locator(f"{pagejs.INSPECT_ENGINE}=-").first
    return dict(json.loads(await engine.get_attribute(READ_INTO) or "{}"))


async def inspect_page(page: Page, scope: Scope | None = None, *, check: bool = True) -> Inspection:
    """Every form field on the page (or in ``scope``: a frame) now, by section, with what fill_form would do
    with it."""
    where: Scope = page if scope is None else scope
    listed = await _list(where)
    opened: set[str] = set()
    for _ in range(_OPEN_LATER):  # content drawn only once its section is opened (antd's collapse, lazy tabs)
        closed = [
            s["name"]
            for s in listed["sections"]
            if (s["later"] or not s["shown"]) and s.get("openable") and s["name"] not in opened
        ]
        if not closed:
            break
        for name in closed:
            opened.add(name)
            with contextlib.suppress(PlaywrightError):
                await fields.section(where, name)
        listed = await _list(where)
    inspection = Inspection(
        url=page.url,
        title=listed.get("title", ""),
        kits=listed.get("kits", []),
        fields=[_field(entry) for entry in listed["fields"]],
        tables=[_table(entry) for entry in listed["tables"]],
        sections=["/".join(s["path"]) for s in listed["sections"]],
        buttons=[" ".join(t.split()) for t in await where.get_by_role("button").filter(visible=True).all_inner_texts()],
    )
    if isinstance(scope, FrameLocator):
        inspection.frame, inspection.frame_url = await _frame(scope)
    if check:
        hidden = {s["name"] for s in listed["sections"] if not s["shown"] and not s.get("openable")}
        await _check(where, inspection, hidden)
    inspection.fields = combined(inspection.fields)
    return inspection


_CHOICES = {"radio", "checkbox"}
_FRAME_JS = """e => [e.id ? '#' + CSS.escape(e.id) : e.name ? `iframe[name="${e.name}"]` : 'iframe',
  (e.contentWindow && e.contentWindow.location.href) || e.src || '']"""


async def _frame(frame: FrameLocator) -> tuple[str, str]:
    """The iframe's CSS (its id, else its name) and its page's URL."""
    with contextlib.suppress(PlaywrightError):
        css, url = await frame.owner.evaluate(_FRAME_JS)
        return str(css), str(url)
    return "iframe", ""


def combined(listed: list[Field]) -> list[Field]:
    """Native controls a person sees as one field, listed as one: a fieldset of radios (or checkboxes) each
    labelled by its option is a choice labelled by its legend (刻制原因: 新刻 / 更换 / 补刻); selects labelled
    ``X 省``, ``X 市``, ``X 区县`` in one row are one linked choice ``X`` (a cascader's levels, a page each)."""
    by_section: dict[tuple[str, ...], list[Field]] = {}
    for f in listed:
        by_section.setdefault(tuple(f.section), []).append(f)
    out: list[Field] = []
    done: set[tuple[str, ...]] = set()
    for f in listed:
        path = tuple(f.section)
        if path in done:
            continue
        group = by_section[path]
        kinds = {g.kind for g in group}
        if path and len(group) > 1 and len(kinds) == 1 and kinds <= _CHOICES and all(g.kit is None for g in group):
            done.add(path)
            out.append(_merged(group, list(path[:-1]), path[-1], "choice-group", [g.label for g in group]))
            continue
        out.append(f)
    return _linked_selects(out)


def _linked_selects(listed: list[Field]) -> list[Field]:
    out: list[Field] = []
    for f in listed:
        head, _, level = f.label.rpartition(" ")
        last = out[-1] if out else None
        if (
            f.kind == "select"
            and head
            and level
            and last is not None
            and last.section == f.section
            and last.kind in ("select", "cascader")
            and last.kit is None
            and (last.label == head or last.label.rpartition(" ")[0] == head)
        ):
            out[-1] = _merged([last, f], f.section, head, "cascader", None)
            out[-1].levels = [*(last.levels or [last.label]), f.label]
            continue
        out.append(f)
    return out


def _values(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _merged(parts: list[Field], section: list[str], label: str, kind: str, options: list[str] | None) -> Field:
    first = parts[0]
    return Field(
        number=first.number,
        section=section,
        label=label,
        how=first.how,
        kind=kind,
        kit=None,
        title="级联下拉框" if kind == "cascader" else NATIVE_TITLES[kind],
        required=any(p.required for p in parts),
        options=options,
        shown=any(p.shown for p in parts),
        value=None if options is not None else [v for p in parts for v in _values(p.value)],
        found=None,
        problem="",
    )


_WIDGET_TITLES = {f"{kit.name}/{w.kind}": w.title for kit in all_kits() for w in kit.widgets}


def _kind_of_widget(widget_id: str) -> tuple[str, str, str]:
    kit, _, kind = widget_id.partition("/")
    return kit, kind, _WIDGET_TITLES.get(widget_id, kind)


def native_kind(info: dict[str, Any] | None) -> str:
    """The built-in adapter fill_element would choose for a described control (bot/recipe/widgets.py)."""
    match info or {}:
        case {"tag": "select"}:
            return "select"
        case {"tag": "input", "type": "checkbox"}:
            return "checkbox"
        case {"tag": "input", "type": "radio"}:
            return "radio"
        case {"tag": "input", "type": "file"}:
            return "upload"
        case {"role": "combobox", "tag": tag} if tag != "input":
            return "combobox"
        case {"tag": "input", "role": "combobox", "multiple": True}:
            return "tag-picker"
        case {"tag": "input", "role": "combobox"}:
            return "autocomplete"
        case {"role": "group" | "radiogroup"}:
            return "choice-group"
        case {"tag": "input", "popup": "tree"}:
            return "tree"
        case {"tag": "input", "popup": "listbox"}:
            return "cascader"
        case {"tag": "input", "readonly": True, "popup": popup, "controls": controls, **rest}:
            # a calendar it announces (aria-haspopup, aria-controls) or its page's own word for it (data-kind)
            return "date" if popup or controls or rest.get("kind") == "date" else "readonly"
        case {"tag": "textarea"}:
            return "textarea"
        case {"tag": "input", "type": "number"}:
            return "number"
        case {"tag": "input", "type": "date" | "month" | "datetime-local" | "time"}:
            return "date"
        case None:
            return ""
    return "input"


def _field(entry: dict[str, Any]) -> Field:
    if entry.get("widget"):
        kit, kind, title = _kind_of_widget(entry["widget"])
    else:
        kit, kind = None, native_kind(entry.get("native"))
        title = NATIVE_TITLES.get(kind, "")
    options = entry.get("options")
    return Field(
        number=entry["number"],
        section=list(entry.get("section") or []),
        label=entry.get("label", ""),
        how=entry.get("how", ""),
        kind=kind,
        kit=kit,
        title=title,
        required=bool(entry.get("required")),
        options=options if kind in CHOOSING and options else None,
        shown=bool(entry.get("shown")),
        value=entry.get("value"),
        problem=PROBLEMS.get(entry.get("problem") or "", ""),
    )


def _table(entry: dict[str, Any]) -> TableOfRows:
    columns = []
    for column in entry["columns"]:
        if column.get("widget"):
            kit, kind, _ = _kind_of_widget(column["widget"])
            columns.append(Column(column["header"], kind, kit))
        else:
            columns.append(Column(column["header"], native_kind(column.get("native")), None))
    return TableOfRows(list(entry.get("section") or []), entry["kit"], columns, entry["rows"], entry["shown"])


async def _check(page: Scope, inspection: Inspection, hidden: set[str]) -> None:
    """Mark each field found (or not) by fill_form's own lookup in its section, by its label; not a field of a
    section ``hidden`` with no title a person could open (another step of a wizard): fill_form cannot reach it
    from here, and is not asked to."""
    by_section: dict[tuple[str, ...], list[Field]] = {}
    for f in inspection.fields:
        if f.label and hidden.intersection(f.section):
            f.problem = f.problem or "在页面的另一步（当前不可见，也无可点开的标题），未按标签核对"
        elif f.label:
            by_section.setdefault(tuple(f.section), []).append(f)
    scopes: dict[tuple[str, ...], Scope] = {(): page}
    for path in sorted(by_section, key=len):
        scope = await _scope(page, scopes, path)
        group = by_section[path]
        prefix = f"{secrets.token_hex(4)}-"
        found = await fields.find(scope, [{"label": f.label} for f in group], prefix)
        for f, hit in zip(group, found, strict=True):
            element = None
            if hit is not None and hit.widget is not None:
                element = hit.element(scope)
            elif f.how != "placeholder" or hit is None:
                element = await widgets.find_field(scope, f.label)
                if not await element.count() and hit is not None:
                    element = hit.element(scope)
            else:
                element = hit.element(scope)
            number = await _number(element) if element is not None else None
            f.found = number == str(f.number)
            if not f.found and not f.problem:
                if number is None:
                    f.problem = "fill_form 按此标签找不到它" + ("（当前不可见）" if not f.shown else "")
                else:
                    f.problem = f"fill_form 按此标签找到的是另一个控件（第 {number} 项）"


async def _number(element: Any) -> str | None:
    try:
        if not await element.count():
            return None
        value = await element.first.get_attribute(pagejs.MARK, timeout=1000)
    except PlaywrightError:
        return None
    return str(value) if value is not None else "?"


async def _scope(page: Scope, scopes: dict[tuple[str, ...], Scope], path: tuple[str, ...]) -> Scope:
    """The scope fill_form would fill group ``path`` in (its own lookups: a portal's group, else a kit's section)."""
    if path in scopes:
        return scopes[path]
    if len(path) == 1:
        scope = await group_scope(page, path[0])
    else:
        scope = await sub_group_scope(page, await _scope(page, scopes, path[:-1]), path[-1])
    scopes[path] = scope
    return scope
