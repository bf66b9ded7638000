"""Fixtures for the web tests: the real app (bot.web) served by uvicorn in a thread, a real SQLite
ledger per test, and, for the end-to-end test, the demo portals and Chromium of tests/demo."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI
from playwright.sync_api import Browser, Page

from bot.run.ledger import Ledger
from bot.web.accounts import Accounts
from bot.web.app import WebSettings, create_app
from bot.web.proxies import server_config

CLERK = ("window01", "correct horse battery")
SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1200, "height": 900}}


@dataclass
class Served:
    url: str
    app: FastAPI
    ledger: Ledger


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def run_server(server: uvicorn.Server) -> Iterator[str]:
    """Run ``server`` from a thread; yields its base URL, and stops it when resumed."""
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise RuntimeError("the web server did not start")
        time.sleep(0.02)
    try:
        yield f"http://{server.config.host}:{server.config.port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def serve(app: FastAPI) -> Iterator[str]:
    """Serve ``app`` on a free local port from a thread, configured as ``bot serve`` does; yields its base URL."""
    return run_server(uvicorn.Server(server_config(app, "127.0.0.1", free_port(), [], log_level="warning")))


@pytest.fixture
def make_web(tmp_path: Path) -> Iterator[Callable[[WebSettings], Served]]:
    """Start the web app with the given settings (upload folder and ledger in tmp_path)."""
    started: list[Iterator[str]] = []
    ledgers: list[Ledger] = []

    def make(settings: WebSettings) -> Served:
        settings.upload_root = tmp_path / "uploads"
        ledger = Ledger(f"sqlite:///{tmp_path / 'ledger.db'}")
        ledgers.append(ledger)
        Accounts(ledger).add_user(*CLERK)
        app = create_app(ledger, settings)
        running = serve(app)
        started.append(running)
        return Served(next(running), app, ledger)

    yield make
    for running in started:
        next(running, None)
    for ledger in ledgers:
        ledger.close()


@pytest.fixture
def screens(browser: Browser) -> Iterator[dict[str, Page]]:
    """A phone and a desk, Chinese locale."""
    contexts = {
        name: browser.new_context(
            locale="zh-CN", viewport=size, is_mobile=name == "phone", has_touch=name == "phone", accept_downloads=True
        )
        for name, size in SIZES.items()
    }
    for context in contexts.values():
        context.set_default_timeout(15_000)
    yield {name: context.new_page() for name, context in contexts.items()}
    for context in contexts.values():
        context.close()
