"""The inspected page's picture with every listed field framed and numbered as in the listing."""

from __future__ import annotations

import contextlib
from pathlib import Path

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Page

from bot.inspect import pagejs


async def numbered_picture(page: Page, path: Path) -> Path | None:
    """A full-page PNG with the badges drawn over the fields (then removed); None if the page could not be taken."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        await page.evaluate(pagejs.BADGES)
        await page.screenshot(path=str(path), full_page=True)
    except PlaywrightError:
        return None
    finally:
        with contextlib.suppress(PlaywrightError):
            await page.evaluate(pagejs.UNBADGE)
    return path
