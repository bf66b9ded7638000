"""Fixtures for the scale-out tests: real redis-server, PostgreSQL and demo portals, started here.

The servers are throwaway instances on free ports (bench/services.py); when their programs are
missing the tests FAIL with what to install (``make setup`` installs them), they never skip.

The portals are the core tests' own (``core_portals`` in tests/conftest.py, ``demo.placeholder``):
a password + captcha portal that registers a company and issues its USCC, and an SMS-login portal
that files with that USCC.
``pair_env`` points ``BOT_MAPPINGS`` and ``BOT_RECIPES`` at tests/scale/pair (with the real
form.yaml): the bundle ``scale-pair``, two items where the second needs the first's USCC. The
full open-company bundle (six items, long wizards, 180 filings for 30 applications) would not
fit the suite's time budget on two cores; the engine tests cover those items.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.services import PostgresServer, RedisServer, ServiceMissing
from bot.paths import PROJECT_ROOT
from demo.launcher import PortalsProcess
from demo.placeholder import DEMO_ACCOUNT

PAIR = Path(__file__).resolve().parent / "pair"


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    try:
        server = RedisServer()
    except ServiceMissing as exc:
        pytest.fail(str(exc))
    with server:
        yield server


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    try:
        server = PostgresServer()
    except ServiceMissing as exc:
        pytest.fail(str(exc))
    with server:
        yield server


@pytest.fixture(scope="session")
def pair_env(tmp_path_factory: pytest.TempPathFactory, core_portals: PortalsProcess) -> dict[str, str]:
    """Environment for `bot` processes filing scale-pair on the core test portals."""
    mappings = tmp_path_factory.mktemp("pair-mappings")
    shutil.copytree(PAIR / "mappings", mappings, dirs_exist_ok=True)
    shutil.copy(PROJECT_ROOT / "mappings" / "form.yaml", mappings / "form.yaml")
    urls = {"BOT_PORTAL_URL_" + item.upper().replace("-", "_"): url for item, url in core_portals.urls.items()}
    return {
        "BOT_MAPPINGS": str(mappings),
        "BOT_RECIPES": str(PAIR / "recipes"),
        "BOT_SECRET_CORE_PASSWORD": DEMO_ACCOUNT[1],
        "BOT_DEMO_ADMIN_TOKEN": core_portals.admin_token,
        **urls,
    }
