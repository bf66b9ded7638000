"""``expect equals/contains`` compares what a person sees: a text box's value, any other element's text."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import StepFailed
from bot.recipe.loader import load_recipe
from bot.recipe.runner import Runner
from tests.support import filing_page, run_async

pytestmark = pytest.mark.browser


def _file(site_url: str, tmp_path: Path, checks: str) -> None:
    recipe = tmp_path / "expect.yaml"
    recipe.write_text(
        "item: expect\nstart: /step.html\ntimeout: 2000\nsteps:\n"
        "  - fill: {label: 备注, value: 漳州市芗城区}\n" + checks,
        encoding="utf-8",
    )
    runner = Runner(load_recipe(recipe), base_url=site_url, values={}, evidence_dir=tmp_path)

    async def go() -> None:
        async with filing_page() as page:
            await runner.file(page)

    run_async(go())


def test_an_input_is_compared_by_its_value(site_url: str, tmp_path: Path) -> None:
    _file(
        site_url,
        tmp_path,
        "  - expect: {label: 备注, equals: 漳州市芗城区}\n"
        "  - expect: {label: 备注, contains: 芗城}\n"
        "  - expect: {text: 从业人数, equals: 从业人数}\n",  # a label: its text
    )


def test_a_value_the_input_does_not_show_fails_the_step(site_url: str, tmp_path: Path) -> None:
    with pytest.raises(StepFailed, match="检查 标签“备注”"):
        _file(site_url, tmp_path, "  - timeout: 500\n    expect: {label: 备注, contains: 思明}\n")
