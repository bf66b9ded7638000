"""Jinja2, the project's only expression language, in a sandbox.

Templates are compiled once, at load time, so that a typo is a maintainer's
error with file:line and not a failure halfway through a filing. A template that
is a single ``{{ expression }}`` evaluates to a native value (a date, a list, a
bool), anything else renders to text. ``references`` lists what a template reads
(``app.company.name``, ``row.amount``, ``outputs['samr-registration'].uscc``) so
that loaders can check every name against the form.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError, UndefinedError, nodes
from jinja2.sandbox import SandboxedEnvironment

from bot import localtime
from bot.errors import Location, Problem, SpecError, TemplateFailed
from bot.form import identifiers

_SINGLE_EXPRESSION = re.compile(r"^\s*\{\{(?P<expr>.*?)\}\}\s*$", re.DOTALL)


# --- filters: derivations the form and the mappings share ------------------------------------


def _date(value: dt.date, fmt: str = "%Y-%m-%d") -> str:
    return value.strftime(fmt)


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _first_of_next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _next_workday(day: dt.date, days: int = 1) -> dt.date:
    """The working day ``days`` working days after ``day`` (Monday to Friday)."""
    current = day
    remaining = days
    while remaining > 0:
        current += dt.timedelta(days=1)
        if current.isoweekday() <= 5:
            remaining -= 1
    return current


def _percent_of(part: Decimal, whole: Decimal) -> Decimal:
    if not whole:
        return Decimal(0)
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _decimal(value: Decimal | int, places: int | None = None) -> str:
    """A decimal as a form shows it: no exponent, no trailing zeros unless ``places`` is set."""
    number = Decimal(value)
    if places is not None:
        return str(number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))
    text = format(number.normalize(), "f")
    return text


def _seal_rows(kinds: Iterable[Any], material: Any) -> list[dict[str, Any]]:
    """One row per seal kind: the standard set of a new company, one of each."""
    return [
        {"kind": kind.label, "material": material.label, "size": kind.extra["size"], "quantity": 1} for kind in kinds
    ]


def _pinyin(text: str) -> str:
    from pypinyin import lazy_pinyin

    return " ".join(word.capitalize() for word in lazy_pinyin(text))


FILTERS: dict[str, Any] = {
    "date": _date,
    "add_years": _add_years,
    "first_of_next_month": _first_of_next_month,
    "next_workday": _next_workday,
    "percent_of": _percent_of,
    "decimal": _decimal,
    "wan": identifiers.yuan_to_wan,
    "id_sex": identifiers.id_sex,
    "id_birth_date": identifiers.id_birth_date,
    "age": lambda number: identifiers.age_on(number, localtime.today()),
    "seal_rows": _seal_rows,
    "pinyin": _pinyin,
}

ENV = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False)
ENV.filters.update(FILTERS)


# --- compiled templates -------------------------------------------------------------------------


@dataclass(frozen=True)
class Ref:
    """A name a template reads: ``root`` is app, this, row or outputs; ``path`` the attributes."""

    root: str
    path: tuple[str, ...]


@dataclass
class Template:
    source: str
    location: Location | None
    _ast: nodes.Template
    _expression: Any  # a compiled single expression, or None
    _template: Any

    def evaluate(self, context: Mapping[str, Any]) -> Any:
        try:
            if self._expression is not None:
                value = self._expression(**context)
                if isinstance(value, StrictUndefined):
                    str(value)  # raises UndefinedError with Jinja's own message
                return value
            return self._template.render(**context)
        except UndefinedError as exc:
            raise TemplateFailed(f"未定义的名称：{exc.message}") from None
        except Exception as exc:  # a filter or an operator failed on this data
            raise TemplateFailed(f"{type(exc).__name__}: {exc}") from None

    def references(self) -> list[Ref]:
        return list(_collect_refs(self._ast))

    def bare_ref(self) -> Ref | None:
        """The reference when the template is nothing but ``{{ app.x.y }}``."""
        body = self._ast.body
        if len(body) == 1 and isinstance(body[0], nodes.Output) and len(body[0].nodes) == 1:
            return _chain(body[0].nodes[0])
        return None

    def names(self) -> set[str]:
        from jinja2 import meta

        return set(meta.find_undeclared_variables(self._ast))


def truthy(value: Any) -> bool:
    """Whether a template's result means yes: "false", "0", "no", "否", "none" and "" are no, as YAML writers mean."""
    if isinstance(value, str):
        return value.strip().lower() not in ("", "false", "0", "no", "否", "none")
    return bool(value)


def is_template(value: object) -> bool:
    return isinstance(value, str) and ("{{" in value or "{%" in value)


def compile_template(source: str, location: Location | None) -> Template:
    try:
        return Template(source, location, *_compiled(source))
    except TemplateSyntaxError as exc:
        raise SpecError([Problem(location, f"模板语法错误：{exc.message}")]) from None


@functools.lru_cache(maxsize=4096)
def _compiled(source: str) -> tuple[nodes.Template, Any, Any]:
    """Jinja's parse and compile of one source (~1 ms): the same templates come back with every filing and check."""
    ast = ENV.parse(source)
    match = _SINGLE_EXPRESSION.match(source)
    inner = match["expr"] if match is not None else None
    single = inner is not None and "{{" not in inner and "{%" not in source
    expression = ENV.compile_expression(inner, undefined_to_none=False) if inner is not None and single else None
    template = None if single else ENV.from_string(source)
    return ast, expression, template


_ROOTS = {"app", "this", "row", "outputs", "f", "secrets", "vars"}
# Filters that read one attribute of every row of a table, named by `attribute=` or first argument.
_ATTRIBUTE_FILTERS = {"sum", "map", "min", "max", "unique", "sort", "groupby", "selectattr", "rejectattr"}
_ROW_RETURNING = {"selectattr", "rejectattr", "sort", "unique", "groupby", "min", "max", "first", "last"}


def _chain(node: nodes.Node) -> Ref | None:
    """``app.company.name`` / ``outputs['x'].uscc`` as a Ref, or None for anything else."""
    parts: list[str] = []
    current: nodes.Node = node
    while True:
        node = current
        if isinstance(node, nodes.Getattr):
            parts.append(node.attr)
            current = node.node
        elif isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
            parts.append(node.arg.value)
            current = node.node
        elif isinstance(node, nodes.Name) and node.name in _ROOTS:
            return Ref(node.name, tuple(reversed(parts)))
        else:
            return None


def _collect_refs(node: nodes.Node) -> Iterable[Ref]:
    if isinstance(node, nodes.Filter) and node.node is not None:
        base = _chain(node.node)
        if base is not None and base.root in ("app", "this", "row") and len(base.path) <= 1:
            yield from _table_filter_refs(node, base)
            for child in [*node.args, *(kw.value for kw in node.kwargs)]:
                yield from _collect_refs(child)
            return
    chain = _chain(node) if isinstance(node, (nodes.Getattr, nodes.Getitem, nodes.Name)) else None
    if chain is not None:
        yield chain
        # indices such as outputs[x] with a non-constant key are not chains; nothing more to read
        return
    for inner in node.iter_child_nodes():
        yield from _collect_refs(inner)


def _table_filter_refs(node: nodes.Filter, base: Ref) -> Iterable[Ref]:
    """``app.shareholders | sum(attribute='amount')`` reads one column, not the whole table."""
    attribute = None
    for kw in node.kwargs:
        if kw.key == "attribute" and isinstance(kw.value, nodes.Const):
            attribute = str(kw.value.value)
    if attribute is None and node.name in ("selectattr", "rejectattr", "map") and node.args:
        first = node.args[0]
        if isinstance(first, nodes.Const) and isinstance(first.value, str):
            attribute = first.value
    if node.name in ("length", "count"):
        yield Ref(base.root, (*base.path, "#rows"))
    elif node.name in _ATTRIBUTE_FILTERS and attribute is not None:
        yield Ref(base.root, (*base.path, attribute.split(".")[0]))
        if node.name in _ROW_RETURNING:
            yield base
    else:
        yield base
