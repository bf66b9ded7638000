"""Distinct synthetic applicants for benchmarks and tests: the example application
(examples/open-company.yaml) under another company name, other people and other numbers.

Application ``n`` has its own trade name, its own people (names and valid GB 11643 ID numbers
that keep each original's real area code, birth date and sex, with another sequence number)
and its own mobile numbers, so that distinct applications never share an idempotency key, a
portal account or an SMS inbox. The same ``n`` always gives the same application.

    from bench.applications import applications
    raws = applications(30)          # 0 … 29
    raws = applications(3, start=6)  # 6, 7, 8
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bot.form.application import load_values

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "open-company.yaml"
FIRST = "云海星青明嘉长锦新瑞安博华恒泰宏"
SECOND = "帆岳河松远禾风程丰和雅盛达源"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"
LIMIT = len(FIRST) * len(SECOND)  # distinct trade names (and < 500 keeps ID sequence numbers distinct)
_WEIGHTS = [pow(2, 17 - i, 11) for i in range(17)]


def applications(count: int, start: int = 0) -> list[dict[str, Any]]:
    return [application(n) for n in range(start, start + count)]


def application(n: int) -> dict[str, Any]:
    if not 0 <= n < LIMIT:
        raise ValueError(f"application number {n} out of 0…{LIMIT - 1}")
    raw: dict[str, Any] = json.loads(json.dumps(load_values(EXAMPLE), default=str))
    raw["company"]["trade_name"] = FIRST[n % len(FIRST)] + SECOND[n // len(FIRST)]
    people: dict[str, str] = {}  # original name or ID number → this applicant's
    for k, (name, number) in enumerate(_people(raw)):
        people.setdefault(name, _name(n, k))
        people.setdefault(number, _id_number(number, n))
    return _replace(_own_phones(raw, n), people)  # type: ignore[no-any-return]


def id_check_char(first17: str) -> str:
    """GB 11643's check character for the first 17 digits."""
    return "10X98765432"[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def _people(raw: dict[str, Any]) -> list[tuple[str, str]]:
    """(name, ID number) of every person in the application, in order, the same person once."""
    found: list[tuple[str, str]] = []
    for section in raw.values():
        for person in section if isinstance(section, list) else [section]:
            if isinstance(person, dict) and "name" in person and "id_number" in person:
                pair = (str(person["name"]), str(person["id_number"]))
                if pair not in found:
                    found.append(pair)
    return found


def _name(n: int, k: int) -> str:
    return SURNAMES[(n + 7 * k) % len(SURNAMES)] + GIVEN[(3 * n + k) % len(GIVEN)] + GIVEN[(n + 5 * k + 1) % len(GIVEN)]


def _id_number(number: str, n: int) -> str:
    """Same area, birth date and sex (the sequence number's parity); another sequence number."""
    sequence = (int(number[14:17]) + 2 * (n + 1)) % 1000
    first17 = f"{number[:14]}{sequence:03d}"
    return first17 + id_check_char(first17)


def _own_phones(node: Any, index: int) -> Any:
    """Each application its own mobile numbers, as distinct applicants have: an SMS code is then
    read from the right phone even when two filings on one portal wait for codes at once."""
    if isinstance(node, dict):
        return {k: _own_phones(v, index) for k, v in node.items()}
    if isinstance(node, list):
        return [_own_phones(v, index) for v in node]
    if isinstance(node, str) and len(node) == 11 and node.isdigit() and node.startswith("1"):
        return node[:7] + f"{(int(node[7:]) + (index + 1) * 7) % 10000:04d}"
    return node


def _replace(node: Any, table: dict[str, str]) -> Any:
    if isinstance(node, dict):
        return {k: _replace(v, table) for k, v in node.items()}
    if isinstance(node, list):
        return [_replace(v, table) for v in node]
    if isinstance(node, str):
        return table.get(node, node)
    return node
