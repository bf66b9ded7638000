"""tax-registration (电子税务局 · 新办纳税人“套餐”): the wizard by hand in Chromium, the
server-side rules and the registry check over HTTP. Each test seeds its own company."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from playwright.sync_api import Locator, Page, expect

from demo.core import uscc
from demo.launcher import PortalsProcess
from demo.testing import AdminClient

TAX = "tax-registration"
AGENT_ID = "350602199007183046"  # 办税人
FINANCE_ID = "350602198503121528"  # 财务负责人
TAKER_ID = "35062319920214401X"  # 领票人


@dataclass
class Taxpayer:
    uscc: str
    name: str
    address: str
    password: str


@pytest.fixture
def taxpayer(admin: dict[str, AdminClient]) -> Taxpayer:
    """A company in the registry and its tax account (the account is the USCC)."""
    name = f"漳州{secrets.token_hex(3)}科技有限公司"
    address = "福建省漳州市芗城区胜利西路28号"
    company = admin[TAX].publish_company(name, address, "林志远", region="350602")
    password = secrets.token_urlsafe(12)
    admin[TAX].create_account(company["uscc"], password, id_number=AGENT_ID)
    return Taxpayer(company["uscc"], name, address, password)


@pytest.fixture
def http(portals: PortalsProcess) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=portals.urls[TAX], trust_env=False, timeout=10.0) as client:
        yield client


def mine(admin: dict[str, AdminClient], code: str) -> list[dict[str, Any]]:
    return [s for s in admin[TAX].submissions() if s["uscc"] == code]


# -- in the browser ------------------------------------------------------------------


def login(page: Page, url: str, who: Taxpayer) -> None:
    page.goto(url + "/login")
    page.get_by_label("统一社会信用代码").fill(who.uscc)
    page.get_by_label("办税人身份证号").fill(AGENT_ID)
    page.get_by_label("密码").fill(who.password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/xbnsr/djxx")


def pick(page: Page, label: str, option: str) -> None:
    """A div combo box: click it, click the option in its list."""
    box = page.get_by_role("combobox", name=label, exact=True)
    box.click()
    page.get_by_role("listbox", name=label, exact=True).get_by_role("option", name=option, exact=True).click()
    expect(box).to_have_text(option)


def pick_date(page: Page, label: str, iso: str) -> None:
    """The calendar popup: open it, go month by month to the target, click the day."""
    year, month, day = (int(x) for x in iso.split("-"))
    page.get_by_label(label, exact=True).click()
    calendar = page.get_by_role("dialog", name="选择日期")
    for _ in range(240):
        shown = re.fullmatch(r"(\d+)年(\d+)月", calendar.locator(".cal-title").inner_text())
        assert shown
        delta = (year * 12 + month) - (int(shown[1]) * 12 + int(shown[2]))
        if delta == 0:
            break
        calendar.get_by_role("button", name="下一月" if delta > 0 else "上一月").click()
    calendar.get_by_role("button", name=str(day), exact=True).click()
    expect(page.get_by_label(label, exact=True)).to_have_value(iso)


def person(page: Page, section: str, name: str, id_number: str, mobile: str) -> Locator:
    group = page.get_by_role("group", name=section, exact=True)
    group.get_by_label("姓名").fill(name)
    group.get_by_label("身份证件号码").fill(id_number)
    group.get_by_label("移动电话").fill(mobile)
    return group


def fill_step1(page: Page) -> None:
    page.get_by_label("生产经营地址").fill("福建省漳州市芗城区胜利西路28号创业大厦5楼")
    pick(page, "核算方式", "独立核算")
    page.get_by_label("从业人数").fill("8")
    person(page, "财务负责人", "郑伟", FINANCE_ID, "15880012345")
    person(page, "办税人", "黄丽娟", AGENT_ID, "13906961234")


def fill_step2(page: Page) -> None:
    pick(page, "会计制度", "小企业会计准则")
    pick(page, "低值易耗品摊销方法", "一次摊销法")
    pick(page, "折旧方法", "年限平均法")
    pick(page, "成本核算方法", "品种法")
    pick(page, "会计报表报送期限", "按季")
    pick_date(page, "有效期起", "2026-09-15")


def fill_step3(page: Page) -> None:
    kinds = page.get_by_role("group", name="发票种类")
    kinds.get_by_role("checkbox", name="增值税电子普通发票").click()
    kinds.get_by_role("checkbox", name="增值税电子专用发票").click()
    expect(kinds.get_by_role("checkbox", name="增值税电子普通发票")).to_have_attribute("aria-checked", "true")
    pick(page, "单份最高开票限额", "十万元")
    page.get_by_label("每月最高领用数量").fill("25")
    person(page, "领票人", "郑伟", TAKER_ID, "15880012345")


EXPECTED = {
    "scjydz": "福建省漳州市芗城区胜利西路28号创业大厦5楼",
    "hsfs": "1",
    "cyrs": "8",
    "cwfzr_xm": "郑伟",
    "cwfzr_sfzjhm": FINANCE_ID,
    "cwfzr_yddh": "15880012345",
    "bsr_xm": "黄丽娟",
    "bsr_sfzjhm": AGENT_ID,
    "bsr_yddh": "13906961234",
    "kjzd": "102",
    "dzyhptxff": "1",
    "zjff": "1",
    "cbhsff": "1",
    "kjbbbsqx": "2",
    "yxqq": "2026-09-15",
    "fpzl": ["026", "028"],
    "dfzgkpxe": "100000",
    "myzglysl": "25",
    "lpr_xm": "郑伟",
    "lpr_sfzjhm": TAKER_ID,
    "lpr_yddh": "15880012345",
}


@pytest.mark.browser
def test_wizard_by_hand_stores_exactly_what_was_filled(
    portals: PortalsProcess, admin: dict[str, AdminClient], taxpayer: Taxpayer, page: Page
) -> None:
    url = portals.urls[TAX]
    login(page, url, taxpayer)
    name = page.get_by_label("纳税人名称")
    expect(name).to_have_value(taxpayer.name)
    expect(name).to_have_attribute("readonly", "")
    assert page.locator("select").count() == 0

    fill_step1(page)
    page.get_by_role("button", name="下一步").click()
    page.wait_for_url("**/xbnsr/cwkj")
    fill_step2(page)
    page.get_by_role("button", name="下一步").click()
    page.wait_for_url("**/xbnsr/pzhd")

    # 上一步 and back: the server kept step 2.
    page.get_by_role("button", name="上一步").click()
    page.wait_for_url("**/xbnsr/cwkj")
    expect(page.get_by_role("combobox", name="会计制度")).to_have_text("小企业会计准则")
    expect(page.get_by_label("有效期起")).to_have_value("2026-09-15")
    page.get_by_role("button", name="下一步").click()
    page.wait_for_url("**/xbnsr/pzhd")

    fill_step3(page)
    page.get_by_role("button", name="下一步").click()
    page.wait_for_url("**/xbnsr/qrtj")
    expect(page.get_by_role("region", name="财务会计制度备案")).to_contain_text("小企业会计准则")

    page.get_by_role("button", name="提交").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("确认提交？")
    dialog.get_by_role("button", name="取消").click()
    expect(dialog).to_be_hidden()
    assert mine(admin, taxpayer.uscc) == []
    page.get_by_role("button", name="提交").click()
    dialog.get_by_role("button", name="确定").click()

    page.wait_for_url("**/wsxx/*")
    receipt_no = page.locator("#receipt-no").inner_text()
    assert re.fullmatch(r"WS350602\d{14}", receipt_no)
    [stored] = mine(admin, taxpayer.uscc)
    assert stored["receipt_no"] == receipt_no and stored["name"] == taxpayer.name
    assert stored["payload"] == {"nsrmc": taxpayer.name, **EXPECTED}


@pytest.mark.browser
def test_errors_show_beside_the_fields(portals: PortalsProcess, taxpayer: Taxpayer, page: Page) -> None:
    login(page, portals.urls[TAX], taxpayer)
    # Client side: nothing picked, nothing typed.
    page.get_by_role("button", name="下一步").click()
    expect(page.locator("#hsfs-err")).to_have_text("请选择核算方式")
    expect(page.locator("#cyrs-err")).to_have_text("请输入从业人数")
    assert page.url.endswith("/xbnsr/djxx")
    # Server side only: the ID number's check digit.
    fill_step1(page)
    person(page, "财务负责人", "郑伟", FINANCE_ID[:-1] + "9", "15880012345")
    page.get_by_role("button", name="下一步").click()
    expect(page.get_by_role("alert")).to_contain_text("提交的信息有误")
    expect(page.locator("#cwfzr_sfzjhm-err")).to_have_text("身份证件号码不正确，请核对校验位和出生日期")
    expect(page.get_by_role("combobox", name="核算方式")).to_have_text("独立核算")  # kept on the page


# -- over HTTP -------------------------------------------------------------------------


def http_login(http: httpx.Client, who: Taxpayer) -> None:
    done = http.post("/login", data={"nsrsbh": who.uscc, "bsrsfzh": AGENT_ID, "mm": who.password})
    assert done.status_code == 303 and done.headers["location"] == "/xbnsr", done.text


def post_step(http: httpx.Client, step: str, data: dict[str, Any]) -> httpx.Response:
    return http.post(f"/xbnsr/{step}", data=data)


def errors(page: httpx.Response) -> dict[str, str]:
    return dict(re.findall(r'<div class="err" id="(\w+)-err" >([^<]+)</div>', page.text))


def test_login_refuses_a_uscc_registration_did_not_issue(http: httpx.Client, admin: dict[str, AdminClient]) -> None:
    unknown = uscc.generate("350602")
    password = secrets.token_urlsafe(12)
    admin[TAX].create_account(unknown, password, id_number=AGENT_ID)
    page = http.post("/login", data={"nsrsbh": unknown, "bsrsfzh": AGENT_ID, "mm": password})
    assert page.status_code == 200
    assert "该统一社会信用代码未在登记机关登记，请先办理设立登记" in page.text
    assert http.get("/xbnsr").headers["location"] == "/login"


def test_login_needs_the_agents_own_id_number(http: httpx.Client, taxpayer: Taxpayer) -> None:
    page = http.post("/login", data={"nsrsbh": taxpayer.uscc, "bsrsfzh": FINANCE_ID, "mm": taxpayer.password})
    assert "统一社会信用代码、办税人身份证号或密码错误" in page.text


def test_server_rules_and_step_order(http: httpx.Client, taxpayer: Taxpayer, admin: dict[str, AdminClient]) -> None:
    http_login(http, taxpayer)
    # Steps cannot be skipped: the server sends you back to the first unfinished one.
    assert post_step(http, "pzhd", {}).headers["location"] == "/xbnsr/djxx"
    step1 = {k: v for k, v in EXPECTED.items() if k in ("scjydz", "hsfs", "cyrs") or k[:3] in ("cwf", "bsr")}
    tampered = post_step(http, "djxx", {**step1, "nsrmc": "别的公司", "hsfs": "7"})
    assert tampered.status_code == 422
    assert errors(tampered) == {"nsrmc": "纳税人名称与登记信息不一致", "hsfs": "核算方式的选项无效，请重新选择"}
    assert post_step(http, "djxx", {**step1, "nsrmc": taxpayer.name}).headers["location"] == "/xbnsr/cwkj"
    step2 = {k: EXPECTED[k] for k in ("kjzd", "dzyhptxff", "zjff", "cbhsff", "kjbbbsqx")}
    assert errors(post_step(http, "cwkj", {**step2, "yxqq": "2026-02-30"})) == {"yxqq": "有效期起日期格式不正确"}
    assert post_step(http, "cwkj", {**step2, "yxqq": "2026-09-15"}).headers["location"] == "/xbnsr/pzhd"
    step3 = {k: v for k, v in EXPECTED.items() if k in ("fpzl", "dfzgkpxe", "myzglysl") or k.startswith("lpr")}
    too_much = post_step(http, "pzhd", {**step3, "dfzgkpxe": "1000000", "myzglysl": "50"})
    assert errors(too_much) == {
        "dfzgkpxe": "新办纳税人单份最高开票限额不得超过十万元",
        "myzglysl": "新办纳税人每月最高领用数量不得超过25份",
    }
    assert errors(post_step(http, "pzhd", {**step3, "fpzl": []})) == {"fpzl": "请至少选择一种发票种类"}
    assert mine(admin, taxpayer.uscc) == []

    # A full run over HTTP, then 我的办件 finds it by code and by part of the name.
    assert post_step(http, "pzhd", step3).headers["location"] == "/xbnsr/qrtj"
    receipt = http.post("/xbnsr/submit")
    assert receipt.status_code == 303
    receipt_no = receipt.headers["location"].rsplit("/", 1)[1]
    assert http.post("/xbnsr/submit").headers["location"] == "/xbnsr"  # the wizard is spent
    assert len(mine(admin, taxpayer.uscc)) == 1
    for query in (taxpayer.uscc, taxpayer.name[2:8]):
        found = http.get("/wdbj", params={"q": query})
        assert receipt_no in found.text and "已受理" in found.text
    assert receipt_no not in http.get("/wdbj", params={"q": "不存在的公司"}).text


def test_a_dropped_submit_is_filed_once_and_found_in_my_submissions(
    http: httpx.Client, taxpayer: Taxpayer, admin: dict[str, AdminClient]
) -> None:
    http_login(http, taxpayer)
    step1 = {k: v for k, v in EXPECTED.items() if k in ("scjydz", "hsfs", "cyrs") or k[:3] in ("cwf", "bsr")}
    post_step(http, "djxx", {**step1, "nsrmc": taxpayer.name})
    post_step(http, "cwkj", {k: EXPECTED[k] for k in ("kjzd", "dzyhptxff", "zjff", "cbhsff", "kjbbbsqx", "yxqq")})
    post_step(
        http, "pzhd", {k: v for k, v in EXPECTED.items() if k in ("fpzl", "dfzgkpxe", "myzglysl") or k[:3] == "lpr"}
    )
    admin[TAX].faults(drop_responses=1)
    with pytest.raises(httpx.RemoteProtocolError):
        http.post("/xbnsr/submit")
    [filed] = mine(admin, taxpayer.uscc)
    assert filed["receipt_no"] in http.get("/wdbj", params={"q": taxpayer.uscc}).text
    # Posting again (a blind retry) does not file twice: the wizard was spent with the filing.
    assert http.post("/xbnsr/submit").headers["location"] == "/xbnsr"
    assert len(mine(admin, taxpayer.uscc)) == 1
