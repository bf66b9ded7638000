"""The bank's field checks: ID numbers (GB 11643), mobile numbers, names, share ratios.

The demo keeps its own validators rather than sharing the bot's, so a bug on one side
cannot hide the same bug on the other.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_NAME = re.compile(r"^[\u4e00-\u9fa5·]{2,20}$")
_RATIO = re.compile(r"^\d{1,3}(\.\d{1,2})?$")


def id_number_ok(text: str) -> bool:
    """An 18-digit 居民身份证号码 with a valid birth date and check digit."""
    s = text.strip().upper()
    if not re.fullmatch(r"\d{17}[\dX]", s):
        return False
    try:
        born = date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
    except ValueError:
        return False
    if born.year < 1900 or born > date.today():
        return False
    total = sum(int(c) * w for c, w in zip(s[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == s[17]


def mobile_ok(text: str) -> bool:
    return bool(_MOBILE.fullmatch(text.strip()))


def person_name_ok(text: str) -> bool:
    return bool(_NAME.fullmatch(text.strip()))


def ratio(text: str) -> Decimal | None:
    """A 持股比例 (percent, up to two decimals, above 0 and at most 100), or None."""
    s = text.strip()
    if not _RATIO.fullmatch(s):
        return None
    try:
        value = Decimal(s)
    except InvalidOperation:
        return None
    return value if Decimal(0) < value <= Decimal(100) else None


def mask_mobile(text: str) -> str:
    s = text.strip()
    return s[:3] + "****" + s[-4:] if len(s) == 11 else "****"
