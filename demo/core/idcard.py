"""居民身份证号码 (GB 11643-1999): the demo portals' check, shared by all six and separate from the bot's.

Checks the length, the province part of the area code, the birth date (a real date,
not in the future) and the ISO 7064 MOD 11-2 check character.
"""

from __future__ import annotations

import re
from datetime import date

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_PROVINCES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82".split()  # noqa: SIM905
)


def birth_date(number: str) -> date | None:
    """The birth date encoded in an 18-digit number, or None if it is not a real date."""
    try:
        return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def is_valid(number: str, today: date | None = None) -> bool:
    """True for a well-formed 18-character resident ID number (lower-case x accepted)."""
    number = number.strip().upper()
    if not re.fullmatch(r"[0-9]{17}[0-9X]", number):
        return False
    if number[:2] not in _PROVINCES:
        return False
    born = birth_date(number)
    if born is None or born.year < 1900 or born > (today or date.today()):
        return False
    total = sum(int(ch) * w for ch, w in zip(number[:17], _WEIGHTS, strict=True))
    return _CHECK[total % 11] == number[17]


def age(number: str, today: date | None = None) -> int:
    """Full years of age on ``today`` (0 if the birth date is unreadable)."""
    born = birth_date(number.strip())
    if born is None:
        return 0
    now = today or date.today()
    return now.year - born.year - ((now.month, now.day) < (born.month, born.day))
