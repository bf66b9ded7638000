"""The single form of a bundle as the web page shows it, and a posted page back into raw values.

Which fields show: every field the bundle's portals use (``bot.form.reduction``), plus the derived
fields of the sections shown (sex and birth date from an ID number help the applicant check
what was typed). Per section: asked fields first, then what the form computes, then the
defaulted fields folded away (blank means "use the default", which is shown as it is computed).

Input names: ``section.field`` and, in tables, ``section.<row>.field``. Errors from
``bot.form.application`` (``shareholders[1].id_number``) are keyed the same way.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Any

from starlette.datastructures import FormData

from bot.errors import FieldError
from bot.form.fieldtypes import Choice, RegionCode
from bot.form.reduction import reduce
from bot.form.spec import FieldSpec, SectionSpec
from bot.mapping.bundle import Bundle, load_bundle
from bot.paths import mappings_dir
from bot.privacy.masking import mask_text

# HTML5 constraints of the identifier types (the server checks the same and more: check digits, codes).
PATTERNS = {
    "id_number": ("[0-9]{17}[0-9Xx]", "前17位应为数字，最后一位为数字或字母X"),
    "mobile": ("1[3-9][0-9]{9}", "应为11位手机号码，以1开头"),
    "postcode": ("[0-9]{6}", "应为6位数字"),
    "uscc": ("[0-9A-HJ-NP-RTUWXYa-hj-np-rtuwxy]{18}", "应为18位统一社会信用代码"),
}
INPUT_TYPES = {"date": "date", "email": "email", "phone": "tel", "mobile": "tel", "integer": "number"}
MIME = {"pdf": "application/pdf", "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png"}
_ERROR_PATH = re.compile(r"^(\w+)(?:\[(\d+)\])?(?:\.(\w+))?$")


@dataclass(frozen=True)
class FieldView:
    spec: FieldSpec
    kind: str  # asked, defaulted, derived
    used: bool  # a portal of the bundle needs it

    @property
    def required(self) -> bool:
        return self.kind == "asked" and self.spec.required and self.used

    @property
    def control(self) -> str:
        """Which widget renders it: select, checkboxes, yesno, region, file, textarea, input."""
        if self.spec.type == "enum":
            return "checkboxes" if self.spec.multiple else "select"
        if self.spec.type == "boolean":
            return "yesno"
        if self.spec.type in ("region", "file"):
            return self.spec.type
        return "input"

    def attributes(self) -> dict[str, Any]:
        """HTML5 constraints of an ``input``: the same rules the server checks, as far as HTML can say them."""
        spec, rules = self.spec, self.spec.rules
        attrs: dict[str, Any] = {"type": INPUT_TYPES.get(spec.type, "text")}
        if self.required:
            attrs["required"] = True
        if spec.type == "text":
            attrs.update(minlength=rules.get("min_length"), maxlength=rules.get("max_length"))
            if rules.get("pattern"):
                attrs.update(pattern=_html_pattern(rules["pattern"]), title=rules.get("pattern_message"))
        if spec.type in PATTERNS:
            attrs["pattern"], attrs["title"] = PATTERNS[spec.type]
            attrs["maxlength"] = 18 if spec.type in ("id_number", "uscc") else None
            attrs["inputmode"] = "numeric" if spec.type in ("postcode", "mobile") else None
            attrs["autocomplete"] = "off"
            attrs["data-type"] = spec.type  # the page's own check words a wrong length as the server does
        if spec.type in ("integer", "decimal"):
            attrs.update(min=rules.get("min"), max=rules.get("max"), inputmode="decimal")
            if spec.type == "decimal":
                attrs.update(type="number", step="any")
        return {k: v for k, v in attrs.items() if v is not None}

    def accept(self) -> str:
        extensions = self.spec.rules.get("extensions") or list(MIME)
        return ",".join(sorted({f".{e}" for e in extensions} | {MIME[e] for e in extensions if e in MIME}))


@dataclass(frozen=True)
class SectionView:
    spec: SectionSpec
    asked: list[FieldView]
    derived: list[FieldView]
    defaulted: list[FieldView]

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def columns(self) -> list[FieldView]:
        return self.asked + self.derived + self.defaulted

    @property
    def derived_table(self) -> bool:
        return self.spec.derive is not None


@dataclass(frozen=True)
class FormView:
    bundle: Bundle
    sections: list[SectionView]
    used: frozenset[str]

    def field(self, path: str) -> FieldView | None:
        section_id, _, name = path.partition(".")
        for section in self.sections:
            if section.id == section_id:
                return next((f for f in section.columns if f.spec.id == name), None)
        return None

    @property
    def file_fields(self) -> list[FieldView]:
        return [f for s in self.sections for f in s.columns if f.spec.type == "file"]


@cache
def bundle_named(name: str) -> Bundle:
    """A bundle loaded once per server process (a changed mapping takes effect on restart)."""
    return load_bundle(mappings_dir(), name)


def form_view(bundle: Bundle) -> FormView:
    return _views.setdefault(id(bundle), (bundle, _form_view(bundle)))[1]


_views: dict[int, tuple[Bundle, FormView]] = {}  # keeps the bundle alive, so its id stays its own


def _form_view(bundle: Bundle) -> FormView:
    reduction = reduce(bundle)
    kinds = {f.spec.path: f.kind for f in reduction.fields}
    sections: list[SectionView] = []
    for section in bundle.form.sections.values():
        shown = [spec for spec in section.fields.values() if spec.path in kinds]
        if not shown:
            continue
        views = [
            FieldView(spec, kinds.get(spec.path, spec.kind), spec.path in kinds)
            for spec in section.fields.values()
            if spec.path in kinds or spec.kind == "derived"
        ]
        sections.append(
            SectionView(
                section,
                asked=[v for v in views if v.kind == "asked"],
                derived=[v for v in views if v.kind == "derived"],
                defaulted=[v for v in views if v.kind == "defaulted"],
            )
        )
    return FormView(bundle, sections, frozenset(kinds))


def _html_pattern(pattern: str) -> str:
    """A form.yaml pattern as an HTML ``pattern`` (implicitly anchored, so the anchors go)."""
    return pattern.removeprefix("^").removesuffix("$")


# --- posted page → raw values ------------------------------------------------------------------


def key_of(section: str, name: str | None, row: int | None = None) -> str:
    parts = [section] + ([str(row)] if row is not None else []) + ([name] if name else [])
    return ".".join(parts)


def raw_from_form(view: FormView, form: FormData, keep: Mapping[str, Any]) -> dict[str, Any]:
    """The posted page as raw application values: blanks left out (so defaults apply), table rows in
    page order, renumbered; file fields keep ``keep``'s value (uploads are stored separately)."""
    raw: dict[str, Any] = {}
    for section in view.sections:
        if section.derived_table:
            continue
        if section.spec.table:
            rows = _posted_rows(section, form, keep.get(section.id) or [])
            if rows or section.id in keep or any(k.startswith(section.id + ".") for k in form):
                raw[section.id] = rows
            continue
        values = _posted_values(section, form, section.id, keep.get(section.id) or {})
        if values:
            raw[section.id] = values
    return raw


def _posted_values(section: SectionView, form: FormData, prefix: str, kept: Mapping[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for view in section.asked + section.defaulted:
        name = f"{prefix}.{view.spec.id}"
        if view.control == "file":
            if kept.get(view.spec.id):
                values[view.spec.id] = kept[view.spec.id]
            continue
        if view.control == "checkboxes":
            picked = [str(v) for v in form.getlist(name) if isinstance(v, str) and v]
            if picked:
                values[view.spec.id] = picked
            continue
        value = form.get(name)
        if isinstance(value, str) and value.strip():
            values[view.spec.id] = value.strip()
    return values


def _posted_rows(section: SectionView, form: FormData, kept: list[Any]) -> list[dict[str, Any]]:
    indexes = sorted(
        {
            int(parts[1])
            for key in form
            if len(parts := key.split(".")) == 3 and parts[0] == section.id and parts[1].isdigit()
        }
    )
    rows = []
    for index in indexes:
        old = kept[index] if index < len(kept) and isinstance(kept[index], Mapping) else {}
        row = _posted_values(section, form, f"{section.id}.{index}", old)
        if row:
            rows.append(row)
    return rows


def error_key(error: FieldError) -> str:
    """``shareholders[1].id_number`` → ``shareholders.1.id_number``: the input the error belongs beside."""
    match = _ERROR_PATH.match(error.path)
    if match is None:
        return ""
    section, row, name = match.groups()
    return key_of(section, name, int(row) if row is not None else None)


def errors_by_key(errors: list[FieldError]) -> dict[str, list[str]]:
    """Each input's problems; section-wide ones under the section's id."""
    found: dict[str, list[str]] = {}
    for error in errors:
        found.setdefault(error_key(error), []).append(error.message)
    return found


# --- values as the page shows them -------------------------------------------------------------


def shown(value: Any) -> str:
    """A typed value as an applicant reads it: option labels, region names, 是/否, plain numbers."""
    if value is None:
        return ""
    if isinstance(value, Choice):
        return value.label
    if isinstance(value, RegionCode):
        return value.full_name
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return text
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return "、".join(shown(v) for v in value)
    return str(value)


@dataclass
class Known:
    """What a partly typed form gives: computed and default values by input key, derived tables."""

    values: dict[str, str] = field(default_factory=dict)
    tables: dict[str, list[list[str]]] = field(default_factory=dict)


def known_values(view: FormView, values: Mapping[str, Any]) -> Known:
    known = Known()
    for section in view.sections:
        current = values.get(section.id)
        if section.derived_table:
            known.tables[section.id] = [  # masked: a derived table repeats ID numbers typed above
                [mask_text(shown(row.get(col.spec.id))) for col in section.columns] for row in current or []
            ]
            continue
        targets = list(enumerate(current or [])) if section.spec.table else [(None, current)]
        for row, target in targets:
            if not isinstance(target, Mapping):
                continue
            for col in section.derived + section.defaulted:
                text = shown(target.get(col.spec.id))
                if text:
                    known.values[key_of(section.id, col.spec.id, row)] = text
    return known
