"""``fill_form``: every mapped field of a group, found by its label and set through its widget adapter, then
all read back as a person sees them; any difference stops the filing before anything is sent."""

from __future__ import annotations

import asyncio
import re
import secrets
from collections.abc import Mapping
from typing import Any

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Locator
from pydantic import Field, model_validator

from bot.errors import ReadBackMismatch, StepFailed, WidgetError, first_line
from bot.recipe import widgets
from bot.recipe.context import Context
from bot.recipe.locate import Scope
from bot.recipe.models import Common, Strict
from bot.recipe.registry import verb
from bot.templating import truthy

Field_ = tuple[Scope, str, Any]  # where a field is, its label, its mapped value


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
    values = runner.evaluate(spec.row) if spec.row else _group_values(runner.values["f"], spec.group)
    group_scope = await _group_scope(scope, spec.group.split("/")[-1])
    fields = [
        (where, label, value)
        for where, label, value in await _leaves(scope, group_scope, values)
        if not ((spec.only and label not in spec.only) or label in spec.skip)
    ]
    prefix = f"{secrets.token_hex(4)}-"  # this fill's marks (pagejs.MARK), for the read-back
    elements = [await widgets.find_field(where, label) for where, label, _ in fields]
    first_look = await asyncio.gather(*(widgets.glance(e, f"{prefix}{i}") for i, e in enumerate(elements)))
    left_alone: list[int] = []
    for index, info in enumerate(first_look):
        if info is not None and _same(info["value"], fields[index][2]):
            left_alone.append(index)
        else:
            await _fill_field(at, spec, fields[index], elements[index], info, f"{prefix}{index}")
    wrong = await _read_back(scope, prefix, fields)
    for index in [i for i in left_alone if i in wrong]:  # changed by filling another
        await _fill_field(at, spec, fields[index], elements[index], None, f"{prefix}{index}")
        wrong.pop(index)
        wrong.update(await _read_back(scope, prefix, fields, [index]))
    if wrong:
        diffs = [(fields[i][1], fields[i][2], got) for i, got in sorted(wrong.items())]
        raise ReadBackMismatch(diffs, await runner.screenshot(at.page, "read-back"))
    runner.unshot.append(spec.group.replace("/", "-"))


async def _fill_field(
    at: Context, spec: FillFormArgs, field: Field_, element: Locator, info: dict[str, Any] | None, mark: str
) -> None:
    """Fill one field of a group, unless, read now, it shows its value already."""
    where, label, value = field
    try:
        if info is None or info["readonly"]:  # not there at first, or maybe computed by the page meanwhile
            info = await widgets.describe(element, mark)
            if _same(info["value"], value):
                return
        await widgets.fill_element(where, element, value, info)
    except (WidgetError, PlaywrightError) as exc:
        shot = await at.runner.screenshot(at.page, "failure")
        raise StepFailed(f"填写“{spec.group}/{label}”", first_line(exc), shot) from None


def _group_values(f: Mapping[str, Any], group: str) -> Mapping[str, Any]:
    node: Any = f
    for part in group.split("/"):
        if not isinstance(node, Mapping) or part not in node:
            raise StepFailed(f"fill_form {group}", f"映射中没有分组“{part}”")
        node = node[part]
    if not isinstance(node, Mapping):
        raise StepFailed(f"fill_form {group}", "这是一个字段，不是分组：请用 fill")
    return node


async def _group_scope(scope: Scope, name: str) -> Scope:
    """The portal's own group (fieldset/legend, role=group) when it has one; else the current scope."""
    group = scope.get_by_role("group", name=name, exact=True)
    return group.first if await group.count() else scope


async def _sub_group(outer: Scope, scope: Scope, name: str) -> Scope:
    """The group ``name`` inside ``scope``, else beside it (inside ``outer``), else ``outer``. One query
    when the name is unique in ``outer`` (then it is the same group wherever it sits)."""
    beside = outer.get_by_role("group", name=name, exact=True)
    count = await beside.count()
    if count > 1 and scope is not outer:
        inside = scope.get_by_role("group", name=name, exact=True)
        return inside.first if await inside.count() else beside.first
    return beside.first if count else outer


async def _leaves(outer: Scope, scope: Scope, values: Mapping[str, Any]) -> list[Field_]:
    """Fields of a group in order. A sub-group is the portal's group of that name, inside this group or,
    where the portal puts groups side by side, beside it; tables are left to repeat steps."""
    nested = [label for label, value in values.items() if isinstance(value, Mapping)]
    found_groups = await asyncio.gather(*(_sub_group(outer, scope, label) for label in nested))
    groups = dict(zip(nested, found_groups, strict=True))
    found: list[Field_] = []
    for label, value in values.items():
        if isinstance(value, Mapping):
            found += await _leaves(outer, groups[label], value)  # sub-groups looked up at once, not one by one
        elif isinstance(value, list) and value and isinstance(value[0], Mapping):
            continue
        else:
            found.append((scope, label, value))
    return found


async def _read_back(scope: Scope, prefix: str, fields: list[Field_], which: list[int] | None = None) -> dict[int, Any]:
    """Index → what the field shows, for each field (of ``which``) not showing its value: all at once by
    the marks their first read left; by label where a widget was rebuilt meanwhile (its mark gone)."""
    marked = await widgets.read_marked(scope, prefix)
    wrong = {}
    for index in range(len(fields)) if which is None else which:
        where, label, value = fields[index]
        mark = f"{prefix}{index}"
        shown = marked[mark] if mark in marked else await widgets.read_field(where, label)
        if not _same(shown, value):
            wrong[index] = shown
    return wrong


def _same(got: Any, want: Any) -> bool:
    if isinstance(want, bool) or isinstance(got, bool):
        return truthy(got) == truthy(want)
    if isinstance(want, list) and isinstance(got, str):  # a cascader shows its path as one text, maybe "省 / 市"
        return "/".join(map(str, want)) == re.sub(r"\s*/\s*", "/", got.strip())
    if isinstance(got, list) and not isinstance(want, list):  # a radio group reads as its one chosen label
        want = [] if want is None or str(want).strip() == "" else [want]
    if isinstance(want, list) or isinstance(got, list):
        return sorted(map(str, want or [])) == sorted(map(str, got or []))
    return str(got if got is not None else "").strip() == str(want if want is not None else "").strip()
