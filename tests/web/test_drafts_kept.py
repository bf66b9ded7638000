"""Drafts hard to lose (issue 18): the resume link has a copy button and a QR code, and reopening the blank
form in the same browser offers the draft saved there."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from bot.web.app import WebSettings

pytestmark = pytest.mark.browser


def scanned(png: bytes) -> str:
    """The text of the QR code in a picture, as OpenCV's detector (RapidOCR's dependency) reads it."""
    import cv2
    import numpy as np

    text, *_ = cv2.QRCodeDetector().detectAndDecode(cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_COLOR))
    return str(text)


def scanned_when_drawn(qr: Locator) -> str:
    """What the QR code reads once a picture of it decodes. Under load (two suites at once) one picture of the
    emulated phone's code read as nothing, which no run at rest and no other load run showed; the picture was
    not kept, so the cause (a frame captured before the code was drawn there, most likely) is not proven. As
    a person holds the camera until it reads, the test takes pictures for up to 5 s; a code that never
    decodes, or reads another text, still fails."""
    text = ""
    for _ in range(50):
        text = scanned(qr.screenshot())
        if text:
            break
        qr.page.wait_for_timeout(100)
    return text


def clipboard_after_copy(page: Page, want: str) -> str:
    """What the clipboard holds once the copy has reached it.

    The clipboard belongs to the browser process, not the page: writeText resolves once the page has handed
    the text over, and on a loaded CI machine a read straight after came back empty (2026-12-04). So the test
    waits for the clipboard as it waits for anything else a page does, and fails with what it last held."""
    held = ""
    for _ in range(50):
        held = str(page.evaluate("navigator.clipboard.readText()"))
        if held == want:
            break
        page.wait_for_timeout(100)
    return held


def test_the_draft_link_copies_scans_and_comes_back(make_web: Any, screens: dict[str, Page]) -> None:
    web = make_web(WebSettings())
    for name, page in screens.items():
        page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=web.url)
        page.goto(f"{web.url}/apply/open-company")
        expect(page.locator("#earlier-draft")).to_have_count(0)
        page.locator('[name="company.trade_name"]').fill("云帆")
        page.get_by_role("button", name="保存草稿").click()
        expect(page.get_by_text("草稿已保存。")).to_be_visible()
        link = page.locator("#resume-url").inner_text()
        assert page.url.startswith(link)

        page.get_by_role("button", name="复制链接").click()
        expect(page.locator("#resume-link .copied")).to_contain_text("已复制")
        assert clipboard_after_copy(page, link) == link, name
        page.get_by_text("用手机扫码继续填写").click()
        qr = page.locator("#resume-link .qr svg")
        expect(qr).to_be_visible()
        assert scanned_when_drawn(qr) == link, name  # what a phone's camera reads: the link itself
        cookie = next(c for c in page.context.cookies() if c["name"] == "yjb_draft")
        assert cookie["httpOnly"] and cookie["path"] == "/apply", name

        page.goto(f"{web.url}/apply/open-company")  # the blank form, later, in the same browser
        offer = page.locator("#earlier-draft")
        expect(offer).to_contain_text("您在这台设备上保存过一份草稿")
        offer.get_by_role("link", name="继续填写这份草稿").click()
        expect(page).to_have_url(link)
        expect(page.locator('[name="company.trade_name"]')).to_have_value("云帆")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name}: {overflow}px wider than the screen"
