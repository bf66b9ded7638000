"""An applicant's values → a validated Application, or every problem at once.

The form's fields are evaluated in the order form.py computed: an asked value is
coerced to its type, a missing one takes its default, a derived one is computed.
A field whose inputs are wrong is not evaluated (its inputs' errors say enough).
Then the form's cross-field checks run. Errors name the field's Chinese label
and, in tables, the row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, create_model

from bot import localtime
from bot.errors import ApplicationInvalid, BotError, FieldError, Invalid, TemplateFailed, suggest
from bot.form.fieldtypes import coerce
from bot.form.spec import CrossCheck, FieldSpec, FormSpec, Scope, SectionSpec
from bot.templating import Template, truthy

MISSING: Any = None


@dataclass
class Application:
    """One applicant's values, typed, with every default and derivation filled in."""

    form: FormSpec
    values: dict[str, Any]
    given: set[str] = field(default_factory=set)  # field paths the applicant typed
    today: dt.date = field(default_factory=localtime.today)

    def context(self) -> dict[str, Any]:
        return {"app": self.values, "today": self.today}

    @property
    def model(self) -> BaseModel:
        """The application as a pydantic model built from form.yaml (for schemas and typed access)."""
        return application_model(self.form).model_validate(self.values)


def load_values(path: Path) -> dict[str, Any]:
    """Read an application file (YAML or JSON): a broken file is an UnreadableFile or BadFile naming it and the
    line (bot.form.reading)."""
    from bot.form.reading import read_values

    return read_values(path)


def validate(
    form: FormSpec,
    raw: Mapping[str, Any],
    *,
    base_dir: Path | None = None,
    today: dt.date | None = None,
    used: set[str] | None = None,
) -> Application:
    """Validate raw values against the form; raise ApplicationInvalid listing every problem.

    ``used``: the field paths of one bundle's form; other fields are checked when
    given but never required (a bundle without the bank does not ask for a branch).
    """
    return _Validation(form, raw, base_dir, today or localtime.today(), used).run()


def partial(
    form: FormSpec,
    raw: Mapping[str, Any],
    *,
    base_dir: Path | None = None,
    today: dt.date | None = None,
    used: set[str] | None = None,
) -> tuple[dict[str, Any], list[FieldError]]:
    """What is known so far of an application being typed: every value that valid inputs give
    (defaults and derivations included; a field whose inputs are wrong or missing is None), and
    the problems, in display order. Never raises ApplicationInvalid: for live forms."""
    validation = _Validation(form, raw, base_dir, today or localtime.today(), used)
    validation.evaluate_all()
    return validation.values, [error for _, error in sorted(validation.errors, key=lambda e: e[0])]


def _missing(value: Any) -> bool:
    return value is None or value == "" or value == []


class _Validation:
    def __init__(
        self, form: FormSpec, raw: Mapping[str, Any], base_dir: Path | None, today: dt.date, used: set[str] | None
    ) -> None:
        self.form = form
        self.used = used
        self.raw = raw
        self.base_dir = base_dir
        self.today = today
        self.errors: list[tuple[tuple[int, int, int], FieldError]] = []
        self.bad: set[str] = set()  # field paths not evaluated: their dependents are skipped
        self.given: set[str] = set()
        self.values: dict[str, Any] = {}
        self.raw_rows: dict[str, list[Mapping[str, Any]]] = {}

    def run(self) -> Application:
        self.evaluate_all()
        if self.errors:
            raise ApplicationInvalid([error for _, error in sorted(self.errors, key=lambda e: e[0])])
        return Application(self.form, self.values, self.given, self.today)

    def evaluate_all(self) -> None:
        self.read_structure()
        for unit in self.form.order:
            if isinstance(unit, SectionSpec):
                self.derive_table(unit)
            elif self.form.sections[unit.section].table:
                for index, row in enumerate(self.values[unit.section]):
                    self.evaluate(unit, row, self.raw_rows[unit.section][index], index)
            else:
                given = self.raw.get(unit.section)
                self.evaluate(unit, self.values[unit.section], given if isinstance(given, Mapping) else {}, None)
        self.run_cross_checks()

    # --- errors in display order -----------------------------------------------------------------
    def error(self, section_id: str, field_id: str | None, row: int | None, message: str) -> None:
        sections = list(self.form.sections)
        section_rank = sections.index(section_id) if section_id in sections else -1
        fields = list(self.form.sections[section_id].fields) if section_id in self.form.sections else []
        field_rank = fields.index(field_id) if field_id in fields else -1
        path = section_id + (f"[{row}]" if row is not None else "") + (f".{field_id}" if field_id else "")
        if section_id in self.form.sections:
            label = self.form.label(f"{section_id}.{field_id}" if field_id else section_id, row)
        else:
            label = section_id
        self.errors.append(
            ((section_rank, row if row is not None else -1, field_rank), FieldError(path, label, message))
        )

    # --- shape of the input ------------------------------------------------------------------------
    def read_structure(self) -> None:
        for key, value in self.raw.items():
            section = self.form.sections.get(key)
            if section is None:
                self.error(key, None, None, f"不是本表的分区，无法识别{suggest(key, self.form.sections)}")
                continue
            if section.derive is not None:
                self.error(key, None, None, "由系统自动生成，无需填写")
                continue
            if section.table:
                if not isinstance(value, list) or not all(isinstance(r, Mapping) for r in value):
                    self.error(key, None, None, "应为表格（每行一组字段）")
                    continue
                for index, row in enumerate(value):
                    self.unknown_fields(section, row, index)
            elif not isinstance(value, Mapping):
                self.error(key, None, None, "应为“字段: 值”的映射")
            else:
                self.unknown_fields(section, value, None)
        for section in self.form.sections.values():
            if section.table:
                rows = self.raw.get(section.id) or []
                well_formed = isinstance(rows, list) and all(isinstance(r, Mapping) for r in rows)
                self.raw_rows[section.id] = rows if well_formed else []
                self.values[section.id] = [{} for _ in self.raw_rows[section.id]]
                if not well_formed:
                    self.bad |= {f.path for f in section.fields.values()}
                elif section.derive is None and (
                    self.used is None or any(f.path in self.used for f in section.fields.values())
                ):
                    self.table_size(section, len(rows))
            else:
                self.values[section.id] = {}

    def unknown_fields(self, section: SectionSpec, given: Mapping[str, Any], row: int | None) -> None:
        for name in given:
            spec = section.fields.get(name)
            if spec is None:
                self.error(section.id, None, row, f"“{name}”不是本表的字段{suggest(name, section.fields)}")
            elif spec.derive is not None and not _missing(given[name]):
                self.error(section.id, name, row, "由系统自动生成，无需填写")

    def table_size(self, section: SectionSpec, count: int) -> None:
        low, high = section.rules.get("min_items"), section.rules.get("max_items")
        if low is not None and count < low:
            self.error(section.id, None, None, f"至少填写{low}行")
            self.bad |= {f.path for f in section.fields.values()}
        if high is not None and count > high:
            self.error(section.id, None, None, f"最多填写{high}行")

    # --- evaluation --------------------------------------------------------------------------------
    def context(self, this: Any) -> dict[str, Any]:
        return {"app": self.values, "this": this, "today": self.today}

    def blocked(self, template: Template, section: SectionSpec | None) -> bool:
        return bool(self.form.dependencies(template, Scope(this=section)) & self.bad)

    def evaluate(self, spec: FieldSpec, target: dict[str, Any], given: Mapping[str, Any], row: int | None) -> None:
        section = self.form.sections[spec.section]
        raw_value = given.get(spec.id)
        template = spec.derive or (spec.default if isinstance(spec.default, Template) else None)
        if spec.derive is None and not _missing(raw_value):
            self.given.add(spec.path)
            value = raw_value
        elif template is not None:
            if self.blocked(template, section):
                self.bad.add(spec.path)
                return
            try:
                value = template.evaluate(self.context(target))
            except TemplateFailed as exc:
                raise BotError(f"{template.location}: 计算“{spec.label}”失败：{exc}") from None
        elif spec.default is not None:
            value = spec.default
        elif spec.required and (self.used is None or spec.path in self.used):
            self.error(spec.section, spec.id, row, "必填，请填写")
            self.bad.add(spec.path)
            return
        else:
            target[spec.id] = MISSING
            return
        if _missing(value):
            target[spec.id] = MISSING
            return
        try:
            target[spec.id] = coerce(spec.type_rules, value, base_dir=self.base_dir)
        except Invalid as exc:
            self.error(spec.section, spec.id, row, str(exc))
            self.bad.add(spec.path)

    def derive_table(self, section: SectionSpec) -> None:
        assert section.derive is not None
        if self.blocked(section.derive, None):
            self.bad |= {f.path for f in section.fields.values()}
            return
        try:
            rows = section.derive.evaluate(self.context(None))
        except TemplateFailed as exc:
            raise BotError(f"{section.derive.location}: 生成“{section.label}”失败：{exc}") from None
        table = []
        for source in rows:
            row = {}
            for spec in section.fields.values():
                value = source.get(spec.id)
                row[spec.id] = MISSING if _missing(value) else coerce(spec.type_rules, value)
            table.append(row)
        self.values[section.id] = table

    # --- cross-field checks ------------------------------------------------------------------------
    def run_cross_checks(self) -> None:
        for section in self.form.sections.values():
            for check in section.checks:
                targets = self.values[section.id] if section.table else [self.values[section.id]]
                for index, this in enumerate(targets):
                    self.run_cross_check(check, section, this, index if section.table else None)
        for check in self.form.checks:
            self.run_cross_check(check, None, None, None)

    def run_cross_check(self, check: CrossCheck, section: SectionSpec | None, this: Any, row: int | None) -> None:
        deps = self.form.dependencies(check.expression, Scope(this=section))
        if deps & self.bad or any(self.is_empty(path, this, section) for path in deps):
            return
        try:
            ok = check.expression.evaluate(self.context(this))
        except TemplateFailed as exc:
            raise BotError(f"{check.location}: 校验规则无法计算：{exc}") from None
        if not truthy(ok):
            if section is not None:
                self.error(section.id, check.field, row, check.message)
            else:
                target = check.field or ""
                section_id, _, field_id = target.partition(".")
                self.error(section_id, field_id or None, None, check.message)

    def is_empty(self, path: str, this: Any, section: SectionSpec | None) -> bool:
        section_id, _, field_id = path.partition(".")
        if section is not None and section_id == section.id and this is not None:
            return this.get(field_id) is None
        value = self.values.get(section_id)
        if isinstance(value, list):
            return any(row.get(field_id) is None for row in value)
        return value is None or value.get(field_id) is None


# --- the pydantic model of a form ----------------------------------------------------------------

_PYTHON_TYPES: dict[str, Any] = {
    "integer": int,
    "decimal": Decimal,
    "date": dt.date,
    "boolean": bool,
}


@cache
def application_model(form: FormSpec) -> type[BaseModel]:
    sections: dict[str, Any] = {}
    for section in form.sections.values():
        fields: dict[str, Any] = {}
        for spec in section.fields.values():
            python = _PYTHON_TYPES.get(spec.type, str)
            if spec.type == "enum" and spec.multiple:
                python = list[str]
            fields[spec.id] = (python | None, Field(default=None, title=spec.label, description=spec.help or None))
        model = create_model(
            f"Section_{section.id}", __config__=ConfigDict(extra="forbid", title=section.label), **fields
        )
        sections[section.id] = (list[model] if section.table else model, Field(title=section.label))
    return create_model("Application", __config__=ConfigDict(extra="forbid"), **sections)
