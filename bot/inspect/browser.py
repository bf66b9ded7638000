"""A browser page to inspect: the filing window, the reading engines and the listing engine registered."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from playwright.async_api import Page, async_playwright

from bot.inspect import pagejs
from bot.recipe.browser import launch_async, new_filing_context


@asynccontextmanager
async def inspecting_page(*, headed: bool = False, timeout_ms: int = 15_000) -> AsyncIterator[Page]:
    """A page of a fresh context in a Chromium of its own, closed afterwards."""
    async with async_playwright() as playwright:
        await pagejs.register(playwright)
        browser = await launch_async(playwright, headless=not headed)
        try:
            page = await (await new_filing_context(browser)).new_page()
            page.set_default_timeout(timeout_ms)
            yield page
        finally:
            await browser.close()
