"""办件详情: a 单位参保登记 as the 单位网厅 shows it to a person, from its stored payload.

Keyed like the form (:mod:`demo.hrss.fields`): each section's legend, then the field's label.
Selects show their option label; 行业 the tree select's text (门类/大类/小类); 所在区划 the
cascader's three picks (省, 市, 区县); 参保险种 one group per insurance, named by it, with
参保 (ticked or not) and 参保日期 ("" when unticked: the disabled date is not posted).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from demo.core import Submission, Upload
from demo.hrss import codes, fields, industry, regions


def _text(p: dict[str, Any], name: str) -> str:
    value = p.get(name, "")
    if isinstance(value, list):
        value = value[-1] if value else ""
    return str(value).strip()


def _value(field: fields.Field, p: dict[str, Any]) -> str | list[str]:
    value = _text(p, field.name)
    if field.kind == "select":
        return field.options.get(value, value)
    if field.kind == "tree":
        leaf = industry.LEAVES.get(value)
        return "/".join(leaf.path) if leaf else value
    if field.kind == "cascader":
        return list(regions.districts().get(value, ()))
    return value


def shown(submission: Submission, uploads: Sequence[Upload]) -> dict[str, Any]:
    """The registration as its 办件详情 page shows it (see the module docstring)."""
    p = submission.payload
    raw = p.get(fields.INSURANCE, [])
    ticked = {str(c) for c in (raw if isinstance(raw, list) else [raw])}
    return {
        **{s.title: {f.label: _value(f, p) for f in s.fields} for s in fields.SECTIONS},
        "参保险种": {
            label: {"参保": code in ticked, "参保日期": _text(p, fields.date_name(code)) if code in ticked else ""}
            for code, label in codes.AAE140.items()
        },
    }
