"""recipes/hpf-deposit.yaml files the example on the demo 住房公积金 site: SMS and captcha hand-offs,
selects that reload the page, GBK. Every stored field must equal the mapping's value in the portal's codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.form.application import Application
from bot.mapping.bundle import Bundle
from bot.recipe.runner import Question
from demo.launcher import PortalsProcess
from demo.testing import AdminClient
from tests.demo.recipe_support import file_with_recipe, register_example

pytestmark = pytest.mark.browser
ITEM = "hpf-deposit"


def test_the_recipe_files_exactly_the_mapped_values(
    portals: PortalsProcess,
    clean_portals: dict[str, AdminClient],
    bundle: Bundle,
    example_app: Application,
    tmp_path: Path,
) -> None:
    hpf = clean_portals[ITEM]
    uscc = register_example(hpf, example_app)
    agent_phone = example_app.values["agent"]["mobile"]
    asked: list[str] = []

    async def answer(question: Question) -> str:
        asked.append(question.kind)
        return hpf.sms_code(agent_phone) if question.kind == "sms" else hpf.captcha()

    result, mapped = file_with_recipe(
        ITEM,
        url=portals.urls[ITEM],
        bundle=bundle,
        app=example_app,
        uscc=uscc,
        evidence=tmp_path,
        hand_off=answer,
    )
    [stored] = hpf.submissions()
    assert result.outputs == {"fund_account_no": stored["receipt_no"]}
    assert asked == ["sms", "captcha"]
    unit, rep, agent, fund = mapped["单位信息"], mapped["法定代表人"], mapped["经办人"], mapped["缴存信息"]
    expected = {
        "dwmc": unit["单位名称"],
        "tyshxydm": uscc,
        "dwdz": unit["单位地址"],
        "yzbm": unit["邮政编码"],
        "dwxz": "40",
        "lsgx": "90",
        "sheng": "350000",
        "shi": "350600",
        "qx": "350602",
        "frxm": rep["姓名"],
        "frzjhm": rep["证件号码"],
        "jbrxm": agent["姓名"],
        "jbrzjhm": agent["证件号码"],
        "jbrsj": agent["移动电话"],
        "jbrbgdh": agent["办公电话"],
        "jbryx": agent["电子邮箱"],
        "fxr": fund["发薪日"],
        "dwjcbl": fund["单位缴存比例（%）"],
        "grjcbl": fund["个人缴存比例（%）"],
        "scjcny": fund["首次缴存年月"],
        "jcrs": fund["缴存人数"],
        "styh": "04",
    }
    assert {k: v for k, v in stored["payload"].items() if k in expected} == expected
