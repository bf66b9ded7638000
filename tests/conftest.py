"""Fixtures shared by the tests: the real project files, loaded once; and, for the tests against the
demo portals (tests/demo, tests/web), real servers and real Chromium, no mocks.

Fixtures for tests against the demo portals: real servers, real Chromium, no mocks.

* ``portals`` (session): the six portals in a child process on free ports, a temp data
  dir, admin token :data:`ADMIN_TOKEN`; ``portals.urls["psb-seal"]`` is a base URL.
* ``admin`` (session): ``admin["psb-seal"]`` is a :class:`demo.testing.AdminClient`.
* ``clean_portals`` (function): resets every portal (data and faults) before and after
  the test; returns ``admin``. Use it in any test that stores data or sets faults.
* ``browser`` (session): one Chromium from ``bot.recipe.browser.launch``.
* ``page`` (function): a page in a fresh context (own cookies), closed afterwards.
* ``core_portals`` / ``core_admin`` / ``clean_core``: the same three for the core tests'
  own portals (:data:`demo.placeholder.CORE_TEST_SPECS`: ``core-test-password``,
  ``core-test-sms-a``, ``core-test-sms-b``), in their own child process and data dir, so
  the core tests never depend on a real portal's routes.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from bot.form.application import Application, load_values, validate
from bot.form.reduction import reduce
from bot.mapping.bundle import Bundle, load_bundle
from bot.recipe.browser import launch
from demo.launcher import PortalsProcess
from demo.placeholder import CORE_TEST_SPECS_REF
from demo.portals import PORTALS
from demo.testing import AdminClient
from tests.support import EXAMPLES, MAPPINGS, TODAY

_OWN_VAR: list[str] = []


def pytest_configure(config: pytest.Config) -> None:
    """Each test process (``make test`` runs two) writes its ledger, key and evidence under a var/ of its own,
    never the checkout's nor the other process's; a test that needs another sets ``BOT_VAR`` itself."""
    # pytest-xdist's workers run with COLUMNS=80, which the CLI's consoles would take as the terminal's width
    # when first imported; tests set the width they need on each command.
    for name in ("COLUMNS", "LINES"):
        os.environ.pop(name, None)
    if "BOT_VAR" not in os.environ:
        _OWN_VAR.append(tempfile.mkdtemp(prefix="yjb-test-var-"))
        os.environ["BOT_VAR"] = _OWN_VAR[0]


def pytest_unconfigure(config: pytest.Config) -> None:
    for path in _OWN_VAR:
        shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def bundle() -> Bundle:
    return load_bundle(MAPPINGS, "open-company")


@pytest.fixture(scope="session")
def used_fields(bundle: Bundle) -> set[str]:
    return {f.spec.path for f in reduce(bundle).fields}


@pytest.fixture(scope="session")
def example_raw() -> dict[str, object]:
    return load_values(EXAMPLES / "open-company.yaml")


@pytest.fixture(scope="session")
def example_app(bundle: Bundle, example_raw: dict[str, object], used_fields: set[str]) -> Application:
    return validate(bundle.form, example_raw, base_dir=EXAMPLES, today=TODAY, used=used_fields)


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A writable copy of mappings/ for tests that seed mistakes."""
    target = tmp_path / "mappings"
    shutil.copytree(MAPPINGS, target)
    return target


ADMIN_TOKEN = "test-admin-token"


@pytest.fixture(scope="session")
def portals(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PortalsProcess]:
    with PortalsProcess(tmp_path_factory.mktemp("demo-data"), admin_token=ADMIN_TOKEN) as running:
        yield running


@pytest.fixture(scope="session")
def admin(portals: PortalsProcess) -> Iterator[dict[str, AdminClient]]:
    clients = {item: AdminClient(item, portals.urls[item], portals.admin_token) for item in PORTALS}
    yield clients
    for client in clients.values():
        client.close()


@pytest.fixture
def clean_portals(admin: dict[str, AdminClient]) -> Iterator[dict[str, AdminClient]]:
    for client in admin.values():
        client.reset()
    yield admin
    for client in admin.values():
        client.reset()


@pytest.fixture(scope="session")
def core_portals(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PortalsProcess]:
    data_dir = tmp_path_factory.mktemp("core-data")
    with PortalsProcess(data_dir, admin_token=ADMIN_TOKEN, specs=CORE_TEST_SPECS_REF) as running:
        yield running


@pytest.fixture(scope="session")
def core_admin(core_portals: PortalsProcess) -> Iterator[dict[str, AdminClient]]:
    clients = {item: AdminClient(item, url, core_portals.admin_token) for item, url in core_portals.urls.items()}
    yield clients
    for client in clients.values():
        client.close()


@pytest.fixture
def clean_core(core_admin: dict[str, AdminClient]) -> Iterator[dict[str, AdminClient]]:
    for client in core_admin.values():
        client.reset()
    yield core_admin
    for client in core_admin.values():
        client.reset()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Per module: while Playwright's sync API is open its event loop counts as running in this thread, and every
    later ``asyncio.run`` (the CLI's commands under CliRunner) would fail."""
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="zh-CN")
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()
