"""证照智能录入 and 辅助审核 in Chromium (issue 17's Done-when): the applicant uploads the legal representative's
ID card (both sides, the back one run out) and the lease; the empty fields fill with their source shown, a
field typed wrong before keeps its value, is listed as not matching and is corrected; the application is
confirmed; the clerk opens its review sheet and sees one rule failing, on the expired ID card."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from bot.documents import synthetic as syn
from bot.web.app import WebSettings
from tests.support import EXAMPLES
from tests.web.conftest import CLERK, Served
from tests.web.filling import fill_form
from tests.web.support import example

pytestmark = pytest.mark.browser
READ = 180_000  # reading three documents: seconds alone, minutes on a machine other suites load
LOADED = 60_000  # a page after the server's work, on a loaded machine


def _documents(folder: Path) -> list[tuple[Path, str]]:
    """The legal representative's ID card, valid until 2026-05-20 (before any filing date), and a lease that runs
    three years from today (the rule wants ≥ 12 months from the filing date)."""
    person = dataclasses.replace(syn.EXAMPLE_PEOPLE["legal_rep"], valid_from="2006.05.20", valid_to="2026.05.20")
    today = dt.date.today()
    lease = syn.example_lease(f"{today.year}年{today.month}月1日", f"{today.year + 3}年{today.month}月1日")
    drawn = [(syn.id_front(person), "legal_rep"), (syn.id_back(person), "legal_rep"), (syn.lease(lease), "")]
    files = []
    for i, (image, role) in enumerate(drawn, 1):
        path = folder / f"document-{i}.png"
        image.save(path)
        files.append((path, role))
    return files


def test_documents_prefill_the_form_and_the_clerk_sees_the_review_sheet(
    browser: Browser, make_web: Callable[[WebSettings], Served], tmp_path: Path
) -> None:
    served = make_web(WebSettings())
    context = browser.new_context(locale="zh-CN", viewport={"width": 1200, "height": 900})
    context.set_default_timeout(LOADED)
    context.set_default_navigation_timeout(READ)
    try:
        page = context.new_page()
        page.goto(f"{served.url}/apply/open-company")
        page.locator("#in-legal_rep\\.name").fill("林志达")  # typed before, wrong: must stay until corrected
        for i, (path, role) in enumerate(_documents(tmp_path), 1):
            page.get_by_label(f"证照{i}", exact=True).set_input_files(str(path))
            page.get_by_label(f"证照{i}属于").select_option(role)
        page.get_by_role("button", name="识别并预填").click()
        result = page.locator("#scan-result")
        expect(result).to_contain_text("预填", timeout=READ)

        number = page.locator("#in-legal_rep\\.id_number")
        expect(number).to_have_value("350602198503122010", timeout=LOADED)
        source = "xpath=following-sibling::small[@class='source']"
        expect(number.locator(source)).to_have_text("来自：法定代表人身份证")
        address = page.locator("#in-company\\.address")
        expect(address).to_have_value("胜利西路28号1203室")
        expect(address.locator(source)).to_have_text("来自：房屋租赁合同")
        expect(page.locator("#in-legal_rep\\.name")).to_have_value("林志达")
        expect(result).to_contain_text("不一致 法定代表人·姓名：已填写“林志达”，证照为“林志远”")
        page.locator("#in-legal_rep\\.name").fill("林志远")  # the applicant corrects the wrong value

        rest = copy.deepcopy(example())  # the applicant types what no document gave
        for name in ("name", "id_number"):
            del rest["legal_rep"][name]
        del rest["company"]["address"]
        fill_form(page, rest, EXAMPLES)
        page.get_by_role("button", name="下一步：核对信息").click()
        page.get_by_role("button", name="确认提交").click()
        expect(page.get_by_text("申请编号").first).to_be_visible(timeout=LOADED)

        page.goto(f"{served.url}/clerk/login")
        page.get_by_label("账号").fill(CLERK[0])
        page.get_by_label("密码").fill(CLERK[1])
        page.get_by_role("button", name="登录").click()
        page.locator("section.ready").get_by_role("link", name="查看申请").click()
        page.get_by_role("link", name="查看证照核对结果").click()  # the sheet is made now: seconds
        sheet = page.locator("#review")
        expect(sheet).to_be_visible(timeout=READ)
        expect(page.locator("#review-summary")).to_contain_text("1 项需要核实")
        failed = sheet.locator("tr.rv-failed")
        expect(failed).to_have_count(1)
        expect(failed).to_contain_text("身份证在办理之日有效（法定代表人）")
        expect(failed).to_contain_text(f"身份证有效期至2026-05-20，早于办理日期{dt.date.today().isoformat()}")
        expect(failed.locator("img.rv-crop")).to_be_visible()
        passed = sheet.locator("tr.rv-passed")
        expect(passed.filter(has_text="身份证号码与填报一致（法定代表人）")).to_contain_text("通过")
        expect(passed.filter(has_text="租赁房屋坐落与住所一致")).to_contain_text("通过")
        expect(passed).to_have_count(5)
        assert "350602198503122010" not in page.content()
    finally:
        context.close()
