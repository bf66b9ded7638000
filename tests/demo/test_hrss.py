"""hrss-insurance (人社 单位网厅 · 社会保险单位参保登记): the form by hand in Chromium
(captcha, tree select, cascader, insurance dates), idle expiry, and the server-side rules
over HTTP. Each test seeds its own company, so no reset of the other portals is needed."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from demo.core import uscc
from demo.launcher import PortalsProcess
from demo.testing import AdminClient

HRSS = "hrss-insurance"
LEGAL_REP_ID = "350602198503121528"
OFFICER_ID = "350602199007183046"
INSURANCES = {
    "110": "企业职工基本养老保险",
    "210": "失业保险",
    "410": "工伤保险",
    "310": "职工基本医疗保险",
    "510": "生育保险",
}


@dataclass
class Unit:
    uscc: str
    name: str
    password: str


@pytest.fixture
def unit(admin: dict[str, AdminClient]) -> Unit:
    """A registered company and its 单位网厅 account (the account is the USCC)."""
    name = f"漳州{secrets.token_hex(3)}软件有限公司"
    company = admin[HRSS].publish_company(name, "福建省漳州市芗城区胜利西路28号", "林志远", region="350602")
    password = secrets.token_urlsafe(12)
    admin[HRSS].create_account(company["uscc"], password)
    return Unit(company["uscc"], name, password)


@pytest.fixture
def http(portals: PortalsProcess) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=portals.urls[HRSS], trust_env=False, timeout=10.0) as client:
        yield client


def stored(admin: dict[str, AdminClient], code: str) -> list[dict[str, Any]]:
    return [s for s in admin[HRSS].submissions() if s["uscc"] == code]


def expected(u: Unit) -> dict[str, Any]:
    return {
        "aab004": u.name,
        "aab998": u.uscc,
        "aab019": "10",
        "aab022": "6513",
        "aab155": "一类",
        "aab021": "90",
        "aab301": "350602",
        "aae006": "福建省漳州市芗城区胜利西路28号",
        "bae006": "福建省漳州市芗城区胜利西路28号创业大厦5楼",
        "aae007": "363000",
        "aae005": "0596-2345678",
        "aab013": "林志远",
        "aab014": LEGAL_REP_ID,
        "aab015": "13859612345",
        "aae004": "黄丽娟",
        "bae004": OFFICER_ID,
        "aae139": "13906961234",
        "bae010": "综合部",
        "aae140": list(INSURANCES),
        **{f"aae030_{code}": "2026-12-01" for code in INSURANCES},
    }


# -- in the browser ------------------------------------------------------------------


def login(page: Page, url: str, admin: AdminClient, u: Unit) -> None:
    page.goto(url + "/login")
    expect(page.get_by_alt_text("图形验证码")).to_be_visible()
    sid = next(c["value"] for c in page.context.cookies() if c["name"] == "SID_HRSS")
    page.get_by_label("统一社会信用代码").fill(u.uscc)
    page.get_by_label("密码").fill(u.password)
    page.get_by_label("验证码").fill(admin.captcha(session=sid))
    page.get_by_role("button", name="登 录").click()
    page.wait_for_url("**/dwcb/add")


def pick_industry(page: Page, path: list[str]) -> None:
    """The tree select: open it, expand 门类 and 大类 (children load by AJAX), click the 小类."""
    page.get_by_label("行业", exact=True).click()
    tree = page.get_by_role("tree", name="行业分类")
    for name in path[:-1]:
        node = tree.get_by_role("treeitem", name=name, exact=True)
        if node.get_attribute("aria-expanded") != "true":  # the tree keeps what was opened before
            node.locator("> .node").click()
        expect(node).to_have_attribute("aria-expanded", "true")
    tree.get_by_role("treeitem", name=path[-1], exact=True).click()
    expect(page.get_by_label("行业", exact=True)).to_have_value("/".join(path))


def pick_region(page: Page, names: list[str]) -> None:
    """The cascader: one column per level (省, 市, 区县)."""
    page.get_by_label("所在区划").click()
    for level, name in zip(["省", "市", "区县"], names, strict=True):
        page.get_by_role("listbox", name=level, exact=True).get_by_role("option", name=name, exact=True).click()
    expect(page.get_by_label("所在区划")).to_have_value("/".join(names))


def fill_form(page: Page, u: Unit) -> None:
    basic = page.get_by_role("group", name="单位基本信息")
    basic.get_by_label("单位名称").fill(u.name)
    basic.get_by_label("统一社会信用代码").fill(u.uscc)
    basic.get_by_label("单位类型").select_option(label="企业")
    pick_industry(page, ["信息传输、软件和信息技术服务业", "软件和信息技术服务业", "应用软件开发"])
    risk = basic.get_by_label("工伤风险类别")
    expect(risk).to_have_value("一类")
    expect(risk).not_to_be_editable()
    basic.get_by_label("隶属关系").select_option(label="其他")
    pick_region(page, ["福建省", "漳州市", "芗城区"])
    basic.get_by_label("注册地址").fill("福建省漳州市芗城区胜利西路28号")
    basic.get_by_label("办公地址").fill("福建省漳州市芗城区胜利西路28号创业大厦5楼")
    basic.get_by_label("邮政编码").fill("363000")
    basic.get_by_label("单位电话").fill("0596-2345678")
    rep = page.get_by_role("group", name="法定代表人")
    rep.get_by_label("姓名").fill("林志远")
    rep.get_by_label("证件号码").fill(LEGAL_REP_ID)
    rep.get_by_label("手机号码").fill("13859612345")
    officer = page.get_by_role("group", name="社保专管员")
    officer.get_by_label("姓名").fill("黄丽娟")
    officer.get_by_label("证件号码").fill(OFFICER_ID)
    officer.get_by_label("手机号码").fill("13906961234")
    officer.get_by_label("所在部门").fill("综合部")
    for name in INSURANCES.values():
        row = page.get_by_role("group", name=name, exact=True)
        when = row.get_by_label("参保日期", exact=True)
        expect(when).to_be_disabled()
        row.get_by_label("参保", exact=True).check()
        expect(when).to_be_enabled()
        when.fill("2026-12-01")


@pytest.mark.browser
def test_form_by_hand_stores_exactly_what_was_filled(
    portals: PortalsProcess, admin: dict[str, AdminClient], unit: Unit, page: Page
) -> None:
    url = portals.urls[HRSS]
    login(page, url, admin[HRSS], unit)
    fill_form(page, unit)
    # Untick and tick again: the date is cleared and disabled, then enabled.
    maternity = page.get_by_role("group", name="生育保险")
    maternity.get_by_label("参保", exact=True).uncheck()
    expect(maternity.get_by_label("参保日期")).to_be_disabled()
    expect(maternity.get_by_label("参保日期")).to_have_value("")
    maternity.get_by_label("参保", exact=True).check()
    maternity.get_by_label("参保日期").fill("2026-12-01")
    page.get_by_role("button", name="保存并提交").click()

    page.wait_for_url("**/dwcb/result/*")
    unit_no = page.locator("#receipt-no").inner_text()
    assert re.fullmatch(r"350602\d{8}", unit_no)
    [filed] = stored(admin, unit.uscc)
    assert filed["receipt_no"] == unit_no and filed["status"] == "已登记"
    assert filed["payload"] == expected(unit)


@pytest.mark.browser
def test_errors_beside_the_fields_client_and_server(
    portals: PortalsProcess, admin: dict[str, AdminClient], unit: Unit, page: Page
) -> None:
    login(page, portals.urls[HRSS], admin[HRSS], unit)
    page.get_by_role("button", name="保存并提交").click()
    expect(page.locator("#aab004-err")).to_have_text("单位名称不能为空")
    expect(page.locator("#aab022-err")).to_have_text("请选择行业")
    expect(page.locator("#aae140-err")).to_have_text("请至少选择一个参保险种")
    assert page.url.endswith("/dwcb/add")

    fill_form(page, unit)
    page.get_by_role("group", name="法定代表人").get_by_label("证件号码").fill(LEGAL_REP_ID[:-1] + "9")
    page.get_by_role("group", name="职工基本医疗保险").get_by_label("参保", exact=True).uncheck()
    page.get_by_role("button", name="保存并提交").click()
    expect(page.get_by_role("alert")).to_contain_text("保存失败")
    expect(page.locator("#aab014-err")).to_have_text("证件号码不是有效的居民身份证号码")
    expect(page.locator("#aae140-err")).to_have_text("生育保险须与职工基本医疗保险同时参保")
    # The page comes back with what was posted, widgets included.
    expect(page.get_by_label("行业", exact=True)).to_have_value(
        "信息传输、软件和信息技术服务业/软件和信息技术服务业/应用软件开发"
    )
    expect(page.get_by_label("所在区划")).to_have_value("福建省/漳州市/芗城区")
    assert stored(admin, unit.uscc) == []


@pytest.mark.browser
def test_idle_session_expires_back_to_login(
    portals: PortalsProcess, admin: dict[str, AdminClient], unit: Unit, page: Page
) -> None:
    login(page, portals.urls[HRSS], admin[HRSS], unit)
    fill_form(page, unit)
    admin[HRSS].faults(session_ttl_s=1)
    try:
        page.wait_for_timeout(1500)  # idle longer than the 1 s expiry: the point of the test
        page.get_by_role("button", name="保存并提交").click()
        page.wait_for_url("**/login?expired=1")
        expect(page.get_by_role("status")).to_have_text("登录已超时，请重新登录")
    finally:
        admin[HRSS].faults(session_ttl_s=1800)
    assert stored(admin, unit.uscc) == []


# -- over HTTP -------------------------------------------------------------------------


def http_login(http: httpx.Client, admin: AdminClient, code: str, password: str) -> httpx.Response:
    assert http.get("/common/captcha").headers["content-type"] == "image/png"
    answer = admin.captcha(session=http.cookies.get("SID_HRSS"))
    return http.post("/login", data={"creditCode": code, "loginPwd": password, "verifyCode": answer})


def summary(page: httpx.Response) -> list[str]:
    return re.findall(r"<li>([^<]+)</li>", page.text)


def test_login_needs_the_captcha_and_a_registered_code(http: httpx.Client, admin: dict[str, AdminClient]) -> None:
    unknown = uscc.generate("350602")
    password = secrets.token_urlsafe(12)
    admin[HRSS].create_account(unknown, password)
    http.get("/common/captcha")
    wrong = http.post("/login", data={"creditCode": unknown, "loginPwd": password, "verifyCode": "ZZZZZ9"})
    assert "图形验证码错误，请重新输入" in wrong.text
    refused = http_login(http, admin[HRSS], unknown, password)
    assert refused.status_code == 200
    assert "该统一社会信用代码未在登记机关登记，不能登录单位网厅" in refused.text
    assert http.get("/dwcb/add").headers["location"] == "/login"


def test_server_rules_registry_and_my_submissions(
    http: httpx.Client, admin: dict[str, AdminClient], unit: Unit
) -> None:
    assert http_login(http, admin[HRSS], unit.uscc, unit.password).headers["location"] == "/dwcb/add"
    good = expected(unit)
    other = admin[HRSS].publish_company(f"厦门{secrets.token_hex(3)}贸易有限公司", "厦门市思明区", "王五")
    cases = {
        "aab998": (uscc.generate("350602"), "该统一社会信用代码未在登记机关登记，不能办理参保登记"),
        "aab004": ("别的名称有限公司", "单位名称与登记机关登记的名称不一致"),
        "aab155": ("三类", "工伤风险类别与所选行业不符（应为一类）"),
        "aab022": ("65", "行业须选择到小类"),
        "aab301": ("350600", "所在区划须选择到区（县）"),
        "aae007": ("36300", "邮政编码应为6位数字"),
        "bae004": (OFFICER_ID[:-1] + "1", "证件号码不是有效的居民身份证号码"),
    }
    for name, (value, message) in cases.items():
        page = http.post("/dwcb/save", data={**good, name: value})
        assert page.status_code == 422 and message in page.text, name
    not_mine = http.post("/dwcb/save", data={**good, "aab998": other["uscc"]})
    assert "社保专管员：证件号码" not in summary(not_mine)
    assert "单位基本信息：统一社会信用代码与登录单位不一致" in summary(not_mine)
    no_date = http.post("/dwcb/save", data={**good, "aae030_410": ""})
    assert summary(no_date) == ["参保险种：请填写工伤保险参保日期"]
    assert stored(admin, unit.uscc) == []

    done = http.post("/dwcb/save", data=good)
    assert done.status_code == 303
    unit_no = done.headers["location"].rsplit("/", 1)[1]
    for query in (unit.uscc, unit.name[2:8]):
        assert unit_no in http.get("/wdbj", params={"q": query}).text
    assert unit_no not in http.get("/wdbj", params={"q": "没有这家单位"}).text

    # A session dropped by the admin bounces a post to the login page, storing nothing.
    admin[HRSS].expire_sessions()
    bounced = http.post("/dwcb/save", data=good)
    assert bounced.status_code == 303 and bounced.headers["location"] == "/login"
    assert len(stored(admin, unit.uscc)) == 1


def test_a_dropped_save_is_registered_once(http: httpx.Client, admin: dict[str, AdminClient], unit: Unit) -> None:
    http_login(http, admin[HRSS], unit.uscc, unit.password)
    admin[HRSS].faults(drop_responses=1)
    with pytest.raises(httpx.RemoteProtocolError):
        http.post("/dwcb/save", data=expected(unit))
    [filed] = stored(admin, unit.uscc)
    assert filed["receipt_no"] in http.get("/wdbj", params={"q": unit.uscc}).text
    again = http.post("/dwcb/save", data=expected(unit))
    assert again.status_code == 422
    assert f"该单位已办理社会保险登记（单位社保编号：{filed['receipt_no']}），不能重复登记" in again.text
    assert len(stored(admin, unit.uscc)) == 1
