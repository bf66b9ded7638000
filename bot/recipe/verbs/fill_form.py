"""``fill_form``: every mapped field of a group, found by its label as a person finds it (bot/recipe/fields.py)
and set through its widget (a kit's, bot/recipe/kits/, or the built-in adapters of native and ARIA controls),
then all read back as a person sees them; any difference stops the filing before anything is sent. A table of
rows in the group is filled cell by cell, its rows added with its own add button."""

from __future__ import annotations

import asyncio
import functools
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Locator
from playwright.async_api import TimeoutError as PlaywrightTimeout
from pydantic import Field, model_validator

from bot.errors import NoSuchOption, NotOffered, ReadBackMismatch, StepFailed, WidgetError, in_words
from bot.recipe import fieldjs, fields, registry, widgets
from bot.recipe.context import Context, Hook
from bot.recipe.fields import Found
from bot.recipe.kits.base import same_file
from bot.recipe.locate import Scope
from bot.recipe.models import Common, Strict
from bot.recipe.registry import verb
from bot.templating import truthy


@dataclass
class Wanted:
    """One field to fill: where to look, how the mapping names it, its value, and how the page is asked for it."""

    where: Scope
    label: str  # 单位名称; a table's cell: 股东信息[2]/出资额
    value: Any
    query: dict[str, Any] = field(default_factory=dict)  # fields.Query; a label's by default
    found: Found | None = None  # a kit widget, or a native control found by its row or placeholder
    element: Locator | None = None
    info: dict[str, Any] | None = None  # a native control's first description (None: not there at first)


class FillFormArgs(Strict):
    group: str = Field(description="a group of the item's mapping, e.g. 单位信息 or 主要人员/法定代表人")
    only: list[str] = Field(default_factory=list)
    skip: list[str] = Field(default_factory=list)
    row: str | None = Field(None, description="inside repeat: the row's values, e.g. {{ row }}")

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        return {"group": value} if isinstance(value, str) else value


class FillForm(Common):
    fill_form: FillFormArgs


@verb(FillForm, fills="group")
async def fill_form(step: FillForm, at: Context) -> None:
    """Fill every mapped field of a group found by its label, then read them all back.

    The fields are first read all at once (what each is and shows): one already right is left
    alone. Filling one field can change another, so a read-only field (often computed by the page
    from the others, e.g. a risk class from the industry) is read again just before it would be
    filled, and a field left alone that then reads back wrong is filled after all."""
    spec, runner, scope = step.fill_form, at.runner, at.scope
    name = spec.group.split("/")[-1]
    values = runner.evaluate(spec.row) if spec.row else _group_values(runner.values["f"], spec.group)
    opening = functools.partial(runner.evidence_of_filled, at.page)  # before a tab hides a filled section
    try:
        if isinstance(values, Mapping):
            wanted = await _leaves(scope, await group_scope(scope, name, opening), values, opening)
        else:  # a table of rows: found from here, in its section (often a card of its own) or as the only one
            wanted = await _cells(scope, name, values, opening)
    except WidgetError as exc:
        raise StepFailed(registry.title(step), str(exc), await runner.screenshot(at.page, "failure")) from None
    wanted = [w for w in wanted if not ((spec.only and w.label not in spec.only) or w.label in spec.skip)]
    prefix = f"{secrets.token_hex(4)}-"  # this fill's marks (pagejs.MARK), for the read-back
    await _look(wanted, prefix)
    left_alone: list[int] = []
    for index, field_ in enumerate(wanted):
        if _shows(field_, _first_shown(field_)):
            left_alone.append(index)
        else:
            await _fill_field(at, step, field_, f"{prefix}{index}")
    wrong = await _read_back(scope, prefix, wanted)
    for index in [i for i in left_alone if i in wrong]:  # changed by filling another
        field_ = wanted[index]
        field_.info = None
        await _fill_field(at, step, field_, f"{prefix}{index}")
        wrong.pop(index)
        wrong.update(await _read_back(scope, prefix, wanted, [index]))
    if wrong:
        diffs = [(wanted[i].label, wanted[i].value, got) for i, got in sorted(wrong.items())]
        raise ReadBackMismatch(diffs, await runner.screenshot(at.page, "read-back"))
    runner.unshot.append(spec.group.replace("/", "-"))


_ABSENT = object()


def _first_shown(field_: Wanted) -> Any:
    if field_.found is not None and field_.found.widget is not None:
        return field_.found.shown
    return _ABSENT if field_.info is None else field_.info["value"]


def _kit(field_: Wanted) -> bool:
    return field_.found is not None and field_.found.widget is not None


async def _look(wanted: list[Wanted], prefix: str) -> None:
    """Find every field and read what it shows, all at once: one query per scope for the kits' rows, cells and
    placeholders; Playwright's label lookup for the native and ARIA controls no kit claims."""
    scopes: dict[int, list[int]] = {}
    for index, field_ in enumerate(wanted):
        scopes.setdefault(id(field_.where), []).append(index)
    for indexes in scopes.values():
        where = wanted[indexes[0]].where
        queries = [{**(wanted[i].query or {"label": wanted[i].label}), "mark": f"{prefix}{i}"} for i in indexes]
        for i, found in zip(indexes, await fields.find(where, queries, prefix), strict=True):
            wanted[i].found = found
    natives = [i for i, w in enumerate(wanted) if not _kit(w)]
    for i in natives:
        field_ = wanted[i]
        by_label = None if field_.query else await widgets.find_field(field_.where, field_.label)
        field_.element = by_label or (field_.found.element(field_.where) if field_.found else None)
    looks = await asyncio.gather(*(_glance(wanted[i], f"{prefix}{i}") for i in natives))
    for i, info in zip(natives, looks, strict=True):
        wanted[i].info = info


async def _glance(field_: Wanted, mark: str) -> dict[str, Any] | None:
    """A native control's description now, by its label, else by its row or placeholder (None: not there yet)."""
    if field_.element is None:
        return None
    info = await widgets.glance(field_.element, mark)
    if info is None and field_.found is not None and not field_.query:  # no tied label: the row's control
        field_.element = field_.found.element(field_.where)
        info = await widgets.glance(field_.element, mark)
    return info


async def _fill_field(at: Context, step: FillForm, field_: Wanted, mark: str) -> None:
    """Fill one field, unless, read now, it shows its value already; a failure names the step, the field and
    what its widget could not do, with the page's picture."""
    try:
        if _kit(field_):
            assert field_.found is not None
            target = fields.target(at.page, field_.where, field_.found, field_.label, step.timeout or at.runner.timeout)
            await target.widget.set(target, field_.value)
            return
        if field_.element is None:
            raise await fields.not_found(field_.where, field_.label)
        info = field_.info
        if info is None or info["readonly"]:  # not there at first, or maybe computed by the page meanwhile
            info = await _described(field_, mark)
            if _shows(field_, info["value"]):
                return
        await widgets.fill_element(field_.where, field_.element, field_.value, info)
    except NoSuchOption as exc:  # the application's value, not a fault: not retried
        raise NotOffered(_named(field_.label, str(exc)), await at.runner.screenshot(at.page, "failure")) from None
    except (WidgetError, PlaywrightError) as exc:
        shot = await at.runner.screenshot(at.page, "failure")
        message = in_words(exc)
        element = field_.found.element(field_.where) if field_.found and _kit(field_) else field_.element
        shown = await fields.invalid_message(element) if element is not None else ""
        message += f"（页面提示：{shown}）" if shown else ""
        raise StepFailed(registry.title(step), _named(field_.label, message), shot) from None


def _named(label: str, message: str) -> str:
    return message if f"「{label}」" in message else f"「{label}」{message}"


async def _described(field_: Wanted, mark: str) -> dict[str, Any]:
    """Wait for a native control that was not there at first; one that never comes is named as not found."""
    assert field_.element is not None
    try:
        return await widgets.describe(field_.element, mark)
    except PlaywrightTimeout:
        raise await fields.not_found(field_.where, field_.label) from None


def _group_values(f: Mapping[str, Any], group: str) -> Any:
    """The mapped values of a group: a mapping of labels, or a table's rows (a list of mappings)."""
    node: Any = f
    for part in group.split("/"):
        if not isinstance(node, Mapping) or part not in node:
            raise StepFailed(f"fill_form {group}", f"映射中没有分组“{part}”")
        node = node[part]
    if not isinstance(node, Mapping) and not _is_table(node):
        raise StepFailed(f"fill_form {group}", "这是一个字段，不是分组：请用 fill")
    return node


def _is_table(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(row, Mapping) for row in value)


async def group_scope(scope: Scope, name: str, opening: Hook | None = None) -> Scope:
    """The scope fill_form fills group ``name`` in: the portal's own group, a fieldset/legend (role=group), else a
    kit's section (card, panel, collapse item, tab: opened if closed, ``opening`` called first); else ``scope``.
    Public: ``bot inspect`` looks for each field where fill_form would."""
    group = scope.get_by_role("group", name=name, exact=True)
    if await _holds_fields(group):
        return group.first
    return await fields.section(scope, name, opening) or scope


async def _holds_fields(group: Locator) -> bool:
    """A portal's group (role=group) with fields in it: not a legend-only title (layui's field title), which is
    a section whose fields follow it."""
    return bool(await group.count()) and bool(await group.first.locator(fieldjs.CONTROLS).count())


async def _portal_group(outer: Scope, scope: Scope, name: str) -> Scope | None:
    """The portal's group (role=group) ``name`` inside ``scope``, else beside it (inside ``outer``); None if
    none. One query when the name is unique in ``outer`` (then it is the same group wherever it sits)."""
    beside = outer.get_by_role("group", name=name, exact=True)
    count = await beside.count() if await _holds_fields(beside) else 0
    if count > 1 and scope is not outer:
        inside = scope.get_by_role("group", name=name, exact=True)
        return inside.first if await inside.count() else beside.first
    return beside.first if count else None


async def sub_group_scope(outer: Scope, scope: Scope, name: str, opening: Hook | None = None) -> Scope:
    """The scope fill_form fills sub-group ``name`` of ``scope`` in (``outer``: the step's own scope): the portal's
    group, else a kit's section, inside ``scope`` or beside it. Public, for ``bot inspect``; fill_form itself
    looks for all the portal's groups of a group at once (``_leaves``), then for kits' sections one by one."""
    group = await _portal_group(outer, scope, name)
    return group if group is not None else await _kit_section(outer, scope, name, opening)


async def _kit_section(outer: Scope, scope: Scope, name: str, opening: Hook | None) -> Scope:
    """A kit's section ``name`` inside ``scope``, else inside ``outer``, else ``outer``."""
    inside = await fields.section(scope, name, opening) if scope is not outer else None
    return inside or await fields.section(outer, name, opening) or outer


async def _leaves(outer: Scope, scope: Scope, values: Mapping[str, Any], opening: Hook) -> list[Wanted]:
    """Fields of a group in order. A sub-group is the portal's group of that name, inside this group or,
    where the portal puts groups side by side, beside it; a table's rows are its cells, by column header."""
    nested = [label for label, value in values.items() if isinstance(value, Mapping)]
    found_groups = await asyncio.gather(*(_portal_group(outer, scope, label) for label in nested))  # at once
    groups: dict[str, Scope] = {}
    for label, group in zip(nested, found_groups, strict=True):  # a kit's section may be opened: one by one
        groups[label] = group if group is not None else await _kit_section(outer, scope, label, opening)
    found: list[Wanted] = []
    for label, value in values.items():
        if isinstance(value, Mapping):
            found += await _leaves(outer, groups[label], value, opening)
        elif _is_table(value):
            found += await _cells(scope, label, value, opening)
        elif isinstance(value, list) and value and isinstance(value[0], Mapping):
            continue
        else:
            found.append(Wanted(scope, label, value))
    return found


async def _cells(scope: Scope, name: str, rows: list[Mapping[str, Any]], opening: Hook) -> list[Wanted]:
    """A table's cells, one per column of each row, its rows added first with the table's add button."""
    section = await fields.section(scope, name, opening)
    within = await section.get_attribute(fieldjs.SECTION) if section is not None else None
    table = await fields.table(scope, name, len(rows), within)
    if table is None:
        raise WidgetError(f"找不到表格「{name}」：应在标题为「{name}」的分组中，或是本分组中唯一的表格")
    cells = []
    for number, row in enumerate(rows):
        for column, value in row.items():
            query = {"table": table.token, "row": number, "column": table.column(column)}
            cells.append(Wanted(scope, f"{name}[{number + 1}]/{column}", value, query))
    return cells


async def _read_back(scope: Scope, prefix: str, wanted: list[Wanted], which: list[int] | None = None) -> dict[int, Any]:
    """Index → what the field shows, for each field (of ``which``) not showing its value: all at once by
    the marks their first look left; found again where a widget was rebuilt meanwhile (its mark gone)."""
    marked = await widgets.read_marked(scope, prefix)
    wrong = {}
    for index in range(len(wanted)) if which is None else which:
        field_ = wanted[index]
        mark = f"{prefix}{index}"
        if mark in marked:
            shown = marked[mark]
        elif _kit(field_) or field_.query:
            [again] = await fields.find(
                field_.where, [field_.query or {"label": field_.label}], f"{secrets.token_hex(4)}-"
            )
            shown = again.shown if again else None
        else:
            shown = await widgets.read_field(field_.where, field_.label)
        if not _shows(field_, shown):
            wrong[index] = shown
    return wrong


def _shows(field_: Wanted, shown: Any) -> bool:
    """Whether the field shows its mapped value, compared as its widget says (a kit's ``same``) or as a person
    reads it."""
    if shown is _ABSENT:
        return False
    widget = field_.found.widget[1] if field_.found and field_.found.widget else None
    if widget is not None and widget.same is not None:
        return widget.same(shown, field_.value)
    if field_.info is not None and field_.info.get("type") == "file":  # the page shows the name of the path given
        return same_file(shown, field_.value)
    return same_value(shown, field_.value)


def same_value(got: Any, want: Any) -> bool:
    """Whether a field shows a value, as a person reads it (labels, a cascader's path, a group's choices)."""
    if isinstance(want, bool) or isinstance(got, bool):
        return truthy(got) == truthy(want)
    if isinstance(want, list) and isinstance(got, str):  # a cascader shows its path as one text, maybe "省 / 市"
        return "/".join(map(str, want)) == re.sub(r"\s*/\s*", "/", got.strip())
    if isinstance(got, list) and not isinstance(want, list):  # a radio group reads as its one chosen label
        want = [] if want is None or str(want).strip() == "" else [want]
    if isinstance(want, list) or isinstance(got, list):
        return sorted(map(str, want or [])) == sorted(map(str, got or []))
    return str(got if got is not None else "").strip() == str(want if want is not None else "").strip()
