"""A recipe's reconcile and approval sections, and page-conditioned ``when``, on the static test portal."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.errors import PortalRefused, StepFailed
from bot.recipe.runner import Runner
from bot.recipe.schema import Recipe
from tests.support import filing_page, run_async

pytestmark = pytest.mark.browser

RECIPE = """
item: test-seal
start: /mine.html
timeout: 5000
steps:
  - click: {role: button, name: 登录}
reconcile:
  steps:
    - when:
        visible: {role: button, name: 登录}
        steps:
          - click: {role: button, name: 登录}
  found: {role: row, name: "{{ f.单位名称 }}"}
  receipt:
    receipt_no: {css: ".no"}
approval:
  steps:
    - goto: "{{ outputs['test-seal'].page }}"
  approved: {text: 已核准, exact: true}
  refused: {css: "#reason"}
  outputs:
    uscc: {css: "#uscc"}
    licence_pdf: {role: link, name: 下载营业执照, download: true}
"""


# The same list inside an iframe: the steps work within the frame, found and receipt are read inside it.
FRAMED = """
item: test-seal
start: /mine-frame.html
timeout: 5000
steps: []
reconcile:
  frame: {css: "#listframe"}
  steps:
    - within:
        frame: {css: "#listframe"}
        steps:
          - click: {role: button, name: 登录}
          - wait: {visible: {role: table}}
  found: {role: row, name: "{{ f.单位名称 }}"}
  receipt:
    receipt_no: {role: cell, nth: 0}
"""


def runner(
    site_url: str, tmp_path: Path, name: str = "漳州市云帆软件科技有限公司", page: str = "", recipe: str = RECIPE
) -> Runner:
    values: dict[str, Any] = {
        "f": {"单位名称": name},
        "app": {},
        "outputs": {"test-seal": {"page": page}},
        "secrets": {},
    }
    parsed = Recipe.model_validate(yaml.safe_load(recipe))
    return Runner(parsed, base_url=site_url, values=values, evidence_dir=tmp_path)


def go(runner: Runner, what: str) -> Any:
    async def inner() -> Any:
        async with filing_page() as page:
            return await (runner.reconcile(page) if what == "reconcile" else runner.poll_approval(page))

    return run_async(inner())


def test_reconcile_finds_the_earlier_submission_and_reads_its_receipt(site_url: str, tmp_path: Path) -> None:
    assert go(runner(site_url, tmp_path), "reconcile") == {"receipt_no": "SL20261120000008"}


def test_reconcile_says_none_when_the_portal_lists_no_such_filing(site_url: str, tmp_path: Path) -> None:
    assert go(runner(site_url, tmp_path, name="福州市从未提交有限公司"), "reconcile") is None
    assert (tmp_path / "01-reconcile-not-found.jpg").is_file()


def test_reconcile_reads_the_list_inside_an_iframe(site_url: str, tmp_path: Path) -> None:
    assert go(runner(site_url, tmp_path, recipe=FRAMED), "reconcile") == {"receipt_no": "SL20261120000008"}
    absent = runner(site_url, tmp_path / "absent", name="福州市从未提交有限公司", recipe=FRAMED)
    assert go(absent, "reconcile") is None


def test_a_recipe_without_reconcile_cannot_reconcile(site_url: str, tmp_path: Path) -> None:
    bare = runner(site_url, tmp_path)
    bare.recipe = bare.recipe.model_copy(update={"reconcile": None})
    with pytest.raises(StepFailed, match="没有 reconcile 部分"):
        go(bare, "reconcile")


def test_approval_pending_then_approved_with_the_licence_downloaded(site_url: str, tmp_path: Path) -> None:
    assert go(runner(site_url, tmp_path, page="/pending.html"), "approval") is None
    outputs = go(runner(site_url, tmp_path, page="/approved.html"), "approval")
    assert outputs["uscc"] == "91350602MA2Y0B3X1K"
    licence = Path(outputs["licence_pdf"])
    assert licence.name == "licence_pdf.pdf" and licence.read_bytes().startswith(b"%PDF")


def test_a_refusal_is_the_portals_reason(site_url: str, tmp_path: Path) -> None:
    with pytest.raises(PortalRefused, match="企业名称与已登记企业名称近似"):
        go(runner(site_url, tmp_path, page="/refused.html"), "approval")


def test_when_needs_exactly_one_condition() -> None:
    with pytest.raises(ValueError, match="when 需要 if 或 visible 之一"):
        Recipe.model_validate(
            {"item": "x", "start": "/", "steps": [{"when": {"if": "{{ 1 }}", "visible": "登录", "steps": []}}]}
        )
