"""The last safety net for documents that leave the bot (reports, receipt sheets).

Every value is masked where it is put into a document (``bot.privacy.masking``), but masking works
by pattern. Here the application itself says which numbers are personal (its fields of
type ``id_number`` and ``mobile``), and any of them still present in the finished document
is masked: a new template or a portal message that echoes a number cannot leak it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Set
from typing import Any

from bot.form.spec import FormSpec
from bot.privacy.masking import mask_text

PERSONAL_TYPES = frozenset({"id_number", "mobile"})
MIN_LENGTH = 6  # shorter "numbers" would match inside ordinary text and SVG coordinates


def personal_numbers(form: FormSpec, *values: Mapping[str, Any]) -> set[str]:
    """The ID and mobile numbers in an application's values (raw or validated, tables included)."""
    found: set[str] = set()
    for spec in form.fields():
        if spec.type not in PERSONAL_TYPES:
            continue
        for section_values in values:
            for value in _values_of(section_values.get(spec.section), spec.id):
                text = str(value).strip()
                if text:
                    found |= {text, text.upper(), text.lower()}
    return found


def _values_of(section: Any, name: str) -> Iterator[Any]:
    rows = section if isinstance(section, list) else [section]
    for row in rows:
        if isinstance(row, Mapping) and row.get(name) not in (None, ""):
            yield row[name]


def scrub(text: str, numbers: Set[str]) -> str:
    """``text`` with every listed number masked, longest first.

    Only the listed numbers: masking the whole document by pattern would also mask a
    receipt number or an all-digit USCC that the applicant must be able to read.
    """
    for number in sorted(numbers, key=len, reverse=True):
        if len(number) >= MIN_LENGTH and number in text:
            text = text.replace(number, _masked(number))
    return text


def _masked(number: str) -> str:
    shown = mask_text(number)
    if shown != number:
        return shown
    keep = max(1, len(number) // 4)  # not an ID or mobile by pattern (a foreign number): keep the ends only
    return number[:keep] + "*" * (len(number) - 2 * keep) + number[-keep:]
