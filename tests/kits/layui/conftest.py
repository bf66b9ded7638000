"""The layui bed (demo/kits/layui) in a child process of its own, and a logged-in page on its form."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from playwright.async_api import Page

from bot.recipe.verbs.pointer import path
from demo.kits.layui.app import DEMO_ACCOUNT
from demo.launcher import PortalsProcess
from demo.testing import AdminClient
from tests.support import filing_page

ITEM = "bed-layui"
TOKEN = "test-admin-token"


@pytest.fixture(scope="session")
def bed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PortalsProcess]:
    with PortalsProcess(
        tmp_path_factory.mktemp("bed-layui"), admin_token=TOKEN, specs="demo.kits.layui.app:SPECS"
    ) as p:
        yield p


@pytest.fixture(scope="session")
def bed_url(bed: PortalsProcess) -> str:
    return bed.urls[ITEM]


@pytest.fixture
def bed_admin(bed: PortalsProcess) -> Iterator[AdminClient]:
    client = AdminClient(ITEM, bed.urls[ITEM], TOKEN)
    client.reset()
    yield client
    client.close()


async def drag_slider_check(page: Page) -> None:
    """Drag the login's slider check to the end of its track as a hand does (the drag verb's path)."""
    handle, track = page.locator(".slider-btn"), page.locator(".slider-item")
    hb, tb = await handle.bounding_box(), await track.bounding_box()
    assert hb is not None and tb is not None
    start = (hb["x"] + hb["width"] / 2, hb["y"] + hb["height"] / 2)
    await page.mouse.move(*start)
    await page.mouse.down()
    for x, y in path(start, (tb["x"] + tb["width"] - hb["width"] / 2, start[1])):
        await page.mouse.move(x, y)
    await page.mouse.up()


async def log_in(page: Page, url: str) -> None:
    await page.goto(url + "/login")
    await page.get_by_placeholder("用户名").fill(DEMO_ACCOUNT[0])
    await page.get_by_placeholder("密码").fill(DEMO_ACCOUNT[1])
    await drag_slider_check(page)
    await page.get_by_text("验证通过").wait_for()
    await page.get_by_role("button", name="登 录").click()
    await page.wait_for_url("**/apply")


@asynccontextmanager
async def form_page(url: str) -> AsyncIterator[Page]:
    """A fresh browser, logged in, on the 设立登记 form."""
    async with filing_page(timeout_ms=10_000) as page:
        await log_in(page, url)
        yield page


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    made = {}
    for name in ("经办人身份证明.pdf", "legal-rep-id.png"):
        file = tmp_path / name
        file.write_bytes(b"%PDF-1.4\n%%EOF\n" if name.endswith(".pdf") else b"\x89PNG\r\n\x1a\n")
        made[name] = file
    return made
