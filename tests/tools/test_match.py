"""Matching a portal's fields to the form's (bot/inspect/match.py), offline: persons by section or label,
synonyms, types and options; and ``bot check``'s warning for what a scaffold left TODO."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.form.spec import load_form
from bot.inspect.match import THRESHOLD, Matcher, options_map
from bot.inspect.model import Field
from bot.lint import check_project
from tests.support import MAPPINGS

FORM = load_form(MAPPINGS / "form.yaml")


def portal(label: str, section: list[str], kind: str = "input", options: list[str] | None = None) -> Field:
    return Field(1, section, label, "row", kind, None, "", False, options, True)


@pytest.mark.parametrize(
    ("label", "section", "kind", "expected"),
    [
        ("法定代表人姓名", ["主要人员"], "input", "legal_rep.name"),
        ("证件号码", ["经办人信息"], "input", "agent.id_number"),
        ("手机号码", ["财务负责人"], "input", "finance.mobile"),
        ("身份证件号码", ["办税人"], "input", "tax_agent.id_number"),
        ("联系电话", ["联系人"], "input", "liaison.mobile"),
        ("联系电话", ["基本信息"], "input", "company.phone"),
        ("纳税人名称", ["登记信息确认"], "input", "company.name"),
        ("住所", ["企业基本信息"], "cascader", "company.region"),
        ("注册资本", ["企业基本信息"], "number", "company.capital"),
        ("行业分类", ["企业基本信息"], "tree-select", "company.industry"),
        ("经营范围", ["经营信息"], "checkbox", "company.business_scope"),
        ("法定代表人身份证明", ["申请材料"], "upload", "legal_rep.id_scan"),
        ("社保经办人", ["社保登记"], "input", "hr_officer.name"),  # the person alone: the person's name
        ("每月缴存日", ["公积金登记"], "number", "housing_fund.payday"),
    ],
)
def test_a_portal_field_is_matched_to_its_form_field(label: str, section: list[str], kind: str, expected: str) -> None:
    guess = Matcher(FORM).guess(portal(label, section, kind))
    assert guess.path == expected and guess.confidence >= THRESHOLD, guess


def test_a_field_the_form_lacks_stays_unmatched() -> None:
    assert Matcher(FORM).guess(portal("所属园区", ["企业基本信息"], "autocomplete")).confidence < THRESHOLD


def test_a_table_column_is_matched_within_the_forms_table() -> None:
    guess = Matcher(FORM).guess(portal("认缴出资额", ["股东（出资人）信息"], "number"), table="股东（出资人）信息")
    assert guess.path == "shareholders.amount"


def test_enum_options_are_paired_with_the_forms_codes_when_the_portal_words_them_otherwise() -> None:
    spec = FORM.field("tax.report_period")
    assert options_map(["按月报送", "按季报送", "按年报送"], spec) == {
        "monthly": "按月报送",
        "quarterly": "按季报送",
        "yearly": "按年报送",
    }
    assert options_map(["按月", "按季", "按年"], spec) is None  # the same words: the mapping gives .label


def test_check_warns_about_todo_without_failing(tmp_path: Path) -> None:
    mappings, recipes = tmp_path / "mappings", tmp_path / "recipes"
    shutil.copytree(MAPPINGS, mappings)
    shutil.copytree(MAPPINGS.parent / "recipes", recipes)
    text = (mappings / "psb-seal.yaml").read_text(encoding="utf-8")
    first = next(line for line in text.splitlines() if '"{{' in line and ":" in line)
    key = first.split(":")[0]
    (mappings / "psb-seal.yaml").write_text(text.replace(first, f"{key}: TODO  # 未能匹配"), encoding="utf-8")
    report = check_project(mappings, recipes)
    assert report.ok, [p.render() for p in report.problems]
    [warning] = report.warnings
    assert "TODO" in warning.message and warning.location is not None and warning.location.file.name == "psb-seal.yaml"


def test_scaffold_refuses_to_overwrite_an_existing_item_before_opening_a_browser(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from cli import app

    monkeypatch.setenv("BOT_MAPPINGS", str(MAPPINGS))
    result = CliRunner().invoke(app, ["inspect", "http://127.0.0.1:9/", "--scaffold", "psb-seal"])
    assert result.exit_code == 1
    assert "已存在" in result.output and "--force" in result.output


def test_several_choices_typed_into_one_text_box_are_joined_as_a_person_lists_them() -> None:
    from bot.inspect.scaffold import _expression

    scope = FORM.field("company.business_scope")
    typed, _ = _expression("app.company.business_scope", scope, portal("经营范围", ["企业基本信息"], "textarea"))
    picked, _ = _expression("app.company.business_scope", scope, portal("经营范围", ["经营信息"], "multi-select"))
    assert typed == "{{ app.company.business_scope | map(attribute='label') | join('、') }}"
    assert picked == "{{ app.company.business_scope | map(attribute='label') | list }}"


@pytest.mark.parametrize(
    ("path", "field", "expected"),
    [
        ("company.region", portal("城市", ["开户网点"], "combobox", ["漳州市"]), "{{ app.company.region.city }}"),
        ("company.region", portal("所在区县", ["单位信息"], "select", ["芗城区"]), "{{ app.company.region.district }}"),
        ("company.region", portal("住所", ["基本信息"], "cascader"), "{{ app.company.region.names }}"),
        ("company.term_years", portal("经营期限", ["基本信息"], "choice-group", ["长期", "固定期限"]), "TODO"),
        ("housing_fund.first_month", portal("首次缴存年月", ["缴存信息"], "input"), "TODO"),
        ("beneficial_owners.share_percent", portal("持股比例", ["受益所有人"], "input"), "TODO"),
    ],
)
def test_what_the_portal_formats_is_left_to_a_person_and_a_region_list_takes_its_labels_level(
    path: str, field: Field, expected: str
) -> None:
    from bot.inspect.scaffold import _expression

    assert _expression(f"app.{path}", FORM.field(path), field)[0] == expected


def test_a_login_var_holding_a_mapped_fields_value_is_written_as_that_field() -> None:
    from bot.inspect.match import Guess
    from bot.inspect.scaffold import Group, Leaf, login_vars

    mobile = Leaf(
        "移动电话", Guess(FORM.field("liaison.mobile"), 1.0, "联络员·移动电话"), portal("移动电话", ["联络员"])
    )
    pages = [[Group("联络员", [mobile])]]
    known = {"liaison": {"mobile": "13906961234"}}
    variables = {"account": "13906961234", "username": "demo", "password": "x"}
    settled, note = login_vars(variables, pages, known)
    assert settled == {"account": "{{ f.联络员.移动电话 }}", "username": "demo", "password": "x"}
    assert "account 猜作「联络员·移动电话」" in note and "username 照 --var 原样写入" in note and "password" not in note
