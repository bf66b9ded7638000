"""docs/web.md's demo, as a new user follows it: ``bot serve --demo`` in a process of its own, the applicant
fills the form in Chromium and confirms, the clerk logs in with the printed account and presses 一键办理, and
all six filings are really filed on the demo portals. The clerk reads each captcha (the test asks the portal's
admin API what it says) and each SMS code from the demo phone (/demo/phone), the applicant types the bank's.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect
from playwright.sync_api import Error as PlaywrightError

from bot.form.application import load_values
from bot.mapping.bundle import Bundle
from bot.run.demo_admin import with_bookable_appointment
from demo.testing import AdminClient
from tests.support import EXAMPLES
from tests.web.filling import fill_form

# Six real filings on a machine shared with other work: up to ten minutes, not the suite's five.
pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]

BOT = Path(os.environ.get("VIRTUAL_ENV") or Path(__file__).resolve().parents[2] / ".venv") / "bin" / "bot"
TOKEN = "web-demo-test-token"
SENDERS = {"印章刻制备案": "公安局", "单位缴存登记": "住房公积金管理中心", "企业开户预约": "中国建设银行"}


@dataclass
class Demo:
    url: str
    clerk: tuple[str, str]
    portals: dict[str, str]  # item → URL
    process: subprocess.Popen[str]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def served_demo(tmp_path: Path, bundle: Bundle) -> Iterator[Demo]:
    """``bot serve --demo --port P``, as docs/web.md says, its var/ in tmp_path; stopped with SIGTERM."""
    port = free_port()
    env = {**os.environ, "BOT_VAR": str(tmp_path / "var"), "DEMO_ADMIN_TOKEN": TOKEN, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [str(BOT), "serve", "--demo", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    lines: list[str] = []
    started = threading.Event()

    def read() -> None:  # drained all along: a full pipe would stall the server
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line)
            if "Uvicorn running" in line:
                started.set()
        started.set()

    threading.Thread(target=read, daemon=True).start()
    try:
        assert started.wait(120) and process.poll() is None, "".join(lines)
        printed = "".join(lines)
        account = re.search(r"窗口人员账号：(\S+)\s+密码：(\S+)", printed)
        assert account, printed
        by_portal = {m.portal: item for item, m in bundle.mappings.items()}
        found = re.findall(r"^\s+(.+?)\s+(http://\S+)$", printed, re.M)
        portals = {by_portal[name]: url for name, url in found}
        assert set(portals) == set(bundle.mappings), printed
        assert f"http://127.0.0.1:{port}/demo/phone" in printed
        yield Demo(f"http://127.0.0.1:{port}", (account[1], account[2]), portals, process)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)  # promptly, and the portals with it
        assert not any(p.startswith(str(tmp_path)) for p in _demo_processes())


def _demo_processes() -> list[str]:
    found = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout.splitlines()
    return [line.split("--data-dir ", 1)[1] for line in found if " -m demo --data-dir " in line]


def sms_code(phone_page: Page, sender: str) -> str | None:
    """The newest code from ``sender`` on the demo phone, as its owner reads it."""
    phone_page.reload()
    for text in phone_page.locator("li.sms .sms-text").all_inner_texts():
        if text.startswith(f"【{sender}】"):
            found = re.search(r"验证码为(\d{6})", text)
            return found[1] if found else None
    return None


def test_the_documented_web_demo_files_all_six_items(
    served_demo: Demo, bundle: Bundle, browser: Browser, tmp_path: Path
) -> None:
    demo = served_demo
    raw, _ = with_bookable_appointment(
        demo.portals["bank-account"], bundle, load_values(EXAMPLES / "open-company.yaml"), EXAMPLES
    )  # the applicant picks a day the branch offers (its calendar, as the form's help says)
    admin = {item: AdminClient(item, url, TOKEN) for item, url in demo.portals.items()}
    phone_size: ViewportSize = {"width": 390, "height": 844}
    desk_size: ViewportSize = {"width": 1280, "height": 1000}
    contexts = [
        browser.new_context(locale="zh-CN", viewport=size, is_mobile=mobile, has_touch=mobile, accept_downloads=True)
        for size, mobile in ((phone_size, True), (desk_size, False))
    ]
    for context in contexts:
        context.set_default_timeout(15_000)
    try:
        applicant, desk = contexts[0].new_page(), contexts[1].new_page()  # the applicant on a phone
        phone = contexts[0].new_page()

        applicant.goto(f"{demo.url}/apply/open-company")
        fill_form(applicant, raw, EXAMPLES)
        applicant.get_by_role("button", name="下一步：核对信息").click()
        applicant.get_by_role("button", name="确认提交").click()
        expect(applicant.get_by_text("申请已提交。")).to_be_visible()
        number = applicant.locator("[data-number]").inner_text()

        desk.goto(f"{demo.url}/clerk")
        desk.get_by_label("账号").fill(demo.clerk[0])
        desk.get_by_label("密码").fill(demo.clerk[1])
        desk.get_by_role("button", name="登录").click()
        desk.locator("section.ready").get_by_role("button", name="一键办理").click()
        expect(desk).to_have_url(re.compile(r"/clerk/runs/\d{8}-[0-9a-f]{6}$"))
        run_id = desk.url.rsplit("/", 1)[1]
        phone.goto(f"{demo.url}/demo/phone")

        answered = _answer_until_done(bundle, desk, applicant, phone, admin, run_id)
        assert {"captcha", "clerk-sms", "applicant-sms"} <= answered

        card = desk.locator(f'section.run[data-run="{run_id}"]')
        expect(card.locator("[data-done]")).to_have_text("6")
        receipt_link = card.get_by_role("link", name="下载回执单（PDF）")
        expect(receipt_link).to_be_visible(timeout=60_000)
        with desk.expect_download() as download:
            receipt_link.click()
        saved = tmp_path / "receipt.pdf"
        download.value.save_as(saved)
        assert saved.read_bytes().startswith(b"%PDF")
        for item, client in admin.items():
            assert len(client.submissions()) == 1, item

        # the applicant, at home, finds the application by its number and fetches the receipt sheet
        home = contexts[0].new_page()
        home.goto(f"{demo.url}/status")
        home.get_by_label("申请编号").fill(number)
        home.get_by_label("手机号码").fill(raw["liaison"]["mobile"])
        home.get_by_role("button", name="查询").click()
        expect(home.locator(".uscc")).to_contain_text(re.compile(r"[0-9A-HJ-NPQRTUWXY]{18}"))
        expect(home.get_by_text("全部事项已办结。")).to_be_visible()
        with home.expect_download() as download:
            home.get_by_role("link", name="下载回执单（PDF）").click()
        download.value.save_as(tmp_path / "applicant-receipt.pdf")
        assert (tmp_path / "applicant-receipt.pdf").read_bytes().startswith(b"%PDF")
    finally:
        for context in contexts:
            context.close()
        for client in admin.values():
            client.close()


def _answer_until_done(
    bundle: Bundle, desk: Page, applicant: Page, phone: Page, admin: dict[str, AdminClient], run_id: str
) -> set[str]:
    """Answer every hand-off as the people at the window would, until all six filings are done."""
    item_of = {mapping.title: item for item, mapping in bundle.mappings.items()}
    answered: set[str] = set()
    deadline = time.monotonic() + 300
    card = desk.locator(f'section.run[data-run="{run_id}"]')
    while time.monotonic() < deadline:
        try:
            if card.locator("[data-done]").inner_text() == "6":
                return answered
            states = card.locator("td.state").all_inner_texts()
            assert not any(s in ("被门户退回", "技术故障", "待人工处理") for s in states), card.inner_text()
            for form in desk.locator("form.question").all():
                item = form.locator("strong").inner_text()
                if form.locator(".badge").count():  # the applicant's own: typed on their page below
                    continue
                if form.locator("img.captcha").count():
                    code = admin[item_of[item]].captcha()
                    kind = "captcha"
                else:
                    code = sms_code(phone, SENDERS[item]) or ""
                    kind = "clerk-sms"
                if code:
                    form.locator("input[name=answer]").fill(code)
                    form.get_by_role("button", name="提交答案").click()
                    answered.add(kind)
                    desk.wait_for_load_state()
            if applicant.locator("form.applicant-question").count():
                bank_code = sms_code(phone, "中国建设银行")
                if bank_code:
                    box = applicant.locator("form.applicant-question").first
                    expect(box).to_contain_text(re.compile(r"已发送至手机 1\d\d\*{4}\d{4}"))
                    box.get_by_label("短信验证码").fill(bank_code)
                    box.get_by_role("button", name="提交验证码").click()
                    expect(applicant.get_by_role("status")).to_contain_text("验证码已提交")
                    answered.add("applicant-sms")
        except PlaywrightError:
            pass  # a page reloaded under us (a new question): look again
        time.sleep(0.5)
    raise AssertionError(f"not done in time: {card.inner_text()}")
