"""Evidence pictures show the whole page: the filing window when the page fits in it, the page laid out
at its full height when it does not (down to its last line, where a form's submit button often is)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from bot.recipe.browser import FILING_VIEWPORT
from bot.recipe.picture import take_picture
from bot.recipe.runner import Runner
from bot.recipe.schema import Recipe
from tests.support import filing_page, run_async

pytestmark = pytest.mark.browser

PAGE = """<!doctype html><meta charset="utf-8">
<body style="margin:0"><div style="height:{height}px;background:#fff"></div>
<div style="height:40px;background:#f00"></div></body>"""


def _pictures(tmp_path: Path, heights: list[int]) -> list[Path]:
    async def go() -> list[Path]:
        async with filing_page() as page:
            paths = []
            for height in heights:
                await page.set_content(PAGE.format(height=height))
                path = tmp_path / f"{height}.jpg"
                assert await take_picture(page, path, timeout_ms=5000)
                paths.append(path)
            return paths

    return run_async(go())


def _bottom_band(picture: Path) -> tuple[tuple[int, int], tuple[int, ...]]:
    with Image.open(io.BytesIO(picture.read_bytes())) as image:
        rgb = image.convert("RGB")
        return rgb.size, rgb.getpixel((rgb.width // 2, rgb.height - 20))


def test_a_page_that_fits_is_pictured_as_the_window_and_a_longer_one_whole(tmp_path: Path) -> None:
    short, long = _pictures(tmp_path, [FILING_VIEWPORT["height"] - 40, 2000])

    size, bottom = _bottom_band(short)
    assert size == (FILING_VIEWPORT["width"], FILING_VIEWPORT["height"])
    assert bottom[0] > 200 and bottom[1] < 60  # the red band ends the window

    size, bottom = _bottom_band(long)
    assert size == (FILING_VIEWPORT["width"], 2040)
    assert bottom[0] > 200 and bottom[1] < 60  # beyond the window, to the page's last line


BUSY = "ms => setTimeout(() => { const end = Date.now() + ms; while (Date.now() < end); })"


def test_a_failures_picture_waits_for_a_busy_page_where_one_on_the_way_gives_up(tmp_path: Path) -> None:
    """Load run 51 lost the picture of a failure (找不到标签), its page starved of CPU beyond the 5 s a picture
    on the way may take. A page whose script holds it 8 s: the picture of what was filled is given up (the
    filing goes on), the one a failure carries waits for the page."""
    recipe = Recipe.model_validate({"item": "test-busy", "start": "/", "steps": [{"click": {"text": "办理"}}]})
    runner = Runner(recipe, base_url="http://127.0.0.1", values={}, evidence_dir=tmp_path)

    async def go() -> tuple[Path | None, Path | None]:
        async with filing_page() as page:
            await page.set_content("<p>办理</p>")
            await page.evaluate(BUSY, 8000)
            on_the_way = await runner.screenshot(page, "filled-企业基本信息")
            await page.evaluate(BUSY, 8000)
            return on_the_way, await runner.screenshot(page, "failure")

    on_the_way, failure = run_async(go())
    assert on_the_way is None
    assert failure is not None and failure.name == "01-failure.jpg" and failure.stat().st_size > 1000
