"""The Element UI bed (bed-elui) served on a free port for these tests, its admin client, a logged-in
HTTP client, and one async Chromium (in a thread of its own) for the kit's widget tests."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine, Iterator
from typing import Any, TypeVar

import httpx
import pytest
from playwright.async_api import Browser, Page, Playwright, async_playwright

from bot.recipe.browser import launch_async
from demo.kits.elui.app import DEMO_ACCOUNT
from demo.launcher import PortalsProcess
from demo.testing import AdminClient

ITEM = "bed-elui"
TOKEN = "elui-test-token"
T = TypeVar("T")


@pytest.fixture(scope="session")
def bed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PortalsProcess]:
    data = tmp_path_factory.mktemp("bed-elui")
    with PortalsProcess(data, admin_token=TOKEN, specs="demo.kits.elui.app:SPECS") as running:
        yield running


@pytest.fixture(scope="session")
def bed_url(bed: PortalsProcess) -> str:
    return bed.urls[ITEM]


@pytest.fixture(scope="session")
def bed_admin(bed: PortalsProcess) -> Iterator[AdminClient]:
    client = AdminClient(ITEM, bed.urls[ITEM], TOKEN)
    yield client
    client.close()


@pytest.fixture
def clean_bed(bed_admin: AdminClient) -> Iterator[AdminClient]:
    bed_admin.reset()
    yield bed_admin
    bed_admin.reset()


@pytest.fixture
def http(bed_url: str, clean_bed: AdminClient) -> Iterator[httpx.Client]:
    """A client logged in as the demo account."""
    with httpx.Client(base_url=bed_url, trust_env=False, timeout=10.0) as client:
        answer = client.post("/api/login", json={"account": DEMO_ACCOUNT[0], "password": DEMO_ACCOUNT[1]}).json()
        assert answer["code"] == 0
        yield client


class Chromium:
    """An async Chromium living in a thread of its own, so that sync tests can drive async kit code."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.playwright: Playwright | None = None
        self.browser: Browser | None = None

    def run(self, coroutine: Coroutine[Any, Any, T], timeout: float = 120) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    async def start(self) -> None:
        self.playwright = await async_playwright().start()
        self.browser = await launch_async(self.playwright)

    async def stop(self) -> None:
        if self.browser is not None:
            await self.browser.close()
        if self.playwright is not None:
            await self.playwright.stop()

    async def new_page(self) -> Page:
        assert self.browser is not None
        context = await self.browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 1000})
        context.set_default_timeout(8_000)
        return await context.new_page()

    def close(self) -> None:
        self.run(self.stop())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Chromium]:
    browser = Chromium()
    browser.run(browser.start())
    yield browser
    browser.close()


async def logged_in_form(chromium: Chromium, url: str) -> Page:
    """A new page on the bed's form, logged in as the demo account, Element UI drawn."""
    page = await chromium.new_page()
    await page.goto(url + "/login")
    await page.get_by_label("账号").fill(DEMO_ACCOUNT[0])
    await page.get_by_label("密码").fill(DEMO_ACCOUNT[1])
    await page.get_by_role("button", name="登录").click()
    await page.wait_for_url("**/form")
    await page.locator(".el-card__header").first.wait_for()
    return page
