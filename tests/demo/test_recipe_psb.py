"""recipes/psb-seal.yaml files the example on the demo 印章治安管理信息系统: SMS hand-off, a form in an iframe,
an AJAX autocomplete, seal rows, uploads and a native confirm(). Every stored field must equal the mapping's value
in the portal's own codes (the tables below are the portal's, from docs/portals.md)."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from bot.errors import NotOffered, PortalRefused
from bot.form.application import Application, validate
from bot.mapping.bundle import Bundle
from bot.recipe.runner import Question
from demo.launcher import PortalsProcess
from demo.testing import AdminClient
from tests.demo.recipe_support import file_with_recipe, register_example
from tests.support import EXAMPLES, TODAY

pytestmark = pytest.mark.browser
ITEM = "psb-seal"
KINDS = {"单位专用章": "01", "财务专用章": "02", "发票专用章": "03", "合同专用章": "04", "法定代表人名章": "05"}
MATERIALS = {"铜": "1", "光敏": "2", "原子": "3", "橡胶": "4"}


def test_the_recipe_files_exactly_the_mapped_values(
    portals: PortalsProcess,
    clean_portals: dict[str, AdminClient],
    bundle: Bundle,
    example_app: Application,
    tmp_path: Path,
) -> None:
    psb = clean_portals[ITEM]
    uscc = register_example(psb, example_app)
    licence = tmp_path / "licence.pdf"
    licence.write_bytes(b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
    agent_phone = example_app.values["agent"]["mobile"]
    psb.faults(fail_next={"/yzba/upload": 2})  # the first file is chosen three times (the page's script gets a 503)

    async def answer(question: Question) -> str:
        assert question.kind == "sms"
        return psb.sms_code(agent_phone)

    result, mapped = file_with_recipe(
        ITEM,
        url=portals.urls[ITEM],
        bundle=bundle,
        app=example_app,
        uscc=uscc,
        licence_pdf=str(licence),
        evidence=tmp_path / "evidence",
        hand_off=answer,
    )
    [stored] = psb.submissions()
    assert result.outputs == {"filing_no": stored["receipt_no"]}
    assert result.dialogs and "确认提交" in result.dialogs[0]  # the native confirm() was answered
    unit, rep, agent, seals = mapped["单位信息"], mapped["法定代表人"], mapped["经办人"], mapped["印章"]
    expected = {
        "dwmc": unit["单位名称"],
        "tyshxydm": uscc,
        "dwdz": unit["单位地址"],
        "yzbm": unit["邮政编码"],
        "dwdh": unit["单位电话"],
        "fddbrxm": rep["姓名"],
        "fddbrzjlx": "111",
        "fddbrzjhm": rep["证件号码"],
        "fddbrlxdh": rep["联系电话"],
        "jbrxm": agent["姓名"],
        "jbrzjhm": agent["证件号码"],
        "jbrlxdh": agent["联系电话"],
        "kzqymc": mapped["刻章企业"],
        "kzqybh": "KZ350602001",
        "yzlx": [KINDS[row["印章类型"]] for row in seals],
        "yzcz": [MATERIALS[row["材质"]] for row in seals],
        "yzgg": [row["规格（mm）"] for row in seals],
        "yzsl": [row["数量"] for row in seals],
        "kzyy": "1",
    }
    assert {k: v for k, v in stored["payload"].items() if k in expected} == expected
    assert sorted(u["filename"] for u in stored["uploads"]) == ["legal-rep-id.png", "liaison-id.png", "licence.pdf"]
    assert psb.faults()["fail_next"] == {"/yzba/upload": 0}
    # the form is one page: pictured once filled, all seal rows in it, before submitting
    assert [p.name for p in result.screenshots] == ["01-before-submit.jpg", "02-receipt.jpg"]


def test_a_shop_the_portals_list_lacks_is_the_applicants_business_not_a_retry(
    portals: PortalsProcess,
    clean_portals: dict[str, AdminClient],
    bundle: Bundle,
    example_raw: dict[str, object],
    used_fields: set[str],
    tmp_path: Path,
) -> None:
    raw = copy.deepcopy(example_raw)
    raw["seal"]["shop"] = "不存在的刻章店"  # type: ignore[index]
    app = validate(bundle.form, raw, base_dir=EXAMPLES, today=TODAY, used=used_fields)
    psb = clean_portals[ITEM]
    uscc = register_example(psb, app)
    agent_phone = app.values["agent"]["mobile"]

    async def answer(question: Question) -> str:
        return psb.sms_code(agent_phone)

    with pytest.raises(NotOffered) as refused:
        file_with_recipe(
            ITEM,
            url=portals.urls[ITEM],
            bundle=bundle,
            app=app,
            uscc=uscc,
            licence_pdf=str(tmp_path / "licence.pdf"),
            evidence=tmp_path / "evidence",
            hand_off=answer,
        )
    assert isinstance(refused.value, PortalRefused)  # a business failure: the engine does not retry it
    assert "不存在的刻章店" in str(refused.value) and "未找到匹配的刻章企业" in str(refused.value)
    assert refused.value.screenshot is not None and refused.value.screenshot.exists()
    assert psb.submissions() == []
