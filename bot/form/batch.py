"""Many applications in one file: JSON lines, CSV or XLSX, one application per line or row.

CSV and XLSX headers are the form's field paths (``company.name``), with a row index for
tables (``shareholders.0.name``, ``shareholders.1.name``); empty cells are left out, so
defaults apply. Every row is read, and a broken row is reported by its number without
stopping the others.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.errors import BotError


@dataclass(frozen=True)
class BatchRow:
    number: int  # the line or row number a person sees in the file (header = 1 for CSV/XLSX)
    values: dict[str, Any] | None
    problem: str | None = None


def read_batch(path: Path) -> list[BatchRow]:
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return list(_json_lines(path))
    if suffix == ".csv":
        return list(_table_rows(_csv_rows(path)))
    if suffix == ".xlsx":
        return list(_table_rows(_xlsx_rows(path)))
    raise BotError(f"无法识别批量文件 {path.name}：请用 .jsonl（每行一个 JSON 申请）、.csv 或 .xlsx")


def _json_lines(path: Path) -> Iterator[BatchRow]:
    for number, line in enumerate(_text(path).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            values = json.loads(line)
        except json.JSONDecodeError as exc:
            yield BatchRow(number, None, f"不是有效的 JSON（第 {exc.colno} 列）：{exc.msg}")
            continue
        if isinstance(values, dict):
            yield BatchRow(number, values)
        else:
            yield BatchRow(number, None, "应为一个 JSON 对象（分区: {字段: 值}）")


def _csv_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(_text(path).lstrip("\ufeff").splitlines()))


def _xlsx_rows(path: Path) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(path, read_only=True, data_only=True).worksheets[0]
    except (OSError, KeyError, ValueError) as exc:
        raise BotError(f"无法读取 {path.name}：{exc}") from None
    return [["" if cell is None else _cell(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]


def _cell(value: Any) -> str:
    if hasattr(value, "date") and callable(value.date):  # a datetime cell is a date in our forms
        return str(value.date().isoformat())
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _table_rows(rows: list[list[str]]) -> Iterator[BatchRow]:
    if not rows:
        return
    header = [h.strip() for h in rows[0]]
    for index, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        try:
            yield BatchRow(index, _nest({h: c.strip() for h, c in zip(header, row, strict=False) if h and c.strip()}))
        except BotError as exc:
            yield BatchRow(index, None, str(exc))


def _nest(flat: dict[str, str]) -> dict[str, Any]:
    """{"company.name": …, "shareholders.0.name": …} → {"company": {"name": …}, "shareholders": [{"name": …}]}"""
    nested: dict[str, Any] = {}
    for path, value in flat.items():
        parts = path.split(".")
        if len(parts) == 2:
            nested.setdefault(parts[0], {})[parts[1]] = value
        elif len(parts) == 3 and parts[1].isdigit():
            rows = nested.setdefault(parts[0], [])
            if not isinstance(rows, list):
                raise BotError(f"列“{path}”：{parts[0]} 不是表格")
            while len(rows) <= int(parts[1]):
                rows.append({})
            rows[int(parts[1])][parts[2]] = value
        else:
            raise BotError(f"无法识别的列名“{path}”：应为 分区.字段 或 表格.行号.字段")
    for key, value in nested.items():
        if isinstance(value, list):
            nested[key] = [row for row in value if row]
    return nested


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BotError(f"无法读取批量文件 {path}：{exc}") from None
