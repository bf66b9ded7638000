"""Transient portal errors, retried where repeating the request cannot file anything twice.

A portal behind an overloaded gateway answers some requests 500/502/503/504, or drops the
connection: a page, a script, a list of options loaded by AJAX, a wizard page's post. A step
that met one would fail, and a filing of dozens of requests would rarely get through whole.

Every page is watched: a transient error is noted (``seen``), and one that answers the submit
ends it at once (``gave_up``: the outcome is then unknown and reconciled, never repeated).
Once a portal has shown one, interception is on (``intercept``): from that moment in the same
page (the page that met it is loaded again, so the attempt goes on instead of failing), and for
the engine's later filings there from their start. Every request of the page then passes
through here. A GET (or HEAD) is asked again after a
short pause; so is a POST, but only before the submit intent (a wizard page saved again is
the same page). After the intent a POST goes out once, whatever happens. A page that still
answers with an error (a redirect's target, which no route sees: Playwright routes a
redirect's first URL only) is loaded again, as a person would press F5, and the step that
met it is done again. Interception costs a round trip through this process per request
(~20-30 ms on a local portal), which is why a healthy portal does without it.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from urllib.parse import urlsplit

from loguru import logger
from playwright.async_api import APIResponse, Page, Request, Response, Route
from playwright.async_api import Error as PlaywrightError

from bot.errors import first_line

TRANSIENT = frozenset({500, 502, 503, 504})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
MAX_PAUSE_S = 2.0  # all the pauses of one request stay well inside a step's timeout


class TransientRetry:
    """Watches a page for transient errors and, with ``intercept``, asks again: ``await retry.attach(page)``."""

    def __init__(
        self,
        posts_repeatable: Callable[[], bool],
        *,
        intercept: bool,
        on_seen: Callable[[], None] | None = None,
        attempts: int = 7,  # a portal failing a fifth of all requests fails one of them 7 times in ~80 000
        pause_s: float = 0.25,
    ) -> None:
        self.posts_repeatable = posts_repeatable
        self.intercept = intercept
        self.on_seen = on_seen
        self.seen = False  # the portal answered a request of this page with a transient error
        self.attempts = attempts
        self.pause_s = pause_s
        self.gave_up = asyncio.Event()  # a page or data request got no good answer, nor was asked again
        self.gave_up_on = ""
        self._gave_up_request: Request | None = None
        self._reloads: dict[str, int] = {}  # pages loaded again, by URL
        self.reloaded = 0  # pages loaded again: a step that met one is done again (Runner.step)
        self._reloading = 0
        self._idle = asyncio.Event()
        self._idle.set()
        self._page: Page | None = None

    async def attach(self, page: Page) -> None:
        """Watch the page's answers; with ``intercept``, every request of it through ``__call__``."""
        self._page = page
        if self.intercept:
            await page.route("**/*", self)
        page.on("response", self._on_response)
        page.on("requestfailed", self._on_request_failed)

    @contextlib.asynccontextmanager
    async def paused(self) -> AsyncIterator[None]:
        """Interception off meanwhile: a file chosen now is posted by the page's script as the browser sends
        it (an interceptor holds only the post's framing, and would send the file empty)."""
        if not self.intercept or self._page is None:
            yield
            return
        await self._page.unroute("**/*", self)
        try:
            yield
        finally:
            await self._page.route("**/*", self)

    async def __call__(self, route: Route) -> None:
        request = route.request
        if _carries_files(request):
            await route.fallback()  # the browser sends it itself (watched in _on_response)
            return
        repeatable = request.method in SAFE_METHODS or self.posts_repeatable()
        tries = self.attempts if repeatable else 1
        for attempt in range(1, tries + 1):
            last = attempt == tries
            try:
                # Redirects are left to the browser, so that the page's URL is the one the portal sent it to.
                response: APIResponse | None = await route.fetch(max_redirects=0)
            except PlaywrightError as exc:
                if _gone(exc):
                    return  # the page or its context closed meanwhile: nobody waits for this answer
                response = None
            if response is not None and (response.status not in TRANSIENT or last):
                if response.status in TRANSIENT:
                    self._note_gave_up(request, f"HTTP {response.status}")
                await _answer(route, response)
                return
            self._note_seen()
            if last:
                self._note_gave_up(request, "连接中断")
                await _give_up(route)
                return
            what = f"HTTP {response.status}" if response is not None else "连接中断"
            pause = self._pause(attempt)
            logger.info("门户暂时出错（{}），{} 秒后重试：{} {}", what, pause, request.method, _path(request.url))
            await asyncio.sleep(pause)

    async def _on_response(self, response: Response) -> None:
        """A transient error that reached the page. With interception, a page (GET) is loaded again, as a
        person would press F5: a redirect's target, which no route sees, or one that failed every try."""
        if response.status not in TRANSIENT:
            return
        request = response.request
        routed = self.intercept and not _carries_files(request)  # asked again already, unless a redirect's target
        self._note_seen()
        await self._intercept_from_now()
        if self.intercept and request.method == "GET" and request.is_navigation_request():
            await self._load_again(response)
        elif not routed:  # nobody asks again for this one
            self._note_gave_up(request, f"HTTP {response.status}")

    async def _load_again(self, response: Response) -> None:
        request = response.request
        tries = self._reloads.get(request.url, 0) + 1
        if tries >= self.attempts:
            self._note_gave_up(request, f"HTTP {response.status}")
            return
        self._reloads[request.url] = tries
        self.reloaded += 1
        self._reloading += 1
        self._idle.clear()
        pause = self._pause(tries)
        logger.info("门户暂时出错（HTTP {}），{} 秒后重新打开：GET {}", response.status, pause, _path(request.url))
        try:
            await asyncio.sleep(pause)
            await response.frame.goto(request.url)
        except PlaywrightError as exc:
            logger.info("重新打开未成功（{}）", first_line(exc))
        finally:
            self._reloading -= 1
            if not self._reloading:
                self._idle.set()

    async def _on_request_failed(self, request: Request) -> None:
        if "ERR_ABORTED" in (request.failure or ""):
            return  # the page went elsewhere meanwhile (or we gave the request up): not the portal's doing
        routed = self.intercept and not _carries_files(request)
        self._note_seen()
        await self._intercept_from_now()
        if not routed:
            self._note_gave_up(request, "连接中断")

    async def _intercept_from_now(self) -> None:
        """The portal has shown a transient error: its next requests in this page are asked again too."""
        if self.intercept or self._page is None:
            return
        self.intercept = True
        try:
            await self._page.route("**/*", self)
        except PlaywrightError as exc:
            if not _gone(exc):
                raise
        logger.info("门户出现瞬时故障：本页此后出错的请求自动重发")

    def _note_seen(self) -> None:
        """The first transient error: say so (the engine then files on this portal with interception)."""
        if not self.seen:
            self.seen = True
            if self.on_seen is not None:
                self.on_seen()

    async def settled(self) -> None:
        """Once no page is being loaded again."""
        await self._idle.wait()

    def _note_gave_up(self, request: Request, what: str) -> None:
        if request.is_navigation_request() or request.resource_type in ("xhr", "fetch"):
            self.gave_up_on = f"{request.method} {_path(request.url)}：{what}"
            self._gave_up_request = request
            self.gave_up.set()

    async def handled(self, within_s: float) -> None:
        """Once the page has had the answer it got no good one to, body and all: its script may still show an
        error for it (an upload's 上传失败), and a file chosen again before that would have its success
        followed by that stale error, which the submit then takes for the portal refusing the filing. A body
        that never comes is waited for ``within_s`` at most (the step's time): then the step goes on."""
        request, self._gave_up_request = self._gave_up_request, None
        if request is None or self._page is None:
            return
        with contextlib.suppress(PlaywrightError, TimeoutError):
            async with asyncio.timeout(within_s):
                response = await request.response()
                if response is not None:
                    await response.finished()
                # the page's handlers of that answer run in tasks queued before this one
                await request.frame.evaluate("() => new Promise(done => setTimeout(done))")

    def _pause(self, attempt: int) -> float:
        return float(min(MAX_PAUSE_S, self.pause_s * 2 ** (attempt - 1)))


async def _answer(route: Route, response: APIResponse) -> None:
    await _unless_gone(route.fulfill(response=response))


async def _give_up(route: Route) -> None:
    """No answer came: the browser sees a failed request, as it would have without us."""
    await _unless_gone(route.abort("failed"))


async def _unless_gone(reply: Awaitable[None]) -> None:
    """Answer a route, unless its page or context closed meanwhile (nobody waits for the answer then)."""
    try:
        await reply
    except PlaywrightError as exc:
        if not _gone(exc):
            raise


def _carries_files(request: Request) -> bool:
    """A multipart post: the browser keeps the files' bytes from an interceptor (Chromium hands over the
    framing only), so it cannot be sent again from here; an upload step pauses interception and chooses
    its file again instead (Runner._upload)."""
    return request.method not in SAFE_METHODS and "multipart/" in (request.headers.get("content-type") or "")


def _gone(exc: PlaywrightError) -> bool:
    return "closed" in str(exc).lower()


def _path(url: str) -> str:
    """The URL without its query: a query may carry an ID or phone number, which never reaches the log."""
    return urlsplit(url).path
