"""``drag`` passes a slider check as a person does: pressed, moved in many small steps, let go at the end
of the track (bot/recipe/verbs/pointer.py), on a page that refuses jumps and drags that stop short."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import SpecError, StepFailed
from bot.recipe.loader import load_recipe
from bot.recipe.runner import Runner
from bot.recipe.verbs.pointer import MOVES, path
from tests.support import filing_page, run_async


def _recipe(tmp_path: Path, steps: str) -> Path:
    recipe = tmp_path / "slider.yaml"
    recipe.write_text(f"item: slider\nstart: /slider.html\ntimeout: 3000\nsteps:\n{steps}", encoding="utf-8")
    return recipe


def _file(site_url: str, recipe: Path, tmp_path: Path) -> tuple[str, str]:
    """The page's hint under the slider, and what it says of a drop on the target."""
    runner = Runner(load_recipe(recipe), base_url=site_url, values={}, evidence_dir=tmp_path)

    async def go() -> tuple[str, str]:
        async with filing_page() as page:
            await runner.file(page)
            return await page.locator("#hint").inner_text(), await page.locator("#dropped").inner_text()

    return run_async(go())


@pytest.mark.browser
def test_a_slider_check_passes_when_the_handle_is_dragged_to_the_tracks_edge(site_url: str, tmp_path: Path) -> None:
    steps = (
        "  - name: 拖动滑块完成验证\n"
        "    drag: {role: slider, name: 拖动滑块, edge: right}\n"
        "  - expect: {css: '#hint', equals: 验证通过}\n"
    )
    assert _file(site_url, _recipe(tmp_path, steps), tmp_path) == ("验证通过", "")


@pytest.mark.browser
def test_a_drag_lets_go_over_another_element(site_url: str, tmp_path: Path) -> None:
    steps = "  - drag: {role: slider, name: 拖动滑块, to: {label: 目标位置}}\n"
    assert _file(site_url, _recipe(tmp_path, steps), tmp_path)[1] == "已放到目标位置"


@pytest.mark.browser
def test_a_handle_that_is_not_there_fails_the_step_by_its_name(site_url: str, tmp_path: Path) -> None:
    steps = "  - name: 拖动滑块\n    timeout: 500\n    drag: {css: '#no-such-handle', edge: right}\n"
    with pytest.raises(StepFailed, match="步骤“拖动滑块”失败：500 毫秒内页面上没有显示CSS #no-such-handle") as failed:
        _file(site_url, _recipe(tmp_path, steps), tmp_path)
    assert failed.value.screenshot is not None and failed.value.screenshot.name.endswith("-failure.jpg")


def test_a_drag_names_exactly_one_destination(tmp_path: Path) -> None:
    for args, message in (
        ("{css: '#handle'}", "to（拖到某个元素上）或 edge"),
        ("{css: '#handle', edge: right, to: {css: '#target'}}", "to（拖到某个元素上）或 edge"),
        ("{css: '#handle', to: {css: '#target'}, track: {css: '#track'}}", "track 只能与 edge 一起使用"),
    ):
        with pytest.raises(SpecError, match=message):
            load_recipe(_recipe(tmp_path, f"  - drag: {args}\n"))


def test_the_hand_moves_in_many_small_eased_steps_and_ends_exactly_on_target() -> None:
    points = path((10.0, 20.0), (310.0, 20.0))
    assert len(points) == MOVES and points[-1] == (310.0, 20.0)
    steps = [b[0] - a[0] for a, b in zip([(10.0, 20.0), *points], points, strict=False)]
    assert all(s > 0 for s in steps) and steps[0] > steps[-1]  # forward all the way, slowing down
    assert max(abs(y - 20.0) for _, y in points) <= 1.0 and len({y for _, y in points}) > 2  # a pixel's wobble
