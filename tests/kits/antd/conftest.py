"""The Ant Design Vue bed (demo/kits/antd) served on a free port, its admin API, and a Chromium logged in to it.

``form``: a fresh page of one browser context logged in as the demo account, showing the form; its
coroutines run on the ``driver``'s own event loop (a thread), so the sync tests share one Chromium.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from playwright.async_api import BrowserContext, Page

from demo.launcher import PortalsProcess
from demo.testing import AdminClient
from tests.support import ThreadedChromium

ITEM = "bed-antd"
SPECS = "demo.kits.antd.app:SPECS"
ADMIN_TOKEN = "test-admin-token"
ACCOUNT = ("demo", "Demo@2024")
T = TypeVar("T")


@pytest.fixture(scope="session")
def bed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PortalsProcess]:
    with PortalsProcess(tmp_path_factory.mktemp("bed-antd"), admin_token=ADMIN_TOKEN, specs=SPECS) as running:
        yield running


@pytest.fixture(scope="session")
def bed_url(bed: PortalsProcess) -> str:
    return bed.urls[ITEM]


@pytest.fixture(scope="session")
def bed_admin(bed: PortalsProcess) -> Iterator[AdminClient]:
    client = AdminClient(ITEM, bed.urls[ITEM], ADMIN_TOKEN)
    yield client
    client.close()


@pytest.fixture
def clean_bed(bed_admin: AdminClient) -> Iterator[AdminClient]:
    bed_admin.reset()
    yield bed_admin
    bed_admin.reset()


async def log_in(page: Page, url: str) -> None:
    """Log in through the page as a person does and wait for the form."""
    await page.goto(url + "/login")
    await page.get_by_label("账号").fill(ACCOUNT[0])
    await page.get_by_label("密码").fill(ACCOUNT[1])
    await page.get_by_role("button", name="登 录").click()
    await page.wait_for_url("**/form")
    await page.locator(".ant-card").first.wait_for()


class Driver(ThreadedChromium):
    """The bed's Chromium in its own thread (tests.support), with one context logged in for every page."""

    context: BrowserContext | None = None

    async def log_in(self, url: str) -> None:
        await self.start()
        assert self.browser is not None
        self.context = await self.browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 1000})
        self.context.set_default_timeout(10_000)
        await log_in(await self.context.new_page(), url)

    async def page(self, url: str) -> Page:
        assert self.context is not None
        page = await self.context.new_page()
        await page.goto(url + "/form")
        if "/login" in page.url:  # the session ended (a reset of the bed wipes sessions)
            await log_in(page, url)
        await page.locator(".ant-card").first.wait_for()
        return page


@pytest.fixture(scope="session")
def driver(bed_url: str) -> Iterator[Driver]:
    running = Driver()
    try:
        running.run(running.log_in(bed_url))
        yield running
    finally:
        running.close()


FormAction = Callable[[Page], Awaitable[T]]


@pytest.fixture
def on_form(driver: Driver, bed_url: str, tmp_path: Path) -> Callable[[FormAction[Any]], Any]:
    """``on_form(action)``: ``await action(page)`` on a fresh page showing the form; a failing action
    leaves the page's picture in the test's tmp_path."""

    def go(action: FormAction[Any]) -> Any:
        async def scenario() -> Any:
            page = await driver.page(bed_url)
            try:
                return await action(page)
            except BaseException:
                await page.screenshot(path=str(tmp_path / "failed.png"), full_page=True)
                raise
            finally:
                await page.close()

        return driver.run(scenario())

    return go
