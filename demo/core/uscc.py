"""统一社会信用代码 (GB 32100-2015) and its embedded 组织机构代码 (GB 11714-1997).

The demo's own implementation, deliberately separate from ``bot/form/identifiers.py``: if both sides
shared one validator, a bug in it would pass every test. Layout of the 18 characters:

* 1: registration authority (``9`` = 工商), 2: type (``1`` = 企业),
* 3–8: region code (e.g. ``110105``), 9–17: organisation code with its own check char,
* 18: check char over the first 17, in the 31-character alphabet below.
"""

from __future__ import annotations

import random

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I O S V Z
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
_USCC_WEIGHTS = [pow(3, i, 31) for i in range(17)]
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def check_char(first17: str) -> str:
    """GB 32100 check character: (31 - Σ value·3^i mod 31) mod 31, as an alphabet char."""
    if len(first17) != 17 or any(ch not in _VALUE for ch in first17):
        raise ValueError("需要17位且仅含统一社会信用代码字符集的字符")
    total = sum(_VALUE[ch] * w for ch, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def _org_value(ch: str) -> int:
    # GB 11714 counts digits as 0–9 and letters A–Z as 10–35 (not the USCC alphabet's values).
    return int(ch) if ch.isdigit() else ord(ch) - ord("A") + 10


def org_check_char(first8: str) -> str:
    """GB 11714 check character of an 8-char organisation code: 11 - Σ mod 11; 10→X, 11→0."""
    if len(first8) != 8 or not all(ch.isdigit() or "A" <= ch <= "Z" for ch in first8):
        raise ValueError("组织机构代码本体需为8位数字或大写字母")
    c = 11 - sum(_org_value(ch) * w for ch, w in zip(first8, _ORG_WEIGHTS, strict=True)) % 11
    return "X" if c == 10 else "0" if c == 11 else str(c)


def is_valid(code: str) -> bool:
    """True when ``code`` has 18 alphabet chars and a correct GB 32100 check character."""
    if len(code) != 18 or any(ch not in _VALUE for ch in code):
        return False
    return check_char(code[:17]) == code[17]


def org_code_ok(code: str) -> bool:
    """True when characters 9–17 of a USCC carry a correct GB 11714 check character."""
    org = code[8:17]
    try:
        return len(org) == 9 and org_check_char(org[:8]) == org[8]
    except ValueError:
        return False


def generate(region: str = "110105", rng: random.Random | None = None) -> str:
    """A realistic enterprise USCC: ``91`` + region + ``MA`` + 6 random chars + checks.

    ``MA`` is how codes issued since 2015 start their organisation part. Only letters
    of the USCC alphabet are drawn, and the GB 11714 check character is 0–9 or X, so
    the whole code stays inside the alphabet.
    """
    if len(region) != 6 or not region.isdigit():
        raise ValueError("行政区划代码需为6位数字")
    rnd = rng or random.SystemRandom()
    body = "MA" + "".join(rnd.choice(ALPHABET) for _ in range(6))
    first17 = "91" + region + body + org_check_char(body)
    return first17 + check_char(first17)
