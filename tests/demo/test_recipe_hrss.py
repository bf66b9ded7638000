"""recipes/hrss-insurance.yaml files the example on the demo 单位网厅: captcha hand-off, tree select, cascader.

Every stored field must equal what the mapping computed, in the portal's own codes
(the tables below are the portal's, from docs/portals.md).
"""

from __future__ import annotations

import secrets as pysecrets
from pathlib import Path

import pytest

from bot.errors import StepFailed
from bot.form.application import Application
from bot.mapping.bundle import Bundle
from bot.recipe.runner import Question
from demo.launcher import PortalsProcess
from demo.testing import AdminClient
from tests.demo.recipe_support import file_with_recipe, register_example

pytestmark = pytest.mark.browser
ITEM = "hrss-insurance"
INSURANCE = {
    "企业职工基本养老保险": "110",
    "失业保险": "210",
    "工伤保险": "410",
    "职工基本医疗保险": "310",
    "生育保险": "510",
}


def test_the_recipe_files_exactly_the_mapped_values(
    portals: PortalsProcess,
    clean_portals: dict[str, AdminClient],
    bundle: Bundle,
    example_app: Application,
    tmp_path: Path,
) -> None:
    hrss = clean_portals[ITEM]
    uscc = register_example(hrss, example_app)
    password = pysecrets.token_urlsafe(12)
    hrss.create_account(uscc, password)
    questions: list[Question] = []

    async def answer(question: Question) -> str:
        questions.append(question)
        return hrss.captcha()

    result, mapped = file_with_recipe(
        ITEM,
        url=portals.urls[ITEM],
        bundle=bundle,
        app=example_app,
        uscc=uscc,
        secrets={"HRSS_PASSWORD": password},
        evidence=tmp_path,
        hand_off=answer,
    )
    [stored] = hrss.submissions()
    assert result.outputs == {"social_insurance_no": stored["receipt_no"]}
    assert [q.kind for q in questions] == ["captcha"] and questions[0].image  # the clerk is shown the image

    unit, rep, officer = mapped["单位基本信息"], mapped["法定代表人"], mapped["社保专管员"]
    dates = {f"aae030_{INSURANCE[name]}": row["参保日期"] for name, row in mapped["参保险种"].items() if row["参保"]}
    expected = {
        "aab004": unit["单位名称"],
        "aab998": uscc,
        "aab019": "10",
        "aab022": "6513",
        "aab155": unit["工伤风险类别"],
        "aab021": "90",
        "aab301": "350602",
        "aae006": unit["注册地址"],
        "bae006": unit["办公地址"],
        "aae007": unit["邮政编码"],
        "aae005": unit["单位电话"],
        "aab013": rep["姓名"],
        "aab014": rep["证件号码"],
        "aab015": rep["手机号码"],
        "aae004": officer["姓名"],
        "bae004": officer["证件号码"],
        "aae139": officer["手机号码"],
        "bae010": officer["所在部门"],
        "aae140": [INSURANCE[name] for name, row in mapped["参保险种"].items() if row["参保"]],
        **dates,
    }
    assert {k: v for k, v in stored["payload"].items() if k in expected} == expected


def test_a_mistyped_captcha_fails_at_once_in_the_portals_words_and_nothing_is_sent(
    portals: PortalsProcess,
    clean_portals: dict[str, AdminClient],
    bundle: Bundle,
    example_app: Application,
    tmp_path: Path,
) -> None:
    hrss = clean_portals[ITEM]
    uscc = register_example(hrss, example_app)
    password = pysecrets.token_urlsafe(12)
    hrss.create_account(uscc, password)

    async def mistype(question: Question) -> str:
        return "".join("0" if ch != "0" else "1" for ch in hrss.captcha())  # every character wrong

    with pytest.raises(StepFailed) as failed:  # technical: the engine tries again and asks for a new captcha
        file_with_recipe(
            ITEM,
            url=portals.urls[ITEM],
            bundle=bundle,
            app=example_app,
            uscc=uscc,
            secrets={"HRSS_PASSWORD": password},
            evidence=tmp_path,
            hand_off=mistype,
        )
    assert "门户提示：图形验证码错误" in str(failed.value)  # not "15000 毫秒内没有等到…"
    assert failed.value.screenshot is not None and failed.value.screenshot.exists()
    assert hrss.submissions() == []
