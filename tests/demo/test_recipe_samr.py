"""recipes/samr-registration.yaml files the example on the demo 市场监管局 wizard: captcha hand-off, six steps,
a div dropdown, a cascader, a tag picker, shareholder rows and a 承诺书 that must be scrolled to its end.

Every stored field must equal what the mapping computed, in the portal's own input names and
codes (the tables below are the portal's, from docs/portals.md).
"""

from __future__ import annotations

import copy
import secrets as pysecrets
from pathlib import Path
from typing import Any

import pytest

from bot.form.application import Application, validate
from bot.mapping.bundle import Bundle
from bot.recipe.runner import Question
from demo.launcher import PortalsProcess
from demo.testing import AdminClient
from tests.demo.recipe_support import file_with_recipe
from tests.support import EXAMPLES, TODAY

pytestmark = pytest.mark.browser
ITEM = "samr-registration"
INVESTORS = "股东（发起人）"

# The portal's codes for the option labels it shows (docs/portals.md).
CODES: dict[str, dict[str, str]] = {
    "企业类型": {"有限责任公司（自然人投资或控股）": "1130", "有限责任公司（自然人独资）": "1151"},
    "经营期限": {"长期": "1"},
    "证件类型": {"居民身份证": "10"},
    "出资方式": {"货币": "1", "实物": "2", "知识产权": "3", "土地使用权": "4"},
    "职务": {"执行董事": "02", "董事长": "01", "经理": "03"},
    "执照领取方式": {"电子营业执照": "1", "邮寄纸质执照": "2"},
}
DISTRICTS = {("福建省", "漳州市", "芗城区"): "350602"}
NAMES = {
    ("名称", "企业名称"): "entName",
    ("名称", "行政区划"): "nameDistrict",
    ("名称", "字号"): "entTra",
    ("名称", "行业表述"): "tradeTerm",
    ("名称", "组织形式"): "orgForm",
    ("基本信息", "企业类型"): "entType",
    ("基本信息", "住所"): "domAreaCode",
    ("基本信息", "详细地址"): "domDetail",
    ("基本信息", "生产经营地同住所"): "proLocSame",
    ("基本信息", "生产经营地址"): "proLoc",
    ("基本信息", "邮政编码"): "postalCode",
    ("基本信息", "联系电话"): "tel",
    ("基本信息", "注册资本（万元）"): "regCap",
    ("基本信息", "经营期限"): "opTermType",
    ("基本信息", "经营范围"): "busScope",
    ("基本信息", "从业人数"): "empNum",
    ("基本信息", "执照副本数"): "copyNum",
    (INVESTORS, "股东名称"): "invName",
    (INVESTORS, "证件类型"): "invCerType",
    (INVESTORS, "证件号码"): "invCerNo",
    (INVESTORS, "认缴出资额（万元）"): "subConAm",
    (INVESTORS, "出资方式"): "conForm",
    (INVESTORS, "认缴出资期限"): "subConDate",
    ("法定代表人", "姓名"): "lerepName",
    ("法定代表人", "证件类型"): "lerepCerType",
    ("法定代表人", "证件号码"): "lerepCerNo",
    ("法定代表人", "移动电话"): "lerepMobile",
    ("法定代表人", "电子邮箱"): "lerepEmail",
    ("法定代表人", "职务"): "lerepPosition",
    ("监事", "姓名"): "supName",
    ("监事", "证件号码"): "supCerNo",
    ("经理", "姓名"): "mgrName",
    ("经理", "证件号码"): "mgrCerNo",
    ("联络员", "姓名"): "liaName",
    ("联络员", "证件号码"): "liaCerNo",
    ("联络员", "移动电话"): "liaMobile",
    ("联络员", "电子邮箱"): "liaEmail",
    ("财务负责人", "姓名"): "fiName",
    ("财务负责人", "证件号码"): "fiCerNo",
    ("财务负责人", "移动电话"): "fiMobile",
    ("确认", "执照领取方式"): "licenceWay",
    ("确认", "收件地址"): "mailAddr",
    ("确认", "承诺书"): "promise",
}


def posted(group: str, label: str, value: Any) -> dict[str, Any]:
    """One mapped value as the portal posts it: codes for options, a district code for a path,
    "1" for a tick (nothing for no tick), and a fixed 经营期限 as 固定期限 plus its years."""
    name = NAMES[(group, label)]
    if isinstance(value, bool):
        return {name: "1"} if value else {}
    if label == "住所":
        return {name: DISTRICTS[tuple(value)]}
    if label == "经营期限" and value != "长期":
        return {name: "2", "opTermYears": value.removesuffix("年")}
    return {name: CODES[label][value] if label in CODES else value}


def expected_payload(values: dict[str, Any]) -> dict[str, Any]:
    """The mapping's values under the portal's input names; shareholder rows as investors[i].<name>."""
    expected: dict[str, Any] = {}

    def walk(node: dict[str, Any], group: str, prefix: str = "") -> None:
        for label, value in node.items():
            if isinstance(value, dict):
                walk(value, label, prefix)
            else:
                expected.update({prefix + name: v for name, v in posted(group, label, value).items()})

    for group, node in values.items():
        if group == INVESTORS:
            for index, row in enumerate(node):
                walk(row, group, f"investors[{index}].")
        else:
            walk(node, group)
    return expected


@pytest.fixture(params=["example", "fixed-term-by-post-elsewhere"])
def application(
    request: pytest.FixtureRequest,
    bundle: Bundle,
    example_app: Application,
    example_raw: dict[str, Any],
    used_fields: set[str],
) -> Application:
    """The example, and the example with a 20-year term, a paper licence by post and a business address that is not
    the registered one (the recipe's other branches)."""
    if request.param == "example":
        return example_app
    raw = copy.deepcopy(example_raw)
    raw["company"].update(
        term_years=20,
        licence_delivery="mail",
        business_address_same=False,
        business_address="福建省漳州市龙文区蓝田经济开发区朝阳北路 6 号厂房 3 层",
    )
    return validate(bundle.form, raw, base_dir=EXAMPLES, today=TODAY, used=used_fields)


def test_the_recipe_files_exactly_the_mapped_values(
    portals: PortalsProcess,
    clean_portals: dict[str, AdminClient],
    bundle: Bundle,
    application: Application,
    tmp_path: Path,
) -> None:
    samr = clean_portals[ITEM]
    password = pysecrets.token_urlsafe(12)
    samr.create_account(application.values["liaison"]["mobile"], password)
    questions: list[Question] = []

    async def answer(question: Question) -> str:
        questions.append(question)
        return samr.captcha()

    result, mapped = file_with_recipe(
        ITEM,
        url=portals.urls[ITEM],
        bundle=bundle,
        app=application,
        uscc="",  # registration is the filing that brings the USCC
        secrets={"SAMR_PASSWORD": password},
        evidence=tmp_path,
        hand_off=answer,
    )
    [stored] = samr.submissions()
    assert result.outputs == {"receipt_no": stored["receipt_no"]}
    pages = ["名称", "基本信息", "股东（发起人）", "主要人员", "联络员与财务负责人", "确认"]  # one picture per page
    shots = [f"{n:02d}-filled-{page}.jpg" for n, page in enumerate(pages, 1)]
    assert [p.name for p in result.screenshots] == [*shots, "07-before-submit.jpg", "08-receipt.jpg"]
    assert [q.kind for q in questions] == ["captcha"] and questions[0].image  # the clerk is shown the image
    assert stored["payload"] == expected_payload(mapped)
