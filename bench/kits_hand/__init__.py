"""Path B of bench/kits.py: one hand-written filing per library bed, ``<short>.py`` defining
``file(browser, base_url, f, account) -> receipt``.

Each is what an expert writes for that one page: locators written for its markup, the values the
mapping gives (``f``: section → label → value, computed before the clock), the same typing, calendar
paging and option clicks the page needs (those the bed's kit does), and nothing the product adds: no
field finding by label, no read-back, no screenshots, no recipe to interpret. What every script does
alike (the filing page, the bed's login, the receipt page's number) is here.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from playwright.async_api import Browser, Page

from bot.recipe.browser import new_filing_context

TIMEOUT_MS = 15_000  # the recipe's step timeout, so neither side waits longer


@contextlib.asynccontextmanager
async def filing_page(browser: Browser) -> AsyncIterator[Page]:
    """A page of a fresh filing context (the runner's), the recipe's step timeout; closed afterwards."""
    context = await new_filing_context(browser)
    try:
        page = await context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        yield page
    finally:
        await context.close()


async def log_in(page: Page, base_url: str, account: tuple[str, str], button: str = "登录") -> None:
    """The bed's login page: account, password, its button, and on to the form."""
    await page.goto(base_url.rstrip("/") + "/login")
    await page.get_by_label("账号").fill(account[0])
    await page.get_by_label("密码").fill(account[1])
    await page.get_by_role("button", name=button).click()
    await page.wait_for_url("**/form")


async def receipt_number(page: Page) -> str:
    """After 提交: the receipt page's 受理编号."""
    await page.wait_for_url("**/receipt/*")
    return (await page.locator("#receipt-no").inner_text()).strip()
