"""Find and launch Chromium.

Playwright cannot download its own browsers on these machines, so we prefer a
Playwright-managed Chromium when one is installed and fall back to Debian's
``chromium`` package. One browser serves many contexts (one per filing).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.errors import BrowserNotFound
from bot.recipe.widgets import register_engines

if TYPE_CHECKING:
    from playwright.async_api import Browser as AsyncBrowser
    from playwright.async_api import BrowserContext as AsyncBrowserContext
    from playwright.async_api import Playwright as AsyncPlaywright
    from playwright.async_api import ViewportSize
    from playwright.sync_api import Browser, Playwright

# Chromium's background services try to reach Google; on a closed network they
# only produce refused connections and slow start-up.
CHROMIUM_ARGS = [
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-gpu",
    "--no-first-run",
    "--disable-quic",
]

# A filing's window: as tall as the demo portals' longest form page (1025 px), so that the evidence
# picture of a filled page is a copy of what is on screen, not the page laid out again at its full
# height (bot/recipe/picture.py; bench/README.md measured the difference).
FILING_VIEWPORT: ViewportSize = {"width": 1280, "height": 1080}

DEBIAN_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")


def find_chromium() -> str | None:
    """Path of a Chromium executable, or None to let Playwright use its own build.

    ``BOT_CHROMIUM`` wins; then a Playwright-managed build (None); then Debian's.
    """
    explicit = os.environ.get("BOT_CHROMIUM")
    if explicit:
        if not Path(explicit).exists():
            raise BrowserNotFound(f"BOT_CHROMIUM 指向的文件不存在：{explicit}")
        return explicit
    if _playwright_chromium_installed():
        return None
    for candidate in DEBIAN_CANDIDATES:
        if Path(candidate).exists():
            return candidate
    found = shutil.which("chromium")
    if found:
        return found
    raise BrowserNotFound(
        "未找到 Chromium 浏览器。请以 root 运行 `make setup`（安装 Debian 的 chromium 与 fonts-noto-cjk），"
        "或设置环境变量 BOT_CHROMIUM 指向浏览器可执行文件。"
    )


def _playwright_chromium_installed() -> bool:
    root = Path(os.environ.get("PLAYWRIGHT_BROWSERS_PATH", Path.home() / ".cache" / "ms-playwright"))
    return root.is_dir() and any(root.glob("chromium-*/chrome-linux*/chrome"))


def launch_args() -> list[str]:
    """Chromium's sandbox needs user namespaces that root in a container lacks."""
    args = list(CHROMIUM_ARGS)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--no-sandbox")
    return args


def launch(playwright: Playwright, *, headless: bool = True) -> Browser:
    """Launch one Chromium for the whole process; callers open one context per filing."""
    return playwright.chromium.launch(
        executable_path=find_chromium(),
        headless=headless,
        args=launch_args(),
    )


async def launch_async(playwright: AsyncPlaywright, *, headless: bool = True) -> AsyncBrowser:
    """The async twin of :func:`launch`: the runner and the engine drive pages with asyncio (and the recipe
    runner's widget adapters read pages through selector engines registered here)."""
    await register_engines(playwright)
    return await playwright.chromium.launch(
        executable_path=find_chromium(),
        headless=headless,
        args=launch_args(),
    )


async def new_filing_context(browser: AsyncBrowser, **options: Any) -> AsyncBrowserContext:
    """A fresh context (cookies, storage) for one filing: Chinese locale, the filing window."""
    return await browser.new_context(locale="zh-CN", viewport=FILING_VIEWPORT, **options)
