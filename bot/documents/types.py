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

from bot import yamlio
from bot.errors import Location, Problem, SpecError, suggest
from bot.yamlio import location_of

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


TYPE_KEYS = {"title", "detect", "person", "stop", "fields"}
FIELD_KEYS = {"label", "keywords", "pattern", "kind", "lines", "fills"}
WHAT = {"title": "（证照的中文名称）", "fields": "（要识别的字段）"}
PARTS = {"address": {"region", "detail", "region_name"}, "period": {"start", "end"}}  # a value's parts `fills` may name


def load_type(path: Path) -> DocumentType:
    """One document type; every mistake in its file at its line (SpecError), all of them at once."""
    problems: list[Problem] = []
    kind = parse_type(path, yamlio.load(path), problems)
    if problems or kind is None:
        raise SpecError(problems)
    return kind


def parse_type(path: Path, body: Any, problems: list[Problem]) -> DocumentType | None:
    """The document type a loaded file declares; what is wrong goes to ``problems`` with its file:line:col."""
    top = location_of(body, Location(path, 1, 1))
    if not isinstance(body, dict):
        problems.append(Problem(top, "证照类型应是一个映射（title、detect、fields …）"))
        return None
    _unknown_keys(body, TYPE_KEYS, "证照类型", problems)
    for key in ("title", "fields"):
        if not body.get(key):
            problems.append(Problem(top, f"缺少“{key}”" + WHAT[key]))
    detect, stop = _words(body, "detect", problems), _words(body, "stop", problems)
    raw_fields = body.get("fields") or {}
    if not isinstance(raw_fields, dict):
        problems.append(Problem(_where(body, "fields"), "fields 应是“字段名: 说明”的映射"))
        raw_fields = {}
    fields = {}
    for name, spec in raw_fields.items():
        parsed = _field(path, str(name), spec, _where(raw_fields, name), problems)
        if parsed is not None:
            fields[str(name)] = parsed
    if problems:
        return None
    return DocumentType(path.stem, str(body["title"]), detect, bool(body.get("person")), stop, fields)


def _field(path: Path, name: str, spec: Any, where: Location | None, problems: list[Problem]) -> FieldType | None:
    if not isinstance(spec, dict):
        problems.append(Problem(where, f"字段 {name} 应是映射（label、keywords、pattern …）"))
        return None
    before = len(problems)
    _unknown_keys(spec, FIELD_KEYS, f"字段 {name}", problems)
    if not spec.get("label"):
        problems.append(Problem(where, f"字段 {name} 缺少 label（证照上印的字段名）"))
    kind = str(spec.get("kind", "text"))
    if kind not in KINDS:
        problems.append(
            Problem(
                _where(spec, "kind"),
                f"字段 {name} 的 kind“{kind}”未知（可用：{', '.join(sorted(KINDS))}）" + suggest(kind, KINDS),
            )
        )
    try:
        pattern = re.compile(str(spec.get("pattern", ".+")))
    except re.error as exc:
        problems.append(Problem(_where(spec, "pattern"), f"字段 {name} 的 pattern 不是正确的正则表达式：{exc}"))
    lines = spec.get("lines", 1)
    if not isinstance(lines, int) or isinstance(lines, bool) or lines < 1:
        problems.append(Problem(_where(spec, "lines"), f"字段 {name} 的 lines 应是正整数（值所占的行数）"))
    fills = _fills(name, spec.get("fills"), kind, _where(spec, "fills"), problems)
    keywords = _words(spec, "keywords", problems)
    if len(problems) > before:
        return None
    return FieldType(
        name=name,
        label=str(spec["label"]),
        keywords=keywords or (str(spec["label"]),),
        pattern=pattern,
        kind=kind,
        lines=int(lines),
        fills=fills,
    )


def _fills(name: str, fills: Any, kind: str, where: Location | None, problems: list[Problem]) -> dict[str, str]:
    if fills is None:
        return {}
    if isinstance(fills, str):
        return {fills: ""}
    if not isinstance(fills, dict):
        problems.append(Problem(where, f"字段 {name} 的 fills 应是表单字段，或“表单字段: 值的部分”的映射"))
        return {}
    result = {str(k): str(v or "") for k, v in fills.items()}
    for target, part in result.items():
        if part and part not in PARTS.get(kind, set()):
            known = "、".join(sorted(PARTS.get(kind, set()))) or "无（整个值）"
            problems.append(
                Problem(
                    location_of(fills.get(target), where), f"字段 {name} 没有“{part}”这一部分（{kind} 的部分：{known}）"
                )
            )
    return result


def _words(body: dict[str, Any], key: str, problems: list[Problem]) -> tuple[str, ...]:
    value = body.get(key)
    if value is None:
        return ()
    if isinstance(value, str) or not isinstance(value, list) or not all(isinstance(w, str) and w for w in value):
        problems.append(Problem(_where(body, key), f"{key} 应是文字的列表，如 [租赁合同, 承租方]"))
        return ()
    return tuple(str(w) for w in value)


def _unknown_keys(body: dict[str, Any], allowed: set[str], what: str, problems: list[Problem]) -> None:
    for key in body:
        if key not in allowed:
            problems.append(Problem(_where(body, key), f"{what}有未知的键“{key}”{suggest(str(key), allowed)}"))


def _where(body: Any, key: Any) -> Location | None:
    return body.where(str(key)) if isinstance(body, yamlio.MDict) else None


@cache
def document_types(folder: Path) -> dict[str, DocumentType]:
    """Every document type of ``mappings/documents``, by name."""
    return {p.stem: load_type(p) for p in sorted(folder.glob("*.yaml"))}


def describe(types: dict[str, DocumentType]) -> list[dict[str, Any]]:
    return [{"name": t.name, "title": t.title, "fields": [f.label for f in t.fields.values()]} for t in types.values()]
