"""recipes/bed-layui.yaml files the layui bed: a login passed with `drag`, then only `fill_form` per section
(the 股东 table included) and `submit` — no CSS, no nth, no Python for this page. What the portal stored, read
as its 办件详情 shows it (admin API ``shown``), equals the mapping for every field. A value the page cannot take,
an impossible date, a label not on the page and a remote search with no match each stop the filing before
anything is sent, with the named error and the page's picture."""

from __future__ import annotations

import copy
from pathlib import Path, PurePath
from typing import Any

import pytest

from bot.errors import NotOffered, PageError, StepFailed
from bot.form.application import Application
from bot.mapping.bundle import Bundle
from bot.mapping.item import load_mappings
from bot.privacy.secrets import Secrets
from bot.recipe.context import FilingResult
from bot.recipe.loader import load_recipe, load_snippets
from bot.recipe.runner import Runner
from demo.kits.layui.app import DEMO_ACCOUNT
from demo.testing import AdminClient
from tests.support import MAPPINGS, filing_page, run_async

pytestmark = pytest.mark.browser
RECIPES = MAPPINGS.parent / "recipes"
RECIPE = RECIPES / "bed-layui.yaml"


@pytest.fixture
def mapped(bundle: Bundle, example_app: Application) -> dict[str, Any]:
    """The mapping's values for the example application (the bed is in no bundle: its mapping alone)."""
    return load_mappings(MAPPINGS, bundle.form)["bed-layui"].evaluate(example_app, {})


def file(url: str, f: dict[str, Any], app: Application, evidence: Path) -> FilingResult:
    recipe = load_recipe(RECIPE)
    values = {
        "f": f,
        "app": app.values,
        "outputs": {},
        "secrets": Secrets(recipe.secrets, environ={"BOT_SECRET_BED_LAYUI_PASSWORD": DEMO_ACCOUNT[1]}),
    }
    runner = Runner(
        recipe, base_url=url, values=values, evidence_dir=evidence, snippets=load_snippets(RECIPES / "_shared")
    )

    async def go() -> FilingResult:
        async with filing_page() as page:
            return await runner.file(page)

    return run_async(go())


def as_shown(value: Any) -> Any:
    """A mapped value as the 办件详情 shows it: a file by its name, numbers and text alike."""
    if isinstance(value, dict):
        return {k: as_shown(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_shown(v) for v in value]
    if isinstance(value, str) and value.startswith("/"):
        return PurePath(value).name
    return value if isinstance(value, bool) else str(value)


def test_the_recipe_files_every_mapped_field_as_the_page_shows_it(
    bed_url: str, bed_admin: AdminClient, mapped: dict[str, Any], example_app: Application, tmp_path: Path
) -> None:
    result = file(bed_url, mapped, example_app, tmp_path / "evidence")
    [stored] = bed_admin.submissions()
    assert result.outputs == {"receipt_no": stored["receipt_no"]}
    assert as_shown(stored["shown"]) == as_shown(mapped)
    assert [p.name for p in result.screenshots] == [
        "01-filled-企业基本信息+经营信息+经办人信息+银行开户.jpg",  # before the next tab hides 银行开户
        "02-before-submit.jpg",
        "03-receipt.jpg",
    ]


def _spoiled(mapped: dict[str, Any], group: str, label: str, value: Any) -> dict[str, Any]:
    f = copy.deepcopy(mapped)
    f[group][label] = value
    return f


# an option the portal does not offer is the applicant's data: NotOffered, a business failure (not retried); an
# impossible date is the step's failure, named by its file:line and verb. Each case files the recipe (a fresh
# browser, a login) to fail one field: the widgets' other refusals (a search with no match) are tested in
# test_kit.py without a filing.
NEGATIVES: list[tuple[str, str, Any, type[PageError], str]] = [
    (
        "企业基本信息",
        "企业类型",
        "中外合资经营企业",
        NotOffered,
        "「企业类型」是 layui 下拉框，没有选项「中外合资经营企业」（可选：",
    ),
    (
        "企业基本信息",
        "成立日期",
        "2031-02-30",
        StepFailed,
        "fill_form 企业基本信息”失败：「成立日期」是 layui 日期选择器，2031-02-30 不是日期",
    ),
]


@pytest.mark.parametrize(("group", "label", "value", "error", "message"), NEGATIVES, ids=[n[1] for n in NEGATIVES])
def test_a_value_the_page_cannot_take_stops_the_filing_before_submit(
    bed_url: str,
    bed_admin: AdminClient,
    mapped: dict[str, Any],
    example_app: Application,
    tmp_path: Path,
    group: str,
    label: str,
    value: Any,
    error: type[PageError],
    message: str,
) -> None:
    with pytest.raises(error) as failed:
        file(bed_url, _spoiled(mapped, group, label, value), example_app, tmp_path)
    assert message in str(failed.value)
    assert failed.value.screenshot is not None and failed.value.screenshot.is_file()
    assert bed_admin.submissions() == []


def test_a_label_not_on_the_page_is_named_with_the_labels_near_it(
    bed_url: str, bed_admin: AdminClient, mapped: dict[str, Any], example_app: Application, tmp_path: Path
) -> None:
    f = copy.deepcopy(mapped)
    f["企业基本信息"] = {"单位名称" if k == "企业名称" else k: v for k, v in f["企业基本信息"].items()}
    with pytest.raises(PageError) as failed:
        file(bed_url, f, example_app, tmp_path)
    assert "找不到标签为「单位名称」的控件（本页相近的标签：" in str(failed.value)
    assert "企业名称" in str(failed.value)
    assert failed.value.screenshot is not None and failed.value.screenshot.is_file()
    assert bed_admin.submissions() == []
