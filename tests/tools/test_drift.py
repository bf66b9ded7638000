"""bot drift against demo portals that change themselves (the admin API's drift switch, demo/core/drift.py):
nothing on an unchanged portal (nor against its own baseline); each seeded change (relabel, new option, new
required field, moved field: to another page on samr and tax, to another section of the one page on hrss and
the layui bed) reported with the mapping's line and the recipe's step, on three demo portals and a kits bed."""

from __future__ import annotations

import secrets as pysecrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.form.application import Application
from bot.inspect import drift as drift_module
from bot.inspect.drift import Finding
from bot.inspect.drift_run import drift_of
from bot.inspect.walk import item_mapping
from bot.recipe.context import Question
from demo.launcher import PortalsProcess
from demo.testing import AdminClient
from tests.demo.recipe_support import register_example
from tests.support import EXAMPLES, run_async

pytestmark = pytest.mark.browser
SAMR = "samr-registration"


def answerer(url: str, token: str) -> Any:
    async def answer(question: Question) -> str:
        for value in question.cookies.values():
            got = httpx.get(f"{url}/__admin/captcha", params={"session": value}, headers={"X-Admin-Token": token})
            if got.status_code == 200:
                return str(got.json()["answer"])
        return ""

    return answer


def drift(
    item: str,
    url: str,
    token: str,
    tmp_path: Path,
    environ: dict[str, str],
    outputs: dict[str, dict[str, str]] | None = None,
) -> list[Finding]:
    findings, pages, _ = run_async(
        drift_of(
            item,
            application=EXAMPLES / "open-company.yaml",
            outputs=outputs or {},
            base_url=url,
            environ=environ,
            hand_off=answerer(url, token),
            baseline=tmp_path / f"{item}.json",
            evidence_dir=tmp_path / "evidence",
        )
    )
    assert pages
    return findings


def unchanged(item: str, tmp_path: Path) -> None:
    """The walk just saved as a baseline, compared with itself: nothing (two fields of one label in two sections,
    such as 手机号码 of 财务负责人 and of 经办人, are not one field changed)."""
    pages = drift_module.load(tmp_path / f"{item}.json")
    assert pages
    assert drift_module.compare(item_mapping(item), pages, pages) == []


@pytest.fixture
def samr(
    portals: PortalsProcess, clean_portals: dict[str, AdminClient], example_app: Application
) -> Iterator[tuple[AdminClient, dict[str, str]]]:
    admin = clean_portals[SAMR]
    password = pysecrets.token_urlsafe(12)
    admin.create_account(example_app.values["liaison"]["mobile"], password)
    yield admin, {"BOT_SECRET_SAMR_PASSWORD": password}


def kinds(findings: list[Finding]) -> dict[tuple[str, str], Finding]:
    return {(f.kind, f.label): f for f in findings}


def test_samr_unchanged_then_each_seeded_change_reported(
    portals: PortalsProcess, samr: tuple[AdminClient, dict[str, str]], tmp_path: Path
) -> None:
    admin, environ = samr
    url, token = portals.urls[SAMR], portals.admin_token
    assert drift(SAMR, url, token, tmp_path, environ) == []  # and the baseline is saved
    unchanged(SAMR, tmp_path)
    email_row = '<label for="lerepEmail">电子邮箱</label>'
    moved_here = (
        '</fieldset><fieldset class="group"><legend>法定代表人</legend><div class="frow">'
        '<label for="lerepEmail">电子邮箱</label><div class="fctl"><input id="lerepEmail" name="lerepEmail"></div>'
        "</div></fieldset>"
    )
    new_required = (
        '<div class="frow"><label for="liaTel" class="req">联络员固定电话</label><div class="fctl">'
        '<input id="liaTel" name="liaTel" required></div></div></fieldset>'
    )
    admin.drift(
        {"path": "/apply/step/1", "find": ">字号</label>", "replace": ">企业字号</label>"},
        {
            "path": "/apply/step/4",
            "find": ">经理</option>",
            "replace": '>经理</option><option value="09">总经理</option>',
        },
        {"path": "/apply/step/4", "find": email_row, "replace": ""},
        {
            "path": "/apply/step/4",
            "find": 'id="lerepEmail" name="lerepEmail" type="text"',
            "replace": 'id="lerepEmail" name="lerepEmail" type="hidden"',
        },
        {"path": "/apply/step/5", "find": "</fieldset>", "replace": new_required},
        {"path": "/apply/step/5", "find": "</fieldset>", "replace": moved_here},
    )
    findings = drift(SAMR, url, token, tmp_path, environ)
    found = kinds(findings)
    relabel = found[("relabelled", "字号")]
    assert "企业字号" in relabel.detail
    assert "samr-registration.yaml:" in relabel.mapping and "samr-registration.yaml:" in relabel.recipe
    assert "总经理" in found[("options-added", "职务")].detail
    assert "必填" in found[("added", "联络员固定电话")].detail
    assert ("moved", "电子邮箱") in found
    assert not [f for f in found.values() if f.kind == "stopped"]


TAX = "tax-registration"


def test_tax_unchanged_then_each_seeded_change_reported(
    portals: PortalsProcess, clean_portals: dict[str, AdminClient], example_app: Application, tmp_path: Path
) -> None:
    admin = clean_portals[TAX]
    uscc = register_example(clean_portals[SAMR], example_app)
    password = pysecrets.token_urlsafe(12)
    admin.create_account(uscc, password, id_number=example_app.values["tax_agent"]["id_number"])
    url, token = portals.urls[TAX], portals.admin_token

    def tax_drift() -> list[Finding]:
        findings, pages, _ = run_async(
            drift_of(
                TAX,
                application=EXAMPLES / "open-company.yaml",
                outputs={SAMR: {"uscc": uscc, "licence_pdf": ""}},
                base_url=url,
                environ={"BOT_SECRET_TAX_PASSWORD": password},
                hand_off=answerer(url, token),
                baseline=tmp_path / f"{TAX}.json",
                evidence_dir=tmp_path / "evidence",
            )
        )
        assert pages == 3, findings
        return findings

    assert tax_drift() == []
    unchanged(TAX, tmp_path)
    address = example_app.values["company"]["business_address"]
    admin.drift(
        # 生产经营地址 moved from the first page to the second: still posted by the first (hidden), so the server,
        # which is not changed, lets the walk on; shown filled on the second, whose own checks want every box
        {"path": "/xbnsr/djxx", "find": '<label for="scjydz">生产经营地址</label>', "replace": ""},
        {
            "path": "/xbnsr/djxx",
            "find": 'id="scjydz" name="scjydz" type="text"',
            "replace": f'id="scjydz" name="scjydz" type="hidden" value="{address}"',
        },
        {
            "path": "/xbnsr/cwkj",
            "find": "</fieldset>",
            "replace": '<div class="lbl"><label for="scjydz2">生产经营地址</label></div><div class="ctl">'
            f'<input id="scjydz2" name="scjydz2" type="text" value="{address}"></div></fieldset>',
        },
        {"path": "/xbnsr/djxx", "find": ">从业人数<", "replace": ">从业人员人数<"},
        {
            "path": "/xbnsr/cwkj",
            "find": ">按年</div>",
            "replace": '>按年</div><div class="combo-opt" role="option" data-value="5" aria-selected="false">'
            "按两年</div>",
        },
        {
            "path": "/xbnsr/pzhd",
            "find": '<div class="actions">',
            "replace": '<fieldset class="sec"><legend>补充信息</legend><div class="lbl">'
            '<label for="kplxr">开票联系人</label></div><input id="kplxr" name="kplxr" required>'
            '</fieldset><div class="actions">',
        },
    )
    found = kinds(tax_drift())
    assert "从业人员人数" in found[("relabelled", "从业人数")].detail
    assert "按两年" in found[("options-added", "会计报表报送期限")].detail
    assert "必填" in found[("added", "开票联系人")].detail
    assert "第二步" in found[("moved", "生产经营地址")].detail
    assert "tax-registration.yaml:" in found[("moved", "生产经营地址")].mapping
    assert not [f for f in found.values() if f.kind == "stopped"]
    assert all("tax-registration.yaml:" in f.recipe for f in found.values())


HRSS = "hrss-insurance"


def test_hrss_unchanged_then_each_seeded_change_reported(
    portals: PortalsProcess, clean_portals: dict[str, AdminClient], example_app: Application, tmp_path: Path
) -> None:
    from tests.demo.recipe_support import register_example

    admin = clean_portals[HRSS]
    uscc = register_example(admin, example_app)
    password = pysecrets.token_urlsafe(12)
    admin.create_account(uscc, password)
    url, token = portals.urls[HRSS], portals.admin_token
    environ, outputs = {"BOT_SECRET_HRSS_PASSWORD": password}, {SAMR: {"uscc": uscc, "licence_pdf": ""}}
    assert drift(HRSS, url, token, tmp_path, environ, outputs) == []
    unchanged(HRSS, tmp_path)
    phone = '<th><i class="star" aria-hidden="true">*</i><label for="aae005">单位电话</label></th>'
    admin.drift(
        {"path": "/dwcb/add", "find": ">办公地址</label>", "replace": ">单位办公地址</label>"},
        {
            "path": "/dwcb/add",
            "find": ">民办非企业单位</option>",
            "replace": '>民办非企业单位</option><option value="90">其他组织</option>',
        },
        # the page's one form, regrouped: 单位电话 now opens a new group 联系方式 (moved out of 单位基本信息),
        # with a new required field 联系人 beside it
        {
            "path": "/dwcb/add",
            "find": phone,
            "replace": '</tr></table></fieldset><fieldset class="group"><legend>联系方式</legend>'
            '<table class="form-table"><tr><th><label for="lxr">联系人</label></th>'
            f'<td><input id="lxr" name="lxr" required></td></tr><tr>{phone}',
        },
    )
    found = kinds(drift(HRSS, url, token, tmp_path, environ, outputs))
    assert "单位办公地址" in found[("relabelled", "办公地址")].detail
    assert "其他组织" in found[("options-added", "单位类型")].detail
    assert "必填" in found[("added", "联系人")].detail
    assert "联系方式" in found[("moved", "单位电话")].detail
    assert all("hrss-insurance.yaml" in f.mapping and "hrss-insurance.yaml:" in f.recipe for f in found.values())
    assert "hrss-insurance.yaml:" in found[("moved", "单位电话")].mapping
    assert not [f for f in found.values() if f.kind == "stopped"]


@pytest.fixture(scope="module")
def layui_bed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PortalsProcess]:
    with PortalsProcess(tmp_path_factory.mktemp("bed"), admin_token="t", specs="demo.kits.layui.app:SPECS") as bed:
        yield bed


def test_layui_bed_unchanged_then_each_seeded_change_reported(layui_bed: PortalsProcess, tmp_path: Path) -> None:
    from demo.kits.layui.app import DEMO_ACCOUNT

    item = "bed-layui"
    url = layui_bed.urls[item]
    admin = AdminClient(item, url, "t")
    admin.reset()
    environ = {"BOT_SECRET_BED_LAYUI_PASSWORD": DEMO_ACCOUNT[1]}
    assert drift(item, url, "t", tmp_path, environ) == []
    unchanged(item, tmp_path)
    row = '<label class="layui-form-label"><span class="req">*</span>详细地址</label>'
    park = (  # 所属园区, moved from the card 企业基本信息 into the fieldset 经营信息 (the page has no other page)
        '    <div class="layui-form-item">\n      <label class="layui-form-label">所属园区</label>\n'
        '      <div class="layui-input-block">\n        <input type="text" name="ssyq" id="ssyq" '
        'placeholder="输入园区名称，可从列表中选择" autocomplete="off" class="layui-input">\n      </div>\n    </div>\n'
    )
    business = '<legend>经营信息</legend>\n  <div class="layui-field-box">\n'
    admin.drift(
        {
            "path": "/apply",
            "find": '<label class="layui-form-label">营业期限</label>',
            "replace": '<label class="layui-form-label">经营期限</label>',
        },
        {
            "path": "/apply",
            "find": row,
            "replace": '<label class="layui-form-label"><span class="req">*</span>园区备案号</label>'
            '<div class="layui-input-block"><input type="text" name="yqbah" lay-verify="required" '
            'class="layui-input"></div></div>'
            f'<div class="layui-form-item">{row}',
        },
        {
            "path": "/apply",
            "find": '["9200", "合伙企业"]',
            "replace": '["9200", "合伙企业"], ["9300", "农民专业合作社"]',
        },
        {"path": "/apply", "find": park, "replace": ""},
        {"path": "/apply", "find": business, "replace": business + park},
    )
    found = kinds(drift(item, url, "t", tmp_path, environ))
    admin.close()
    assert "经营期限" in found[("relabelled", "营业期限")].detail
    assert "必填" in found[("added", "园区备案号")].detail
    assert "bed-layui.yaml:" in found[("relabelled", "营业期限")].mapping
    assert "农民专业合作社" in found[("options-added", "企业类型")].detail
    assert "经营信息" in found[("moved", "所属园区")].detail
    assert "bed-layui.yaml:" in found[("moved", "所属园区")].mapping
    assert not [f for f in found.values() if f.kind == "stopped"]
