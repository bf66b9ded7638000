"""Constants shared by tests: the project's own files and a fixed "today"."""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime as dt
from collections.abc import Coroutine
from typing import Any, TypeVar

from bot.paths import PROJECT_ROOT

MAPPINGS = PROJECT_ROOT / "mappings"
EXAMPLES = PROJECT_ROOT / "examples"
# A Friday: defaults that count working days or months from today are checked against it.
TODAY = dt.date(2026, 11, 20)
T = TypeVar("T")


def run_async(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to completion in a thread of its own.

    The demo tests' sync Playwright fixtures keep an event loop in the main thread;
    asyncio.run refuses to start inside it, so async browser code runs beside it.
    """
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
