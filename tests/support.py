"""What tests share: the project's own files, a fixed "today", async code beside sync fixtures, a browser page."""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import datetime as dt
from collections.abc import AsyncIterator, Coroutine
from typing import Any, TypeVar

from playwright.async_api import Page, async_playwright

from bot.paths import PROJECT_ROOT
from bot.recipe.browser import launch_async, new_filing_context

MAPPINGS = PROJECT_ROOT / "mappings"
EXAMPLES = PROJECT_ROOT / "examples"
# A Friday: defaults that count working days or months from today are checked against it.
TODAY = dt.date(2026, 11, 20)
T = TypeVar("T")


def run_async(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to completion in a thread of its own.

    The demo tests' sync Playwright fixtures keep an event loop in the main thread;
    asyncio.run refuses to start inside it, so async browser code runs beside it.
    """
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


@contextlib.asynccontextmanager
async def filing_page(timeout_ms: int | None = None) -> AsyncIterator[Page]:
    """A page of a fresh filing context in a Chromium of its own, as the runner and the engine file;
    the browser is closed afterwards, whatever happened."""
    async with async_playwright() as playwright:
        browser = await launch_async(playwright)
        try:
            page = await (await new_filing_context(browser)).new_page()
            if timeout_ms is not None:
                page.set_default_timeout(timeout_ms)
            yield page
        finally:
            await browser.close()
