"""Path B of the overhead benchmark: the tax-registration filing as an expert would hand-write it.

The baseline the recipe runner is measured against: the same fills with the same values
(the mapping's, keyed by the portal's labels), located by label and role, with no
read-back, no screenshots and no recipe to interpret. It knows the demo 电子税务局's
pages (a four-page wizard, div combo boxes, a calendar dialog, a confirm modal) the
way a script written for one portal does.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from playwright.async_api import Browser, Locator, Page

from bot.recipe.browser import new_filing_context

TIMEOUT_MS = 15_000  # the runner's default step timeout, so neither side waits longer


@dataclass(frozen=True)
class Login:
    """What the login page asks: the company's USCC, the tax agent's ID number, the password."""

    uscc: str
    id_number: str
    password: str


async def file_tax_registration(browser: Browser, base_url: str, f: Mapping[str, Any], login: Login) -> str:
    """Log in, fill the three wizard pages, submit; returns the receipt number (文书受理号)."""
    context = await new_filing_context(browser)  # the runner's locale and window
    try:
        page = await context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        await _log_in(page, base_url.rstrip("/"), login)
        await _registration(page, f["登记信息确认"])
        await _accounting(page, f["财务会计制度备案"])
        await _invoices(page, f["票种核定"], f["领票人"])
        return await _submit(page)
    finally:
        await context.close()


async def _log_in(page: Page, base_url: str, login: Login) -> None:
    await page.goto(base_url + "/login")
    await page.get_by_label("统一社会信用代码").fill(login.uscc)
    await page.get_by_label("办税人身份证号").fill(login.id_number)
    await page.get_by_label("密码").fill(login.password)
    await page.get_by_role("button", name="登录").click()
    await page.wait_for_url("**/xbnsr/djxx")


async def _registration(page: Page, values: Mapping[str, Any]) -> None:
    """Page 1. 纳税人名称 is read-only and already the registered name: nothing to type."""
    await page.get_by_label("生产经营地址", exact=True).fill(str(values["生产经营地址"]))
    await _combo(page, "核算方式", values["核算方式"])
    await page.get_by_label("从业人数", exact=True).fill(str(values["从业人数"]))
    await _person(page, "财务负责人", values["财务负责人"])
    await _person(page, "办税人", values["办税人"])
    await _next(page, "**/xbnsr/cwkj")


async def _accounting(page: Page, values: Mapping[str, Any]) -> None:
    """Page 2: five combo boxes and a calendar."""
    for label in ("会计制度", "低值易耗品摊销方法", "折旧方法", "成本核算方法", "会计报表报送期限"):
        await _combo(page, label, values[label])
    await _date(page, "有效期起", dt.date.fromisoformat(str(values["有效期起"])))
    await _next(page, "**/xbnsr/pzhd")


async def _invoices(page: Page, invoices: Mapping[str, Any], taker: Mapping[str, Any]) -> None:
    """Page 3: a group of div checkboxes (the wizard starts with none ticked), a combo, a count, a person."""
    kinds = page.get_by_role("group", name="发票种类")
    for kind in invoices["发票种类"]:
        await kinds.get_by_role("checkbox", name=str(kind), exact=True).click()
    await _combo(page, "单份最高开票限额", invoices["单份最高开票限额"])
    await page.get_by_label("每月最高领用数量", exact=True).fill(str(invoices["每月最高领用数量"]))
    await _person(page, "领票人", taker)
    await _next(page, "**/xbnsr/qrtj")


async def _submit(page: Page) -> str:
    await page.get_by_role("button", name="提交").click()
    await page.get_by_role("button", name="确定").click()
    await page.wait_for_url("**/wsxx/*")
    return (await page.locator("#receipt-no").inner_text()).strip()


async def _person(page: Page, group: str, person: Mapping[str, Any]) -> None:
    """A fieldset of 姓名, 身份证件号码, 移动电话; the same labels repeat in every such group."""
    fieldset = page.get_by_role("group", name=group, exact=True)
    for label in ("姓名", "身份证件号码", "移动电话"):
        await fieldset.get_by_label(label, exact=True).fill(str(person[label]))


async def _combo(page: Page, label: str, option: Any) -> None:
    """A div combo box: open it, click the option (only the open list's options are visible)."""
    await page.get_by_role("combobox", name=label, exact=True).click()
    await page.get_by_role("option", name=str(option), exact=True).click()


async def _date(page: Page, label: str, day: dt.date) -> None:
    """The calendar opens on the input's month (or today's): step to the target month, click the day."""
    await page.get_by_label(label, exact=True).click()
    calendar = page.get_by_role("dialog", name="选择日期")
    while True:
        title = await calendar.locator(".cal-title").inner_text()
        shown = _month(title)
        if shown == (day.year, day.month):
            break
        await _month_button(calendar, forward=shown < (day.year, day.month)).click()
    await calendar.get_by_role("button", name=str(day.day), exact=True).click()


def _month(title: str) -> tuple[int, int]:
    found = re.search(r"(\d{4})年(\d{1,2})月", title)
    if found is None:
        raise ValueError("日历标题不是“YYYY年M月”")
    return int(found[1]), int(found[2])


def _month_button(calendar: Locator, *, forward: bool) -> Locator:
    return calendar.get_by_role("button", name="下一月" if forward else "上一月")


async def _next(page: Page, url: str) -> None:
    await page.get_by_role("button", name="下一步").click()
    await page.wait_for_url(url)
