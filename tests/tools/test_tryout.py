"""run-item's parts of a recipe against the demo 市场监管局 portal: --until stops after a named step with nothing
submitted; --reconcile runs only the reconcile section and says what it found (here: nothing, never filed)."""

from __future__ import annotations

import secrets as pysecrets
from pathlib import Path

import pytest

from bot.errors import BotError
from bot.form.application import Application
from bot.inspect.tryout import reconcile_only, run_until
from bot.mapping.bundle import Bundle
from demo.launcher import PortalsProcess
from demo.testing import AdminClient
from tests.demo.recipe_support import filing_request
from tests.support import run_async
from tests.tools.test_drift import answerer

pytestmark = pytest.mark.browser
ITEM = "samr-registration"


def request(portals: PortalsProcess, admin: AdminClient, bundle: Bundle, app: Application, tmp_path: Path) -> object:
    password = pysecrets.token_urlsafe(12)
    admin.create_account(app.values["liaison"]["mobile"], password)
    return filing_request(
        ITEM,
        url=portals.urls[ITEM],
        bundle=bundle,
        app=app,
        uscc="",
        evidence=tmp_path,
        secrets={"SAMR_PASSWORD": password},
    )


def test_until_stops_after_the_named_step_and_submits_nothing(
    portals: PortalsProcess,
    clean_portals: dict[str, AdminClient],
    bundle: Bundle,
    example_app: Application,
    tmp_path: Path,
) -> None:
    admin = clean_portals[ITEM]
    filing = request(portals, admin, bundle, example_app, tmp_path)
    hand_off = answerer(portals.urls[ITEM], portals.admin_token)
    reached, shots = run_async(run_until(filing, "第4步 主要人员", hand_off))  # type: ignore[arg-type]
    assert "samr-registration.yaml:" in reached and "第4步 主要人员" in reached
    assert shots and shots[-1].endswith("until.jpg") and Path(shots[-1]).is_file()
    assert admin.submissions() == []
    with pytest.raises(BotError, match="没有名为"):
        run_async(run_until(filing, "第9步", hand_off))  # type: ignore[arg-type]


def test_reconcile_alone_finds_nothing_never_filed(
    portals: PortalsProcess,
    clean_portals: dict[str, AdminClient],
    bundle: Bundle,
    example_app: Application,
    tmp_path: Path,
) -> None:
    filing = request(portals, clean_portals[ITEM], bundle, example_app, tmp_path)
    hand_off = answerer(portals.urls[ITEM], portals.admin_token)
    assert run_async(reconcile_only(filing, hand_off)) is None  # type: ignore[arg-type]
