"""coerce(): every field type of form.yaml, with valid and invalid raw values and the exact Chinese messages."""

from __future__ import annotations

import copy
import datetime as dt
import pickle
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from bot.errors import Invalid
from bot.form.fieldtypes import SCALAR_TYPES, Choice, Option, RegionCode, TypeRules, coerce


def spec(type_: str, rules: dict[str, Any] | None = None, options: dict[str, Option] | None = None) -> TypeRules:
    return TypeRules(type_, rules or {}, options or {})


def fails(rules: TypeRules, value: Any, message: str, **kwargs: Any) -> None:
    with pytest.raises(Invalid) as caught:
        coerce(rules, value, **kwargs)
    assert str(caught.value) == message


# One valid and one invalid raw value for every type: the table must cover SCALAR_TYPES exactly.
EXAMPLES: dict[str, tuple[TypeRules, Any, Any, Any, str]] = {
    # type: (spec, valid raw value, its coerced value, invalid raw value, message)
    "text": (spec("text"), " 张三 ", "张三", None, "应为文字"),
    "integer": (spec("integer"), "12", 12, "12.5", "应为整数"),
    "decimal": (spec("decimal"), "12.5", Decimal("12.5"), "12,5", "应为数字"),
    "date": (spec("date"), "2026-03-04", dt.date(2026, 3, 4), "2026-13-01", "应为日期，格式如 2026-01-31"),
    "boolean": (spec("boolean"), "是", True, "也许", "应为“是”或“否”"),
    "enum": (
        spec("enum", options={"m": Option("m", "男"), "f": Option("f", "女")}),
        "男",
        "m",
        "x",
        "“x”不是可选项，可选：男、女",
    ),
    "id_number": (
        spec("id_number"),
        "11010519900307101x",
        "11010519900307101X",
        "110105199003071238",
        "校验位不正确，请核对号码是否抄错",
    ),
    "uscc": (
        spec("uscc"),
        "91110000600037341l",
        "91110000600037341L",
        "91110000600037341M",
        "校验码不正确，请核对代码是否抄错",
    ),
    "mobile": (spec("mobile"), "+86 138 1234 5678", "13812345678", "12812345678", "应为11位手机号码，以1开头"),
    "phone": (
        spec("phone"),
        "0596-2345678",
        "0596-2345678",
        "2345678",
        "应为带区号的固定电话（如 0596-2345678）或11位手机号码",
    ),
    "postcode": (spec("postcode"), "363000", "363000", "36300", "应为6位数字"),
    "region": (spec("region"), "350602", "350602", "350000", "请选择到区（县）一级"),
    "email": (
        spec("email"),
        "zhang@example.com",
        "zhang@example.com",
        "zhang@",
        "应为电子邮箱地址，如 name@example.com",
    ),
    "file": (spec("file", {"extensions": ["pdf"]}), "__tmp__/a.pdf", "__tmp__/a.pdf", "a.exe", "文件类型应为 PDF"),
}


def test_examples_cover_every_scalar_type() -> None:
    assert set(EXAMPLES) == SCALAR_TYPES


@pytest.mark.parametrize("type_", sorted(SCALAR_TYPES))
def test_every_type_accepts_a_valid_value_and_rejects_an_invalid_one(type_: str, tmp_path: Path) -> None:
    rules, good, expected, bad, message = EXAMPLES[type_]
    if type_ == "file":
        (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4")
        good, expected = str(tmp_path / "a.pdf"), str((tmp_path / "a.pdf").resolve())
    assert coerce(rules, good) == expected
    fails(rules, bad, message)


@pytest.mark.parametrize("type_", sorted(SCALAR_TYPES))
@pytest.mark.parametrize("value", [["a"], {"a": 1}])
def test_scalar_types_refuse_lists_and_mappings(type_: str, value: Any) -> None:
    fails(EXAMPLES[type_][0], value, "应为单个值")


# --- text ------------------------------------------------------------------------------------------


NAME = spec(
    "text", {"min_length": 2, "max_length": 4, "pattern": r"^[\u4e00-\u9fa5·]+$", "pattern_message": "应为中文姓名"}
)


def test_text_is_stripped_and_checked() -> None:
    assert coerce(NAME, "  张三丰 ") == "张三丰"
    assert coerce(NAME, "阿·买提") == "阿·买提"


def test_text_length_bounds_count_characters_after_stripping() -> None:
    fails(NAME, " 张 ", "至少2个字")
    fails(NAME, "欧阳张三丰", "最多4个字")
    assert coerce(NAME, "欧阳三丰") == "欧阳三丰"


def test_text_pattern_uses_its_message() -> None:
    fails(NAME, "Zhan", "应为中文姓名")
    fails(NAME, "张 三", "应为中文姓名")


def test_text_pattern_without_message_says_format_is_wrong() -> None:
    fails(spec("text", {"pattern": r"^\d{4}$"}), "12a4", "格式不正确")
    assert coerce(spec("text", {"pattern": r"^\d{4}$"}), "1234") == "1234"


def test_numbers_become_text_but_floats_and_none_do_not() -> None:
    assert coerce(spec("text"), 42) == "42"
    assert coerce(spec("text"), Decimal("4.20")) == "4.20"
    fails(spec("text"), 4.2, "应为文字")
    fails(spec("text"), None, "应为文字")


# --- integer ---------------------------------------------------------------------------------------


STAFF = spec("integer", {"min": 1, "max": 10})


@pytest.mark.parametrize(("value", "expected"), [("5", 5), (5, 5), (" 7 ", 7), (10, 10), (1, 1), (3.0, 3)])
def test_integers(value: Any, expected: int) -> None:
    result = coerce(STAFF, value)
    assert result == expected
    assert type(result) is int


@pytest.mark.parametrize("value", ["12.5", 12.5, "abc", "", True, False, None, "1e1"])
def test_non_integers(value: Any) -> None:
    fails(STAFF, value, "应为整数")


def test_integer_bounds() -> None:
    fails(STAFF, 0, "不能小于1")
    fails(STAFF, "-3", "不能小于1")
    fails(STAFF, 11, "不能大于10")


# --- decimal ---------------------------------------------------------------------------------------


CAPITAL = spec("decimal", {"min": 0.01, "max": 1000000, "decimal_places": 4})


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12.5", Decimal("12.5")),
        (0.1, Decimal("0.1")),  # the float as written, not 0.1000000000000000055…
        (100, Decimal(100)),
        ("1000000", Decimal(1000000)),
        ("0.01", Decimal("0.01")),
        ("3.1416", Decimal("3.1416")),
        ("2.50000", Decimal("2.5")),  # trailing zeros are not decimal places
    ],
)
def test_decimals(value: Any, expected: Decimal) -> None:
    result = coerce(CAPITAL, value)
    assert isinstance(result, Decimal)
    assert result == expected


def test_float_keeps_what_was_written() -> None:
    assert str(coerce(spec("decimal"), 0.1)) == "0.1"
    assert str(coerce(spec("decimal"), 12.5)) == "12.5"


def test_decimal_places() -> None:
    fails(CAPITAL, "3.14159", "最多4位小数")
    fails(spec("decimal", {"decimal_places": 0}), "1.5", "最多0位小数")


def test_decimal_bounds_are_written_plainly() -> None:
    fails(CAPITAL, "0", "不能小于0.01")
    fails(CAPITAL, "-5", "不能小于0.01")
    fails(CAPITAL, "1000000.01", "不能大于1000000")  # not 1E+6
    fails(spec("decimal", {"min": 100}), "99.9", "不能小于100")


@pytest.mark.parametrize("value", ["abc", "12,5", "1,000", "", True, None])
def test_non_numbers(value: Any) -> None:
    fails(spec("decimal"), value, "应为数字")


@pytest.mark.parametrize("value", ["NaN", "inf", "-Infinity"])
def test_infinite_numbers(value: str) -> None:
    fails(spec("decimal"), value, "应为有限的数字")


# --- date --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "2026-03-04",
        "2026-3-4",
        "2026/3/4",
        "2026/03/04",
        "2026.3.4",
        "2026年3月4日",
        "2026年3月4",
        " 2026 年 3 月 4 日 ",
        dt.date(2026, 3, 4),
        dt.datetime(2026, 3, 4),
        "2026-03-04T00:00:00",
    ],
)
def test_dates(value: Any) -> None:
    result = coerce(spec("date"), value)
    assert result == dt.date(2026, 3, 4)
    assert type(result) is dt.date


def test_leap_day() -> None:
    assert coerce(spec("date"), "2024年2月29日") == dt.date(2024, 2, 29)
    fails(spec("date"), "2026年2月29日", "应为日期，格式如 2026-01-31")


@pytest.mark.parametrize(
    "value",
    [
        "2026-02-30",
        "2026/2/30",
        "2026年13月1日",
        "3/4/2026",
        "明天",
        "",
        None,
        # numbers are not dates: pydantic would read them as Unix seconds (86400 → 1970-01-02)
        20260304,
        86400,
        0,
        "86400",
        "20260304",
        1.5,
        True,
    ],
)
def test_non_dates(value: Any) -> None:
    fails(spec("date"), value, "应为日期，格式如 2026-01-31")


def test_a_time_of_day_is_not_a_date() -> None:
    fails(spec("date"), "2026-03-04 10:00", "应为日期，不含时间")
    fails(spec("date"), dt.datetime(2026, 3, 4, 10), "应为日期，不含时间")


# --- boolean ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [True, "是", " 是 ", "true", "True", "YES", "y", "1", 1, "on"])
def test_true(value: Any) -> None:
    assert coerce(spec("boolean"), value) is True


@pytest.mark.parametrize("value", [False, "否", "false", "FALSE", "no", "N", "0", 0, "off"])
def test_false(value: Any) -> None:
    assert coerce(spec("boolean"), value) is False


@pytest.mark.parametrize("value", ["也许", "", "2", 2, None, "不是"])
def test_not_booleans(value: Any) -> None:
    fails(spec("boolean"), value, "应为“是”或“否”")


# --- enum ------------------------------------------------------------------------------------------------


SEALS = {
    "official": Option("official", "单位专用章", {"size": "Φ40"}),
    "finance": Option("finance", "财务专用章", {"size": "Φ38"}),
    "invoice": Option("invoice", "发票专用章", {"size": "40×30"}),
}
SEAL = spec("enum", options=SEALS)


@pytest.mark.parametrize("value", ["official", " official ", "单位专用章", " 单位专用章 "])
def test_enum_by_code_or_label(value: str) -> None:
    choice = coerce(SEAL, value)
    assert isinstance(choice, Choice)
    assert choice == "official"
    assert (choice.code, choice.label, choice.size) == ("official", "单位专用章", "Φ40")


def test_code_wins_over_a_label_spelled_like_another_code() -> None:
    options = {"a": Option("a", "b"), "b": Option("b", "c")}
    assert coerce(spec("enum", options=options), "b").label == "c"


def test_numeric_codes_from_yaml_match_numbers() -> None:
    options = {"1": Option("1", "一类"), "2": Option("2", "二类")}
    assert coerce(spec("enum", options=options), 2).label == "二类"


def test_unknown_enum_value_lists_the_labels() -> None:
    fails(SEAL, "合同专用章", "“合同专用章”不是可选项，可选：单位专用章、财务专用章、发票专用章")
    fails(SEAL, "Official", "“Official”不是可选项，可选：单位专用章、财务专用章、发票专用章")


def test_long_option_lists_are_cut_at_six() -> None:
    options = {str(i): Option(str(i), f"选项{i}") for i in range(1, 10)}
    fails(
        spec("enum", options=options),
        "10",
        "“10”不是可选项，可选：选项1、选项2、选项3、选项4、选项5、选项6 等 9 项",
    )


def test_choice_is_a_string_with_a_label_and_extra_attributes() -> None:
    choice = Choice(SEALS["invoice"])
    assert choice == "invoice" and str(choice) == "invoice" and f"{choice}" == "invoice"
    assert choice.label == "发票专用章"
    assert choice.extra == {"size": "40×30"}
    assert choice.size == "40×30"
    assert {choice: 1}["invoice"] == 1
    with pytest.raises(AttributeError):
        _ = choice.colour
    assert not hasattr(choice, "colour")


@pytest.mark.parametrize("clone", [copy.copy, copy.deepcopy, lambda c: pickle.loads(pickle.dumps(c))])
def test_choice_survives_copy_and_pickle(clone: Any) -> None:
    choice = clone(Choice(SEALS["official"]))
    assert type(choice) is Choice
    assert (choice.code, choice.label, choice.size) == ("official", "单位专用章", "Φ40")


# --- multiple enum ---------------------------------------------------------------------------------------


SCOPE_OPTIONS = {
    "software_dev": Option("software_dev", "软件开发"),
    "it_consulting": Option("it_consulting", "信息技术咨询服务"),
    "tech_services": Option("tech_services", "技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广"),
    "data_processing": Option("data_processing", "数据处理和存储支持服务"),
}
SCOPE = TypeRules("enum", {"min_items": 1, "max_items": 3}, SCOPE_OPTIONS, multiple=True)


def codes(value: Any, rules: TypeRules = SCOPE) -> list[str]:
    result = coerce(rules, value)
    assert all(isinstance(c, Choice) for c in result)
    return [c.code for c in result]


def test_multiple_from_a_list_of_codes_and_labels() -> None:
    assert codes(["software_dev", "信息技术咨询服务"]) == ["software_dev", "it_consulting"]
    assert coerce(SCOPE, ["软件开发"])[0].label == "软件开发"


@pytest.mark.parametrize(
    "value",
    [
        "software_dev,it_consulting",
        "software_dev，it_consulting",
        "software_dev、it_consulting",
        "software_dev; it_consulting",
        "software_dev；it_consulting",
        "software_dev it_consulting",
        " software_dev ,, it_consulting; ",
        "软件开发，信息技术咨询服务",
        "软件开发、it_consulting",
    ],
)
def test_multiple_from_a_separated_string(value: str) -> None:
    assert codes(value) == ["software_dev", "it_consulting"]


def test_a_label_containing_a_separator_stays_whole() -> None:
    long_label = SCOPE_OPTIONS["tech_services"].label
    assert codes(long_label) == ["tech_services"]
    assert codes(f"软件开发，{long_label}") == ["software_dev", "tech_services"]
    assert codes(f"{long_label}、软件开发") == ["tech_services", "software_dev"]
    assert codes(f"软件开发 {long_label} 数据处理和存储支持服务") == [
        "software_dev",
        "tech_services",
        "data_processing",
    ]
    fails(
        SCOPE, "软件开发、技术服务", "“技术服务”不是可选项，可选：" + "、".join(o.label for o in SCOPE_OPTIONS.values())
    )


def test_duplicates_are_refused_even_when_one_is_the_label() -> None:
    fails(SCOPE, ["software_dev", "software_dev"], "有重复的选项")
    fails(SCOPE, "software_dev，软件开发", "有重复的选项")


def test_item_counts() -> None:
    fails(SCOPE, [], "至少选择1项")
    fails(SCOPE, "", "至少选择1项")
    fails(SCOPE, " ，、 ", "至少选择1项")
    fails(SCOPE, list(SCOPE_OPTIONS), "最多选择3项")
    assert len(coerce(SCOPE, list(SCOPE_OPTIONS)[:3])) == 3


def test_multiple_without_rules_allows_none() -> None:
    assert coerce(TypeRules("enum", {}, SCOPE_OPTIONS, multiple=True), []) == []


def test_unknown_item_in_a_multiple() -> None:
    fails(
        SCOPE, ["software_dev", "种植"], "“种植”不是可选项，可选：" + "、".join(o.label for o in SCOPE_OPTIONS.values())
    )


# --- identifiers -------------------------------------------------------------------------------------------


def test_identifier_messages_pass_through() -> None:
    fails(spec("id_number"), "1101051990030712", "应为18位，实际为16位")
    fails(spec("uscc"), "91350602MA31ABCS12", "含有不允许的字符“S”（不使用 I、O、S、V、Z）")
    fails(spec("region"), "350681", "“350681”不是现行的行政区划代码")


def test_identifiers_given_as_numbers() -> None:
    assert coerce(spec("mobile"), 13812345678) == "13812345678"
    assert coerce(spec("postcode"), 363000) == "363000"
    assert coerce(spec("region"), 350602) == "350602"


def test_identifiers_are_plain_strings() -> None:
    for type_ in ("id_number", "uscc", "mobile", "phone", "postcode", "email"):
        rules, good, *_ = EXAMPLES[type_]
        assert type(coerce(rules, good)) is str


@pytest.mark.parametrize(
    ("code", "names", "full_name"),
    [
        ("350602", ["福建省", "漳州市", "芗城区"], "福建省漳州市芗城区"),
        ("110105", ["北京市", "北京市", "朝阳区"], "北京市朝阳区"),
        ("429004", ["湖北省", "湖北省", "仙桃市"], "湖北省仙桃市"),
    ],
)
def test_region_code_knows_its_names(code: str, names: list[str], full_name: str) -> None:
    region = coerce(spec("region"), f" {code} ")
    assert isinstance(region, RegionCode)
    assert region == code and region.code == code
    assert [region.province, region.city, region.district] == names
    assert region.names == names
    assert region.full_name == full_name


# --- email -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["zhang@example.com", " zhang.san+tax@mail.example.com.cn ", "a@b.cn"])
def test_emails(value: str) -> None:
    assert coerce(spec("email"), value) == value.strip()


@pytest.mark.parametrize(
    "value",
    ["zhang", "zhang@", "@example.com", "zhang@example", "zhang@example.c", "zhang san@example.com", "a@b@c.com"],
)
def test_not_emails(value: str) -> None:
    fails(spec("email"), value, "应为电子邮箱地址，如 name@example.com")


# --- file ------------------------------------------------------------------------------------------------------


UPLOAD = spec("file", {"extensions": ["pdf", "jpg", "jpeg", "png"], "max_kb": 5120})


def write(path: Path, size: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x" * size)
    return path


def test_file_relative_to_the_application_file(tmp_path: Path) -> None:
    write(tmp_path / "uploads" / "licence.pdf", 100)
    assert coerce(UPLOAD, "uploads/licence.pdf", base_dir=tmp_path) == str((tmp_path / "uploads/licence.pdf").resolve())


def test_absolute_file_ignores_the_base(tmp_path: Path) -> None:
    photo = write(tmp_path / "a" / "photo.JPG", 100)
    assert coerce(UPLOAD, str(photo), base_dir=tmp_path / "elsewhere") == str(photo.resolve())


def test_file_extension_is_checked_before_existence(tmp_path: Path) -> None:
    fails(UPLOAD, "missing.docx", "文件类型应为 PDF、JPG、JPEG、PNG", base_dir=tmp_path)
    write(tmp_path / "scan", 10)
    fails(UPLOAD, "scan", "文件类型应为 PDF、JPG、JPEG、PNG", base_dir=tmp_path)


def test_missing_file_is_named_as_written(tmp_path: Path) -> None:
    fails(UPLOAD, "uploads/licence.pdf", "找不到文件“uploads/licence.pdf”", base_dir=tmp_path)
    (tmp_path / "folder.pdf").mkdir()
    fails(UPLOAD, "folder.pdf", "找不到文件“folder.pdf”", base_dir=tmp_path)


def test_file_size_limit_in_mb(tmp_path: Path) -> None:
    write(tmp_path / "exact.pdf", 5120 * 1024)
    write(tmp_path / "big.pdf", 5120 * 1024 + 1)
    assert coerce(UPLOAD, "exact.pdf", base_dir=tmp_path)
    fails(UPLOAD, "big.pdf", "文件不能超过 5 MB", base_dir=tmp_path)


@pytest.mark.parametrize(
    ("max_kb", "message"), [(200, "文件不能超过 200 KB"), (1500, "文件不能超过 1500 KB"), (1024, "文件不能超过 1 MB")]
)
def test_file_size_limit_is_stated_exactly(tmp_path: Path, max_kb: int, message: str) -> None:
    write(tmp_path / "f.png", max_kb * 1024 + 1)
    fails(spec("file", {"max_kb": max_kb}), "f.png", message, base_dir=tmp_path)


def test_file_without_rules_takes_any_existing_file(tmp_path: Path) -> None:
    write(tmp_path / "notes.txt", 10_000_000)
    assert coerce(spec("file"), "notes.txt", base_dir=tmp_path).endswith("notes.txt")
