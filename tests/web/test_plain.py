"""Clerks read plain Chinese (issue 18): no exception classes, Playwright's text or environment variables on
the dashboard; each failure says what happened (in the portal's words where it gave any) and what to do;
the ledger's own text is one click away (a details element); a filing waiting for a person reads 等待人工."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from bot.mapping.bundle import Bundle
from bot.run.start import start_stored_run
from bot.run.states import State
from bot.web.app import WebSettings
from bot.web.plain import explain
from tests.web.conftest import CLERK
from tests.web.support import confirmed

SECRET = (
    "SecretMissing: 缺少密钥 SAMR_PASSWORD：请设置环境变量 BOT_SECRET_SAMR_PASSWORD，"
    "或存入系统密钥环（服务名 yijianban）"
)
TIMEOUT = (
    '步骤“点击 登录”失败：Locator.click: Timeout 15000ms exceeded.\nCall log:\n  - waiting for get_by_role("button")'
)
LOGIN = (
    "门户拒绝登录（用户名或密码错误）：请核对 BOT_SECRET_HRSS_PASSWORD 后 bot resume"
    "（或在工作台点“继续办理”）；为免账户被锁定，不自动重试"
)
CLERKLY = re.compile(r"[A-Za-z_]{4,}|bot resume")


@pytest.mark.parametrize(
    ("state", "error", "says"),
    [
        (State.NEEDS_PERSON, SECRET, "缺少登录该门户的账号密码"),
        (State.NEEDS_PERSON, LOGIN, "门户拒绝登录：用户名或密码错误"),
        (State.FAILED_BUSINESS, "企业名称已被占用", "门户退回：企业名称已被占用"),
        (State.FAILED_TECHNICAL, TIMEOUT, "门户暂时无法完成办理"),
        (
            State.NEEDS_PERSON,
            "无人回答“请输入单位网厅登录页的图形验证码”",
            "等待回答超时：请输入单位网厅登录页的图形验证码",
        ),
    ],
)
def test_each_failure_in_plain_chinese_with_what_to_do(state: State, error: str, says: str) -> None:
    plain = explain(state, error, error)
    assert plain.text.startswith(says)
    assert plain.todo and not CLERKLY.search(plain.text), plain.text


def test_running_retries_read_plainly() -> None:
    plain = explain(
        State.PENDING,
        None,
        "技术故障（步骤“点击 登录”失败：Locator.click: Timeout 15000ms exceeded.），稍后第 2 次办理",
    )
    assert plain.text == "门户响应异常。稍后自动第 2 次办理" and "Timeout" in plain.detail


def test_a_wrong_captcha_reads_in_the_portals_words() -> None:
    waited = (
        "技术故障（步骤“等待 url=**/dwcb/add”失败：Timeout 15000ms exceeded.；页面提示：图形验证码错误，请重新输入），"
        "稍后第 2 次办理"
    )
    plain = explain(State.PENDING, None, waited)
    assert plain.text == "门户提示：图形验证码错误，请重新输入。稍后自动第 2 次办理"


@pytest.mark.browser
def test_the_dashboard_speaks_plainly_and_keeps_the_detail_a_click_away(
    make_web: Any, bundle: Bundle, screens: dict[str, Page], tmp_path: Path
) -> None:
    web = make_web(WebSettings())
    _, application_id = confirmed(web, bundle)
    run_id = start_stored_run(web.ledger, bundle, application_id, evidence_root=tmp_path)
    filings = {f.item: f for f in web.ledger.filings(run_id)}
    for item, target, error in (
        ("samr-registration", State.NEEDS_PERSON, SECRET),
        ("hrss-insurance", State.FAILED_TECHNICAL, TIMEOUT),
        ("bank-account", State.FAILED_BUSINESS, "预约日期不可预约，请重新选择"),
        ("psb-seal", State.RUNNING, None),
    ):
        web.ledger.move(filings[item].id, State.PENDING, State.RUNNING, "第 1 次办理")
        if target != State.RUNNING:
            web.ledger.move(filings[item].id, State.RUNNING, target, error, error=error)
    web.ledger.ask(
        filings["psb-seal"].id,
        kind="sms",
        who="clerk",
        question="请输入发送到经办人手机的印章备案短信验证码",
        image=None,
    )
    for name, page in screens.items():
        page.goto(f"{web.url}/clerk/login")
        page.get_by_label("账号").fill(CLERK[0])
        page.get_by_label("密码").fill(CLERK[1])
        page.get_by_role("button", name="登录").click()
        expect(page.get_by_role("heading", level=1, name="窗口工作台")).to_have_count(1)
        card = page.locator(f'section.run[data-run="{run_id}"]')
        samr = card.locator('tr[data-item="samr-registration"]')
        expect(samr).to_contain_text("缺少登录该门户的账号密码")
        expect(samr).to_contain_text("请系统管理员配置该门户的账号密码")
        expect(card.locator('tr[data-item="bank-account"]')).to_contain_text("门户退回：预约日期不可预约，请重新选择")
        expect(card.locator('tr[data-item="psb-seal"] td.state')).to_have_text("等待人工")
        expect(card.locator('tr[data-item="hrss-insurance"]')).to_contain_text("请稍后点“继续办理”")
        shown = page.locator("main").inner_text()  # what is visible: details closed
        assert not CLERKLY.search(shown.replace(run_id, "")), (name, CLERKLY.findall(shown))
        tech = samr.locator("details.tech")
        tech.locator("summary").click()
        expect(tech).to_contain_text("BOT_SECRET_SAMR_PASSWORD")
        page.wait_for_timeout(1500)  # a poll of progress.json keeps the words (and the open details)
        expect(samr).to_contain_text("缺少登录该门户的账号密码")
        assert tech.evaluate("d => d.open")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name}: {overflow}px wider than the screen"
