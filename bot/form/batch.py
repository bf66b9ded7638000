"""Many applications in one file: JSON lines, CSV or XLSX, one application per line or row.

CSV and XLSX headers are the form's field paths (``company.name``), with a row index for
tables (``shareholders.0.name``, ``shareholders.1.name``); empty cells are left out, so
defaults apply. Every row is read, and a broken row is reported by its number without
stopping the others.

What is wrong with the whole file is refused before any row is used (``BadFile``, exit 2, or
``UnreadableFile``, exit 1, naming the file, the line and the column): no application at all,
a header that is not a field path (every bad column listed at once), a column written twice,
a table index that is not 0–``MAX_ROW_INDEX`` in ASCII digits, a section used both as a table
and not, values under a column without a name, text that is not UTF-8 (unless the caller
declares the encoding, e.g. ``gbk`` for a CSV saved by Excel), a spreadsheet that is not one.
A formula cell gives the value Excel computed and saved with it; one without a saved value
is its row's problem.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.errors import BadFile, BotError, Malformed, UnreadableFile
from bot.form.reading import decode, json_value, read_bytes

MAX_BATCH_BYTES = 50 * 1024 * 1024
MAX_ROW_INDEX = 999  # a table's row index in a column name; the form's own max_items is checked later
WHAT = "批量文件"
EXCEL_ERRORS = {"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#SPILL!", "#CALC!"}


@dataclass(frozen=True)
class BatchRow:
    number: int  # the line or row number a person sees in the file (header = 1 for CSV/XLSX)
    values: dict[str, Any] | None
    problem: str | None = None


@dataclass(frozen=True)
class _Cell:
    text: str
    problem: str | None = None  # a formula without a saved value, an error value


@dataclass(frozen=True)
class _Column:
    section: str
    index: int | None  # the table row, for table.N.field
    field: str


def read_batch(path: Path, encoding: str | None = None) -> list[BatchRow]:
    """Every application of the file, a broken one as its row's problem; ``encoding`` for a text file not in UTF-8."""
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        rows = list(_json_lines(path, encoding))
    elif suffix == ".csv":
        rows = list(_table_rows(path, _csv_rows(path, encoding)))
    elif suffix == ".xlsx":
        rows = list(_table_rows(path, _xlsx_rows(path)))
    else:
        raise BotError(f"无法识别批量文件 {path.name}：请用 .jsonl（每行一个 JSON 申请）、.csv 或 .xlsx")
    if not rows:
        raise BadFile(f"{WHAT} {path} 中没有申请：应每行一份申请（CSV、XLSX 的第一行为列名“分区.字段”）")
    return rows


def _text(path: Path, encoding: str | None) -> str:
    return decode(read_bytes(path, WHAT, MAX_BATCH_BYTES), path, WHAT, encoding, option="--encoding")


def _json_lines(path: Path, encoding: str | None) -> Iterator[BatchRow]:
    for number, line in enumerate(_text(path, encoding).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            values = json_value(line, path, number)
        except Malformed as exc:
            yield BatchRow(number, None, exc.message)
            continue
        if isinstance(values, dict):
            yield BatchRow(number, values)
        else:
            yield BatchRow(number, None, "应为一个 JSON 对象（分区: {字段: 值}）")


def _csv_rows(path: Path, encoding: str | None) -> list[list[_Cell]]:
    reader = csv.reader(io.StringIO(_text(path, encoding), newline=""))
    try:
        return [[_Cell(cell) for cell in row] for row in reader]
    except csv.Error as exc:
        raise BadFile(f"{WHAT} {path} 第 {reader.line_num} 行不是有效的 CSV：{exc}") from None


def _xlsx_rows(path: Path) -> list[list[_Cell]]:
    from openpyxl import load_workbook

    read_bytes(path, WHAT, MAX_BATCH_BYTES)  # missing, unreadable or too large: said as for the other kinds
    try:  # openpyxl parses a ZIP of XML written by anyone: whatever it raises means the same thing
        values = load_workbook(path, read_only=True, data_only=True).worksheets[0]
        formulas = load_workbook(path, read_only=True, data_only=False).worksheets[0]
        pairs = list(zip(values.iter_rows(values_only=True), formulas.iter_rows(values_only=True), strict=False))
    except Exception as exc:  # BadZipFile, InvalidFileException, KeyError, XML errors…
        raise UnreadableFile(
            f"{WHAT} {path} 不是有效的 .xlsx 文件（{type(exc).__name__}）：请用 Excel 或 WPS 打开，"
            "另存为“Excel 工作簿（.xlsx）”或“CSV UTF-8（逗号分隔）”后再试"
        ) from None
    return [[_xlsx_cell(v, f) for v, f in zip(row, formula_row, strict=False)] for row, formula_row in pairs]


def _xlsx_cell(value: Any, formula: Any) -> _Cell:
    is_formula = (isinstance(formula, str) and formula.startswith("=")) or type(formula).__name__.endswith("Formula")
    if value is None:
        if is_formula:
            return _Cell("", "是公式，但文件里没有保存计算结果：请在 Excel 中打开并保存，或把公式“选择性粘贴”为数值")
        return _Cell("")
    if isinstance(value, str) and value.strip() in EXCEL_ERRORS:
        return _Cell("", f"是 Excel 的错误值“{value.strip()}”")
    if hasattr(value, "date") and callable(value.date):  # a datetime cell is a date in our forms
        return _Cell(str(value.date().isoformat()))
    if isinstance(value, float) and value.is_integer():
        return _Cell(str(int(value)))
    return _Cell(str(value))


def _column_letter(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _where(number: int) -> str:
    return f"第 {number} 列（{_column_letter(number)}）"


def _header(path: Path, cells: list[_Cell]) -> list[_Column | None]:
    """Each column's field, or None for a column without a name; every bad name is listed at once."""
    problems: list[str] = []
    columns: list[_Column | None] = []
    seen: dict[str, int] = {}
    kinds: dict[str, tuple[bool, str]] = {}  # section → (is a table, the first column that said so)
    for number, cell in enumerate(cells, start=1):
        name = cell.text.strip().lstrip("\ufeff")
        if not name:
            columns.append(None)
            continue
        if name in seen:
            problems.append(f"{_where(number)}“{name}”与{_where(seen[name])}重名：每列只能出现一次")
            columns.append(None)
            continue
        seen[name] = number
        column, problem = _parse_column(name)
        if problem:
            problems.append(f"{_where(number)}“{name}”：{problem}")
        elif column is not None:
            table = column.index is not None
            first = kinds.setdefault(column.section, (table, name))
            if first[0] != table:
                table_name, plain_name = (name, first[1]) if table else (first[1], name)
                problems.append(
                    f"{_where(number)}“{name}”与“{first[1]}”冲突：{column.section} 不能既是表格（{table_name}）"
                    f"又是普通分区（{plain_name}）；表格的列名为 {column.section}.行号.字段"
                )
        columns.append(column if not problem else None)
    if problems:
        raise BadFile(f"{WHAT} {path} 第 1 行（列名）有误：\n" + "\n".join(f"  · {p}" for p in problems))
    return columns


def _parse_column(name: str) -> tuple[_Column | None, str | None]:
    parts = name.split(".")
    if len(parts) == 2 and all(parts):
        return _Column(parts[0], None, parts[1]), None
    if len(parts) == 3 and parts[0] and parts[2]:
        index = parts[1]
        if not (index.isascii() and index.isdigit()):
            return None, "行号应为阿拉伯数字 0、1、2…"
        if int(index) > MAX_ROW_INDEX:
            return None, f"行号 {int(index)} 过大（最多 {MAX_ROW_INDEX}）"
        return _Column(parts[0], int(index), parts[2]), None
    return None, "无法识别的列名：应为 分区.字段 或 表格.行号.字段（如 company.name、shareholders.0.name）"


def _table_rows(path: Path, rows: list[list[_Cell]]) -> Iterator[BatchRow]:
    if not rows:
        return
    columns = _header(path, rows[0])
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.text.strip() or cell.problem for cell in row):
            continue
        nameless = [
            n for n, cell in enumerate(row, start=1) if cell.text.strip() and (n > len(columns) or not columns[n - 1])
        ]
        if nameless:
            raise BadFile(f"{WHAT} {path} 第 {number} 行{_where(nameless[0])}有值，但该列没有列名（第 1 行）")
        problems = [
            f"“{column.section}.{'' if column.index is None else f'{column.index}.'}{column.field}”{cell.problem}"
            for column, cell in zip(columns, row, strict=False)
            if column is not None and cell.problem
        ]
        if problems:
            yield BatchRow(number, None, "；".join(problems))
            continue
        cells = {
            column: cell.text.strip()
            for column, cell in zip(columns, row, strict=False)
            if column and cell.text.strip()
        }
        yield BatchRow(number, _nest(cells))


def _nest(cells: dict[_Column, str]) -> dict[str, Any]:
    """{company.name: …, shareholders.0.name: …} → {"company": {"name": …}, "shareholders": [{"name": …}]}; a table's
    rows keep their order, rows with nothing in them are dropped."""
    nested: dict[str, Any] = {}
    tables: dict[str, dict[int, dict[str, str]]] = {}
    for column, value in cells.items():
        if column.index is None:
            nested.setdefault(column.section, {})[column.field] = value
        else:
            tables.setdefault(column.section, {}).setdefault(column.index, {})[column.field] = value
    for section, table in tables.items():
        nested[section] = [table[index] for index in sorted(table)]
    return nested
