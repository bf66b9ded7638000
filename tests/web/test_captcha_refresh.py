"""A captcha nobody can read (issue 18): 看不清，换一张 on the dashboard sends the filing back to the portal's
page (before any submit), which asks again with a new picture; the clerk answers that one and the item is
filed once. Against the demo portals, social insurance (a captcha at its login) filed for real."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from bot.form.application import load_values
from bot.mapping.bundle import Bundle
from bot.run.demo_admin import with_bookable_appointment
from bot.run.engine import EngineOptions
from bot.run.states import State
from bot.web.app import WebSettings
from bot.web.runs import RunSettings
from demo.launcher import PortalsProcess
from demo.testing import AdminClient
from tests.demo.engine_support import EngineRig
from tests.support import EXAMPLES
from tests.web.conftest import CLERK
from tests.web.support import confirmed

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]  # a real filing, on a shared machine

SEEDED = ("psb-seal", "tax-registration", "hpf-deposit", "bank-account")  # besides registration


def test_another_captcha_picture_on_request(
    make_web: Any,
    portals: PortalsProcess,
    clean_portals: dict[str, AdminClient],
    bundle: Bundle,
    screens: dict[str, Page],
    tmp_path: Path,
) -> None:
    raw, _ = with_bookable_appointment(
        portals.urls["bank-account"], bundle, load_values(EXAMPLES / "open-company.yaml"), EXAMPLES
    )
    environ: dict[str, str] = {}
    rig: EngineRig | None = None

    def seed(run_id: str) -> None:
        assert rig is not None
        rig.seed_registration(run_id, *SEEDED)

    settings = WebSettings(
        runs=RunSettings(
            EngineOptions(concurrency=1, base_urls=portals.urls, environ=environ, backoff_s=0.2),
            answer_timeout_s=60,
            evidence_root=tmp_path / "evidence",
            before_run=seed,
            pdf=False,
        )
    )
    web = make_web(settings)
    rig = EngineRig(web.ledger, bundle, portals, clean_portals, raw, tmp_path, environ)
    confirmed(web, bundle, raw)

    desk = screens["phone"]  # a clerk on a tablet-sized screen reads the picture there too
    desk.goto(f"{web.url}/clerk/login")
    desk.get_by_label("账号").fill(CLERK[0])
    desk.get_by_label("密码").fill(CLERK[1])
    desk.get_by_role("button", name="登录").click()
    desk.get_by_role("button", name="一键办理").click()

    first = desk.locator("form.question", has_text="社会保险")
    expect(first.locator("img.captcha")).to_be_visible(timeout=60_000)
    first_id = first.get_attribute("data-question")
    first.get_by_role("button", name="看不清，换一张").click()

    again = desk.locator("form.question", has_text="社会保险")
    expect(again).not_to_have_attribute("data-question", str(first_id), timeout=60_000)
    expect(again.locator("img.captcha")).to_be_visible()
    assert again.locator("img.captcha").evaluate("img => img.complete && img.naturalWidth > 0")
    again.get_by_label("图形验证码").fill(clean_portals["hrss-insurance"].captcha())
    again.get_by_role("button", name="提交答案").click()

    run_id = web.ledger.runs(1)[0].id
    card = desk.locator(f'section.run[data-run="{run_id}"]')
    expect(card.locator("[data-done]")).to_have_text("6", timeout=90_000)
    hrss = next(f for f in web.ledger.filings(run_id) if f.item == "hrss-insurance")
    assert hrss.state == State.DONE and rig.submissions()["hrss-insurance"] == 1
    asked = [q for q in web.ledger.questions(run_id, state=None) if q.filing_id == hrss.id]
    assert [q.state for q in asked] == ["answered", "answered"] and asked[0].answer == "〈换一张〉"
