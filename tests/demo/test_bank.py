"""bank-account (中国建设银行 · 企业网上开户预约): the SPA of web components, driven by hand
with Playwright through its real widgets, and its JSON API's rules with httpx.

Every test seeds its own company in the shared registry and books at its own branch or
date; ``clean_portals`` resets the portals around the tests that store data.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Locator, Page, expect

from bot.mapping.bundle import Bundle
from bot.run.demo_admin import with_bookable_appointment
from demo.core import uscc
from demo.launcher import PortalsProcess
from demo.testing import AdminClient
from tests.support import EXAMPLES, TODAY

BANK = "bank-account"
Admins = dict[str, AdminClient]
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "img"
ZHANGZHOU, XIANGCHENG = "350600", "350600101"


def id_number(body17: str) -> str:
    """A GB 11643 ID number: 17 digits and their check character."""
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return body17 + "10X98765432"[sum(int(c) * w for c, w in zip(body17, weights, strict=True)) % 11]


LEGAL_REP = {"name": "陈志强", "id": id_number("35060219800312451"), "mobile": "13905961234"}
AGENT = {"name": "林晓燕", "id": id_number("35060219920708262"), "mobile": "13805967788"}
OWNERS = [("陈志强", LEGAL_REP["id"], "60"), ("黄丽华", id_number("35062819851120132"), "40.00")]


@pytest.fixture
def bank(clean_portals: Admins, portals: PortalsProcess) -> Iterator[httpx.Client]:
    """An httpx client on the bank portal (own cookies), the portals freshly reset."""
    with httpx.Client(base_url=portals.urls[BANK], trust_env=False, timeout=10.0) as client:
        yield client


def set_calendar(portals: PortalsProcess, **settings: Any) -> dict[str, Any]:
    admin = AdminClient(BANK, portals.urls[BANK], portals.admin_token)
    try:
        return admin.bank_calendar(**settings)
    finally:
        admin.close()


def seed_company(admin: Admins, name: str) -> dict[str, Any]:
    return admin[BANK].publish_company(
        name=name, address="福建省漳州市芗城区胜利西路100号", legal_rep=LEGAL_REP["name"], region="350602"
    )


def open_days(http: httpx.Client, branch: str = XIANGCHENG) -> list[str]:
    """The bookable days of a branch this month and next, as the calendar API reports them."""
    today = http.get("/api/calendar", params={"brchNo": branch, "month": "2000-01"}).json()["data"]["today"]
    year, month = int(today[:4]), int(today[5:7])
    months = [f"{year}-{month:02d}", f"{year + month // 12}-{month % 12 + 1:02d}"]
    days = [
        d["date"]
        for m in months
        for d in http.get("/api/calendar", params={"brchNo": branch, "month": m}).json()["data"]["days"]
        if d["status"] == "open"
    ]
    assert days, "no bookable day in the window"
    return days


def form_values(company: dict[str, Any], day: str, *, owners: list[tuple[str, str, str]] = OWNERS) -> dict[str, Any]:
    """A complete appointment under the portal's own input names (as the API takes it)."""
    return {
        "corpNm": company["name"],
        "uniSocCrCd": company["uscc"],
        "regAddr": company["address"],
        "acctTp": "01",
        "ccyCd": "156",
        "cityCd": ZHANGZHOU,
        "brchNo": XIANGCHENG,
        "apptDt": day,
        "apptTmSlot": "1000",
        "lglRprNm": LEGAL_REP["name"],
        "lglRprCrdtNo": LEGAL_REP["id"],
        "lglRprMblNo": LEGAL_REP["mobile"],
        "agntNm": AGENT["name"],
        "agntCrdtNo": AGENT["id"],
        "agntMblNo": AGENT["mobile"],
        "bnfcOwnNm": [o[0] for o in owners],
        "bnfcOwnCrdtNo": [o[1] for o in owners],
        "bnfcOwnShrPct": [o[2] for o in owners],
    }


def book_by_api(http: httpx.Client, admin: Admins, values: dict[str, Any]) -> httpx.Response:
    """Book in a fresh session (the bank sends one code a minute per phone and session)."""
    with httpx.Client(base_url=http.base_url, trust_env=False, timeout=10.0) as fresh:
        sent = fresh.post("/api/sms/send", json={"mblNo": values["lglRprMblNo"]})
        assert sent.json()["code"] == "0", sent.text
        code = admin[BANK].sms_code(values["lglRprMblNo"])
        return fresh.post("/api/appointments", data={**values, "smsVrfCd": code})


# -- the browser, by hand ---------------------------------------------------------------


def group(page: Page, name: str) -> Locator:
    return page.get_by_role("group", name=name, exact=True)


def choose(page: Page, scope: Locator, label: str, option: str) -> None:
    """A div dropdown: open the combobox, click the option."""
    scope.get_by_role("combobox", name=label).click()
    page.get_by_role("option", name=option, exact=True).click()
    expect(scope.get_by_role("combobox", name=label)).to_have_text(option)


def show_month(calendar: Locator, year: int, month: int) -> None:
    """Wait for the calendar to load (its grid drops aria-busy), page on to the month."""
    grid = calendar.get_by_role("grid", name="日历")
    for _ in range(3):
        expect(grid).not_to_have_attribute("aria-busy", "true")
        if calendar.get_by_text(f"{year}年{month}月", exact=True).is_visible():
            return
        calendar.get_by_role("button", name="下个月").click()
    raise AssertionError(f"calendar never showed {year}年{month}月")


def pick_date(page: Page, day: str) -> None:
    """Page the calendar to ``day``'s month, click the day, read the chosen date back."""
    y, m, d = (int(x) for x in day.split("-"))
    calendar = group(page, "预约信息")
    show_month(calendar, y, m)
    calendar.get_by_role("gridcell", name=f"{y}年{m}月{d}日", exact=True).click()
    expect(calendar.get_by_label("预约日期")).to_have_value(day)


def open_form(page: Page, portals: PortalsProcess) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(portals.urls[BANK] + "/")
    expect(page.locator("cb-app[ready]")).to_have_count(1)


def fill_person(page: Page, role: str, person: dict[str, str]) -> None:
    section = group(page, role)
    section.get_by_label("姓名").fill(person["name"])
    section.get_by_label("证件号码").fill(person["id"])
    section.get_by_label("手机号码").fill(person["mobile"])


def fill_owners(page: Page, owners: list[tuple[str, str, str]]) -> None:
    section = group(page, "受益所有人")
    for i, (name, id_no, share) in enumerate(owners, start=1):
        if i > 1:
            section.get_by_role("button", name="添加受益所有人").click()
        row = section.get_by_role("group", name=f"受益所有人{i}", exact=True)
        row.get_by_label("姓名").fill(name)
        row.get_by_label("证件号码").fill(id_no)
        row.get_by_label("持股比例").fill(share)


def fill_form(page: Page, company: dict[str, Any], day: str, owners: list[tuple[str, str, str]] = OWNERS) -> None:
    """Every field of the form, through its real widget."""
    firm = group(page, "企业信息")
    firm.get_by_label("企业名称").fill(company["name"])
    firm.get_by_label("统一社会信用代码").fill(company["uscc"])
    firm.get_by_label("注册地址").fill(company["address"])
    choose(page, firm, "账户类型", "基本存款账户")
    choose(page, firm, "币种", "人民币")
    outlet = group(page, "开户网点")
    choose(page, outlet, "城市", "漳州市")
    outlet.get_by_role("radio", name="漳州芗城支行").click()
    expect(outlet.get_by_role("radio", name="漳州芗城支行")).to_have_attribute("aria-checked", "true")
    pick_date(page, day)
    slot = group(page, "预约信息").get_by_role("button", name="10:00-11:00", exact=True)
    slot.click()
    expect(slot).to_have_attribute("aria-pressed", "true")
    fill_person(page, "法定代表人", LEGAL_REP)
    fill_person(page, "经办人", AGENT)
    fill_owners(page, owners)


def request_code(page: Page, admin: Admins) -> str:
    section = group(page, "短信验证")
    section.get_by_role("button", name="获取验证码").click()
    expect(section.get_by_role("status")).to_contain_text("验证码已发送至法定代表人手机139****1234")
    code = admin[BANK].sms_code(LEGAL_REP["mobile"])
    section.get_by_label("短信验证码").fill(code)
    return code


def shoot(page: Page, what: str) -> None:
    """docs/img screenshots, when asked for (DEMO_SCREENSHOTS=1)."""
    if os.environ.get("DEMO_SCREENSHOTS"):
        page.screenshot(path=str(SHOTS / f"{BANK}-{what}.png"), full_page=True)


@pytest.mark.browser
def test_an_appointment_filled_through_every_widget_is_stored_exactly(
    page: Page, portals: PortalsProcess, bank: httpx.Client, clean_portals: Admins
) -> None:
    company = seed_company(clean_portals, "漳州芗城云帆科技有限公司")
    day = open_days(bank)[0]
    open_form(page, portals)
    fill_form(page, company, day)
    owners = group(page, "受益所有人")
    owners.get_by_role("button", name="添加受益所有人").click()
    owners.get_by_role("group", name="受益所有人3").get_by_label("姓名").fill("多余一行")
    owners.get_by_role("button", name="删除受益所有人3").click()
    expect(owners.get_by_role("group", name="受益所有人3")).to_have_count(0)
    expect(owners.get_by_role("group", name="受益所有人2").get_by_label("持股比例")).to_have_value("40.00")
    code = request_code(page, clean_portals)
    shoot(page, "form")

    page.get_by_role("button", name="提交预约").click()
    receipt = page.get_by_role("region", name="预约成功")
    expect(receipt).to_be_visible()
    appointment_no = page.locator("#apptNo").inner_text()
    assert appointment_no.startswith("KHYY")
    expect(receipt).to_contain_text("漳州芗城支行")
    shoot(page, "done")

    [stored] = clean_portals[BANK].submissions()
    assert stored["payload"] == {**form_values(company, day), "smsVrfCd": code}
    assert stored["receipt_no"] == appointment_no and stored["uscc"] == company["uscc"]
    assert stored["status"] == "预约成功" and stored["outputs"] == {"appointment_no": appointment_no}

    page.get_by_role("link", name="打印预约回执").click()
    expect(page.locator("#apptNo")).to_have_text(appointment_no)
    expect(page.locator("table.sheet")).to_contain_text("10:00-11:00")
    shoot(page, "receipt")
    assert bank.get(f"/receipt/{appointment_no}").status_code == 303  # another session: to 预约查询 login


@pytest.mark.browser
def test_errors_are_shown_beside_the_fields(
    page: Page, portals: PortalsProcess, bank: httpx.Client, clean_portals: Admins
) -> None:
    company = seed_company(clean_portals, "漳州校验示例有限公司")
    open_form(page, portals)
    page.get_by_role("button", name="提交预约").click()
    expect(page.get_by_role("alert").filter(has_text="请完善预约信息")).to_be_visible()
    firm = group(page, "企业信息")
    expect(firm).to_contain_text("请输入企业名称")
    expect(firm).to_contain_text("请选择账户类型")
    expect(group(page, "开户网点")).to_contain_text("请选择开户网点")
    expect(group(page, "预约信息")).to_contain_text("请选择预约日期")
    group(page, "法定代表人").get_by_label("证件号码").fill("350602198003124510")
    group(page, "法定代表人").get_by_label("姓名").click()
    expect(group(page, "法定代表人")).to_contain_text("法定代表人证件号码格式不正确")

    # Server-side only: the registry's name, the owners' total, an unknown USCC.
    page.reload()
    expect(page.locator("cb-app[ready]")).to_have_count(1)
    day = open_days(bank)[0]
    fill_form(page, {**company, "name": "漳州另一家有限公司"}, day, owners=[OWNERS[0], (*OWNERS[1][:2], "50")])
    request_code(page, clean_portals)
    page.get_by_role("button", name="提交预约").click()
    expect(page.get_by_role("alert").filter(has_text="预约信息有误")).to_be_visible()
    expect(firm).to_contain_text("企业名称与工商登记信息不一致")
    expect(group(page, "受益所有人")).to_contain_text("受益所有人持股比例合计不能超过100%")

    firm.get_by_label("企业名称").fill(company["name"])
    firm.get_by_label("统一社会信用代码").fill(uscc.generate("350602"))
    group(page, "受益所有人").get_by_role("group", name="受益所有人2").get_by_label("持股比例").fill("40")
    page.get_by_role("button", name="提交预约").click()
    expect(firm).to_contain_text("未查询到该统一社会信用代码的工商登记信息，请核实后再预约")
    shoot(page, "errors")
    assert clean_portals[BANK].submissions() == []


@pytest.mark.browser
def test_calendar_disables_weekends_full_days_and_full_slots(
    page: Page, portals: PortalsProcess, bank: httpx.Client, clean_portals: Admins
) -> None:
    days = open_days(bank)
    full, slot_day = days[0], days[1]
    set_calendar(portals, full_dates=[full], full_slots=[{"date": slot_day, "slot": "1400"}])
    open_form(page, portals)
    outlet = group(page, "开户网点")
    choose(page, outlet, "城市", "漳州市")
    outlet.get_by_role("radio", name="漳州芗城支行").click()
    y, m, d = (int(x) for x in full.split("-"))
    calendar = group(page, "预约信息")
    show_month(calendar, y, m)
    expect(calendar.get_by_role("gridcell", name=f"{y}年{m}月{d}日（已约满）")).to_be_disabled()
    weekend = calendar.locator("button.day.weekend").first
    expect(weekend).to_be_disabled()
    pick_date(page, slot_day)
    expect(calendar.get_by_role("button", name="14:00-15:00", exact=True)).to_be_disabled()
    expect(calendar.get_by_role("button", name="09:00-10:00", exact=True)).to_be_enabled()


@pytest.mark.browser
def test_appointment_lookup_by_sms_then_search_by_code_or_name(
    page: Page, portals: PortalsProcess, bank: httpx.Client, clean_portals: Admins
) -> None:
    days = open_days(bank)
    first = seed_company(clean_portals, "漳州查询甲有限公司")
    second = seed_company(clean_portals, "漳州查询乙有限公司")
    for company, day in ((first, days[0]), (second, days[1])):
        booked = book_by_api(bank, clean_portals, form_values(company, day))
        assert booked.json()["code"] == "0", booked.text

    page.goto(portals.urls[BANK] + "/mine")
    expect(page).to_have_url(portals.urls[BANK] + "/login")
    page.get_by_label("手机号码").fill(LEGAL_REP["mobile"])
    page.get_by_role("button", name="获取验证码").click()
    expect(page.get_by_role("status")).to_contain_text("验证码已发送至139****1234")
    page.get_by_label("短信验证码").fill(clean_portals[BANK].sms_code(LEGAL_REP["mobile"]))
    page.get_by_role("button", name="验证并登录").click()
    expect(page).to_have_url(portals.urls[BANK] + "/mine")
    rows = page.locator("table.grid tbody tr")
    expect(rows).to_have_count(2)

    page.get_by_label("统一社会信用代码或企业名称").fill(first["uscc"])
    page.get_by_role("button", name="查询").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("漳州查询甲有限公司")
    page.get_by_label("统一社会信用代码或企业名称").fill("乙有限")
    page.get_by_role("button", name="查询").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(second["uscc"])
    expect(rows.first).to_contain_text("预约成功")
    shoot(page, "mine")


@pytest.mark.browser
def test_a_lost_answer_is_reconciled_in_the_lookup_not_resubmitted(
    page: Page, portals: PortalsProcess, bank: httpx.Client, clean_portals: Admins
) -> None:
    company = seed_company(clean_portals, "漳州丢包核对有限公司")
    day = open_days(bank)[0]
    open_form(page, portals)
    fill_form(page, company, day, owners=OWNERS[:1])
    request_code(page, clean_portals)
    clean_portals[BANK].faults(drop_responses=1)
    page.get_by_role("button", name="提交预约").click()
    expect(page.get_by_role("alert").filter(has_text="切勿重复提交")).to_be_visible()
    [stored] = clean_portals[BANK].submissions()
    assert stored["payload"]["bnfcOwnNm"] == OWNERS[0][0]  # one row posts a string, not a list

    page.get_by_role("link", name="预约查询").first.click()  # the booking session is logged in
    expect(page).to_have_url(portals.urls[BANK] + "/mine")
    expect(page.locator("table.grid tbody tr")).to_contain_text(stored["receipt_no"])


@pytest.mark.browser
def test_login_page_screenshot(page: Page, portals: PortalsProcess) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(portals.urls[BANK] + "/login")
    expect(page.get_by_role("heading", name="预约查询 · 手机验证登录")).to_be_visible()
    shoot(page, "login")


# -- the API's rules --------------------------------------------------------------------


def errors_of(response: httpx.Response) -> dict[str, str]:
    body = response.json()
    assert response.status_code == 400 and body["code"] == "E4001", response.text
    result: dict[str, str] = body["errors"]
    return result


def test_server_refuses_what_the_bank_refuses(bank: httpx.Client, clean_portals: Admins) -> None:
    company = seed_company(clean_portals, "漳州规则测试有限公司")
    days = open_days(bank)
    good = form_values(company, days[0])
    saturday = next(d["date"] for d in bank_month(bank, days[0]) if d["status"] == "weekend")

    def refused(**changes: Any) -> dict[str, str]:
        return errors_of(bank.post("/api/appointments", data={**good, "smsVrfCd": "000000", **changes}))

    assert refused(apptDt=saturday)["apptDt"] == "所选日期为非营业日，请重新选择"
    assert refused(ccyCd="840")["ccyCd"] == "基本存款账户仅可开立人民币账户"
    assert refused(brchNo="350100101")["brchNo"] == "所选网点不属于该城市，请重新选择"
    assert refused(bnfcOwnShrPct=["60", "100.5"])["bnfcOwnShrPct.1"] == "持股比例须为0-100之间的数字，最多两位小数"
    no_owners = {k: v for k, v in good.items() if not k.startswith("bnfcOwn")}
    reply = bank.post("/api/appointments", data={**no_owners, "smsVrfCd": "000000"})
    assert errors_of(reply)["bnfcOwn"] == "请至少填写一名受益所有人（持股25%及以上的自然人）"
    assert refused(lglRprNm="王五")["lglRprNm"] == "法定代表人姓名与工商登记信息不一致"
    assert refused(agntCrdtNo=AGENT["id"][:-1] + "0")["agntCrdtNo"] == "经办人证件号码格式不正确"
    # A valid form with a wrong code: refused, and nothing stored.
    assert refused()["smsVrfCd"] == "短信验证码错误或已过期，请重新获取"
    assert clean_portals[BANK].submissions() == []


def bank_month(http: httpx.Client, day: str) -> list[dict[str, str]]:
    days: list[dict[str, str]] = http.get("/api/calendar", params={"brchNo": XIANGCHENG, "month": day[:7]}).json()[
        "data"
    ]["days"]
    return days


def test_full_days_slots_capacity_and_no_double_booking(
    bank: httpx.Client, portals: PortalsProcess, clean_portals: Admins
) -> None:
    assert set_calendar(portals)["monthly_full_day"] == 15  # the default: 网点盘点 on the 15th
    days = open_days(bank)
    for month in {d[:7] for d in days}:
        [fifteenth] = [d for d in bank_month(bank, month) if d["date"].endswith("-15")]
        assert fifteenth["status"] != "open"
    set_calendar(portals, full_dates=[days[0]], slot_capacity=1)
    assert next(d["status"] for d in bank_month(bank, days[0]) if d["date"] == days[0]) == "full"

    first = seed_company(clean_portals, "漳州容量甲有限公司")
    assert errors_of(bank.post("/api/appointments", data=form_values(first, days[0])))["apptDt"].startswith(
        "所选日期该网点已约满"
    )
    done = book_by_api(bank, clean_portals, form_values(first, days[1])).json()
    assert done["code"] == "0" and done["data"]["apptTmSlot"] == "10:00-11:00"
    slots = bank.get("/api/slots", params={"brchNo": XIANGCHENG, "apptDt": days[1]}).json()["data"]
    assert {s["value"]: s["left"] for s in slots}["1000"] == 0

    second = seed_company(clean_portals, "漳州容量乙有限公司")
    taken = bank.post("/api/appointments", data={**form_values(second, days[1]), "smsVrfCd": "1"})
    assert errors_of(taken)["apptTmSlot"] == "该时段已约满，请选择其他时段"
    again = bank.post("/api/appointments", data={**form_values(first, days[1]), "apptTmSlot": "0900"})
    assert (
        errors_of(again)["uniSocCrCd"]
        == f"该企业已有待办理的开户预约（预约编号 {done['data']['apptNo']}），请勿重复预约"
    )


def test_sms_code_goes_to_the_legal_rep_at_most_once_a_minute(bank: httpx.Client, clean_portals: Admins) -> None:
    assert bank.post("/api/sms/send", json={"mblNo": "1390596"}).json()["errors"] == {
        "lglRprMblNo": "法定代表人手机号码格式不正确"
    }
    assert bank.post("/api/sms/send", json={"mblNo": LEGAL_REP["mobile"]}).json()["code"] == "0"
    [message] = clean_portals[BANK].sms(LEGAL_REP["mobile"])
    assert message["text"].startswith("【中国建设银行】您的验证码为")
    again = bank.post("/api/sms/send", json={"mblNo": LEGAL_REP["mobile"]})
    assert again.status_code == 429 and "秒后再试" in again.json()["msg"]


def test_calendar_admin_needs_the_token(portals: PortalsProcess) -> None:
    url = portals.urls[BANK] + "/__admin/bank/calendar"
    assert httpx.get(url, trust_env=False).status_code == 401
    bad = httpx.post(
        url, json={"full_dates": ["2026/01/05"]}, headers={"X-Admin-Token": portals.admin_token}, trust_env=False
    )
    assert bad.status_code == 422 and "YYYY-MM-DD" in bad.json()["error"]


def test_the_demo_clerk_books_the_next_open_day_when_the_wanted_one_is_full(
    bank: httpx.Client, portals: PortalsProcess, bundle: Bundle, example_raw: dict[str, Any]
) -> None:
    """bot demo and the engine's tests file on the real clock: the form's default day can be the 15th."""
    days = open_days(bank)
    set_calendar(portals, full_dates=[days[0]])
    wanted = {**example_raw, "bank": {**example_raw["bank"], "appointment_date": days[0]}}
    moved, message = with_bookable_appointment(portals.urls[BANK], bundle, wanted, EXAMPLES)
    assert moved["bank"]["appointment_date"] == days[1]
    assert message == f"开户预约：{days[0]} 网点不可预约，已改约 {days[1]}"
    assert wanted["bank"]["appointment_date"] == days[0]  # the applicant's own data is not changed
    assert with_bookable_appointment(portals.urls[BANK], bundle, moved, EXAMPLES) == (moved, None)


def test_the_demo_clerk_never_books_the_banks_tomorrow_which_ends_at_its_midnight(
    bank: httpx.Client, portals: PortalsProcess, bundle: Bundle, example_raw: dict[str, Any]
) -> None:
    """The tests' applications want a day long past (the form's default from TODAY): the clerk books the first
    open day from the bank's day after tomorrow, so a run that files across the bank's midnight (16:00 UTC) still
    finds it open; booking the bank's tomorrow failed a batch on 「日期不可选」 in both copies of a load run."""
    set_calendar(portals)
    today = dt.date.fromisoformat(bank.get("/api/calendar", params={"brchNo": XIANGCHENG}).json()["data"]["today"])
    earliest = today + dt.timedelta(days=2)
    moved, _ = with_bookable_appointment(portals.urls[BANK], bundle, example_raw, EXAMPLES, TODAY)
    day = dt.date.fromisoformat(moved["bank"]["appointment_date"])
    assert day >= earliest
    assert day == next(d for d in map(dt.date.fromisoformat, open_days(bank)) if d >= earliest)
