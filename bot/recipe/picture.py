"""Full-page evidence pictures, taken straight through Chromium's DevTools protocol.

``page.screenshot(full_page=True)`` prepares the page first (fonts, caret, a frame to settle),
which costs ~15 ms a picture over asking Chromium for it directly (bench/README.md); a filing
takes several, on its critical path. Playwright's way stays the fallback (another browser, a
protocol error).
"""

from __future__ import annotations

import asyncio
import base64
import weakref
from pathlib import Path
from typing import Any

from playwright.async_api import CDPSession, Page
from playwright.async_api import Error as PlaywrightError

_sessions: weakref.WeakKeyDictionary[Page, CDPSession] = weakref.WeakKeyDictionary()


async def take_picture(page: Page, path: Path, *, timeout_ms: int, quality: int = 80) -> bool:
    """Write the whole page as JPEG to ``path``: whether it was taken within ``timeout_ms`` (a page whose
    answer was lost never paints, and evidence must not hold a filing up)."""
    try:
        data = await asyncio.wait_for(_capture(page, quality), timeout_ms / 1000)
    except TimeoutError:
        return False
    except PlaywrightError:
        try:
            await page.screenshot(path=str(path), full_page=True, type="jpeg", quality=quality, timeout=timeout_ms)
        except PlaywrightError:
            return False
        return True
    path.write_bytes(data)
    return True


async def _capture(page: Page, quality: int) -> bytes:
    session = _sessions.get(page)
    if session is None:
        session = _sessions[page] = await page.context.new_cdp_session(page)
    metrics = await session.send("Page.getLayoutMetrics")
    size, window = metrics["cssContentSize"], metrics["cssLayoutViewport"]
    params: dict[str, Any] = {"format": "jpeg", "quality": quality}
    if size["width"] > window["clientWidth"] or size["height"] > window["clientHeight"]:
        # Beyond the window Chromium lays the page out again at its full size and paints it all anew;
        # a page that fits is a copy of the frame already on screen (cheaper: bench/README.md, session 6).
        params |= {
            "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1},
        }
    shot = await session.send("Page.captureScreenshot", params)
    return base64.b64decode(shot["data"])
