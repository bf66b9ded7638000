"""Hand-offs (issue 18): a filing waiting for a person reads 等待人工; the captcha is large; the SMS box names
the (masked) phone the code went to, in words for the applicant; a new question changes the page's title
and sounds a chime, on the dashboard and on the applicant's page, phone and desk."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from bot.mapping.bundle import Bundle
from bot.run.start import start_stored_run
from bot.run.states import State
from bot.web.app import WebSettings
from tests.web.conftest import CLERK
from tests.web.support import confirmed, example

pytestmark = pytest.mark.browser


def captcha_png() -> bytes:
    """A portal-sized captcha picture (120 × 40)."""
    buffer = io.BytesIO()
    Image.new("RGB", (120, 40), "#d8e4f0").save(buffer, "PNG")
    return buffer.getvalue()


def test_questions_are_announced_large_and_name_the_phone(
    make_web: Any, bundle: Bundle, screens: dict[str, Page], tmp_path: Path
) -> None:
    web = make_web(WebSettings())
    raw = example()
    token, application_id = confirmed(web, bundle, raw)
    run_id = start_stored_run(web.ledger, bundle, application_id, evidence_root=tmp_path)
    filings = {f.item: f for f in web.ledger.filings(run_id)}
    for item in ("hrss-insurance", "bank-account", "psb-seal"):
        web.ledger.move(filings[item].id, State.PENDING, State.RUNNING, "第 1 次办理")
    web.ledger.ask(
        filings["hrss-insurance"].id,
        kind="captcha",
        who="clerk",
        question="请输入单位网厅登录页的图形验证码",
        image=captcha_png(),
    )
    masked = raw["legal_rep"]["mobile"][:3] + "****" + raw["legal_rep"]["mobile"][-4:]
    web.ledger.ask(
        filings["bank-account"].id,
        kind="sms",
        who="applicant",
        question=f"请向法定代表人索取发送到其手机的建设银行开户预约短信验证码（验证码已发送至 {masked}）",
        image=None,
    )
    for name, page in screens.items():
        page.goto(f"{web.url}/clerk/login")
        page.get_by_label("账号").fill(CLERK[0])
        page.get_by_label("密码").fill(CLERK[1])
        page.get_by_role("button", name="登录").click()
        expect(page).to_have_title("【待人工处理 2】工作台 · 一键办")
        card = page.locator(f'section.run[data-run="{run_id}"]')
        expect(card.locator('tr[data-item="hrss-insurance"] td.state')).to_have_text("等待人工")
        expect(card.locator('tr[data-item="psb-seal"] td.state')).to_have_text("填报中")
        image = page.locator("img.captcha")
        box = image.bounding_box()
        assert box is not None and box["width"] >= 280, (name, box)
        assert box["x"] + box["width"] <= page.viewport_size["width"], name  # type: ignore[index]
        expect(page.locator("form.question", has_text="建设银行")).to_contain_text(f"已发送至 {masked}")
        chimes = int(page.evaluate("document.body.dataset.chimed || 0"))
        web.ledger.ask(filings["psb-seal"].id, kind="sms", who="clerk", question="请输入印章备案短信验证码", image=None)
        expect(page).to_have_title("【待人工处理 3】工作台 · 一键办", timeout=10_000)  # seen within a poll
        assert int(page.evaluate("document.body.dataset.chimed || 0")) == chimes + 1
        expect(page.locator("form.question", has_text="印章").get_by_label("短信验证码")).to_be_visible()
        for question in web.ledger.questions(run_id):
            if question.kind == "sms" and question.who == "clerk":
                web.ledger.expire(question.id)
    for page in screens.values():  # a dashboard reloads once it sees the expiry: going elsewhere first races that
        expect(page).to_have_title("【待人工处理 2】工作台 · 一键办", timeout=10_000)

    page = screens["phone"]
    page.goto(f"{web.url}/d/{token}")
    sms = page.locator("form.applicant-question")
    expect(sms).to_contain_text(f"短信验证码已发送至手机 {masked}")
    expect(sms).not_to_contain_text("索取")  # the clerk's wording is not the applicant's
    expect(page).to_have_title("【请输入验证码】办理进度 · 一键办")
    assert raw["legal_rep"]["mobile"] not in page.content()
