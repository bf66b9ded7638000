"""Chinese identifiers and the derivations they allow.

Each ``check_*`` function returns the normalised value or raises
:class:`InvalidIdentifier` whose message is Chinese and names no field (the
caller adds the field's label). python-stdnum supplies the ID number algorithm
and the administrative-division table; the USCC check is GB 32100's own,
because ``stdnum.cn.uscc`` rejects valid codes whose first character is a letter.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from stdnum import numdb
from stdnum.cn import ric

from bot import localtime
from bot.errors import InvalidIdentifier

# --- resident identity card number (GB 11643) ---------------------------------------------


_ID_DIGITS = re.compile(r"[0-9]{17}[0-9X]")


def check_id_number(value: str, *, today: dt.date | None = None) -> str:
    number = value.strip().upper().replace(" ", "")
    if len(number) != 18:
        raise InvalidIdentifier(f"应为18位，实际为{len(number)}位")
    if not _ID_DIGITS.fullmatch(number):  # ASCII only: str.isdigit() also admits "１" and "²"
        raise InvalidIdentifier("前17位应为数字，最后一位为数字或字母X")
    if number[17] != ric.calc_check_digit(number):
        raise InvalidIdentifier("校验位不正确，请核对号码是否抄错")
    try:
        birth = ric.get_birth_date(number)
    except Exception:
        raise InvalidIdentifier(f"出生日期“{number[6:14]}”不存在") from None
    if birth > (today or localtime.today()) or birth.year < 1900:
        raise InvalidIdentifier(f"出生日期“{number[6:14]}”不合理")
    ends = _area_last_years(number[:6])
    if not ends:
        raise InvalidIdentifier(f"地区码“{number[:6]}”不是有效的行政区划代码")
    if all(end is not None and end < birth.year for end in ends):
        last = max(end for end in ends if end is not None)
        raise InvalidIdentifier(f"地区码“{number[:6]}”已于{last}年撤销，早于出生日期")
    return number


def _area_last_years(code: str) -> list[int | None]:
    """The last year of each name a code has had in stdnum's table (None: still in use); [] if unknown.

    Not stdnum's rule (``ric.get_birth_place``: the code must exist in the birth year). A number
    gets the code of the place that issues it, which may be years after birth: most people born
    before 1985 in 漳州市芗城区 (350602, since 1985) hold 350602…, and stdnum rejects them all. So
    the code must only have been in use at some time since the birth year.
    """
    info = {k: v for _part, props in numdb.get("cn/loc").info(code) for k, v in props.items()}
    ends: list[int | None] = []
    for name in filter(None, info.get("county", "").split(",")):
        end = name[1:].split("]")[0].split("-")[1] if name.startswith("[") else ""  # "[1993-2021]龙海市"
        ends.append(int(end) if end else None)
    return ends


def id_birth_date(number: str) -> dt.date:
    return dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def id_sex(number: str) -> str:
    """GB 11643: the 17th digit is odd for men and even for women. Returns a form code."""
    return "male" if int(number[16]) % 2 else "female"


def age_on(number: str, day: dt.date) -> int:
    birth = id_birth_date(number)
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


# --- unified social credit code (GB 32100) ---------------------------------------------------

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
# Registration authorities of GB 32100 (1 机构编制, 5 民政, 9 工商, Y 其他 …).
USCC_AUTHORITIES = set("123456789ANY")
_USCC_WEIGHTS = [pow(3, i, 31) for i in range(17)]


def uscc_check_char(first17: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def check_uscc(value: str) -> str:
    code = value.strip().upper().replace(" ", "")
    if len(code) != 18:
        raise InvalidIdentifier(f"应为18位，实际为{len(code)}位")
    bad = sorted({c for c in code if c not in USCC_ALPHABET})
    if bad:
        raise InvalidIdentifier(f"含有不允许的字符“{''.join(bad)}”（不使用 I、O、S、V、Z）")
    if code[0] not in USCC_AUTHORITIES:
        raise InvalidIdentifier(f"第1位登记管理部门代码“{code[0]}”无效")
    if not code[2:8].isdigit():
        raise InvalidIdentifier("第3至8位应为行政区划代码（数字）")
    if code[17] != uscc_check_char(code[:17]):
        raise InvalidIdentifier("校验码不正确，请核对代码是否抄错")
    return code


# --- phones, postcodes ---------------------------------------------------------------------

# [0-9], not \d: \d also matches full-width and other Unicode digits, which portals refuse.
_MOBILE = re.compile(r"1[3-9][0-9]{9}")
_LANDLINE = re.compile(r"0[0-9]{2,3}-?[0-9]{7,8}(-[0-9]{1,6})?")
# First digit 0 is in use: 内蒙古 01–02 (呼和浩特 010000), 山西 03–04 (太原 030000), 河北 05–07 (石家庄 050000).
_POSTCODE = re.compile(r"[0-8][0-9]{5}")


def check_mobile(value: str) -> str:
    number = re.sub(r"[\s-]", "", value.strip())
    if number.startswith("+86"):
        number = number[3:]
    if not _MOBILE.fullmatch(number):
        raise InvalidIdentifier("应为11位手机号码，以1开头")
    return number


def check_phone(value: str) -> str:
    """A landline with area code, or a mobile number (portals accept either as 联系电话)."""
    try:
        return check_mobile(value)  # written as check_mobile accepts it: +86 138-1234-5678
    except InvalidIdentifier:
        pass
    number = value.strip().replace(" ", "")
    if _LANDLINE.fullmatch(number):
        return number
    raise InvalidIdentifier("应为带区号的固定电话（如 0596-2345678）或11位手机号码")


def check_postcode(value: str) -> str:
    code = value.strip()
    if not _POSTCODE.fullmatch(code):
        raise InvalidIdentifier("应为6位数字")
    return code


# --- administrative divisions (GB/T 2260) ----------------------------------------------------


@dataclass(frozen=True)
class Region:
    code: str
    province: str
    city: str
    district: str

    @property
    def full_name(self) -> str:
        parts = [self.province, self.city, self.district]
        return "".join(p for i, p in enumerate(parts) if p and p not in parts[:i])


@cache
def _current_divisions() -> dict[str, str]:
    """Six-digit code → name, for divisions that have not been abolished (stdnum's table)."""
    names: dict[str, str] = {}
    for _len, low, high, props, children in numdb.get("cn/loc").prefixes:
        for prefix in _expand(low, high):
            names[prefix + "0000"] = props.get("province", "")
            for _l2, sub_low, sub_high, sub_props, _c2 in children:
                name = _current_name(sub_props.get("county", ""))
                for sub in _expand(sub_low, sub_high):
                    if name:
                        names[prefix + sub] = name
    return names


def _expand(low: str, high: str) -> list[str]:
    return [str(n).zfill(len(low)) for n in range(int(low), int(high) + 1)]


def _current_name(county: str) -> str | None:
    for candidate in county.split(","):
        if not candidate.startswith("["):
            return candidate
        span, name = candidate[1:].split("]")
        _start, end = span.split("-")
        if not end:
            return name
    return None


# Names of groupings in GB/T 2260 that are not places: no applicant lives in "市辖区", and a county
# directly under its province (仙桃市, 石河子市) or municipality (重庆市城口县) has no city of its own.
# stdnum's table spells them "…行政单位"; the official table "…行政区划".
_NOT_PLACES = frozenset(
    {"", "市辖区", "县", "省直辖县级行政单位", "自治区直辖县级行政单位", "省直辖县级行政区划", "自治区直辖县级行政区划"}
)


def check_region(value: str) -> str:
    code = value.strip()
    if not re.fullmatch(r"[0-9]{6}", code):
        raise InvalidIdentifier("应为6位行政区划代码")
    if code not in _current_divisions():
        raise InvalidIdentifier(f"“{code}”不是现行的行政区划代码")
    # xx00 is a province or a city; xxxx01 "市辖区" is a statistical grouping, not a district.
    if code.endswith("00") or _current_divisions()[code] in _NOT_PLACES:
        raise InvalidIdentifier("请选择到区（县）一级")
    return code


@cache
def county_regions() -> tuple[Region, ...]:
    """Every current county-level division an applicant can choose (what check_region accepts), by code."""
    regions = []
    for code in sorted(_current_divisions()):
        try:
            check_region(code)
        except InvalidIdentifier:
            continue
        regions.append(region(code))
    return tuple(regions)


def region(code: str) -> Region:
    """Province, city and district names of a current county-level code."""
    names = _current_divisions()
    province = names.get(code[:2] + "0000", "")
    city = names.get(code[:4] + "00", "")
    if city in _NOT_PLACES:
        city = province
    return Region(code=code, province=province, city=city, district=names.get(code, ""))


# --- amounts -----------------------------------------------------------------------------------


def yuan_to_wan(amount: Decimal) -> Decimal:
    """Registration forms count capital in 万元 (ten thousand yuan)."""
    wan = (amount / Decimal(10000)).normalize()
    # normalize() writes 100 as 1E+2, which a template would print as such.
    return wan.quantize(Decimal(1)) if wan == wan.to_integral_value() else wan
