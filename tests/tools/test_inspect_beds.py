"""bot inspect on the kits' test beds (layui, Ant Design Vue), logged in: every field the bed's mapping fills is
listed, with its kit widget's kind, and fill_form's own lookup finds that very element by the label listed;
the scaffold from that listing guesses ≥ 90 % of the mapped fields right (the figure is printed)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

import pytest
from playwright.async_api import Page

from bot.inspect.browser import inspecting_page
from bot.inspect.listing import inspect_page
from bot.inspect.model import Inspection
from bot.inspect.picture import numbered_picture
from demo.launcher import PortalsProcess
from tests.kits.antd.conftest import log_in as antd_log_in
from tests.kits.layui.conftest import log_in as layui_log_in
from tests.support import run_async
from tests.tools.support import listed_labels, mapped_leaves, scaffold_score

pytestmark = pytest.mark.browser

BEDS: dict[str, tuple[str, Callable[[Page, str], Awaitable[None]]]] = {
    "bed-layui": ("demo.kits.layui.app:SPECS", layui_log_in),
    "bed-antd": ("demo.kits.antd.app:SPECS", antd_log_in),
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
                await log_in(page, bed.urls[item])
                inspection = await inspect_page(page)
                return inspection, await numbered_picture(page, shots / "fields.png")

        inspection, picture = run_async(go())
        yield item, inspection, picture


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
    assert inspection.tables and inspection.tables[0].columns[0].header == "股东名称"


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
