"""The recipe language: a recipe parses into the schema; each mistake is reported at its line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.errors import SpecError
from bot.paths import PROJECT_ROOT
from bot.recipe.loader import load_recipe
from bot.recipe.schema import Recipe
from bot.recipe.verbs.fill_form import FillForm
from bot.recipe.verbs.flow import Within
from bot.recipe.verbs.input import Fill
from bot.recipe.verbs.submit import Submit
from cli import app

VALID = """\
item: psb-seal
start: /login
secrets: [PSB_PASSWORD]
steps:
  - name: 打开备案表单
    goto: /seal/apply
  - within:
      frame: {css: "iframe#form"}
      steps:
        - fill_form: 单位信息
        - fill: {label: 刻章企业, value: "{{ f.刻章企业 }}"}
        - repeat:
            over: "{{ f.印章 }}"
            steps:
              - click: {role: button, name: 添加印章}
              - fill_form: {group: 印章, row: "{{ row }}"}
        - when:
            if: "{{ f.附件.营业执照 }}"
            steps:
              - upload: {label: 营业执照, file: "{{ f.附件.营业执照 }}"}
  - ask: {kind: captcha, question: 请输入图片中的验证码, image: {css: img.captcha}, into: captcha}
  - submit:
      click: {role: button, name: 提交备案}
      receipt:
        filing_no: {label: 备案编号, pattern: "[A-Z0-9]+"}
reconcile:
  steps:
    - goto: /mine
  found: {text: "{{ f.单位信息.单位名称 }}"}
  receipt:
    filing_no: {css: "td.receipt"}
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "psb-seal.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_recipe_parses_into_steps(tmp_path: Path) -> None:
    recipe = load_recipe(write(tmp_path, VALID))
    assert recipe.steps[0].name == "打开备案表单"
    within = recipe.steps[1]
    assert isinstance(within, Within) and within.within.frame is not None
    assert isinstance(within.within.steps[0], FillForm) and within.within.steps[0].fill_form.group == "单位信息"
    assert isinstance(within.within.steps[1], Fill) and within.within.steps[1].fill.label == "刻章企业"
    assert isinstance(recipe.steps[-1], Submit)
    assert recipe.reconcile is not None and "filing_no" in recipe.reconcile.receipt


def test_a_parsed_step_knows_where_it_is_written(tmp_path: Path) -> None:
    path = write(tmp_path, VALID)
    recipe = load_recipe(path)
    within = recipe.steps[1]
    assert isinstance(within, Within)
    assert [(s.where.file, s.where.line) if s.where else None for s in (recipe.steps[0], within)] == [
        (path, 5),
        (path, 7),
    ]
    assert within.within.steps[0].where is not None and within.within.steps[0].where.line == 10
    assert Recipe.model_validate({"item": "x", "start": "/", "steps": [{"goto": "/"}]}).steps[0].where is None


MISTAKES = [
    (
        "  - name: 打开备案表单\n    goto: /seal/apply",
        "  - name: 打开备案表单\n    goot: /seal/apply",
        "未知的动词或键“goot”，是否想写“goto”？",
    ),
    (
        "        - fill_form: 单位信息",
        "        - fill_from: 单位信息",
        "未知的动词或键“fill_from”，是否想写“fill_form”？",
    ),
    ("{label: 刻章企业, value:", "{lable: 刻章企业, value:", "未知的键“lable”，是否想写“label”？"),
    ("kind: captcha,", "kind: capcha,", "“kind”应为 captcha、sms、decision 之一，是否想写“captcha”？"),
    (
        "        filing_no: {label: 备案编号",
        "        filing_no: {nth: 1",
        "定位器需要 label、role、text、placeholder 或 css 之一",
    ),
    ("  - ask:", "  - click: {role: button}\n    ask:", "一个步骤只能有一个动词，这里有 click、ask：请拆成多个步骤"),
    ('value: "{{ f.刻章企业 }}"', 'value: "{{ f.刻章企业 }"', "模板语法错误"),
    (
        '      frame: {css: "iframe#form"}\n      steps:',
        '      frame: {css: "iframe#form"}\n      step:',
        "未知的键“step”，是否想写“steps”？",
    ),
]


@pytest.mark.parametrize(("old", "new", "message"), MISTAKES, ids=[m[2][:20] for m in MISTAKES])
def test_each_mistake_is_reported_at_its_line(tmp_path: Path, old: str, new: str, message: str) -> None:
    assert old in VALID
    text = VALID.replace(old, new, 1)
    line = text[: text.index(new)].count("\n") + 1
    with pytest.raises(SpecError) as caught:
        load_recipe(write(tmp_path, text))
    matching = [p for p in caught.value.problems if message in p.message]
    assert matching, [p.render() for p in caught.value.problems]
    assert matching[0].location is not None
    assert line <= matching[0].location.line <= line + new.count("\n") + 1


def test_an_include_names_an_existing_snippet(tmp_path: Path) -> None:
    (tmp_path / "_shared").mkdir()
    (tmp_path / "_shared" / "sms-login.yaml").write_text("steps: []\n", encoding="utf-8")
    text = VALID.replace("  - name: 打开备案表单", "  - include: {snippet: sms-logn}\n  - name: 打开备案表单")
    with pytest.raises(SpecError, match=r"找不到共用片段 _shared/sms-logn.yaml，是否想写“sms-login”？"):
        load_recipe(write(tmp_path, text))


def test_the_committed_json_schema_is_current() -> None:
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0
    committed = (PROJECT_ROOT / "recipes" / "recipe.schema.json").read_text(encoding="utf-8")
    assert json.loads(result.stdout) == json.loads(committed) == Recipe.model_json_schema()
