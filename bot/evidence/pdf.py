"""HTML → PDF through Chromium, the browser the bot already has (no second rendering engine).

The page is opened from its file, so relative links resolve as in the HTML, and printed as
A4 with its backgrounds. Callable from plain code and from inside a running event loop (a
run that writes its receipt sheet at the end, a test under Playwright's sync API): there
the browser is driven from a thread of its own.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
from pathlib import Path

from playwright.async_api import async_playwright

from bot.recipe.browser import launch_async


async def html_to_pdf_async(html: Path, pdf: Path) -> Path:
    """Print ``html`` to ``pdf`` (A4, margins from the page's ``@page`` rule)."""
    async with async_playwright() as playwright:
        browser = await launch_async(playwright)
        try:
            page = await browser.new_page(locale="zh-CN")
            await page.goto(html.resolve().as_uri(), wait_until="load")
            await page.pdf(path=str(pdf), format="A4", print_background=True, prefer_css_page_size=True)
        finally:
            await browser.close()
    return pdf


def html_to_pdf(html: Path, pdf: Path) -> Path:
    """:func:`html_to_pdf_async` for synchronous callers, whether or not a loop is running here."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(html_to_pdf_async(html, pdf))
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, html_to_pdf_async(html, pdf)).result()
