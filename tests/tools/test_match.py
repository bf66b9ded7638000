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
