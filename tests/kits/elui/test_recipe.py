"""recipes/bed-elui.yaml files the Element UI bed with only a login, ``fill_form`` per section (the 股东 table
included) and ``submit``: the stored submission, as the bed's 办件详情 shows it (admin API ``shown``), equals the
mapping for every field. And what cannot be filled ends before submit, named, with the page's picture."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

import pytest

from bot.errors import NotOffered, PageError, StepFailed
from bot.form.application import Application
from bot.mapping.bundle import Bundle
from bot.mapping.item import load_mappings
from bot.recipe.context import FilingResult
from bot.run.filing import FilingRequest, file_item
from demo.kits.elui.app import DEMO_ACCOUNT
from demo.testing import AdminClient
from tests.support import MAPPINGS, run_async

pytestmark = pytest.mark.browser
ITEM = "bed-elui"


def bed_bundle(bundle: Bundle, mappings: Path = MAPPINGS) -> Bundle:
    """The open-company bundle with the bed as its only item (the bed is no item of the bundle)."""
    mapping = load_mappings(mappings, bundle.form)[ITEM]
    return dataclasses.replace(bundle, needs={ITEM: []}, mappings={ITEM: mapping})


def file(bundle: Bundle, app: Application, url: str, evidence: Path) -> tuple[FilingResult, dict[str, Any]]:
    request = FilingRequest(
        bundle=bundle,
        item=ITEM,
        application=app,
        outputs={},
        evidence_dir=evidence,
        base_url=url,
        environ={"BOT_SECRET_ELUI_PASSWORD": DEMO_ACCOUNT[1]},
    )
    return run_async(file_item(request, None)), bundle.mappings[ITEM].evaluate(app, {})


def as_shown(value: Any) -> Any:
    """A mapped value as the page shows it: numbers as their text."""
    if isinstance(value, dict):
        return {k: as_shown(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_shown(v) for v in value]
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


def test_the_recipe_files_every_mapped_value(
    bed_url: str, clean_bed: AdminClient, bundle: Bundle, example_app: Application, tmp_path: Path
) -> None:
    result, mapped = file(bed_bundle(bundle), example_app, bed_url, tmp_path / "evidence")
    [stored] = clean_bed.submissions()
    assert result.outputs == {"receipt_no": stored["receipt_no"]}
    assert re.fullmatch(r"QYKB\d{14}", stored["receipt_no"])
    expected = as_shown(mapped)
    expected["附件材料"]["法定代表人身份证明"] = Path(mapped["附件材料"]["法定代表人身份证明"]).name
    assert as_shown(stored["shown"]) == expected
    assert [u["filename"] for u in stored["uploads"]] == ["legal-rep-id.png"]
    assert [p.name for p in result.screenshots][-1] == f"{len(result.screenshots):02d}-receipt.jpg"


# a recipe filed to fail one field (a fresh browser, a login): one business failure (an option the page lacks) and
# one technical (a label not on the page) show the filing stops before 提交 with its picture; the widgets' other
# refusals (an impossible date, a search with no match) are the kit's, tested in test_kit.py without a filing
# (what the mapping says, what it is made to say, what the failure says, the kind of failure)
BROKEN = [
    (
        "    所属社区（居委会）: 天宝街道九龙社区居民委员会",
        "    所属社区（居委会）: 天宝街道九龙社区",
        "「所属社区（居委会）」是 Element UI 下拉框，没有选项「天宝街道九龙社区」（可选：南坑街道东城社区居民委员会、",
        NotOffered,
    ),
    (
        '    企业名称: "{{ app.company.name }}"',
        '    企业名字: "{{ app.company.name }}"',
        "找不到标签为「企业名字」的控件（本页相近的标签：企业名称",
        StepFailed,
    ),
]


@pytest.mark.parametrize(("line", "broken", "message", "kind"), BROKEN, ids=["option", "label"])
def test_what_cannot_be_filled_stops_before_submit(
    bed_url: str,
    clean_bed: AdminClient,
    bundle: Bundle,
    example_app: Application,
    project_copy: Path,
    tmp_path: Path,
    line: str,
    broken: str,
    message: str,
    kind: type[PageError],
) -> None:
    mapping = project_copy / f"{ITEM}.yaml"
    text = mapping.read_text(encoding="utf-8")
    assert line in text
    mapping.write_text(text.replace(line, broken), encoding="utf-8")
    with pytest.raises(PageError) as failed:
        file(bed_bundle(bundle, project_copy), example_app, bed_url, tmp_path / "evidence")
    assert type(failed.value) is kind
    assert message in str(failed.value)
    assert failed.value.screenshot is not None and failed.value.screenshot.is_file()
    assert clean_bed.submissions() == []
