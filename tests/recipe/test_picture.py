"""Evidence pictures show the whole page: the filing window when the page fits in it, the page laid out
at its full height when it does not (down to its last line, where a form's submit button often is)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from bot.recipe.browser import FILING_VIEWPORT
from bot.recipe.picture import take_picture
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
