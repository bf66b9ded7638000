"""The browser a driver files in, and the fresh context each filing gets: shared by the engine and
``bot run-item``.

Why its own module: launching (or reusing) Chromium, opening a filing context, recording a trace
of a failed attempt and closing the context whatever happens is the same work for one item
filed by hand and for a run's many filings (as Scrapy's downloader owns its connections apart from
the engine that decides what to fetch). One browser per process, one context per filing; the
cookies of a filing are kept in memory between its calls, never a page: approval polls log in once,
and for a recipe that logs in only when the portal asks (it names its ``logged_out`` sign) an attempt
that failed hands its portal session to the next one, so the 经办人 gets no new SMS code while the
portal's session lives.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, TypeVar

from playwright.async_api import Browser, Page, Playwright, async_playwright
from playwright.async_api import Error as PlaywrightError

from bot.evidence import trace
from bot.recipe.browser import launch_async, new_filing_context
from bot.recipe.runner import Runner

T = TypeVar("T")


class BrowserPool:
    """One Chromium, launched when first needed and again if it died, closed when asked (idle, the end).

    ``browser``: one the caller opened and closes itself (lent, never closed or relaunched here)."""

    def __init__(self, *, headed: bool = False, browser: Browser | None = None) -> None:
        self.headed = headed
        self._playwright: Playwright | None = None
        self._browser = browser
        self._lent = browser is not None
        self._cookies: dict[int, Any] = {}  # filing id → its context's storage state, memory only

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[BrowserPool]:
        """Playwright for the block (a drive, one item filed); the browser is closed at its end."""
        async with async_playwright() as playwright:
            self._playwright = playwright
            try:
                yield self
            finally:
                await self.close_browser()
                self._playwright = None

    async def start(self) -> None:
        """Playwright and the browser for many calls (a worker process, after the fork); :meth:`stop` ends them."""
        if self._playwright is None:
            self._playwright = await async_playwright().start()
        await self.browser()

    async def stop(self) -> None:
        await self.close_browser()
        if self._playwright is not None:
            await self._playwright.stop()
            self._playwright = None

    async def browser(self) -> Browser:
        if self._lent:
            assert self._browser is not None
            return self._browser
        if self._browser is None or not self._browser.is_connected():
            assert self._playwright is not None, "BrowserPool.running() or start() first"
            self._browser = await launch_async(self._playwright, headless=not self.headed)
        return self._browser

    async def close_browser(self) -> None:
        """Give the browser back (nothing in flight for a while, or the end); the next filing launches one."""
        if self._browser is not None and not self._lent:
            with contextlib.suppress(PlaywrightError):
                await self._browser.close()
            self._browser = None

    def forget(self, filing_id: int) -> None:
        """The filing has settled: its cookies are not needed any more."""
        self._cookies.pop(filing_id, None)

    async def in_context(
        self,
        runner: Runner,
        action: Callable[[Page], Awaitable[T]],
        *,
        record_trace: bool,
        filing_id: int | None = None,
    ) -> T:
        """``action(page)`` (one of ``runner``'s) in a fresh filing context, closed afterwards even when it
        fails. With ``filing_id``, the context starts with the cookies that filing's last call left (failed
        or not) and keeps the new ones. ``record_trace``: a failure leaves a trace with the filing's evidence (the
        engine records from a filing's second attempt on: most pass at once, and recording has a cost)."""
        browser = await self.browser()
        kept = self._cookies.get(filing_id) if filing_id is not None else None
        context = await new_filing_context(browser, storage_state=kept)
        succeeded = False
        try:
            async with trace.kept_on_failure(context, runner.evidence_dir, lambda: runner.values, record=record_trace):
                page = await context.new_page()
                result = await action(page)
                succeeded = True
                return result
        finally:
            # After a failure, only a recipe that logs in when the portal asks (it names its logged_out sign) gets
            # this session back; another keeps what its last success left, as before (the bank's page, without a
            # login, refuses a second SMS code within 60 s of one session: a retry there starts afresh).
            if filing_id is not None and (succeeded or runner.recipe.logged_out is not None):
                with contextlib.suppress(PlaywrightError):
                    self._cookies[filing_id] = await context.storage_state()
            elif filing_id is not None:
                # The portal's session remembers what the failed call did in it (the bank: a code sent, so no
                # second one for 60 s): the next call starts afresh, not in the session an earlier success left.
                self._cookies.pop(filing_id, None)
            with contextlib.suppress(PlaywrightError):
                await context.close()
