"""办件详情: a 新办纳税人“套餐” filing as the e-tax bureau shows it to a person, from its payload.

Keyed as the form is grouped: each section's legend (the same sections, in the same order,
as the 确认提交 page lists them), then the field's label, both from :mod:`demo.tax.fields`.
Combo boxes show their option label, 发票种类 the list of ticked labels, the rest as typed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from demo.core import Submission, Upload
from demo.tax.fields import STEPS, Field


def _one(raw: Any) -> str:
    if isinstance(raw, list):
        raw = raw[-1] if raw else ""
    return str(raw).strip()


def _value(field: Field, raw: Any) -> str | list[str]:
    if field.kind == "multi":
        codes = raw if isinstance(raw, list) else [raw] if raw else []
        return [field.options.get(str(c), str(c)) for c in codes]
    value = _one(raw)
    return field.options.get(value, value) if field.kind == "combo" else value


def shown(submission: Submission, uploads: Sequence[Upload]) -> dict[str, Any]:
    """The filing as its 办件详情 page shows it (see the module docstring)."""
    p = submission.payload
    return {
        section.title: {f.label: _value(f, p.get(f.name, "")) for f in section.fields}
        for step in STEPS
        for section in step.sections
    }
