"""The bank's field checks: ID numbers (GB 11643), mobile numbers, names, share ratios.

The demo keeps its own validators rather than sharing the bot's, so a bug on one side
cannot hide the same bug on the other.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from demo.core import idcard

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_NAME = re.compile(r"^[\u4e00-\u9fa5·]{2,20}$")
_RATIO = re.compile(r"^\d{1,3}(\.\d{1,2})?$")


def id_number_ok(text: str) -> bool:
    """An 18-digit 居民身份证号码 with a valid birth date and check digit."""
    return idcard.is_valid(text)


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
