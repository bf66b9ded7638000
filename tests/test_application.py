"""Validation and derivation of an application against mappings/form.yaml."""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from bot.errors import ApplicationInvalid
from bot.form.application import Application, validate
from bot.mapping.bundle import Bundle
from tests.support import EXAMPLES, TODAY


def run(bundle: Bundle, raw: dict[str, Any], used: set[str] | None = None) -> Application:
    return validate(bundle.form, raw, base_dir=EXAMPLES, today=TODAY, used=used)


def errors_of(bundle: Bundle, raw: dict[str, Any], used: set[str] | None = None) -> dict[str, str]:
    with pytest.raises(ApplicationInvalid) as caught:
        run(bundle, raw, used)
    return {e.label: e.message for e in caught.value.errors}


def test_example_is_valid_and_derives_the_company_name(example_app: Application) -> None:
    company = example_app.values["company"]
    assert company["name"] == "漳州市云帆软件科技有限公司"
    assert company["name_region"] == "漳州市"
    assert company["full_address"] == "福建省漳州市芗城区胜利西路 28 号 1203 室"
    assert company["region"].names == ["福建省", "漳州市", "芗城区"]


def test_sex_and_birth_date_come_from_the_id_number(example_app: Application) -> None:
    legal_rep = example_app.values["legal_rep"]
    assert legal_rep["sex"] == "male" and legal_rep["sex"].label == "男"
    assert legal_rep["birth_date"] == dt.date(1985, 3, 12)


def test_capital_is_the_sum_of_contributions_and_shares_are_percentages(example_app: Application) -> None:
    assert example_app.values["company"]["capital"] == Decimal(100)
    assert [r["share_percent"] for r in example_app.values["shareholders"]] == [Decimal(80), Decimal(20)]


def test_injury_risk_class_follows_the_industry(bundle: Bundle, example_raw: dict[str, Any]) -> None:
    raw = copy.deepcopy(example_raw)
    raw["company"]["industry"] = "E4710"  # 住宅房屋建筑
    assert run(bundle, raw).values["company"]["injury_risk_class"] == "六类"


@pytest.mark.parametrize(
    ("amounts", "owners"),
    [
        ([75, 25], ["林志远", "陈晓燕"]),  # 25 % exactly is a beneficial owner
        ([7501, 2499], ["林志远"]),  # 24.99 % is not
        ([80, 20], ["林志远"]),
    ],
)
def test_beneficial_owners_hold_at_least_25_percent(
    bundle: Bundle, example_raw: dict[str, Any], amounts: list[int], owners: list[str]
) -> None:
    raw = copy.deepcopy(example_raw)
    for row, amount in zip(raw["shareholders"], amounts, strict=True):
        row["amount"] = amount
    app = run(bundle, raw)
    assert [o["name"] for o in app.values["beneficial_owners"]] == owners


def test_people_default_to_the_people_the_applicant_named(example_app: Application) -> None:
    values = example_app.values
    assert values["agent"]["name"] == values["liaison"]["name"] == "黄丽娟"
    assert values["invoice_taker"]["id_number"] == values["finance"]["id_number"]
    assert values["manager"]["name"] == values["legal_rep"]["name"]
    assert values["tax_agent"]["mobile"] == values["liaison"]["mobile"]
    assert values["hr_officer"]["department"] == "综合部"
    assert "agent.name" not in example_app.given and "liaison.name" in example_app.given


def test_a_default_can_be_overridden(bundle: Bundle, example_raw: dict[str, Any]) -> None:
    raw = copy.deepcopy(example_raw)
    raw["agent"] = {"name": "周敏", "id_number": "110105197904150031", "mobile": "13700001111"}
    app = run(bundle, raw)
    assert app.values["agent"]["name"] == "周敏"
    assert app.values["tax_agent"]["name"] == "周敏"  # 办税人 defaults to the 经办人
    assert app.values["agent"]["email"] == app.values["liaison"]["email"]  # fields not given still default


def test_dates_default_relative_to_today(example_app: Application) -> None:
    assert example_app.values["bank"]["appointment_date"] == dt.date(2026, 11, 25)  # three working days
    assert example_app.values["social"]["start_date"] == dt.date(2026, 12, 1)
    assert example_app.values["shareholders"][0]["due_date"] == dt.date(2031, 11, 20)


def test_enterprise_type_follows_the_number_of_shareholders(bundle: Bundle, example_raw: dict[str, Any]) -> None:
    raw = copy.deepcopy(example_raw)
    raw["shareholders"] = raw["shareholders"][:1]
    assert run(bundle, raw).values["company"]["type"] == "llc_sole_natural"


def test_every_mistake_is_reported_at_once_with_labels_and_rows(bundle: Bundle, used_fields: set[str]) -> None:
    from bot.form.application import load_values

    raw = load_values(EXAMPLES / "invalid" / "many-mistakes.yaml")
    errors = errors_of(bundle, raw, used_fields)
    assert errors == {
        "企业信息·住所所在地": "“350699”不是现行的行政区划代码",
        "企业信息·邮政编码": "应为6位数字",
        "企业信息·注册资本（万元）": "由系统自动生成，无需填写",
        "企业信息·所属行业": "“I9999”不是可选项，可选：应用软件开发、信息系统集成服务、信息技术咨询服务、"
        "互联网数据服务、其他技术推广服务、社会经济咨询 等 13 项",
        "企业信息·从业人数": "不能小于1",
        "股东（发起人）第2行·证件号码": "校验位不正确，请核对号码是否抄错",
        "股东（发起人）第2行·认缴出资额（万元）": "不能小于0.01",
        "法定代表人·移动电话": "应为11位手机号码，以1开头",
        "法定代表人·电子邮箱": "应为电子邮箱地址，如 name@example.com",
        "监事": "“id_nubmer”不是本表的字段，是否想写“id_number”？",
        "监事·证件号码": "必填，请填写",
        "联络员·证件号码": "地区码“990602”不是有效的行政区划代码",
        "联络员·身份证扫描件": "找不到文件“scans/missing.png”",
        "住房公积金·发薪日": "不能大于31",
    }


def test_missing_required_fields_are_named(bundle: Bundle, used_fields: set[str]) -> None:
    errors = errors_of(bundle, {}, used_fields)
    assert errors["企业信息·字号"] == "必填，请填写"
    assert errors["股东（发起人）"] == "至少填写1行"
    assert errors["法定代表人·证件号码"] == "必填，请填写"
    # Derived and defaulted fields are not blamed for their missing inputs.
    assert not any(label.startswith("经办人") for label in errors)


def test_fields_outside_the_bundle_are_not_required(bundle: Bundle, example_raw: dict[str, Any]) -> None:
    raw = copy.deepcopy(example_raw)
    del raw["bank"]
    used = {f.path for f in bundle.form.fields() if not f.path.startswith("bank.")}
    assert run(bundle, raw, used).values["bank"]["branch"] is None
    assert "银行开户·开户网点" in errors_of(bundle, raw)  # the whole form does need it


@pytest.mark.parametrize(
    ("change", "label", "message"),
    [
        (
            lambda r: r["supervisor"].update(id_number=r["legal_rep"]["id_number"]),
            "监事·证件号码",
            "监事不得由董事、经理或财务负责人兼任",
        ),
        (
            lambda r: r["legal_rep"].update(id_number="350602201001012019"),
            "法定代表人·证件号码",
            "法定代表人须年满18周岁",
        ),
        (
            lambda r: r["shareholders"][0].update(due_date="2032-01-01"),
            "股东（发起人）第1行·认缴出资期限",
            "认缴出资期限不得晚于成立后五年",
        ),
        (
            lambda r: r.setdefault("bank", {}).update(appointment_date="2026-11-28"),
            "银行开户·预约日期",
            "银行网点周末不办理开户预约，请选择工作日",
        ),
        (lambda r: r["shareholders"].append(dict(r["shareholders"][0])), "股东（发起人）", "同一股东不得重复填写"),
        (lambda r: r["company"].update(business_scope=[]), "企业信息·经营范围", "必填，请填写"),
        (lambda r: r["legal_rep"].update(name="Lin Zhiyuan"), "法定代表人·姓名", "应为中文姓名"),
    ],
)
def test_cross_field_checks(bundle: Bundle, example_raw: dict[str, Any], change: Any, label: str, message: str) -> None:
    raw = copy.deepcopy(example_raw)
    change(raw)
    assert errors_of(bundle, raw).get(label) == message


def test_unknown_section_and_table_shape(bundle: Bundle, example_raw: dict[str, Any]) -> None:
    raw = copy.deepcopy(example_raw)
    raw["compnay"] = {}
    raw["shareholders"] = {"name": "林志远"}
    errors = errors_of(bundle, raw)
    assert errors["compnay"] == "不是本表的分区，无法识别，是否想写“company”？"
    assert errors["股东（发起人）"] == "应为表格（每行一组字段）"


def test_labels_of_options_are_accepted_for_codes(bundle: Bundle, example_raw: dict[str, Any]) -> None:
    raw = copy.deepcopy(example_raw)
    raw["company"]["industry"] = "应用软件开发"
    raw["tax"] = {"accounting_standard": "企业会计准则"}
    app = run(bundle, raw)
    assert app.values["company"]["industry"] == "I6513"
    assert app.values["tax"]["accounting_standard"] == "enterprise"


def test_the_pydantic_model_carries_labels(example_app: Application) -> None:
    model = example_app.model
    schema = model.model_json_schema()
    assert schema["$defs"]["Section_legal_rep"]["title"] == "法定代表人"
    assert model.company.name == "漳州市云帆软件科技有限公司"  # type: ignore[attr-defined]
