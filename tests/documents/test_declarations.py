"""The YAML declarations hold together: every document type loads, fills existing form fields, and every
review rule names an existing document type and field to show (no OCR here)."""

from __future__ import annotations

from bot.documents.review import load_rules
from bot.documents.types import DocumentType
from bot.mapping.bundle import load_bundle
from bot.paths import mappings_dir

PERSON_SECTIONS = ("legal_rep", "supervisor", "liaison", "finance", "shareholders")


def test_every_fill_is_a_form_field(types: dict[str, DocumentType]) -> None:
    form = load_bundle(mappings_dir(), "open-company").form
    assert set(types) == {"id-card-front", "id-card-back", "lease", "property-certificate", "business-licence"}
    for kind in types.values():
        for spec in kind.fields.values():
            for target in spec.fills:
                paths = [f"{s}.{target}" for s in PERSON_SECTIONS] if kind.person else [target]
                for path in paths:
                    section, _, name = path.partition(".")
                    assert name in form.sections[section].fields, f"{kind.name}.{spec.name} fills {path}"


def test_every_rule_names_a_document_type_and_a_field_to_show(types: dict[str, DocumentType]) -> None:
    rules = load_rules(mappings_dir() / "reviews" / "open-company.yaml")
    assert len(rules) >= 10
    for rule in rules:
        assert rule.document in types, rule.name
        assert rule.show in types[rule.document].fields, rule.name
