"""What documents read → an application's values, never trusting them blindly.

A value fills a form field only when it passed its kind's validator and the form field's own type;
a field the applicant already typed is never overwritten: a different value is a conflict
(``冲突``) shown to both the applicant and the clerk. Each filled field keeps its source
("来自：法定代表人身份证"), which the application's record of documents (``Record``) carries to the
report and the review.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any

from bot.documents.reading import Reading
from bot.errors import Invalid, InvalidIdentifier
from bot.form.fieldtypes import coerce
from bot.form.spec import FormSpec

_ROLE = re.compile(r"^([a-z_]+)(?:\[(\d+)\])?$")


@dataclass
class Filled:
    path: str  # legal_rep.name, shareholders[1].id_number
    label: str
    value: Any
    source: str  # 来自：法定代表人身份证
    document: str  # the file's name


@dataclass
class Conflict:
    path: str
    label: str
    typed: Any
    read: Any
    source: str


@dataclass
class Rejected:
    document: str
    label: str  # the document field's printed caption
    text: str
    reason: str


@dataclass
class Prefill:
    values: dict[str, Any]
    filled: list[Filled] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)

    @property
    def sources(self) -> dict[str, str]:
        return {f.path: f.source for f in self.filled}


def role_label(form: FormSpec, role: str) -> str:
    """``legal_rep`` → 法定代表人; ``shareholders[1]`` → 股东（发起人）第2行."""
    match = _ROLE.match(role)
    if not match or match[1] not in form.sections:
        raise InvalidIdentifier(f"“{role}”不是本表的分区（如 legal_rep、shareholders[0]）")
    label = form.sections[match[1]].label
    return label + (f"第{int(match[2]) + 1}行" if match[2] is not None else "")


def source_of(form: FormSpec, reading: Reading) -> str:
    title = reading.title
    if reading.role:
        short = "身份证" if title.startswith("居民身份证") else title
        return f"来自：{role_label(form, reading.role)}{short}"
    return f"来自：{title}"


def prefill(form: FormSpec, typed: dict[str, Any], readings: list[Reading]) -> Prefill:
    """The typed values with what the documents read filled in where nothing was typed."""
    values = copy.deepcopy(typed)
    result = Prefill(values)
    for reading in readings:
        if reading.type is None:
            continue
        source = source_of(form, reading)
        for spec in reading.type.fields.values():
            read = reading.values.get(spec.name)
            if read is None or not spec.fills:
                continue
            if read.problem:
                result.rejected.append(Rejected(reading.file.name, read.label, read.text, read.problem))
                continue
            for target, part in spec.fills.items():
                path = f"{reading.role}.{target}" if reading.type.person else target
                _fill(form, result, path, read.part(part), source, reading, read.label)
    return result


def _fill(form: FormSpec, result: Prefill, path: str, value: Any, source: str, reading: Reading, caption: str) -> None:
    if value is None:
        return
    container, name, spec_path, row = _slot(result.values, path)
    label = form.label(spec_path, row)
    try:
        checked = coerce(form.field(spec_path).type_rules, value)
    except (Invalid, InvalidIdentifier, ValueError) as exc:
        result.rejected.append(Rejected(reading.file.name, caption, str(value), f"{label}：{exc}"))
        return
    typed = container.get(name)
    if typed not in (None, ""):
        try:
            same = _plain(coerce(form.field(spec_path).type_rules, typed)) == _plain(checked)
        except (Invalid, InvalidIdentifier, ValueError):
            same = False
        if not same:
            result.conflicts.append(Conflict(path, label, typed, value, source))
        return
    container[name] = value
    result.filled.append(Filled(path, label, value, source, reading.file.name))


def _plain(value: Any) -> str:
    """Spaces do not count: 胜利西路 28 号 is 胜利西路28号."""
    return re.sub(r"\s+", "", str(value))


def _slot(values: dict[str, Any], path: str) -> tuple[dict[str, Any], str, str, int | None]:
    """The dict holding a path's value (made when missing), its key, the form's field path and the row."""
    role, _, name = path.rpartition(".")
    match = _ROLE.match(role)
    assert match, path
    section = values.setdefault(match[1], [] if match[2] is not None else {})
    if match[2] is None:
        return section, name, f"{match[1]}.{name}", None
    row = int(match[2])
    while len(section) <= row:
        section.append({})
    return section[row], name, f"{match[1]}.{name}", row
