"""证照智能录入 in Chromium: the applicant uploads the legal representative's ID card, the empty fields
fill with their source shown, a field typed before keeps its value and is listed as not matching."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from bot.documents import synthetic as syn
from bot.web.app import WebSettings
from tests.web.conftest import Served

pytestmark = pytest.mark.browser


def test_uploaded_id_card_prefills_with_its_source(
    browser: Browser, make_web: Callable[[WebSettings], Served], tmp_path: Path
) -> None:
    front = tmp_path / "front.png"
    syn.id_front(syn.EXAMPLE_PEOPLE["legal_rep"]).save(front)
    served = make_web(WebSettings())
    context = browser.new_context(locale="zh-CN", viewport={"width": 1200, "height": 900})
    try:
        page = context.new_page()
        page.goto(f"{served.url}/apply/open-company")
        page.locator("#in-liaison\\.name").fill("黄丽娟")
        page.get_by_label("证照1", exact=True).set_input_files(str(front))
        page.get_by_label("证照1属于").select_option("legal_rep")
        page.locator("#in-legal_rep\\.name").fill("林志达")  # typed before: must stay
        page.get_by_role("button", name="识别并预填").click()
        result = page.locator("#scan-result")
        expect(result).to_contain_text("预填", timeout=120_000)
        number = page.locator("#in-legal_rep\\.id_number")
        expect(number).to_have_value("350602198503122010")
        expect(number.locator("xpath=following-sibling::small[@class='source']")).to_have_text("来自：法定代表人身份证")
        expect(page.locator("#in-legal_rep\\.name")).to_have_value("林志达")
        expect(result).to_contain_text("不一致 法定代表人·姓名：已填写“林志达”，证照为“林志远”")
        page.locator("#in-legal_rep\\.name").fill("林志远")  # the applicant corrects the wrong value
        expect(page.locator("#in-legal_rep\\.name")).to_have_value("林志远")
    finally:
        context.close()
