"""What tests share: the project's own files, a fixed "today", async code beside sync fixtures, a browser page."""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import datetime as dt
import threading
from collections.abc import AsyncIterator, Coroutine, Iterator
from typing import Any, TypeVar

from playwright.async_api import Browser, Page, Playwright, async_playwright

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


class ThreadedChromium:
    """One async Chromium on an event loop in a thread of its own, kept for a whole test session: sync tests
    drive async kit code with ``run(coroutine)`` while sync Playwright fixtures hold the main thread's loop."""

    def __init__(self, timeout: float = 120) -> None:
        self.timeout = timeout
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.playwright: Playwright | None = None
        self.browser: Browser | None = None

    def run(self, coroutine: Coroutine[Any, Any, T], timeout: float | None = None) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout or self.timeout)

    async def start(self) -> None:
        self.playwright = await async_playwright().start()
        self.browser = await launch_async(self.playwright)

    async def new_page(self, height: int = 1000, timeout_ms: int = 8_000) -> Page:
        """A page of a new context (no cookies), Chinese locale, 1280 px wide."""
        assert self.browser is not None
        context = await self.browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": height})
        context.set_default_timeout(timeout_ms)
        return await context.new_page()

    async def stop(self) -> None:
        if self.browser is not None:
            await self.browser.close()
        if self.playwright is not None:
            await self.playwright.stop()

    def close(self) -> None:
        self.run(self.stop())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


@contextlib.contextmanager
def threaded_chromium(timeout: float = 120) -> Iterator[ThreadedChromium]:
    """A started :class:`ThreadedChromium`, closed afterwards (a session fixture's body)."""
    running = ThreadedChromium(timeout)
    running.run(running.start())
    try:
        yield running
    finally:
        running.close()
