"""The Element UI bed (bed-elui) served on a free port for these tests, its admin client, a logged-in
HTTP client, and one async Chromium (in a thread of its own) for the kit's widget tests."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from playwright.async_api import Page

from demo.kits.elui.app import DEMO_ACCOUNT
from demo.launcher import PortalsProcess
from demo.testing import AdminClient
from tests.support import ThreadedChromium, threaded_chromium

ITEM = "bed-elui"
TOKEN = "elui-test-token"


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


@pytest.fixture(scope="session")
def chromium() -> Iterator[ThreadedChromium]:
    with threaded_chromium() as running:
        yield running


async def log_in(page: Page, url: str) -> None:
    """Log in through the page as a person does and wait for Element UI to draw the form."""
    await page.goto(url + "/login")
    await page.get_by_label("账号").fill(DEMO_ACCOUNT[0])
    await page.get_by_label("密码").fill(DEMO_ACCOUNT[1])
    await page.get_by_role("button", name="登录").click()
    await page.wait_for_url("**/form")
    await page.locator(".el-card__header").first.wait_for()


async def logged_in_form(chromium: ThreadedChromium, url: str) -> Page:
    """A new page on the bed's form, logged in as the demo account, Element UI drawn."""
    page = await chromium.new_page()
    await log_in(page, url)
    return page
