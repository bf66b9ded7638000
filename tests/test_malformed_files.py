"""Malformed applications and batches are refused with a Chinese message naming the file (and line, row or column)
and a documented exit code, never a traceback, nothing stored: every case issue 19 found, through the commands a
clerk runs (`bot validate`, `bot batch`), and a fuzz test over the readers."""

from __future__ import annotations

import codecs
import io
import json
import re
import shutil
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from typer.testing import CliRunner

from bot.errors import BadFile, BotError, ExitCode, UnreadableFile
from bot.form.application import validate
from bot.form.batch import read_batch
from bot.form.reading import read_values
from bot.mapping.bundle import Bundle
from cli import app
from tests.support import EXAMPLES

runner = CliRunner()
EXAMPLE = (EXAMPLES / "open-company.yaml").read_text(encoding="utf-8")
LAUGH = "a: &a [x,x,x,x,x,x,x,x,x,x]\n" + "".join(
    f"{n}: &{n} [{','.join([f'*{p}'] * 10)}]\n" for p, n in zip("abcde", "bcdef", strict=True)
)


def _xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _zip_of_text() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    return buffer.getvalue()


def _line_of(text: str, needle: str, occurrence: int = 1) -> int:
    starts = [m.start() for m in re.finditer(re.escape(needle), text)]
    return text[: starts[occurrence - 1]].count("\n") + 1


DUPLICATED = EXAMPLE.replace("  employees: 8\n", "  employees: 8\n  employees: 80\n")
GBK_CSV = "company.trade_name,company.employees\n云帆,8\n".encode("gbk")

# name, file name, content, exit code, what the message must say (a regular expression)
APPLICATIONS: list[tuple[str, str, bytes, int, str]] = [
    ("GBK", "a.yaml", EXAMPLE.encode("gbk"), 1, r"a\.yaml 不是 UTF-8.*第 \d+ 行起.*GBK/GB18030.*另存为 UTF-8"),
    ("GB18030", "a.yaml", EXAMPLE.encode("gb18030"), 1, r"GBK/GB18030.*另存为 UTF-8"),
    ("UTF-16 with BOM", "a.yaml", EXAMPLE.encode("utf-16"), 1, r"a\.yaml 是 UTF-16 编码.*另存为 UTF-8"),
    ("UTF-16 without BOM", "a.yaml", "company:\n  trade_name: x\n".encode("utf-16-le"), 1, r"UTF-16"),
    ("UTF-32", "a.json", codecs.BOM_UTF32_LE + "{}".encode("utf-32-le"), 1, r"UTF-32"),
    ("binary", "a.yaml", bytes(range(256)) * 8, 1, r"二进制"),
    ("a spreadsheet renamed", "a.yaml", _xlsx([["x"]]), 1, r"ZIP"),
    ("a PDF renamed", "a.json", b"%PDF-1.4\n\xe2\xe3\xcf\xd3\n", 1, r"PDF"),
    ("missing", "", b"", 1, r"无法读取申请文件"),
    ("20 000 nested [", "a.yaml", b"company: " + b"[" * 20000 + b"]" * 20000, 2, r"a\.yaml:1:\d+：嵌套超过 50 层"),
    ("20 000 nested [ in JSON", "a.json", b'{"c": ' + b"[" * 20000 + b"]" * 20000 + b"}", 2, r"a\.json:1:1：嵌套超过"),
    ("deep indentation", "a.yaml", "".join(f"{' ' * i}k{i}:\n" for i in range(80)).encode(), 2, r"嵌套超过"),
    ("section as a list", "a.yaml", b"company: [x]\n", 2, r"企业信息：应为“字段: 值”的映射"),
    ("section as a word", "a.yaml", b"company: x\nlegal_rep: 5\n", 2, r"法定代表人：应为“字段: 值”的映射"),
    ("table as a mapping", "a.yaml", b"shareholders: {name: x}\n", 2, r"股东（发起人）：应为表格"),
    ("table of words", "a.yaml", b"shareholders: [x, 1]\n", 2, r"股东（发起人）：应为表格"),
    ("a list at the top", "a.yaml", b"- company\n- x\n", 2, r"顶层应为“分区: 字段”的映射.*不是列表"),
    ("a number at the top", "a.json", b"5", 2, r"顶层应为“分区: 字段”的映射"),
    ("empty", "a.yaml", b"", 2, r"a\.yaml 是空的"),
    ("numbers as keys", "a.yaml", b"1: x\ncompany: {2: y}\n", 2, r"1：不是本表的分区.*企业信息：“2”不是本表的字段"),
    (
        "a 5000-digit integer",
        "a.yaml",
        EXAMPLE.replace("employees: 8", "employees: " + "9" * 5000).encode(),
        2,
        r"a\.yaml:13:14：数字过长（5000 位",
    ),
    ("a 5000-digit integer in JSON", "a.json", b'{"company": {"employees": ' + b"9" * 5000 + b"}}", 2, r"数字过长"),
    (
        "a duplicate key",
        "a.yaml",
        DUPLICATED.encode(),
        2,
        rf"a\.yaml:{_line_of(DUPLICATED, 'employees', 2)}:3：重复的键“employees”"
        rf".*第 {_line_of(DUPLICATED, 'employees')} 行已写过",
    ),
    ("a duplicate section", "a.yaml", (EXAMPLE + "company:\n  employees: 80\n").encode(), 2, r"重复的键“company”"),
    (
        "a duplicate key in JSON",
        "a.json",
        b'{"company": {"employees": 8,\n "employees": 80}}',
        2,
        r"a\.json:2:1：重复的键“employees”",
    ),
    ("aliases expanding to millions", "a.yaml", LAUGH.encode(), 2, r"展开别名"),
    ("bad YAML", "a.yaml", b"company: [\n", 2, r"a\.yaml:2:1：YAML 语法错误"),
    ("a tab for indentation", "a.yaml", b"company:\n\ttrade_name: x\n", 2, r"a\.yaml:2:1：YAML 语法错误"),
    ("bad JSON", "a.json", b'{"company":\n  {"x": }}', 2, r"a\.json:2:9：不是有效的 JSON"),
    ("too large", "a.yaml", b"# " + b"x" * (1024 * 1024 + 10) + b"\n", 2, r"过大（1\.0 MB），最多 1\.0 MB"),
]


def _no_traceback(result: object) -> None:
    exception = getattr(result, "exception", None)
    assert exception is None or isinstance(exception, SystemExit), repr(exception)


@pytest.mark.parametrize(("name", "file", "content", "code", "message"), APPLICATIONS, ids=[c[0] for c in APPLICATIONS])
def test_a_malformed_application_is_refused_with_its_file_and_line(
    tmp_path: Path, name: str, file: str, content: bytes, code: int, message: str
) -> None:
    path = tmp_path / (file or "missing.yaml")
    if file:
        path.write_bytes(content)
    started = time.monotonic()
    result = runner.invoke(app, ["validate", str(path), "--bundle", "open-company"])
    _no_traceback(result)
    assert result.exit_code == code, result.stderr
    assert re.search(message, result.stderr, re.S), result.stderr
    assert time.monotonic() - started < 10  # refused early: the 20 000 [ took 26 s to fail before


BATCHES: list[tuple[str, str, bytes, int, str]] = [
    ("an empty CSV", "b.csv", b"", 2, r"b\.csv 中没有申请"),
    ("a CSV of blank lines", "b.csv", b"\n\n", 2, r"没有申请"),
    ("a header and no rows", "b.csv", b"company.trade_name\n,\n", 2, r"没有申请"),
    ("an empty JSON lines file", "b.jsonl", b"\n", 2, r"没有申请"),
    ("an empty workbook", "b.xlsx", _xlsx([]), 2, r"没有申请"),
    (
        "a huge row index",
        "b.csv",
        b"shareholders.99999999.name\nx\n",
        2,
        r"第 1 列（A）.*行号 99999999 过大（最多 999）",
    ),
    (
        "table and not",
        "b.csv",
        b"shareholders.0.name,shareholders.name\nx,y\n",
        2,
        r"第 2 列（B）“shareholders.name”与“shareholders.0.name”冲突",
    ),
    ("superscript digit", "b.csv", "shareholders.².name\nx\n".encode(), 2, r"行号应为阿拉伯数字"),
    ("Arabic-Indic digit", "b.csv", "shareholders.٣.name\nx\n".encode(), 2, r"行号应为阿拉伯数字"),
    ("full-width digit", "b.csv", "shareholders.０.name\nx\n".encode(), 2, r"行号应为阿拉伯数字"),
    (
        "every bad column at once",
        "b.csv",
        b"company,a.b.c.d,x.y\n1,2,3\n",
        2,
        r"第 1 列（A）“company”：无法识别.*第 2 列（B）“a.b.c.d”：无法识别",
    ),
    (
        "a column twice",
        "b.csv",
        b"company.trade_name,company.employees,company.trade_name\na,1,b\n",
        2,
        r"第 3 列（C）“company.trade_name”与第 1 列（A）重名",
    ),
    ("a value without a column", "b.csv", b"company.trade_name,\nx,y\n", 2, r"第 2 行第 2 列（B）有值，但该列没有列名"),
    ("a junk .xlsx", "b.xlsx", b"this is no workbook", 1, r"b\.xlsx 不是有效的 \.xlsx 文件.*另存为"),
    ("a ZIP that is no workbook", "b.xlsx", _zip_of_text(), 1, r"不是有效的 \.xlsx 文件"),
    (
        "a GBK CSV",
        "b.csv",
        GBK_CSV,
        1,
        r"b\.csv 不是 UTF-8 编码的文本（第 2 行起）：看起来是 GBK/GB18030.*另存为.*--encoding gbk",
    ),
    ("a UTF-16 CSV", "b.csv", "company.trade_name\n云帆\n".encode("utf-16"), 1, r"UTF-16"),
    ("a binary JSON lines file", "b.jsonl", b"\x00\x01\x02\x03" * 64, 1, r"二进制"),
    ("a NUL in a CSV", "b.csv", b"company.trade_name\nx\x00y\n", 1, r"不是文本文件（第 2 行起）"),
    (
        "a formula without its value",
        "b.xlsx",
        _xlsx([["company.trade_name", "company.employees"], ["云帆", "=2+3"]]),
        2,
        r"第 2 行未办理：“company.employees”是公式，但文件里没有保存计算结果",
    ),
    (
        "an Excel error value",
        "b.xlsx",
        _xlsx([["company.trade_name", "company.employees"], ["云帆", "#DIV/0!"]]),
        2,
        r"第 2 行未办理：“company.employees”是 Excel 的错误值“#DIV/0!”",
    ),
    (
        "JSON lines: a duplicate key",
        "b.jsonl",
        b'{"company": {"employees": 8, "employees": 80}}\n',
        2,
        r"第 1 行未办理：重复的键“employees”",
    ),
    (
        "JSON lines: a huge integer",
        "b.jsonl",
        b'\n{"company": {"employees": ' + b"9" * 5000 + b"}}\n",
        2,
        r"第 2 行未办理：数字过长",
    ),
    ("JSON lines: deep nesting", "b.jsonl", b"[" * 20000 + b"]" * 20000 + b"\n", 2, r"第 1 行未办理：嵌套超过"),
    ("JSON lines: a section as a list", "b.jsonl", b'{"company": ["x"]}\n', 2, r"第 1 行有 \d+ 处问题.*企业信息：应为"),
    (
        "a row of a wrong shape",
        "b.csv",
        b"company.trade_name,company.employees\n,99999999999999999999999\n",
        2,
        r"第 2 行有 \d+ 处问题",
    ),
]


@pytest.mark.parametrize(("name", "file", "content", "code", "message"), BATCHES, ids=[c[0] for c in BATCHES])
def test_a_malformed_batch_is_refused_with_its_file_and_row(
    tmp_path: Path, name: str, file: str, content: bytes, code: int, message: str
) -> None:
    path = tmp_path / file
    path.write_bytes(content)
    env = {"BOT_VAR": str(tmp_path / "var"), "BOT_BROKER_URL": ""}
    started = time.monotonic()
    result = runner.invoke(app, ["batch", str(path), "--bundle", "open-company"], env=env)
    _no_traceback(result)
    assert result.exit_code == code, result.stderr
    assert re.search(message, result.stderr, re.S), result.stderr
    assert time.monotonic() - started < 10  # the huge row index ran 92 s into a MemoryError before
    if "未办理" not in result.stderr and "处问题" not in result.stderr:  # the whole file refused
        assert not (tmp_path / "var" / "ledger.db").exists()  # before the ledger was even opened


def test_a_gbk_csv_is_read_when_its_encoding_is_declared(tmp_path: Path) -> None:
    path = tmp_path / "b.csv"
    path.write_bytes(GBK_CSV)
    [row] = read_batch(path, "gbk")
    assert row.values == {"company": {"trade_name": "云帆", "employees": "8"}}
    result = runner.invoke(app, ["batch", str(path), "-b", "open-company", "--encoding", "no-such"])
    assert result.exit_code == ExitCode.INVALID and "不认识的编码" in result.output


def test_a_formula_cell_gives_the_value_excel_saved_with_it(tmp_path: Path) -> None:
    path = tmp_path / "b.xlsx"
    path.write_bytes(_xlsx([["company.trade_name", "company.employees"], ["云帆", "=2+3"]]))
    with zipfile.ZipFile(path) as archive:  # what Excel writes: the formula and its last result
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = re.sub(rb"<f>2\+3</f>(<v\s*/>|<v></v>)?", b"<f>2+3</f><v>5</v>", parts[sheet])
    assert b"<v>5</v>" in parts[sheet]
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    [row] = read_batch(path)
    assert row.values == {"company": {"trade_name": "云帆", "employees": "5"}}


# --- fuzzing: whatever the bytes, a BotError with a documented exit code --------------------------------------

SEEDS = [EXAMPLE, json.dumps({"company": {"employees": 8}}), "shareholders:\n  - name: x\n"]


def _mutations() -> st.SearchStrategy[bytes]:
    text = st.sampled_from(SEEDS).flatmap(
        lambda seed: st.tuples(st.integers(0, len(seed)), st.integers(0, 40), st.text(max_size=40)).map(
            lambda cut: (seed[: cut[0]] + cut[2] + seed[cut[0] + cut[1] :]).encode("utf-8", "surrogatepass")
        )
    )
    structured = st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
        lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
        max_leaves=30,
    ).map(lambda value: json.dumps({"company": value, "shareholders": value}, allow_nan=True).encode())
    return text | structured | st.binary(max_size=200)


def _refused_cleanly(action: Callable[[], object]) -> None:
    try:
        action()
    except BotError as exc:
        assert exc.exit_code in (ExitCode.PROJECT, ExitCode.INVALID), type(exc)
        assert str(exc)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=_mutations(), suffix=st.sampled_from([".yaml", ".json"]))
def test_fuzzed_applications_never_raise_anything_but_a_bot_error(
    tmp_path: Path, bundle: Bundle, content: bytes, suffix: str
) -> None:
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(content)
    _refused_cleanly(lambda: validate(bundle.form, read_values(path), base_dir=tmp_path))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    header=st.lists(st.text(alphabet="ab.0129²_ ", max_size=12), min_size=0, max_size=4),
    rows=st.lists(st.lists(st.text(max_size=6), max_size=5), max_size=4),
    suffix=st.sampled_from([".csv", ".jsonl"]),
)
def test_fuzzed_batches_never_raise_anything_but_a_bot_error(
    tmp_path: Path, header: list[str], rows: list[list[str]], suffix: str
) -> None:
    path = tmp_path / f"fuzz{suffix}"
    if suffix == ".csv":
        lines = [",".join(header)] + [",".join(row) for row in rows]
    else:
        lines = [json.dumps(dict(zip(header, row, strict=False))) for row in rows] + header
    path.write_text("\n".join(lines), encoding="utf-8")

    def read() -> None:
        for row in read_batch(path):
            assert (row.values is None) != (row.problem is None)

    _refused_cleanly(read)


def test_bad_file_and_unreadable_file_keep_their_exit_codes() -> None:
    assert BadFile.exit_code == ExitCode.INVALID and UnreadableFile.exit_code == ExitCode.PROJECT


# --- duplicate keys in the project's own YAML ------------------------------------------------------------------

PROJECT_FILES = [
    "mappings/form.yaml",
    "mappings/hpf-deposit.yaml",
    "mappings/bundles/open-company.yaml",
    "recipes/hpf-deposit.yaml",
    "recipes/_shared/hpf-login.yaml",
]


@pytest.mark.parametrize("file", PROJECT_FILES)
def test_a_duplicate_key_in_a_project_file_is_reported_at_its_line(tmp_path: Path, file: str) -> None:
    from bot.lint import check_project
    from bot.paths import PROJECT_ROOT

    for folder in ("mappings", "recipes"):
        shutil.copytree(PROJECT_ROOT / folder, tmp_path / folder)
    path = tmp_path / file
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines) if re.match(r"\s*[a-z_]+: [^\s#|>&*]", line))
    path.write_text("".join(lines[: number + 1] + lines[number : number + 1] + lines[number + 1 :]), encoding="utf-8")
    report = check_project(tmp_path / "mappings", tmp_path / "recipes")
    [problem] = [p for p in report.problems if "重复的键" in p.message]
    assert problem.location is not None
    assert (problem.location.file, problem.location.line) == (path, number + 2)
    assert f"第 {number + 1} 行已写过" in problem.message


def test_a_duplicate_item_in_the_portals_file_is_reported_at_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.errors import SpecError
    from bot.paths import portal_table

    path = tmp_path / "portals.yaml"
    path.write_text("psb-seal: http://a.example\nbank-account: http://b.example\npsb-seal: http://c.example\n")
    monkeypatch.setenv("BOT_PORTALS", str(path))
    with pytest.raises(SpecError, match=r"portals\.yaml:3:1: 重复的键“psb-seal”"):
        portal_table()
