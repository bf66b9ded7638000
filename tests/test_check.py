"""bot check: mistakes seeded into copies of the recipes and mappings, each reported at its file and line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.lint import check_project
from bot.paths import PROJECT_ROOT
from cli import app

TAX = "recipes/tax-registration.yaml"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(PROJECT_ROOT / "mappings", tmp_path / "mappings")
    shutil.copytree(PROJECT_ROOT / "recipes", tmp_path / "recipes")
    return tmp_path


def seed(path: Path, old: str, new: str) -> int:
    """Replace ``old`` by ``new`` once; return the line where the change starts."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return line


# (file, old, new, message fragment, where it is reported: None for the seeded line, a file for that file,
#  or "@text" for the line where that text is used)
MISTAKES = [
    (
        TAX,
        "  - click: {role: button, name: 下一步}",
        "  - clik: {role: button, name: 下一步}",
        "未知的动词或键“clik”，是否想写“click”？",
        None,
    ),
    (
        "recipes/_shared/tax-login.yaml",
        "  - click: {role: button, name: 登录}",
        "  - clik: {role: button, name: 登录}",
        "未知的动词或键“clik”，是否想写“click”？",
        None,
    ),
    (TAX, "  - fill_form: 领票人", "   - fill_form: 领票人", "YAML 语法错误", None),
    (
        TAX,
        "f.登记信息确认.办税人.身份证件号码",
        "f.登记信息确认.办税人.身份证号码",
        "映射 tax-registration.yaml 中没有字段“登记信息确认/办税人/身份证号码”",
        None,
    ),
    (TAX, '"{{ secrets.TAX_PASSWORD }}"', '"{{ secrets.TAX_PASSWORD }"', "模板语法错误", None),
    (
        TAX,
        "    fill_form: 票种核定",
        "    fill_form: 票种核",
        "映射 tax-registration.yaml 中没有分组“票种核”，是否想写“票种核定”？",
        None,
    ),
    (TAX, "secrets: [TAX_PASSWORD]", "secrets: []", "密钥“TAX_PASSWORD”未在配方的 secrets 中声明", "@{{ secrets."),
    (
        TAX,
        "fill: {label: 统一社会信用代码或纳税人名称,",
        "fill: {lable: 统一社会信用代码或纳税人名称,",
        "未知的键“lable”，是否想写“label”？",
        None,
    ),
    (
        TAX,
        "outputs['samr-registration'].uscc",
        "outputs['samr-registration'].usc",
        "samr-registration 没有输出“usc”，是否想写“uscc”？",
        None,
    ),
    (
        TAX,
        "outputs['samr-registration'].uscc",
        "outputs['hpf-deposit'].fund_account_no",
        "读取 hpf-deposit 的输出，但没有哪件事让 tax-registration needs hpf-deposit",
        None,
    ),
    (
        TAX,
        "  - fill_form: 领票人\n",
        "",
        "映射字段“领票人 / 姓名”没有被配方 tax-registration.yaml 填写",
        "mappings/tax-registration.yaml",
    ),
    (
        "mappings/tax-registration.yaml",
        "options: {monthly: 按月, quarterly: 按季, yearly: 按年}",
        "options: {monthly: 按月, quarterly: 按季}",
        "options 缺少 tax.report_period 的代码：yearly",
        None,
    ),
    (
        "mappings/tax-registration.yaml",
        "app.tax.depreciation",
        "app.tax.depreciaton",
        "未知的tax 的字段“depreciaton”，是否想写“depreciation”？",
        None,
    ),
    (
        TAX,
        "item: tax-registration",
        "item: tax-registraton",
        "item “tax-registraton”应与文件名“tax-registration”一致",
        None,
    ),
]


@pytest.mark.parametrize(("file", "old", "new", "message", "reported_in"), MISTAKES, ids=[m[3][:18] for m in MISTAKES])
def test_each_seeded_mistake_is_reported_with_file_and_line(
    project: Path, file: str, old: str, new: str, message: str, reported_in: str | None
) -> None:
    line = seed(project / file, old, new)
    report = check_project(project / "mappings", project / "recipes")
    assert not report.ok
    matching = [p for p in report.problems if message in p.message]
    assert matching, [p.message for p in report.problems]
    where = matching[0].location
    assert where is not None
    if reported_in is not None and reported_in.startswith("@"):  # reported where this text is used
        text = (project / file).read_text(encoding="utf-8")
        line, reported_in = text[: text.index(reported_in[1:])].count("\n") + 1, None
    assert where.file == project / (reported_in or file)
    if reported_in is None:
        assert abs(where.line - line) <= 1, (where.line, line)


def test_a_recipe_for_an_item_without_a_mapping(project: Path) -> None:
    shutil.copy(project / TAX, project / "recipes" / "land-tax.yaml")
    seed(project / "recipes" / "land-tax.yaml", "item: tax-registration", "item: land-tax")
    report = check_project(project / "mappings", project / "recipes")
    assert any("配方“land-tax”没有对应的映射 mappings/land-tax.yaml" in p.message for p in report.problems)


def test_the_project_itself_passes(project: Path) -> None:
    report = check_project(project / "mappings", project / "recipes")
    assert report.ok, [p.render() for p in report.problems]
    assert {"recipes/tax-registration.yaml", "recipes/samr-registration.yaml"} <= set(report.checked)
    assert "recipes/_shared/tax-login.yaml" in report.checked


def test_an_item_without_a_recipe_is_a_problem(project: Path) -> None:
    (project / "recipes" / "samr-registration.yaml").unlink()
    report = check_project(project / "mappings", project / "recipes")
    message = "事项“samr-registration”没有配方 recipes/samr-registration.yaml：含它的一件事无法办理"
    assert [(p.location.file.name if p.location else None, p.message) for p in report.problems] == [
        ("samr-registration.yaml", message)
    ]


def test_the_command_exits_1_and_speaks_json(project: Path) -> None:
    runner = CliRunner()
    env = {"BOT_MAPPINGS": str(project / "mappings"), "BOT_RECIPES": str(project / "recipes")}
    assert runner.invoke(app, ["check"], env=env).exit_code == 0
    line = seed(project / TAX, "    fill_form: 票种核定", "    fill_form: 票种核")
    result = runner.invoke(app, ["check", "--json"], env=env)
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["ok"] is False
    problem = next(p for p in data["problems"] if "没有分组“票种核”" in p["message"])
    assert problem["file"].endswith(TAX) and problem["line"] == line
