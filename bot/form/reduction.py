"""The single form of a bundle and how much it saves: the dedup statistics.

A portal field reads form fields; a form field's default or derivation reads
others. The bundle's form is the closure of what its portal fields read. Each
form field reaches the application in one way: the applicant answers it
(asked), the form supplies a value the applicant may change (defaulted), or the
form computes it (derived).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.form.spec import FieldSpec, FormSpec, Scope
from bot.mapping.bundle import Bundle
from bot.templating import Template


@dataclass
class FormField:
    spec: FieldSpec
    section_label: str
    items: list[str] = field(default_factory=list)  # items whose portal fields need it

    @property
    def kind(self) -> str:
        return self.spec.kind


@dataclass
class Reduction:
    bundle: str
    items: list[str]
    site_fields: int
    constant_fields: int
    fields: list[FormField]  # in form order
    outputs: list[str]  # "item.output" read by later items

    def count(self, kind: str) -> int:
        return sum(1 for f in self.fields if f.kind == kind)

    def summary(self) -> dict[str, Any]:
        asked = self.count("asked")
        return {
            "bundle": self.bundle,
            "items": self.items,
            "site_fields": self.site_fields,
            "form_fields": len(self.fields),
            "asked_fields": asked,
            "defaulted_fields": self.count("defaulted"),
            "derived_fields": self.count("derived"),
            "output_fields": len(self.outputs),
            "constant_fields": self.constant_fields,
            "asked_ratio": round(asked / self.site_fields, 4) if self.site_fields else 0.0,
        }


def dependencies_of(form: FormSpec, path: str) -> set[str]:
    """Form fields that a field's default, derivation or whole-table derivation reads."""
    section_id, _, field_id = path.partition(".")
    section = form.sections[section_id]
    if section.derive is not None:
        return form.dependencies(section.derive, Scope())
    spec = section.fields[field_id]
    template = spec.derive or spec.default
    return form.dependencies(template, Scope(this=section)) if isinstance(template, Template) else set()


def reduce(bundle: Bundle) -> Reduction:
    form = bundle.form
    users: dict[str, list[str]] = {}
    site_fields = constants = 0
    outputs: list[str] = []
    for item, mapping in bundle.mappings.items():
        for leaf in mapping.site_fields():
            site_fields += 1
            if not isinstance(leaf.value, Template):
                constants += 1
            outputs += [o for o in sorted(leaf.outputs) if o not in outputs]
            for path in _closure(form, leaf.reads):
                if item not in users.setdefault(path, []):
                    users[path].append(item)
    fields = [
        FormField(spec, form.sections[spec.section].label, users[spec.path])
        for spec in form.fields()
        if spec.path in users
    ]
    return Reduction(bundle.name, bundle.items, site_fields, constants, fields, outputs)


def _closure(form: FormSpec, paths: set[str]) -> set[str]:
    seen: set[str] = set()
    stack = list(paths)
    while stack:
        path = stack.pop()
        if path not in seen:
            seen.add(path)
            stack.extend(dependencies_of(form, path))
    return seen
