"""End to end in headless Chromium: the applicant fills the form and confirms, the clerk runs the bundle
against the demo portals from the dashboard, answers the captcha, the applicant passes on the bank's SMS
code from their own page, and the clerk downloads the receipt sheet.

To stay quick, registration, seal, tax and housing fund are seeded as done when the run starts (as
tests/demo/test_engine.py does); social insurance (a captcha at its login) and the bank (an SMS code
sent to the legal representative) are really filed on their portals.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

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
from tests.web.filling import fill_form

pytestmark = pytest.mark.browser

SEEDED = ("psb-seal", "tax-registration", "hpf-deposit")  # besides registration
WRONG_ID = "350602198503122011"  # the legal representative's number with a wrong check digit


def shot(page: Page, name: str, *, full_page: bool = False) -> None:
    """Keep a picture for docs/img when BOT_WEB_SHOTS names a folder (docs/web.md shows them)."""
    folder = os.environ.get("BOT_WEB_SHOTS")
    if folder:
        page.screenshot(path=str(Path(folder) / name), full_page=full_page)


@pytest.fixture
def context_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="zh-CN", viewport={"width": 1200, "height": 900}, accept_downloads=True)
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def test_apply_confirm_run_answer_and_download_the_receipt(
    make_web: Any,
    portals: PortalsProcess,
    clean_portals: dict[str, AdminClient],
    bundle: Bundle,
    browser: Browser,
    context_page: Page,
    tmp_path: Path,
) -> None:
    raw, _ = with_bookable_appointment(
        portals.urls["bank-account"], bundle, load_values(EXAMPLES / "open-company.yaml"), EXAMPLES
    )  # the form's default day may be one the demo bank cannot take (its stock-taking on the 15th)
    environ: dict[str, str] = {}
    rig: EngineRig | None = None

    def seed(run_id: str) -> None:
        assert rig is not None
        rig.seed_registration(run_id, *SEEDED)

    settings = WebSettings(
        runs=RunSettings(
            EngineOptions(concurrency=2, base_urls=portals.urls, environ=environ, backoff_s=0.2),
            answer_timeout_s=60,
            evidence_root=tmp_path / "evidence",
            before_run=seed,
        )
    )
    web = make_web(settings)
    rig = EngineRig(web.ledger, bundle, portals, clean_portals, raw, tmp_path, environ)

    # --- the applicant: fills the form, is told about a wrong ID number, corrects it, confirms ----------
    applicant = context_page
    applicant.goto(f"{web.url}/apply/open-company")
    wrong = {**raw, "legal_rep": {**raw["legal_rep"], "id_number": WRONG_ID}}
    fill_form(applicant, wrong, EXAMPLES)
    owners = applicant.locator('table[data-table="beneficial_owners"]')
    expect(owners).to_contain_text("林志远")  # derived from the shareholders as they were typed
    expect(owners).to_contain_text("3506**********2010")
    expect(applicant.locator('output[data-value="company.name"]')).to_have_text("漳州市云帆软件科技有限公司")
    applicant.get_by_role("button", name="下一步：核对信息").click()

    summary = applicant.locator("#error-summary")
    expect(summary).to_contain_text("有 1 处需要修改")
    expect(summary).to_contain_text("法定代表人·证件号码：校验位不正确")
    beside = applicant.locator("#section-legal_rep").locator('[data-error="legal_rep.id_number"]')
    expect(beside).to_have_text("校验位不正确，请核对号码是否抄错")
    assert "/d/" in applicant.url or "/apply/" in applicant.url
    id_box = applicant.locator("#section-legal_rep").get_by_label("证件号码")
    id_box.fill(raw["legal_rep"]["id_number"])
    expect(applicant.locator('output[data-value="legal_rep.sex"]')).to_have_text("男")  # derived at once
    expect(beside).to_be_hidden()
    applicant.get_by_role("button", name="下一步：核对信息").click()

    expect(applicant.get_by_role("heading", name="核对信息：漳州市云帆软件科技有限公司")).to_be_visible()
    preview_text = applicant.locator("main").inner_text()
    assert "3506**********2010" in preview_text and "138****2345" in preview_text
    assert raw["legal_rep"]["id_number"] not in applicant.content()  # masked, not hidden by CSS
    token_url = applicant.url.removesuffix("/preview")
    assert re.fullmatch(rf"{re.escape(web.url)}/d/[A-Za-z0-9_-]{{40,}}", token_url)
    shot(applicant, "web-preview.png")
    applicant.get_by_role("button", name="确认提交").click()
    expect(applicant.get_by_text("申请已提交。")).to_be_visible()

    # --- the clerk: logs in, sees the application ready, runs it, answers the captcha -----------------
    clerk = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 1000}, accept_downloads=True)
    clerk.set_default_timeout(15_000)
    desk = clerk.new_page()
    desk.goto(f"{web.url}/clerk")
    expect(desk).to_have_url(f"{web.url}/clerk/login")
    desk.get_by_label("账号").fill(CLERK[0])
    desk.get_by_label("密码").fill(CLERK[1])
    desk.get_by_role("button", name="登录").click()
    ready = desk.locator("section.ready")
    expect(ready).to_contain_text("漳州市云帆软件科技有限公司")
    ready.get_by_role("button", name="一键办理").click()
    expect(desk).to_have_url(re.compile(r"/clerk/runs/\d{8}-[0-9a-f]{6}$"))
    run_id = desk.url.rsplit("/", 1)[1]

    expect(desk.locator("form.question", has_text="社会保险").locator("img.captcha")).to_be_visible(timeout=60_000)
    desk.goto(f"{web.url}/clerk")  # the dashboard shows the same hand-off and the run
    captcha = desk.locator("form.question", has_text="社会保险")
    image = captcha.locator("img.captcha")
    expect(image).to_be_visible()
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    shot(desk, "web-dashboard.png", full_page=True)
    # the clerk reads the picture; the test reads what it says from the portal's admin API
    captcha.get_by_label("图形验证码").fill(clean_portals["hrss-insurance"].captcha())
    captcha.get_by_role("button", name="提交答案").click()
    expect(desk.locator("form.question", has_text="社会保险")).to_have_count(0)

    # --- the applicant's page asks for the bank's SMS code; they type it ------------------------------
    applicant.goto(token_url)
    sms = applicant.locator("form.applicant-question")
    expect(sms).to_be_visible(timeout=60_000)
    expect(sms).to_contain_text("短信验证码")
    shot(applicant, "web-applicant-sms.png")
    sms.get_by_label("短信验证码").fill(clean_portals["bank-account"].sms_code(raw["legal_rep"]["mobile"]))
    sms.get_by_role("button", name="提交验证码").click()
    expect(applicant.get_by_role("status")).to_contain_text("验证码已提交")

    # --- every filing done; the receipt sheet downloads as a PDF --------------------------------------
    card = desk.locator(f'section.run[data-run="{run_id}"]')
    expect(card.locator("[data-done]")).to_have_text("6", timeout=90_000)
    receipt_link = card.get_by_role("link", name="下载回执单（PDF）")
    expect(receipt_link).to_be_visible(timeout=60_000)
    with desk.expect_download() as download:
        receipt_link.click()
    saved = tmp_path / "receipt.pdf"
    download.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")
    states = {f.item: f.state for f in web.ledger.filings(run_id)}
    assert set(states.values()) == {State.DONE}, states
    assert rig.submissions()["hrss-insurance"] == 1 and rig.submissions()["bank-account"] == 1
    expect(applicant.locator("table.filings")).to_contain_text("已办结")
    clerk.close()
