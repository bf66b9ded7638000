"""Chinese identifiers: ID numbers (GB 11643), USCC (GB 32100), phones, postcodes, regions, amounts.

Valid values are built with an algorithm that is not bot.form.identifiers's own where one exists (stdnum's
check digit for ID numbers and digit-first USCCs), so a shared mistake cannot pass unseen.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.cn import ric, uscc

from bot.errors import InvalidIdentifier
from bot.form import identifiers

TODAY = dt.date(2026, 3, 4)


def id_number(body: str) -> str:
    """17 digits + the GB 11643 check digit, computed by stdnum (which expects a placeholder check digit)."""
    assert len(body) == 17
    return body + ric.calc_check_digit(body + "0")


def uscc_code(body: str) -> str:
    return body + identifiers.uscc_check_char(body)


def rejects(check, value: str, message: str, **kwargs: object) -> None:
    with pytest.raises(InvalidIdentifier) as caught:
        check(value, **kwargs)
    assert str(caught.value) == message


# --- resident identity card number ------------------------------------------------------------


@pytest.mark.parametrize(
    "number",
    [
        "110105199003071239",  # 北京市朝阳区
        "350602198808150020",  # 福建省漳州市芗城区
        "350681199405200118",  # 龙海市 (1993–2021), born 1994
        "11010519900307101X",  # check digit X
    ],
)
def test_valid_id_numbers_are_accepted_as_written(number: str) -> None:
    assert identifiers.check_id_number(number, today=TODAY) == number
    assert ric.is_valid(number)  # the reference implementation agrees


def test_id_number_normalises_lowercase_x_and_spaces() -> None:
    assert identifiers.check_id_number(" 110105 19900307 101x ", today=TODAY) == "11010519900307101X"


def test_wrong_check_digit_is_rejected() -> None:
    rejects(identifiers.check_id_number, "110105199003071238", "校验位不正确，请核对号码是否抄错", today=TODAY)
    rejects(identifiers.check_id_number, "110105199003071230", "校验位不正确，请核对号码是否抄错", today=TODAY)


def test_x_is_only_right_where_the_check_digit_is_10() -> None:
    rejects(identifiers.check_id_number, "11010519900307123X", "校验位不正确，请核对号码是否抄错", today=TODAY)


@pytest.mark.parametrize(
    ("value", "length"),
    [("11010519900307123", 17), ("1101051990030712399", 19), ("", 0), ("110105900307123", 15)],
)
def test_wrong_length_names_the_length(value: str, length: int) -> None:
    rejects(identifiers.check_id_number, value, f"应为18位，实际为{length}位", today=TODAY)


@pytest.mark.parametrize(
    "value",
    [
        "11010519900307A239",  # a letter among the first 17
        "X10105199003071239",
        "11010519900307123Y",  # a last character other than a digit or X
        "１１０１０５１９９００３０７１２３９",  # full-width digits
        "110105199003071２39",  # one full-width digit: str.isdigit() says yes, the portal says no
        "11010519900307²239",  # a superscript digit: int() would fail inside the check digit
    ],
)
def test_non_digits_are_rejected(value: str) -> None:
    rejects(identifiers.check_id_number, value, "前17位应为数字，最后一位为数字或字母X", today=TODAY)


def test_impossible_birth_date_is_named() -> None:
    number = id_number("35060219900230123")
    rejects(identifiers.check_id_number, number, "出生日期“19900230”不存在", today=TODAY)
    rejects(identifiers.check_id_number, id_number("35060219901301123"), "出生日期“19901301”不存在", today=TODAY)


def test_future_birth_date_is_unreasonable() -> None:
    tomorrow = id_number("35060220260305123")
    rejects(identifiers.check_id_number, tomorrow, "出生日期“20260305”不合理", today=TODAY)
    # born today is possible (a newborn's ID number)
    assert identifiers.check_id_number(tomorrow, today=dt.date(2026, 3, 5)) == tomorrow


def test_default_today_is_the_real_today() -> None:
    next_year = dt.date.today().year + 1
    number = id_number(f"110105{next_year}0101123")
    rejects(identifiers.check_id_number, number, f"出生日期“{next_year}0101”不合理")


def test_birth_before_1900_is_unreasonable() -> None:
    rejects(identifiers.check_id_number, id_number("11010518991231123"), "出生日期“18991231”不合理", today=TODAY)


def test_unknown_area_code_is_rejected_despite_a_correct_check_digit() -> None:
    number = id_number("99060219900307123")
    assert ric.calc_check_digit(number) == number[-1]
    rejects(identifiers.check_id_number, number, "地区码“990602”不是有效的行政区划代码", today=TODAY)


def test_historical_area_code_valid_at_birth() -> None:
    # 350681 龙海市 existed 1993–2021; it is no longer a current region code, but an ID number keeps it.
    assert identifiers.check_id_number(id_number("35068119940520011"), today=TODAY) == "350681199405200118"
    assert ric.is_valid("350681199405200118")


@pytest.mark.parametrize(
    "body",
    [
        "35060219700101123",  # 芗城区 dates from 1985: numbers issued since then to people born in 1970
        "32010619600101123",  # 南京市鼓楼区 [1983-]
        "42900419800101123",  # 仙桃市 [1994-]
        "35068119920520011",  # 龙海市 [1993-2021], number issued after 1993 to someone born in 1992
    ],
)
def test_area_code_created_after_birth_is_accepted_although_stdnum_rejects_it(body: str) -> None:
    # A number carries the code of the place that issued it, often years after birth (first cards
    # from 1984/85, 18 digits from 1999); stdnum.identifiers.ric wants the code to exist in the birth year.
    number = id_number(body)
    assert not ric.is_valid(number)
    assert identifiers.check_id_number(number, today=TODAY) == number


@pytest.mark.parametrize(
    ("area", "last_year"),
    [
        ("110103", 2010),  # 北京市崇文区 [-2010]
        ("330103", 2021),  # 杭州市下城区 [1983-2021]
        ("350681", 2021),  # 龙海市 [1993-2021]
    ],
)
def test_area_code_abolished_before_birth_is_rejected(area: str, last_year: int) -> None:
    too_late = id_number(f"{area}{last_year + 1}0101123")
    rejects(identifiers.check_id_number, too_late, f"地区码“{area}”已于{last_year}年撤销，早于出生日期", today=TODAY)
    in_time = id_number(f"{area}{last_year}1231123")
    assert identifiers.check_id_number(in_time, today=TODAY) == in_time


def test_a_renamed_code_stays_valid() -> None:
    # 120110: [-1991]东郊区,[1992-]东丽区 — still in use, whatever the birth year
    for year in (1960, 1991, 2020):
        number = id_number(f"120110{year}0101123")
        assert identifiers.check_id_number(number, today=TODAY) == number


def test_sex_and_birth_date_are_derived() -> None:
    male = "110105199003071239"  # 17th digit 3
    female = "350602198808150020"  # 17th digit 2
    assert identifiers.id_sex(male) == "male"
    assert identifiers.id_sex(female) == "female"
    assert identifiers.id_birth_date(male) == dt.date(1990, 3, 7)
    assert identifiers.id_birth_date(female) == dt.date(1988, 8, 15)


@pytest.mark.parametrize("digit", "0123456789")
def test_sex_follows_the_parity_of_the_17th_digit(digit: str) -> None:
    number = id_number(f"1101051990030712{digit}")
    assert identifiers.check_id_number(number, today=TODAY) == number
    assert identifiers.id_sex(number) == ("male" if int(digit) % 2 else "female")


@pytest.mark.parametrize(
    ("day", "age"),
    [
        (dt.date(2026, 3, 6), 35),  # the day before the 36th birthday
        (dt.date(2026, 3, 7), 36),  # the birthday
        (dt.date(2026, 3, 8), 36),
        (dt.date(2026, 1, 1), 35),
        (dt.date(2026, 12, 31), 36),
        (dt.date(1990, 3, 7), 0),
    ],
)
def test_age_on_counts_completed_years(day: dt.date, age: int) -> None:
    assert identifiers.age_on("110105199003071239", day) == age


def test_age_of_someone_born_on_29_february() -> None:
    number = id_number("11010520000229123")
    assert identifiers.id_birth_date(number) == dt.date(2000, 2, 29)
    assert identifiers.age_on(number, dt.date(2018, 2, 28)) == 17
    assert identifiers.age_on(number, dt.date(2018, 3, 1)) == 18
    assert identifiers.age_on(number, dt.date(2020, 2, 29)) == 20


# --- unified social credit code -----------------------------------------------------------------


def test_known_real_uscc_is_accepted() -> None:
    assert identifiers.check_uscc("91110000600037341L") == "91110000600037341L"
    assert uscc.is_valid("91110000600037341L")


def test_digit_first_uscc_agrees_with_stdnum() -> None:
    code = uscc_code("91350602MA31ABCD1")
    assert code == "91350602MA31ABCD12"
    assert uscc.calc_check_digit("91350602MA31ABCD1") == "2"
    assert uscc.is_valid(code)
    assert identifiers.check_uscc(code) == code


def test_uscc_is_normalised() -> None:
    assert identifiers.check_uscc(" 91350602ma31abcd12 ") == "91350602MA31ABCD12"
    assert identifiers.check_uscc("9135 0602 MA31 ABCD 12") == "91350602MA31ABCD12"


@pytest.mark.parametrize(
    "body",
    [
        "A1110000MB0123456",  # A 中央军委改革和编制办公室
        "N2350602MC1234567",  # N 农业
        "Y1110105MD9876543",  # Y 其他
        "Y2350602ABCDEFGHJ",
    ],
)
def test_letter_first_uscc_is_accepted_although_stdnum_rejects_it(body: str) -> None:
    code = uscc_code(body)
    assert not uscc.is_valid(code)  # the reason bot.form.identifiers has its own check (DESIGN.md)
    assert uscc.calc_check_digit(body) == code[-1]  # but the check character is the same
    assert identifiers.check_uscc(code) == code


def test_wrong_uscc_check_char_is_rejected() -> None:
    rejects(identifiers.check_uscc, "91110000600037341M", "校验码不正确，请核对代码是否抄错")
    rejects(identifiers.check_uscc, "91350602MA31ABCD13", "校验码不正确，请核对代码是否抄错")


@pytest.mark.parametrize("letter", "IOSVZ")
def test_forbidden_letters_are_named(letter: str) -> None:
    code = f"91350602MA31ABC{letter}12"
    rejects(identifiers.check_uscc, code, f"含有不允许的字符“{letter}”（不使用 I、O、S、V、Z）")


def test_all_forbidden_characters_are_listed_once_and_sorted() -> None:
    rejects(identifiers.check_uscc, "91350602ZA3OABI-1Z", "含有不允许的字符“-IOZ”（不使用 I、O、S、V、Z）")


@pytest.mark.parametrize("first", "0BCDEFGHJKLMPQRTUWX")
def test_unknown_registration_authority_is_rejected(first: str) -> None:
    code = uscc_code(f"{first}1350602MA31ABCD1")
    rejects(identifiers.check_uscc, code, f"第1位登记管理部门代码“{first}”无效")


@pytest.mark.parametrize("position", range(2, 8))
def test_region_part_must_be_digits(position: int) -> None:
    body = "91350602MA31ABCD1"
    code = uscc_code(body[:position] + "A" + body[position + 1 :])
    rejects(identifiers.check_uscc, code, "第3至8位应为行政区划代码（数字）")
    assert identifiers.check_uscc(uscc_code(body[:position] + "1" + body[position + 1 :]))  # a digit there is fine


@pytest.mark.parametrize(("value", "length"), [("91350602MA31ABCD1", 17), ("91350602MA31ABCD123", 19), ("", 0)])
def test_uscc_wrong_length(value: str, length: int) -> None:
    rejects(identifiers.check_uscc, value, f"应为18位，实际为{length}位")


def test_uscc_check_char_of_all_zeros_is_zero() -> None:
    assert identifiers.uscc_check_char("0" * 17) == "0"
    without_i_o_s_v_z = "".join(c for c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ" if c not in "IOSVZ")
    assert without_i_o_s_v_z == identifiers.USCC_ALPHABET


# --- mobile, landline, postcode ------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["13812345678", " 13812345678 ", "+8613812345678", "+86 138 1234 5678", "138-1234-5678", "+86-138-1234-5678"],
)
def test_mobile_forms_are_normalised(value: str) -> None:
    assert identifiers.check_mobile(value) == "13812345678"


@pytest.mark.parametrize("prefix", ["13", "14", "15", "16", "17", "18", "19"])
def test_all_mobile_prefixes(prefix: str) -> None:
    assert identifiers.check_mobile(prefix + "912345678") == prefix + "912345678"


@pytest.mark.parametrize(
    "value",
    [
        "12812345678",  # 12x is not a mobile prefix
        "10012345678",
        "23812345678",
        "1381234567",  # 10 digits
        "138123456789",  # 12 digits
        "1381234567a",
        "8613812345678",  # country code without +
        "138１２３４５６７８",  # full-width digits
        "",
    ],
)
def test_bad_mobiles_are_rejected(value: str) -> None:
    rejects(identifiers.check_mobile, value, "应为11位手机号码，以1开头")


@pytest.mark.parametrize(
    ("value", "normalised"),
    [
        ("0596-2345678", "0596-2345678"),
        ("010-12345678", "010-12345678"),
        ("01012345678", "01012345678"),
        ("0596-2345678-123", "0596-2345678-123"),
        (" 0596 2345678 ", "05962345678"),
        ("13812345678", "13812345678"),
        ("+86 138-1234-5678", "13812345678"),  # a mobile is accepted as check_mobile accepts it
    ],
)
def test_phones(value: str, normalised: str) -> None:
    assert identifiers.check_phone(value) == normalised


@pytest.mark.parametrize(
    "value",
    [
        "2345678",
        "596-2345678",
        "0596-234567",
        "0596-234567890",
        "0596-2345678-1234567",
        "12812345678",
        "０５９６-2345678",
    ],
)
def test_bad_phones_are_rejected(value: str) -> None:
    rejects(identifiers.check_phone, value, "应为带区号的固定电话（如 0596-2345678）或11位手机号码")


@pytest.mark.parametrize(
    "value",
    [
        "363000",  # 漳州
        "100000",  # 北京
        "850000",  # 拉萨
        "010000",  # 呼和浩特: postcodes of 内蒙古, 山西 and 河北 start with 0
        "030000",  # 太原
        "050000",  # 石家庄
    ],
)
def test_postcodes(value: str) -> None:
    assert identifiers.check_postcode(value) == value
    assert identifiers.check_postcode(f" {value} ") == value


@pytest.mark.parametrize("value", ["36300", "3630000", "96300", "963000", "36300a", "３６３０００", ""])
def test_bad_postcodes_are_rejected(value: str) -> None:
    rejects(identifiers.check_postcode, value, "应为6位数字")


# --- administrative divisions --------------------------------------------------------------------


@pytest.mark.parametrize("code", ["110105", "350602", "350604", "500229", "429004", "659001"])
def test_current_county_level_codes_are_accepted(code: str) -> None:
    assert identifiers.check_region(code) == code
    assert identifiers.check_region(f" {code} ") == code


@pytest.mark.parametrize(
    "code",
    [
        "350681",  # 龙海市, became 龙海区 350604 in 2021
        "330103",  # 杭州市下城区, merged in 2021
        "110103",  # 北京市崇文区, merged in 2010
        "990602",  # never existed
    ],
)
def test_abolished_or_unknown_codes_are_rejected(code: str) -> None:
    rejects(identifiers.check_region, code, f"“{code}”不是现行的行政区划代码")


@pytest.mark.parametrize(
    "code",
    [
        "350000",  # 福建省
        "110000",  # 北京市
        "350600",  # 漳州市
        "110100",  # 北京市市辖区
        "350601",  # 漳州市市辖区: a grouping, not a district anyone lives in
        "429000",  # 湖北省省直辖县级行政单位
    ],
)
def test_province_and_city_level_codes_ask_for_a_county(code: str) -> None:
    rejects(identifiers.check_region, code, "请选择到区（县）一级")


@pytest.mark.parametrize("code", ["35060", "3506021", "35060a", "３５０６０２", ""])
def test_malformed_region_codes(code: str) -> None:
    rejects(identifiers.check_region, code, "应为6位行政区划代码")


@pytest.mark.parametrize(
    ("code", "province", "city", "district", "full_name"),
    [
        ("110105", "北京市", "北京市", "朝阳区", "北京市朝阳区"),
        ("310101", "上海市", "上海市", "黄浦区", "上海市黄浦区"),
        ("500101", "重庆市", "重庆市", "万州区", "重庆市万州区"),
        ("500229", "重庆市", "重庆市", "城口县", "重庆市城口县"),  # under 重庆市's "县" grouping
        ("350602", "福建省", "漳州市", "芗城区", "福建省漳州市芗城区"),
        ("350604", "福建省", "漳州市", "龙海区", "福建省漳州市龙海区"),
        ("429004", "湖北省", "湖北省", "仙桃市", "湖北省仙桃市"),  # 省直辖县级行政单位
        ("659001", "新疆维吾尔自治区", "新疆维吾尔自治区", "石河子市", "新疆维吾尔自治区石河子市"),
    ],
)
def test_region_names(code: str, province: str, city: str, district: str, full_name: str) -> None:
    place = identifiers.region(code)
    assert (place.code, place.province, place.city, place.district) == (code, province, city, district)
    assert place.full_name == full_name


def test_full_name_drops_repeated_and_empty_parts() -> None:
    assert identifiers.Region("x", "北京市", "北京市", "朝阳区").full_name == "北京市朝阳区"
    assert identifiers.Region("x", "福建省", "", "某区").full_name == "福建省某区"
    assert identifiers.Region("x", "福建省", "漳州市", "漳州市").full_name == "福建省漳州市"


def test_current_divisions_hold_names_of_current_codes_only() -> None:
    names = identifiers._current_divisions()
    assert names["350000"] == "福建省"
    assert names["350600"] == "漳州市"
    assert names["350604"] == "龙海区"
    assert "350681" not in names  # 龙海市 [1993-2021]
    assert "110103" not in names  # 崇文区 [-2010]
    assert all(len(code) == 6 and code.isdigit() for code in names)
    assert len([c for c in names if not c.endswith("00")]) > 2800


# --- amounts -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("yuan", "wan"),
    [
        ("1000000", "100"),  # not "1E+2"
        ("500000", "50"),
        ("1000000.00", "100"),
        ("12345", "1.2345"),
        ("10000.5", "1.00005"),
        ("100", "0.01"),
        ("0", "0"),
    ],
)
def test_yuan_to_wan(yuan: str, wan: str) -> None:
    result = identifiers.yuan_to_wan(Decimal(yuan))
    assert result == Decimal(wan)
    assert str(result) == wan


# --- properties ------------------------------------------------------------------------------------


# Every current county-level code: one still in use suits any birth year (see the tests above).
COUNTY_CODES = sorted(code for code in identifiers._current_divisions() if not code.endswith("00"))


@settings(max_examples=60, deadline=None)
@given(
    area=st.sampled_from(COUNTY_CODES),
    birth=st.dates(dt.date(1930, 1, 1), dt.date(2005, 12, 31)),
    sequence=st.integers(0, 999),
    data=st.data(),
)
def test_generated_id_numbers_are_accepted_and_any_changed_digit_is_caught(
    area: str, birth: dt.date, sequence: int, data: st.DataObject
) -> None:
    number = id_number(f"{area}{birth:%Y%m%d}{sequence:03d}")
    assert identifiers.check_id_number(number, today=TODAY) == number
    assert identifiers.id_birth_date(number) == birth
    assert identifiers.id_sex(number) == ("male" if sequence % 2 else "female")

    position = data.draw(st.integers(0, 16), label="position")
    digit = data.draw(st.sampled_from([d for d in "0123456789" if d != number[position]]), label="digit")
    changed = number[:position] + digit + number[position + 1 :]
    with pytest.raises(InvalidIdentifier, match="校验位不正确"):
        identifiers.check_id_number(changed, today=TODAY)


@settings(max_examples=60, deadline=None)
@given(
    authority=st.sampled_from(sorted(identifiers.USCC_AUTHORITIES)),
    kind=st.sampled_from(identifiers.USCC_ALPHABET),
    region=st.text("0123456789", min_size=6, max_size=6),
    organisation=st.text(identifiers.USCC_ALPHABET, min_size=9, max_size=9),
    data=st.data(),
)
def test_generated_usccs_are_accepted_and_any_substitution_is_caught(
    authority: str, kind: str, region: str, organisation: str, data: st.DataObject
) -> None:
    body = authority + kind + region + organisation
    code = uscc_code(body)
    assert identifiers.check_uscc(code) == code
    assert uscc.calc_check_digit(body) == code[-1]  # stdnum's check character, whatever the first character
    if body[:8].isdigit():
        assert uscc.is_valid(code)

    position = data.draw(st.integers(0, 17), label="position")
    char = data.draw(st.sampled_from([c for c in identifiers.USCC_ALPHABET if c != code[position]]), label="char")
    changed = code[:position] + char + code[position + 1 :]
    with pytest.raises(InvalidIdentifier):
        identifiers.check_uscc(changed)
