"""recipes/bed-antd.yaml files the Ant Design Vue bed with login, fill_form per section (the table included)
and submit alone; the stored submission, as the bed's 办件详情 shows it (admin API ``shown``), equals the
mapping for every field. The negatives end before submit, with the named error and the page's picture."""

from __future__ import annotations

import copy
from dataclasses import replace
from pathlib import Path, PurePath
from typing import Any

import pytest

from bot.errors import PageError
from bot.form.application import Application
from bot.mapping.bundle import Bundle
from bot.mapping.item import load_mappings
from bot.run.browsers import BrowserPool
from bot.run.filing import prepare_runner
from demo.testing import AdminClient
from tests.demo.recipe_support import file_with_recipe, filing_request
from tests.kits.antd.conftest import ACCOUNT, ITEM
from tests.support import MAPPINGS, run_async

pytestmark = pytest.mark.browser
SECRETS = {"BED_ANTD_PASSWORD": ACCOUNT[1]}


@pytest.fixture(scope="module")
def beds(bundle: Bundle) -> Bundle:
    """The bundle with the bed's item beside the six (beds belong to no bundle of their own)."""
    mapping = load_mappings(MAPPINGS, bundle.form)[ITEM]
    return replace(bundle, mappings={**bundle.mappings, ITEM: mapping}, needs={**bundle.needs, ITEM: []})


def as_read(label: str, value: Any) -> Any:
    """A value as a person compares it: numbers as text, a tree select by its leaf, a file by its name,
    lists whose order the widget keeps (checkboxes, transfer) as sets."""
    if label == "行业分类":
        return str(value).split("/")[-1]
    if label == "法定代表人身份证件":
        return PurePath(str(value)).name
    if label in ("同时办理事项", "共享部门"):
        return sorted(value)
    if isinstance(value, bool | list):
        return value
    return str(value)


def compared(groups: dict[str, Any]) -> dict[str, Any]:
    return {
        title: [{k: as_read(k, v) for k, v in row.items()} for row in fields]
        if isinstance(fields, list)
        else {k: as_read(k, v) for k, v in fields.items()}
        for title, fields in groups.items()
    }


def test_the_recipe_files_every_mapped_field(
    bed_url: str, clean_bed: AdminClient, beds: Bundle, example_app: Application, tmp_path: Path
) -> None:
    result, mapped = file_with_recipe(  # 办理时间 is a collapse panel antd draws only once first opened
        ITEM, url=bed_url, bundle=beds, app=example_app, uscc="", evidence=tmp_path / "evidence", secrets=SECRETS
    )
    [stored] = clean_bed.submissions()
    assert result.outputs == {"receipt_no": stored["receipt_no"]}
    assert compared(stored["shown"]) == compared(mapped)
    assert len(mapped["股东（发起人）"]) == 2  # a row added with the table's own 添加 button
    assert [u["filename"] for u in stored["uploads"]] == ["legal-rep-id.png"]


def fail_with(changed: dict[str, Any], url: str, bundle: Bundle, app: Application, tmp_path: Path) -> PageError:
    """File the recipe with some mapped values changed (group → label → value); the error it stops with."""
    request = filing_request(ITEM, url=url, bundle=bundle, app=app, uscc="", evidence=tmp_path, secrets=SECRETS)
    runner = prepare_runner(request, None)
    values = copy.deepcopy(runner.values["f"])
    for group, fields in changed.items():
        values[group].update(fields)
    runner.values["f"] = values

    async def go() -> Any:
        async with BrowserPool().running() as pool:
            return await pool.in_context(runner, runner.file, record_trace=False)

    with pytest.raises(PageError) as failed:
        run_async(go())
    return failed.value


# a recipe filed to fail one field (a fresh browser, a login): one business failure (an option the page lacks) and
# one technical (a label not on the page) show the filing stops before 提交 with its picture; the widgets' other
# refusals (an impossible date, a search with no match) are the kit's, tested in test_kit.py without a filing
NEGATIVES = [
    ({"企业基本信息": {"企业类型": "股份公司"}}, "「企业类型」是 Ant Design Vue 下拉框，没有选项「股份公司」（可选："),
    ({"企业基本信息": {"企业类别": "有限责任公司"}}, "找不到标签为「企业类别」的控件（本页相近的标签：企业类型"),
]


@pytest.mark.parametrize(("changed", "message"), NEGATIVES, ids=["option", "label"])
def test_what_cannot_be_filled_stops_before_submit(
    bed_url: str,
    clean_bed: AdminClient,
    beds: Bundle,
    example_app: Application,
    tmp_path: Path,
    changed: dict[str, Any],
    message: str,
) -> None:
    error = fail_with(changed, bed_url, beds, example_app, tmp_path)
    assert message in str(error)
    assert error.screenshot is not None and error.screenshot.exists()
    assert clean_bed.submissions() == []
