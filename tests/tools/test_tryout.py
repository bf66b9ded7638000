"""run-item's parts of a recipe against the demo 市场监管局 portal: --until stops after a named step with nothing
submitted; --reconcile runs only the reconcile section and says what it found (here: nothing, never filed)."""

from __future__ import annotations

import secrets as pysecrets
from dataclasses import replace
from pathlib import Path

import pytest

from bot.errors import BotError
from bot.form.application import Application
from bot.inspect.tryout import dry_run_har, reconcile_only, run_until
from bot.mapping.bundle import Bundle
from demo.launcher import PortalsProcess
from demo.testing import AdminClient
from tests.demo.recipe_support import filing_request, register_example
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


def test_a_dry_run_recorded_into_a_har_replays_offline(
    portals: PortalsProcess,
    clean_portals: dict[str, AdminClient],
    bundle: Bundle,
    example_app: Application,
    tmp_path: Path,
) -> None:
    tax, item = clean_portals["tax-registration"], "tax-registration"
    uscc = register_example(clean_portals[ITEM], example_app)
    password = pysecrets.token_urlsafe(12)
    tax.create_account(uscc, password, id_number=example_app.values["tax_agent"]["id_number"])
    filing = filing_request(
        item,
        url=portals.urls[item],
        bundle=bundle,
        app=example_app,
        uscc=uscc,
        evidence=tmp_path / "recorded",
        secrets={"TAX_PASSWORD": password},
    )
    har = tmp_path / "tax.har"
    recorded = run_async(dry_run_har(filing, None, record=har))
    assert har.is_file() and not recorded.submitted
    tax.faults(error_rate=1.0)  # the portal now answers every request with an error: only the HAR can answer
    try:
        offline = run_async(dry_run_har(replace(filing, evidence_dir=tmp_path / "replayed"), None, replay=har))
    finally:
        tax.faults(error_rate=0.0)
    assert not offline.submitted
    assert [p.name for p in offline.screenshots] == [p.name for p in recorded.screenshots]
