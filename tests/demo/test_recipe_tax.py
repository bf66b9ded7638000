"""recipes/tax-registration.yaml files the example application on the demo 电子税务局 through the runner.

Every stored field must equal what the mapping computed (translated into the
portal's own codes, which only the portal knows: the table below is the portal's).
"""

from __future__ import annotations

import secrets as pysecrets
from pathlib import Path
from typing import Any

import pytest

from bot.form.application import Application
from bot.mapping.bundle import Bundle
from demo.launcher import PortalsProcess
from demo.testing import AdminClient
from tests.demo.recipe_support import file_with_recipe, register_example

pytestmark = pytest.mark.browser
ITEM = "tax-registration"

# The portal's codes for the option labels it shows (docs/portals.md).
CODES = {
    "核算方式": {"独立核算": "1", "非独立核算": "2"},
    "会计制度": {"企业会计准则": "101", "小企业会计准则": "102", "企业会计制度": "103"},
    "低值易耗品摊销方法": {"一次摊销法": "1", "五五摊销法": "2", "分次摊销法": "3"},
    "折旧方法": {"年限平均法": "1", "工作量法": "2", "双倍余额递减法": "3", "年数总和法": "4"},
    "成本核算方法": {"品种法": "1", "分批法": "2", "分步法": "3"},
    "会计报表报送期限": {"按月": "1", "按季": "2", "按年": "4"},
    "单份最高开票限额": {"一万元": "10000", "十万元": "100000", "一百万元": "1000000"},
    "发票种类": {"增值税电子普通发票": "026", "增值税电子专用发票": "028"},
}
NAMES = {
    ("登记信息确认", "纳税人名称"): "nsrmc",
    ("登记信息确认", "生产经营地址"): "scjydz",
    ("登记信息确认", "核算方式"): "hsfs",
    ("登记信息确认", "从业人数"): "cyrs",
    ("财务负责人", "姓名"): "cwfzr_xm",
    ("财务负责人", "身份证件号码"): "cwfzr_sfzjhm",
    ("财务负责人", "移动电话"): "cwfzr_yddh",
    ("办税人", "姓名"): "bsr_xm",
    ("办税人", "身份证件号码"): "bsr_sfzjhm",
    ("办税人", "移动电话"): "bsr_yddh",
    ("财务会计制度备案", "会计制度"): "kjzd",
    ("财务会计制度备案", "低值易耗品摊销方法"): "dzyhptxff",
    ("财务会计制度备案", "折旧方法"): "zjff",
    ("财务会计制度备案", "成本核算方法"): "cbhsff",
    ("财务会计制度备案", "会计报表报送期限"): "kjbbbsqx",
    ("财务会计制度备案", "有效期起"): "yxqq",
    ("票种核定", "发票种类"): "fpzl",
    ("票种核定", "单份最高开票限额"): "dfzgkpxe",
    ("票种核定", "每月最高领用数量"): "myzglysl",
    ("领票人", "姓名"): "lpr_xm",
    ("领票人", "身份证件号码"): "lpr_sfzjhm",
    ("领票人", "移动电话"): "lpr_yddh",
}


def expected_payload(values: dict[str, Any]) -> dict[str, Any]:
    """The mapping's values, as the portal stores them: under its input names, options as its codes."""
    expected: dict[str, Any] = {}

    def walk(node: dict[str, Any], group: str) -> None:
        for label, value in node.items():
            if isinstance(value, dict):
                walk(value, label)
                continue
            codes = CODES.get(label)
            if isinstance(value, list):
                coded = [codes[v] for v in value] if codes else value
                expected[NAMES[(group, label)]] = coded[0] if len(coded) == 1 else coded
            else:
                expected[NAMES[(group, label)]] = codes[value] if codes else value

    for group, node in values.items():
        walk(node, group)
    return expected


def test_the_recipe_files_exactly_the_mapped_values(
    portals: PortalsProcess,
    clean_portals: dict[str, AdminClient],
    bundle: Bundle,
    example_app: Application,
    tmp_path: Path,
) -> None:
    tax = clean_portals[ITEM]
    uscc = register_example(tax, example_app)
    password = pysecrets.token_urlsafe(12)
    tax.create_account(uscc, password, id_number=example_app.values["tax_agent"]["id_number"])
    result, mapped = file_with_recipe(
        ITEM,
        url=portals.urls[ITEM],
        bundle=bundle,
        app=example_app,
        uscc=uscc,
        secrets={"TAX_PASSWORD": password},
        evidence=tmp_path,
    )
    [stored] = tax.submissions()
    assert result.outputs["document_no"] == stored["receipt_no"]
    payload = {k: v for k, v in stored["payload"].items() if k in set(NAMES.values())}
    assert payload == expected_payload(mapped)
    # a picture of each filled wizard page and of the receipt; the review page (确认提交) shows nothing new
    pages = ["登记信息确认", "财务会计制度备案", "票种核定+领票人"]
    shots = [f"{n:02d}-filled-{page}.jpg" for n, page in enumerate(pages, 1)]
    assert [p.name for p in result.screenshots] == [*shots, "04-receipt.jpg"]
