"""Document types, declared in ``mappings/documents/<name>.yaml`` so that a maintainer adds one without Python.

A type names the printed words that tell it (``detect``) and its fields. A field is found by the
printed keyword before it (``keywords``: any of them; spaces the document puts between the
characters do not matter), on the same line after the keyword or on the next line(s) (``lines``),
cut where another field's keyword starts, and taken as the first match of its ``pattern``. Its
``kind`` says how the value is checked (the form's own validators) and normalised; ``fills``
names the form field it prefills: a field of the person's section (``name``) for a person's
document, else a full path (``company.address``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from bot.errors import BotError

KINDS = {"text", "id_number", "uscc", "date", "period", "address", "authority", "sex", "number"}


@dataclass(frozen=True)
class FieldType:
    name: str
    label: str
    keywords: tuple[str, ...]
    pattern: re.Pattern[str]
    kind: str = "text"
    lines: int = 1
    fills: dict[str, str] = field(default_factory=dict)  # form path (or person field) → part of the value ("" whole)


@dataclass(frozen=True)
class DocumentType:
    name: str  # the file's stem: id-card-front
    title: str  # 居民身份证（人像面）
    detect: tuple[str, ...]
    person: bool  # a person's document: read for one section (legal_rep, shareholders[1] …)
    stop: tuple[str, ...] = ()  # other printed captions where a value ends
    fields: dict[str, FieldType] = field(default_factory=dict)

    def keywords(self) -> set[str]:
        return {k for f in self.fields.values() for k in f.keywords}


def load_type(path: Path) -> DocumentType:
    try:
        body = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise BotError(f"{path}: 无法读取证照类型：{exc}") from None
    unknown = set(body) - {"title", "detect", "person", "stop", "fields"}
    if unknown:
        raise BotError(f"{path}: 未知的键 {', '.join(sorted(unknown))}")
    fields = {}
    for name, spec in (body.get("fields") or {}).items():
        extra = set(spec) - {"label", "keywords", "pattern", "kind", "lines", "fills"}
        if extra:
            raise BotError(f"{path}: 字段 {name} 有未知的键 {', '.join(sorted(extra))}")
        kind = spec.get("kind", "text")
        if kind not in KINDS:
            raise BotError(f"{path}: 字段 {name} 的 kind“{kind}”未知（可用：{', '.join(sorted(KINDS))}）")
        try:
            pattern = re.compile(spec.get("pattern", ".+"))
        except re.error as exc:
            raise BotError(f"{path}: 字段 {name} 的 pattern 有误：{exc}") from None
        fills = spec.get("fills") or {}
        fields[name] = FieldType(
            name=name,
            label=spec["label"],
            keywords=tuple(spec.get("keywords") or [spec["label"]]),
            pattern=pattern,
            kind=kind,
            lines=int(spec.get("lines", 1)),
            fills={fills: ""} if isinstance(fills, str) else {str(k): str(v or "") for k, v in dict(fills).items()},
        )
    detect, stop = tuple(body.get("detect") or ()), tuple(body.get("stop") or ())
    return DocumentType(path.stem, body["title"], detect, bool(body.get("person")), stop, fields)


@cache
def document_types(folder: Path) -> dict[str, DocumentType]:
    """Every document type of ``mappings/documents``, by name."""
    return {p.stem: load_type(p) for p in sorted(folder.glob("*.yaml"))}


def describe(types: dict[str, DocumentType]) -> list[dict[str, Any]]:
    return [{"name": t.name, "title": t.title, "fields": [f.label for f in t.fields.values()]} for t in types.values()]
