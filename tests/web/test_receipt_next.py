"""A receipt with next steps (issue 18): the receipt sheet the applicant takes home says when and where the
bank appointment is and what to bring, where to collect the seals, how to get the electronic licence and whom
to ask, on one A4 page; the applicant reads it on their phone too."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from bot.evidence.documents import write_documents
from bot.mapping.bundle import Bundle
from bot.web.app import WebSettings
from tests.web.support import confirmed, example, settled_run, shot

pytestmark = pytest.mark.browser


def test_the_receipt_sheet_says_what_to_do_next(
    make_web: Any, bundle: Bundle, screens: dict[str, Page], tmp_path: Path
) -> None:
    web = make_web(WebSettings())
    raw = example()
    _, application_id = confirmed(web, bundle, raw)
    run_id = settled_run(web, bundle, application_id, tmp_path / "evidence")
    _, problem = write_documents(web.ledger, run_id)
    assert problem is None
    pdf = (tmp_path / "evidence" / run_id / "receipt.pdf").read_bytes()
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1  # still one page to take home
    html = tmp_path / "evidence" / run_id / "receipt.html"
    for name, page in screens.items():
        page.goto(html.as_uri())

        def box(title: str, page: Page = page) -> Any:
            return page.locator(f"section.after .after-box:has(h3:text-is('{title}'))")

        bank = box("到银行开立基本存款账户")
        expect(bank).to_contain_text("预约编号：KHYY20261204000001")
        expect(bank).to_contain_text(re.compile(r"时间：\d{4}年\d{1,2}月\d{1,2}日（星期[一二三四五]）09:00-10:00"))
        expect(bank).to_contain_text("网点：中国建设银行漳州芗城支行")
        expect(bank).to_contain_text("地址：漳州市芗城区胜利西路29号")
        expect(bank).to_contain_text("请带：营业执照正本")
        seals = box("领取印章")
        expect(seals).to_contain_text("备案编号：BA35060220261204000001")
        expect(seals).to_contain_text(f"刻章企业：{raw['seal']['shop']}")
        expect(box("电子营业执照")).to_contain_text("小程序")
        expect(box("有疑问请联系")).to_contain_text("电话：")
        expect(page.get_by_role("main")).to_have_count(1)  # a landmark to land on
        if name == "phone":
            shot(page, "web-receipt-phone.png", full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name}: {overflow}px wider than the screen"
