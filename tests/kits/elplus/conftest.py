"""The Element Plus bed (demo/kits/elplus) served on free ports, its admin API, and one Chromium driven from an
event loop of its own, so that the kit's async widgets can be tested from sync tests page by page."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Coroutine, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx
import pytest
from playwright.async_api import Browser, Page, Playwright, async_playwright

from bot.recipe.browser import launch_async
from demo.kits.elplus.app import DEMO_ACCOUNT
from demo.launcher import PortalsProcess
from demo.testing import AdminClient

ITEM = "bed-elplus"
SPECS = "demo.kits.elplus.app:SPECS"
TOKEN = "test-admin-token"
T = TypeVar("T")


@dataclass
class Bed:
    url: str
    admin: AdminClient
    portals: PortalsProcess

    @contextlib.contextmanager
    def logged_in(self) -> Iterator[httpx.Client]:
        """An HTTP client with the demo account's session."""
        with httpx.Client(base_url=self.url, trust_env=False, timeout=10.0) as client:
            answer = client.post("/login", data={"account": DEMO_ACCOUNT[0], "password": DEMO_ACCOUNT[1]})
            assert answer.status_code == 303, answer.text
            yield client


@pytest.fixture(scope="session")
def bed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bed]:
    with PortalsProcess(tmp_path_factory.mktemp("bed-elplus"), admin_token=TOKEN, specs=SPECS) as running:
        admin = AdminClient(ITEM, running.urls[ITEM], TOKEN)
        yield Bed(running.urls[ITEM], admin, running)
        admin.close()


@pytest.fixture
def clean_bed(bed: Bed) -> Iterator[Bed]:
    bed.admin.reset()
    yield bed
    bed.admin.reset()


class Loop:
    """An asyncio loop in a thread of its own holding one Chromium: ``run(coroutine)`` waits for its result."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.playwright: Playwright | None = None
        self.browser: Browser | None = None

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout=240)

    async def start(self) -> None:
        self.playwright = await async_playwright().start()
        self.browser = await launch_async(self.playwright)

    async def stop(self) -> None:
        if self.browser is not None:
            await self.browser.close()
        if self.playwright is not None:
            await self.playwright.stop()


@pytest.fixture(scope="session")
def loop() -> Iterator[Loop]:
    running = Loop()
    running.run(running.start())
    yield running
    running.run(running.stop())
    running.loop.call_soon_threadsafe(running.loop.stop)
    running.thread.join(timeout=10)


async def open_form(browser: Browser, url: str) -> Page:
    """A fresh context logged in as the demo account, on the form (Vue mounted)."""
    context = await browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 1080})
    context.set_default_timeout(8_000)
    page = await context.new_page()
    await page.goto(url + "/login")
    await page.get_by_label("账号").fill(DEMO_ACCOUNT[0])
    await page.get_by_label("密码").fill(DEMO_ACCOUNT[1])
    await page.get_by_role("button", name="登录").click()
    await page.wait_for_url("**/form")
    await page.locator(".el-form-item").first.wait_for()
    return page
