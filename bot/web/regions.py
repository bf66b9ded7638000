"""The region cascader's choices (省 / 市 / 区县), from the current GB/T 2260 codes in ``bot.form.identifiers``.

A province is keyed by its two-digit prefix, a city by the four-digit prefix of its first code
(a municipality's 市辖区 and 县 groups are one city, named after the municipality), a district
by its six-digit code: the value the form stores.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from bot.form import identifiers


@dataclass(frozen=True)
class Choice:
    key: str
    name: str


@cache
def _tree() -> dict[Choice, dict[Choice, list[Choice]]]:
    tree: dict[Choice, dict[Choice, list[Choice]]] = {}
    cities_by_name: dict[tuple[str, str], Choice] = {}
    for region in identifiers.county_regions():
        province = Choice(region.code[:2], region.province)
        city = cities_by_name.setdefault((province.key, region.city), Choice(region.code[:4], region.city))
        tree.setdefault(province, {}).setdefault(city, []).append(Choice(region.code, region.district))
    return tree


def provinces() -> list[Choice]:
    return list(_tree())


def cities(province: str) -> list[Choice]:
    return next((list(c) for p, c in _tree().items() if p.key == province), [])


def districts(city: str) -> list[Choice]:
    for cities_ in _tree().values():
        for c, districts_ in cities_.items():
            if c.key == city:
                return districts_
    return []


def path_of(code: str) -> tuple[str, str] | None:
    """The province and city keys a district's code is shown under, or None for an unknown code."""
    for p, cities_ in _tree().items():
        if p.key != code[:2]:
            continue
        for c, districts_ in cities_.items():
            if any(d.key == code for d in districts_):
                return p.key, c.key
    return None
