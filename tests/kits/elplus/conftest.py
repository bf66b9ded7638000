"""The Element Plus bed (demo/kits/elplus) served on free ports, its admin API, and one Chromium driven from an
event loop of its own, so that the kit's async widgets can be tested from sync tests page by page."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest
from playwright.async_api import Browser, Page

from demo.kits.elplus.app import DEMO_ACCOUNT
from demo.launcher import PortalsProcess
from demo.testing import AdminClient
from tests.support import ThreadedChromium, threaded_chromium

ITEM = "bed-elplus"
SPECS = "demo.kits.elplus.app:SPECS"
TOKEN = "test-admin-token"


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


@pytest.fixture(scope="session")
def loop() -> Iterator[ThreadedChromium]:
    with threaded_chromium(timeout=240) as running:
        yield running


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
