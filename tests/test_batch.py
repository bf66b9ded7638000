"""Reading batch files: one application per line or row, broken rows reported by number (a broken file as a
whole: tests/test_malformed_files.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from bot.errors import BadFile, BotError
from bot.form.batch import read_batch


def test_json_lines_keep_their_line_numbers_and_report_a_broken_line(tmp_path: Path) -> None:
    path = tmp_path / "apps.jsonl"
    path.write_text('{"company": {"name": "甲"}}\n\nnot json\n[1]\n', encoding="utf-8")
    rows = read_batch(path)
    assert [(r.number, r.values) for r in rows][:1] == [(1, {"company": {"name": "甲"}})]
    assert [(r.number, r.problem is not None) for r in rows] == [(1, False), (3, True), (4, True)]


def test_csv_headers_are_field_paths_with_row_indexes_for_tables(tmp_path: Path) -> None:
    path = tmp_path / "apps.csv"
    path.write_text(
        "\ufeffcompany.name,shareholders.0.name,shareholders.1.name,company.employees\n"
        "漳州市甲有限公司,张三,李四,5\n"
        ",,,\n"
        "漳州市乙有限公司,王五,,\n",
        encoding="utf-8",
    )
    rows = read_batch(path)
    assert [r.number for r in rows] == [2, 4]
    assert rows[0].values == {
        "company": {"name": "漳州市甲有限公司", "employees": "5"},
        "shareholders": [{"name": "张三"}, {"name": "李四"}],
    }
    assert rows[1].values == {"company": {"name": "漳州市乙有限公司"}, "shareholders": [{"name": "王五"}]}


def test_a_bad_column_name_refuses_the_file_before_any_row(tmp_path: Path) -> None:
    path = tmp_path / "apps.csv"
    path.write_text("company\n甲\n", encoding="utf-8")
    with pytest.raises(BadFile, match="第 1 列（A）“company”：无法识别的列名"):
        read_batch(path)


def test_xlsx_rows_read_like_csv(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["company.name", "company.employees"])
    sheet.append(["漳州市甲有限公司", 5])
    path = tmp_path / "apps.xlsx"
    book.save(path)
    [row] = read_batch(path)
    assert (row.number, row.values) == (2, {"company": {"name": "漳州市甲有限公司", "employees": "5"}})


def test_an_unknown_kind_of_file_says_which_are_known(tmp_path: Path) -> None:
    path = tmp_path / "apps.txt"
    path.write_text(json.dumps({}), encoding="utf-8")
    with pytest.raises(BotError, match=r"\.jsonl"):
        read_batch(path)
