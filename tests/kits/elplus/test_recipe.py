"""recipes/bed-elplus.yaml files the Element Plus bed with nothing but fill_form per section (the 股东 table
included) and submit: the stored submission, as the portal shows it (admin API ``shown``), equals the mapping
for every field. A value the page cannot take ends the filing before 提交, naming the field, with a picture."""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bot.errors import NotOffered, PageError, StepFailed
from bot.form.application import Application
from bot.mapping.bundle import Bundle
from bot.mapping.item import load_mappings
from bot.paths import recipes_dir
from bot.recipe import registry
from bot.recipe.loader import load_recipe
from bot.recipe.runner import FilingResult
from bot.run.browsers import BrowserPool
from bot.run.filing import FilingRequest, prepare_runner
from demo.kits.elplus.app import DEMO_ACCOUNT
from tests.kits.elplus.conftest import ITEM, Bed
from tests.support import MAPPINGS, run_async

pytestmark = pytest.mark.browser
Change = Callable[[dict[str, Any]], None]


@pytest.fixture(scope="module")
def bed_bundle(bundle: Bundle) -> Bundle:
    """The open-company bundle with the bed's item beside its own (the bed is in no bundle)."""
    mapping = load_mappings(MAPPINGS, bundle.form)[ITEM]
    return dataclasses.replace(bundle, needs={**bundle.needs, ITEM: []}, mappings={**bundle.mappings, ITEM: mapping})


def file(bed: Bed, bundle: Bundle, app: Application, evidence: Path, change: Change | None = None) -> FilingResult:
    """File the bed's item through its recipe in a fresh Chromium; ``change`` edits the mapped values first."""
    request = FilingRequest(
        bundle=bundle,
        item=ITEM,
        application=app,
        outputs={},
        evidence_dir=evidence,
        base_url=bed.url,
        environ={"BOT_SECRET_BED_ELPLUS_PASSWORD": DEMO_ACCOUNT[1]},
    )

    async def go() -> FilingResult:
        runner = prepare_runner(request, None)
        if change is not None:
            change(runner.values["f"])
        async with BrowserPool().running() as pool:
            return await pool.in_context(runner, runner.file, record_trace=False)

    return run_async(go())


def test_the_recipe_is_login_then_fill_form_per_section_and_submit() -> None:
    path = recipes_dir() / f"{ITEM}.yaml"
    assert "css:" not in path.read_text(encoding="utf-8") and "nth:" not in path.read_text(encoding="utf-8")
    verbs = [registry.of(step).name for step in load_recipe(path).steps]
    login, form = verbs[:4], verbs[4:]
    assert login == ["fill", "fill", "click", "wait"]
    assert form == [*["fill_form"] * 2, "click", "wait", *["fill_form"] * 6, "submit"]  # 下一步 between the steps


def test_the_recipe_files_every_mapped_value(
    clean_bed: Bed, bed_bundle: Bundle, example_app: Application, tmp_path: Path
) -> None:
    result = file(clean_bed, bed_bundle, example_app, tmp_path / "evidence")
    mapped = bed_bundle.mappings[ITEM].evaluate(example_app, {})
    [stored] = clean_bed.admin.submissions()
    assert result.outputs == {"receipt_no": stored["receipt_no"]}
    expected = copy.deepcopy(mapped)
    expected["经营信息"]["从业人数"] = int(mapped["经营信息"]["从业人数"])  # a slider shows a number
    expected["补充材料"]["住所使用证明"] = Path(mapped["补充材料"]["住所使用证明"]).name  # a file by its name
    shown = stored["shown"]
    assert shown == expected
    assert len(shown["股东信息"]) == len(example_app.values["shareholders"]) == 2
    assert [u["filename"] for u in stored["uploads"]] == ["legal-rep-id.png"]
    assert [p.name for p in result.screenshots] == [
        "01-filled-企业基本信息+法定代表人.jpg",
        "02-filled-经营信息+银行与税务+补充材料+社保登记.jpg",  # before the 公积金登记 tab hides 社保登记
        "03-before-submit.jpg",
        "04-receipt.jpg",
    ]


# a recipe filed to fail one field (a fresh browser, a login): one business failure (an option the page lacks) and
# one technical (a label not on the page) show the filing stops before 提交 with its picture; the widgets' other
# refusals (an impossible date, a search with no match) are the kit's, tested in test_kit.py without a filing
@pytest.mark.parametrize(
    ("field", "value", "error", "message"),
    [
        (
            ("企业基本信息", "企业类型"),
            "股份公司",
            NotOffered,
            "「企业类型」是 Element Plus 下拉框，没有选项「股份公司」",
        ),
        (("法定代表人", "曾用名"), "林远", StepFailed, "找不到标签为「曾用名」的控件"),
    ],
    ids=["no-such-option", "unknown-label"],
)
def test_what_the_page_cannot_take_stops_the_filing_before_submit(
    clean_bed: Bed,
    bed_bundle: Bundle,
    example_app: Application,
    tmp_path: Path,
    field: tuple[str, str],
    value: str,
    error: type[PageError],
    message: str,
) -> None:
    def change(f: dict[str, Any]) -> None:
        f[field[0]][field[1]] = value

    with pytest.raises(error) as stopped:
        file(clean_bed, bed_bundle, example_app, tmp_path / "evidence", change)
    assert message in str(stopped.value)
    assert stopped.value.screenshot is not None and stopped.value.screenshot.exists()
    assert clean_bed.admin.submissions() == []
