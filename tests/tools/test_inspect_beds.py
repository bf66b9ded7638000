"""bot inspect on the kits' test beds (layui, Ant Design Vue, Element UI, Element Plus), logged in: every field the
bed's mapping fills is listed, with its kit widget's kind, and fill_form's own lookup finds that very element by the
label listed; the scaffold from that listing guesses ≥ 90 % of the mapped fields right (the figure is printed).
The Element Plus bed is a two-step form on one URL (el-steps): its recipe is walked as a dry run (walk.py), the
second step listed again once shown, as bot drift and bot check --live see it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

import pytest
from playwright.async_api import Page

from bot.inspect.browser import inspecting_page
from bot.inspect.listing import inspect_page
from bot.inspect.model import Inspection
from bot.inspect.picture import numbered_picture
from bot.inspect.walk import application, walk, walking_runner
from demo.kits.elplus.app import DEMO_ACCOUNT as ELPLUS_ACCOUNT
from demo.launcher import PortalsProcess
from tests.kits.antd.conftest import log_in as antd_log_in
from tests.kits.elui.conftest import log_in as elui_log_in
from tests.kits.layui.conftest import log_in as layui_log_in
from tests.support import run_async
from tests.tools.support import listed_labels, mapped_leaves, scaffold_score

pytestmark = pytest.mark.browser


WALKED = None  # the bed's own recipe walked (its login included), each step listed as it is shown
BEDS: dict[str, tuple[str, Callable[[Page, str], Awaitable[None]] | None]] = {
    "bed-layui": ("demo.kits.layui.app:SPECS", layui_log_in),
    "bed-antd": ("demo.kits.antd.app:SPECS", antd_log_in),
    "bed-elui": ("demo.kits.elui.app:SPECS", elui_log_in),
    "bed-elplus": ("demo.kits.elplus.app:SPECS", WALKED),
}
# What a person sees each of these as (the kits' widget kinds), per bed.
KINDS = {
    "bed-layui": {
        "企业类型": "select",
        "住所": "cascader",
        "所属行业": "tree-select",
        "经营范围": "checkbox",
        "涉企经营许可": "transfer",
        "成立日期": "date",
        "开具发票": "switch",
        "从业人数": "slider",
        "纳税人类型": "radio",
        "经办人身份证明": "upload",
        "所属园区": "autocomplete",
    },
    "bed-antd": {
        "住所": "cascader",
        "行业分类": "tree-select",
        "许可项目": "multi-select",
        "营业期限": "date-range",
        "申报所属期": "month",
        "会计年度": "year",
        "核算方式": "radio",
        "同时办理事项": "checkbox",
        "申领电子营业执照": "switch",
        "经营场所": "autocomplete",
        "法定代表人身份证件": "upload",
    },
    "bed-elui": {
        "企业类型": "select",
        "注册资本（万元）": "number",
        "营业期限": "date-range",
        "住所所在地": "cascader",
        "详细地址": "autocomplete",
        "登记机关": "tree-select",
        "经营范围（标准条目）": "multi-select",
        "经营范围": "textarea",
        "性别": "radio",
        "出生日期": "date",
        "经营方式": "checkbox",
        "设立分支机构": "switch",
        "从业人数": "slider",
        "首次申报月份": "month",
        "会计年度": "year",
        "预约办理时间": "datetime",
        "每日营业开始时间": "time",
        "每日营业结束时间": "time-select",
        "同步办理事项": "transfer",
        "法定代表人身份证明": "upload",
    },
    "bed-elplus": {
        "企业类型": "select",
        "住所": "cascader",
        "行业分类": "select",  # Element Plus's one el-select widget: single, multiple and tree alike
        "经营范围": "select",
        "出生日期": "date",
        "开业日期": "date",
        "营业期限": "date-range",
        "执照领取时间": "datetime",
        "每日营业开始时间": "time",
        "经营方式": "checkbox",
        "从业人数": "slider",
        "申领发票": "switch",
        "开户银行": "autocomplete",
        "纳税人类型": "radio",
        "首个会计年度": "year",
        "首次申报所属期": "month",
        "住所使用证明": "upload",
        "备注": "textarea",
        "参保险种": "transfer",
        "每月缴存日": "number",
    },
}


@pytest.fixture(scope="module", params=sorted(BEDS))
def inspected(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Inspection, Path | None]]:
    item = request.param
    specs, log_in = BEDS[item]
    shots = tmp_path_factory.mktemp("shots")
    with PortalsProcess(tmp_path_factory.mktemp(item), admin_token="t", specs=specs) as bed:

        async def go() -> tuple[Inspection, Path | None]:
            async with inspecting_page() as page:
                if log_in is WALKED:
                    inspection = await _walked(item, bed.urls[item], page, shots)
                else:
                    await log_in(page, bed.urls[item])
                    inspection = await inspect_page(page)
                return inspection, await numbered_picture(page, shots / "fields.png")

        inspection, picture = run_async(go())
        yield item, inspection, picture


async def _walked(item: str, url: str, page: Page, evidence: Path) -> Inspection:
    """The bed's recipe walked up to its submit: its one page (one URL), each step listed once shown."""
    runner = walking_runner(
        item,
        app=application(None),
        outputs={},
        evidence_dir=evidence,
        hand_off=None,
        base_url=url,
        environ={"BOT_SECRET_BED_ELPLUS_PASSWORD": ELPLUS_ACCOUNT[1]},
    )
    done = await walk(runner, page)
    assert not done.stopped and len(done.pages) == 1, done.stopped
    return done.pages[0]


def test_every_mapped_field_is_listed_and_found_by_fill_form(inspected: tuple[str, Inspection, Path | None]) -> None:
    item, inspection, _ = inspected
    labels = listed_labels([inspection])
    missing = [leaf.label for leaf in mapped_leaves(item) if leaf.path[-1] not in labels]
    assert not missing
    by_label = {(f.section[-1] if f.section else "", f.label): f for f in inspection.fields}
    for leaf in mapped_leaves(item):
        field = by_label.get((leaf.path[-2] if len(leaf.path) > 1 else "", leaf.path[-1]))
        if field is not None:  # (a table's column is listed with its table)
            assert field.found, f"{leaf.label}: {field.problem}"
            assert field.kit is not None and field.kind, leaf.label


def test_widget_kinds_are_the_kits(inspected: tuple[str, Inspection, Path | None]) -> None:
    item, inspection, _ = inspected
    kinds = {f.label: f.kind for f in inspection.fields}
    assert {label: kinds.get(label) for label in KINDS[item]} == KINDS[item]
    headers = [c.header for c in inspection.tables[0].columns] if inspection.tables else []
    assert [h for h in headers if h != "序号"][:1] == ["股东名称"]


def test_the_picture_is_taken_with_the_fields_numbered(inspected: tuple[str, Inspection, Path | None]) -> None:
    _, _, picture = inspected
    assert picture is not None and picture.stat().st_size > 10_000


def test_the_scaffold_guesses_at_least_90_percent_of_the_mapped_fields(
    inspected: tuple[str, Inspection, Path | None],
) -> None:
    item, inspection, _ = inspected
    right, counted, misses = scaffold_score(item, [inspection])
    print(f"\n{item}: scaffold matched {right}/{counted} = {right / counted:.0%}; misses: {misses}")
    assert right / counted >= 0.9, misses
