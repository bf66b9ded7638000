"""Reading the posted wizard steps: plain text values and the 股东 table's indexed rows.

Why indexed names (``investors[3].invName``): rows are added and removed one by one in
the browser, so a row keeps the index it was given; the server orders rows by index.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

Payload = dict[str, Any]
_ROW_KEY = re.compile(r"^investors\[(\d+)\]\.(\w+)$")
INVESTOR_FIELDS = ("invName", "invCerType", "invCerNo", "subConAm", "conForm", "subConDate")


def text(payload: Payload, key: str) -> str:
    """A posted value as stripped text ('' if absent; the last one if posted twice)."""
    value = payload.get(key, "")
    if isinstance(value, list):
        value = value[-1] if value else ""
    return str(value).strip()


def texts(payload: Payload, key: str) -> list[str]:
    """A repeated field (经营范围 tags) as a list of non-empty texts."""
    value = payload.get(key, [])
    items = value if isinstance(value, list) else [value]
    return [str(v).strip() for v in items if str(v).strip()]


def decimal(value: str) -> Decimal | None:
    """A positive-or-zero amount with at most 4 decimal places, else None."""
    try:
        amount = Decimal(value)
    except InvalidOperation:
        return None
    if not amount.is_finite() or amount < 0:
        return None
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -4:
        return None
    return amount


def integer(value: str) -> int | None:
    return int(value) if value.isdigit() else None


@dataclass(frozen=True)
class Investor:
    """One row of the 股东（发起人） table as posted."""

    index: int
    values: dict[str, str]

    def get(self, field: str) -> str:
        return self.values.get(field, "")


def investors(payload: Payload) -> list[Investor]:
    """The table's rows, in index order."""
    rows: dict[int, dict[str, str]] = {}
    for key in payload:
        match = _ROW_KEY.match(key)
        if match:
            rows.setdefault(int(match.group(1)), {})[match.group(2)] = text(payload, key)
    return [Investor(i, rows[i]) for i in sorted(rows)]
