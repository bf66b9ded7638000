"""samr-registration (市场监管局 · 企业设立登记): the six-step wizard through its real widgets,
its server-side rules, the approval delay, the USCC it publishes and the licence PDF.

Browser tests drive headless Chromium by hand (no bot code); the rest walk the wizard with
httpx, which is quicker for the many validation cases. Set ``SAMR_SCREENSHOTS=1`` to also
refresh docs/img/samr-registration-*.png from the full browser run.
"""

from __future__ import annotations

import os
import re
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from demo.core import uscc
from demo.launcher import PortalsProcess
from demo.testing import AdminClient

SAMR, PSB = "samr-registration", "psb-seal"
Admins = dict[str, AdminClient]
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "img" if os.environ.get("SAMR_SCREENSHOTS") else None


def rid(area: str, birth: str, seq: str) -> str:
    """A resident ID number with its GB 11643 check character (the test's own computation)."""
    body = area + birth + seq
    weights = [pow(2, 17 - i, 11) for i in range(17)]
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11]


LEGAL_REP = rid("350602", "19850312", "123")
PARTNER = rid("350102", "19900708", "234")
SUPERVISOR = rid("110105", "19920101", "345")
MANAGER = rid("350603", "19870521", "456")
LIAISON = rid("350602", "19950218", "567")
FINANCE = rid("350603", "19930909", "678")
DUE = (date.today() + timedelta(days=3 * 365)).isoformat()


def steps(name: str = "云帆") -> list[dict[str, Any]]:
    """The six steps' forms as a browser posts them (the httpx walk)."""
    return [
        {
            "nameDistrict": "漳州市",
            "entTra": name,
            "tradeTerm": "软件科技",
            "orgForm": "有限公司",
            "entName": f"漳州市{name}软件科技有限公司",
        },
        {
            "entType": "1130",
            "domAreaCode": "350602",
            "domDetail": "胜利西路1号创业大厦8层801室",
            "proLocSame": "1",
            "proLoc": "",
            "postalCode": "363000",
            "tel": "0596-2345678",
            "regCap": "100",
            "opTermType": "1",
            "busScope": ["软件开发", "信息技术咨询服务"],
            "empNum": "8",
            "copyNum": "1",
        },
        {
            "investors[0].invName": "张伟",
            "investors[0].invCerType": "10",
            "investors[0].invCerNo": LEGAL_REP,
            "investors[0].subConAm": "60",
            "investors[0].conForm": "1",
            "investors[0].subConDate": DUE,
            "investors[1].invName": "李娜",
            "investors[1].invCerType": "10",
            "investors[1].invCerNo": PARTNER,
            "investors[1].subConAm": "40",
            "investors[1].conForm": "1",
            "investors[1].subConDate": DUE,
        },
        {
            "lerepName": "张伟",
            "lerepCerType": "10",
            "lerepCerNo": LEGAL_REP,
            "lerepMobile": "13805961234",
            "lerepEmail": "zhangwei@example.com",
            "lerepPosition": "02",
            "supName": "王芳",
            "supCerNo": SUPERVISOR,
            "mgrName": "赵强",
            "mgrCerNo": MANAGER,
        },
        {
            "liaName": "陈静",
            "liaCerNo": LIAISON,
            "liaMobile": "13905962345",
            "liaEmail": "chenjing@example.com",
            "fiName": "刘洋",
            "fiCerNo": FINANCE,
            "fiMobile": "13705963456",
        },
        {"licenceWay": "1", "mailAddr": "", "promise": "1"},
    ]


def new_account(admin: AdminClient) -> tuple[str, str]:
    account, password = "u" + secrets.token_hex(4), secrets.token_urlsafe(12)
    admin.create_account(account, password)
    return account, password


@contextmanager
def http_login(url: str, admin: AdminClient) -> Iterator[httpx.Client]:
    """A fresh account, logged in through the captcha (its answer from the admin API)."""
    account, password = new_account(admin)
    with httpx.Client(base_url=url, trust_env=False, timeout=10.0) as http:
        assert http.get("/login/captcha").status_code == 200
        answer = admin.captcha(session=http.cookies.get("SID_SAMR"))
        r = http.post("/login", data={"loginName": account, "loginPwd": password, "verifyCode": answer})
        assert r.status_code == 303 and r.headers["location"] == "/apply", r.text
        yield http


def walk(http: httpx.Client, forms: list[dict[str, Any]], upto: int = 6) -> httpx.Response:
    """Post steps 1..upto; every step before the last must pass. Returns the last answer."""
    response = http.get("/apply/step/1")
    for n, form in enumerate(forms[:upto], start=1):
        response = http.post("/apply/submit" if n == 6 else f"/apply/step/{n}", data=form)
        if n < upto:
            assert response.status_code == 303, f"第{n}步未通过：{_alerts(response.text)}"
    return response


def _alerts(html: str) -> list[str]:
    return [a.strip() for a in re.findall(r'role="alert">([^<]+)<', html)]


def wait_for(predicate: Any, timeout: float = 10.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("等待超时")


def captcha_answer(page: Page, url: str, samr: AdminClient) -> str:
    """The answer to the captcha the page shows, once its picture has loaded: the portal draws (and keeps) a
    session's captcha when the picture is fetched, which comes after the page itself; asked for earlier, the
    admin API has none for the session yet (404, once, under load). The session is read by its cookie's name: the
    portals share one host, so the browser sends another portal's session cookie to this one too."""
    picture = page.get_by_role("img", name="图形验证码")
    expect(picture).to_have_js_property("complete", True)
    expect(picture).not_to_have_js_property("naturalWidth", 0)
    session = next(cookie["value"] for cookie in page.context.cookies(url) if cookie["name"] == "SID_SAMR")
    return samr.captcha(session=session)


def shot(page: Page, what: str) -> None:
    if SHOTS is not None:
        page.screenshot(path=str(SHOTS / f"samr-registration-{what}.png"), full_page=True)


# -- the whole filing in Chromium ------------------------------------------------------


@pytest.mark.browser
def test_full_filing_through_every_widget(portals: PortalsProcess, clean_portals: Admins, page: Page) -> None:
    url, samr = portals.urls[SAMR], clean_portals[SAMR]
    samr.faults(approval_delay_s=2)
    account, password = new_account(samr)
    page.set_viewport_size({"width": 1280, "height": 800})

    # 统一身份认证: account + password + image captcha (answer read through the admin API)
    page.goto(url + "/apply")
    page.wait_for_url("**/login")
    page.get_by_label("账号").fill(account)
    page.get_by_label("密码").fill(password)
    page.get_by_label("验证码").fill(captcha_answer(page, url, samr))
    shot(page, "login")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/apply/step/1")

    # 1 名称
    page.get_by_label("行政区划").fill("漳州市")
    page.get_by_label("字号").fill("云帆")
    page.get_by_label("行业表述").fill("软件科技")
    page.get_by_label("组织形式").select_option(label="有限公司")
    page.get_by_label("企业名称").fill("漳州市云帆软件科技有限公司")
    shot(page, "step1-name")
    page.get_by_role("button", name="下一步").click()
    page.wait_for_url("**/apply/step/2")

    # 2 基本信息: div dropdown, cascader, checkbox, term radio, tag picker
    page.get_by_role("combobox", name="企业类型").click()
    page.get_by_role("option", name="有限责任公司（自然人投资或控股）", exact=True).click()
    page.get_by_label("住所", exact=True).click()
    page.get_by_role("listbox", name="省").get_by_role("option", name="福建省").click()
    page.get_by_role("listbox", name="市").get_by_role("option", name="漳州市").click()
    page.get_by_role("listbox", name="区（县）").get_by_role("option", name="芗城区").click()
    expect(page.get_by_label("住所", exact=True)).to_have_value("福建省 / 漳州市 / 芗城区")
    page.get_by_label("详细地址").fill("胜利西路1号创业大厦8层801室")
    page.get_by_label("生产经营地同住所").uncheck()
    page.get_by_label("生产经营地址").fill("福建省漳州市龙文区蓝田开发区3号")
    page.get_by_label("邮政编码").fill("363000")
    page.get_by_label("联系电话").fill("0596-2345678")
    page.get_by_label("注册资本（万元）").fill("100")
    page.get_by_label("固定期限").check()
    page.get_by_label("经营期限（年）").fill("30")
    scope = page.get_by_label("经营范围", exact=True)
    for wording, typed in (
        ("软件开发", "软件"),
        ("信息技术咨询服务", "咨询"),
        ("日用百货销售", "百货"),
        ("办公用品销售", ""),
    ):
        scope.fill(typed)
        page.get_by_role("listbox", name="经营范围规范表述").get_by_role("option", name=wording, exact=True).click()
    page.get_by_role("button", name="移除 日用百货销售").click()
    page.get_by_label("从业人数").fill("8")
    page.get_by_label("执照副本数").fill("2")
    shot(page, "step2-basic")
    page.get_by_role("button", name="下一步").click()
    page.wait_for_url("**/apply/step/3")

    # 3 股东（发起人）: rows added one by one, one added and removed again
    rows = [("张伟", LEGAL_REP, "60", "货币"), ("临时", PARTNER, "1", "实物"), ("李娜", PARTNER, "40", "知识产权")]
    for name, number, amount, method in rows:
        page.get_by_role("button", name="添加股东").click()
        row = page.locator("tr.inv-row").last
        row.get_by_label("股东名称").fill(name)
        row.get_by_label("证件类型").select_option(label="居民身份证")
        row.get_by_label("证件号码").fill(number)
        row.get_by_label("认缴出资额（万元）").fill(amount)
        row.get_by_label("出资方式").select_option(label=method)
        row.get_by_label("认缴出资期限").fill(DUE)
    temporary = page.locator("tr.inv-row").nth(1)
    expect(temporary.get_by_label("股东名称")).to_have_value("临时")
    temporary.get_by_role("button", name="删除").click()
    expect(page.locator("tr.inv-row")).to_have_count(2)
    shot(page, "step3-investors")
    page.get_by_role("button", name="下一步").click()
    page.wait_for_url("**/apply/step/4")

    # 4 主要人员
    rep = page.get_by_role("group", name="法定代表人")
    rep.get_by_label("姓名").fill("张伟")
    rep.get_by_label("证件类型").select_option(label="居民身份证")
    rep.get_by_label("证件号码").fill(LEGAL_REP)
    rep.get_by_label("移动电话").fill("13805961234")
    rep.get_by_label("电子邮箱").fill("zhangwei@example.com")
    rep.get_by_label("职务").select_option(label="执行董事")
    page.get_by_role("group", name="监事").get_by_label("姓名").fill("王芳")
    page.get_by_role("group", name="监事").get_by_label("证件号码").fill(SUPERVISOR)
    page.get_by_role("group", name="经理").get_by_label("姓名").fill("赵强")
    page.get_by_role("group", name="经理").get_by_label("证件号码").fill(MANAGER)
    shot(page, "step4-people")
    page.get_by_role("button", name="下一步").click()
    page.wait_for_url("**/apply/step/5")

    # 5 联络员与财务负责人
    liaison = page.get_by_role("group", name="联络员")
    liaison.get_by_label("姓名").fill("陈静")
    liaison.get_by_label("证件号码").fill(LIAISON)
    liaison.get_by_label("移动电话").fill("13905962345")
    liaison.get_by_label("电子邮箱").fill("chenjing@example.com")
    finance = page.get_by_role("group", name="财务负责人")
    finance.get_by_label("姓名").fill("刘洋")
    finance.get_by_label("证件号码").fill(FINANCE)
    finance.get_by_label("移动电话").fill("13705963456")
    shot(page, "step5-contacts")
    page.get_by_role("button", name="下一步").click()
    page.wait_for_url("**/apply/step/6")

    # 6 确认: 收件地址 only for 邮寄; 承诺书 must be scrolled to its end first
    expect(page.get_by_label("收件地址")).to_be_hidden()
    page.get_by_label("邮寄纸质执照").check()
    page.get_by_label("收件地址").fill("福建省漳州市芗城区胜利西路1号 陈静 13905962345")
    expect(page.get_by_label("承诺书", exact=False).last).to_be_disabled()
    page.locator("#promiseText").evaluate("el => { el.scrollTop = el.scrollHeight; }")
    page.get_by_label("本人已阅读并同意以上《承诺书》").check()
    shot(page, "step6-confirm")
    page.get_by_role("button", name="提交").click()
    page.wait_for_url("**/receipt/SL*")
    receipt_no = page.locator("#receipt-no").inner_text()
    expect(page.locator("#status")).to_have_text("审核中")
    expect(page.locator("#uscc")).to_have_text("核准后生成")
    shot(page, "receipt")

    [stored] = samr.submissions()
    assert stored["receipt_no"] == receipt_no and stored["status"] == "审核中" and stored["uscc"] == ""
    expected = {
        "nameDistrict": "漳州市",
        "entTra": "云帆",
        "tradeTerm": "软件科技",
        "orgForm": "有限公司",
        "entName": "漳州市云帆软件科技有限公司",
        "entType": "1130",
        "domAreaCode": "350602",
        "domDetail": "胜利西路1号创业大厦8层801室",
        "proLoc": "福建省漳州市龙文区蓝田开发区3号",
        "postalCode": "363000",
        "tel": "0596-2345678",
        "regCap": "100",
        "opTermType": "2",
        "opTermYears": "30",
        "busScope": ["软件开发", "信息技术咨询服务", "办公用品销售"],
        "empNum": "8",
        "copyNum": "2",
        "investors[0].invName": "张伟",
        "investors[0].invCerType": "10",
        "investors[0].invCerNo": LEGAL_REP,
        "investors[0].subConAm": "60",
        "investors[0].conForm": "1",
        "investors[0].subConDate": DUE,
        "investors[2].invName": "李娜",
        "investors[2].invCerType": "10",
        "investors[2].invCerNo": PARTNER,
        "investors[2].subConAm": "40",
        "investors[2].conForm": "3",
        "investors[2].subConDate": DUE,
        **steps()[3],
        **steps()[4],
        "licenceWay": "2",
        "mailAddr": "福建省漳州市芗城区胜利西路1号 陈静 13905962345",
        "promise": "1",
    }
    for key, value in expected.items():
        assert stored["payload"].get(key) == value, key
    assert stored["payload"] == expected

    # approval after the delay: USCC, registry, licence
    approved = wait_for(lambda: [s for s in samr.submissions() if s["status"] == "已核准"])
    code = approved[0]["uscc"]
    assert uscc.is_valid(code) and code[2:8] == "350602"
    page.reload()
    expect(page.locator("#status")).to_have_text("已核准")
    expect(page.locator("#uscc")).to_have_text(code)
    shot(page, "receipt-approved")
    pdf = page.request.get(url + f"/licence/{receipt_no}")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF-") and code.encode("utf-16-be") in pdf.body()
    [company] = clean_portals[PSB].registry(code)
    assert company["name"] == "漳州市云帆软件科技有限公司" and company["legal_rep"] == "张伟"
    assert company["address"] == "福建省漳州市芗城区胜利西路1号创业大厦8层801室"

    # 我的办件, searched by USCC
    page.goto(url + "/mine")
    page.get_by_label("统一社会信用代码/企业名称").fill(code)
    page.get_by_role("button", name="查询").click()
    row = page.get_by_role("row", name=re.compile(receipt_no))
    expect(row).to_contain_text("已核准")
    shot(page, "mine")


@pytest.mark.browser
def test_widgets_refuse_what_the_portal_refuses(portals: PortalsProcess, clean_portals: Admins, page: Page) -> None:
    """Errors come back beside the fields; the tag picker filters; 承诺书 stays locked unscrolled."""
    url, samr = portals.urls[SAMR], clean_portals[SAMR]
    account, password = new_account(samr)
    page.goto(url + "/login")
    page.get_by_label("账号").fill(account)
    page.get_by_label("密码").fill(password)
    page.get_by_label("验证码").fill("XXXX")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("alert")).to_have_text("图形验证码错误，请重新输入")
    page.get_by_label("密码").fill(password)
    page.get_by_label("验证码").fill(captcha_answer(page, url, samr))
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/apply/step/1")

    page.get_by_label("行政区划").fill("漳州市")
    page.get_by_label("字号").fill("云帆")
    page.get_by_label("行业表述").fill("软件科技")
    page.get_by_label("组织形式").select_option(label="有限公司")
    page.get_by_label("企业名称").fill("漳州市云帆科技有限公司")
    page.get_by_role("button", name="下一步").click()
    expect(page.locator("#err-entName")).to_contain_text("行政区划+字号+行业表述+组织形式")
    page.get_by_label("企业名称").fill("漳州市云帆软件科技有限公司")
    page.get_by_role("button", name="下一步").click()
    page.wait_for_url("**/apply/step/2")

    page.get_by_label("经营范围", exact=True).fill("数据")
    options = page.get_by_role("listbox", name="经营范围规范表述").get_by_role("option")
    expect(options.filter(visible=True)).to_have_count(3)
    page.get_by_role("button", name="下一步").click()
    for field, message in (
        ("entType", "请选择企业类型"),
        ("domAreaCode", "请选择住所所在的省、市、区（县）"),
        ("busScope", "请至少选择一项经营范围"),
        ("postalCode", "邮政编码应为6位数字"),
    ):
        expect(page.locator(f"#err-{field}")).to_have_text(message)


# -- server-side rules (httpx walk) -------------------------------------------------------


def test_step_rules_and_messages(portals: PortalsProcess, clean_portals: Admins) -> None:
    url, samr = portals.urls[SAMR], clean_portals[SAMR]
    with http_login(url, samr) as http:
        assert http.get("/apply/step/4").headers["location"] == "/apply/step/1"  # not reached yet
        bad = steps()
        bad[0]["entName"] = "漳州市云帆软件科技"
        assert "企业名称应以“有限公司”或“有限责任公司”结尾" in _alerts(walk(http, bad, 1).text)
        bad[0]["orgForm"] = "股份有限公司"
        assert any("本事项仅受理有限责任公司" in a for a in _alerts(walk(http, bad, 1).text))

        forms = steps()
        forms[1]["opTermType"] = "2"
        forms[1]["opTermYears"] = "80"
        forms[1]["busScope"] = ["软件开发", "炒股"]
        forms[1]["tel"] = "12345"
        alerts = _alerts(walk(http, forms, 2).text)
        assert "经营期限年数应为1至50之间的整数" in alerts
        assert "经营范围须从规范表述目录中选择" in alerts
        assert "联系电话应为固定电话（区号-号码）或11位手机号码" in alerts

        forms = steps()
        forms[2]["investors[1].subConAm"] = "30"  # Σ 90 ≠ 注册资本 100: a server-side-only rule
        assert "股东认缴出资额合计（90万元）与注册资本（100万元）不一致" in _alerts(walk(http, forms, 3).text)
        forms = steps()
        forms[2] = {k: v for k, v in forms[2].items() if not k.startswith("investors[1]")}
        forms[2]["investors[0].subConAm"] = "100"
        forms[1]["entType"] = "1151"
        assert "股东只能有一名自然人" not in str(_alerts(walk(http, forms, 3).text))
        forms = steps()
        forms[1]["entType"] = "1151"
        assert any("股东只能有一名自然人" in a for a in _alerts(walk(http, forms, 3).text))
        forms = steps()
        forms[2] = {k: v for k, v in forms[2].items() if not k.startswith("investors")}
        assert "请至少添加一名股东（发起人）" in _alerts(walk(http, forms, 3).text)
        forms = steps()
        forms[2]["investors[1].invCerNo"] = PARTNER[:-1] + ("0" if PARTNER[-1] != "0" else "1")
        forms[2]["investors[1].subConDate"] = (date.today() + timedelta(days=6 * 366)).isoformat()
        alerts = _alerts(walk(http, forms, 3).text)
        assert "证件号码不符合居民身份证编码规则（GB 11643），请核对出生日期和校验位" in alerts
        assert "认缴出资期限不得晚于公司成立之日起五年" in alerts

        forms = steps()
        forms[3]["supCerNo"] = LEGAL_REP
        forms[3]["lerepMobile"] = "1380596123"
        alerts = _alerts(walk(http, forms, 4).text)
        assert "监事不得由董事、高级管理人员兼任（与法定代表人或经理为同一人）" in alerts
        assert "移动电话应为11位手机号码" in alerts
        forms = steps()
        forms[3]["lerepCerNo"] = rid("350602", "20150101", "123")
        assert "法定代表人须年满18周岁" in _alerts(walk(http, forms, 4).text)

        forms = steps()
        forms[5] = {"licenceWay": "2", "mailAddr": "", "promise": ""}
        alerts = _alerts(walk(http, forms, 6).text)
        assert "选择邮寄纸质执照的，请填写完整的收件地址" in alerts
        assert "请完整阅读承诺书并勾选同意后再提交" in alerts
        assert samr.submissions() == []


def test_previous_step_keeps_the_draft_and_submit_rechecks_every_step(
    portals: PortalsProcess, clean_portals: Admins
) -> None:
    url, samr = portals.urls[SAMR], clean_portals[SAMR]
    with http_login(url, samr) as http:
        forms = steps()
        walk(http, forms, 5)
        back = http.post("/apply/step/5/prev", data={**forms[4], "liaName": "陈静改"})
        assert back.headers["location"] == "/apply/step/4"
        assert 'value="陈静改"' in http.get("/apply/step/5").text
        assert 'value="漳州市云帆软件科技有限公司"' in http.get("/apply/step/1").text
        # a step edited into an error after it was passed is caught again at 提交
        http.post("/apply/step/2/prev", data={**forms[1], "regCap": "120"})
        done = http.post("/apply/submit", data=forms[5])
        assert done.status_code == 200
        assert "“股东（发起人）”中的信息有误，请修改后重新提交" in _alerts(done.text)
        assert samr.submissions() == []


def test_approval_delay_uscc_registry_and_licence_owner_only(portals: PortalsProcess, clean_portals: Admins) -> None:
    url, samr = portals.urls[SAMR], clean_portals[SAMR]
    samr.faults(approval_delay_s=1.5)
    with http_login(url, samr) as http, http_login(url, samr) as stranger:
        receipt = walk(http, steps("星河"))
        assert receipt.status_code == 303
        receipt_no = receipt.headers["location"].rsplit("/", 1)[1]
        page = http.get(receipt.headers["location"]).text
        assert "审核中" in page and "核准后生成" in page
        [pending] = samr.submissions()
        assert pending["status"] == "审核中" and pending["uscc"] == "" and pending["outputs"] == {}
        assert http.get(f"/licence/{receipt_no}").status_code == 404

        [done] = wait_for(lambda: [s for s in samr.submissions() if s["status"] == "已核准"], timeout=8)
        code = done["uscc"]
        assert uscc.is_valid(code) and uscc.org_code_ok(code) and code.startswith("91350602")
        assert done["outputs"]["uscc"] == code and done["outputs"]["licence_pdf"].endswith(done["uploads"][0]["sha256"])
        [company] = clean_portals[PSB].registry(code)  # what portals 2–6 see through portal.company()
        assert company["name"] == "漳州市星河软件科技有限公司" and company["source"] == SAMR
        assert code in http.get(f"/receipt/{receipt_no}").text
        pdf = http.get(f"/licence/{receipt_no}")
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-1.")
        assert pdf.content.rstrip().endswith(b"%%EOF") and code.encode("utf-16-be") in pdf.content
        assert stranger.get(f"/licence/{receipt_no}").status_code == 404
        assert stranger.get(f"/receipt/{receipt_no}").status_code == 404


def test_my_submissions_search_by_uscc_or_name(portals: PortalsProcess, clean_portals: Admins) -> None:
    url, samr = portals.urls[SAMR], clean_portals[SAMR]
    with http_login(url, samr) as http:
        walk(http, steps("青松"))
        walk(http, steps("翠柏"))
        codes = {
            s["name"]: s["uscc"]
            for s in wait_for(lambda: [s for s in samr.submissions() if s["uscc"]][1:] and samr.submissions())
        }
        everything = http.get("/mine").text
        assert "漳州市青松软件科技有限公司" in everything and "漳州市翠柏软件科技有限公司" in everything
        by_name = http.get("/mine", params={"q": "翠柏"}).text
        assert "翠柏" in by_name and "青松" not in by_name
        by_code = http.get("/mine", params={"q": codes["漳州市青松软件科技有限公司"]}).text
        assert "青松" in by_code and "翠柏" not in by_code
        assert "暂无办件" in http.get("/mine", params={"q": "不存在的公司"}).text


def test_pending_approval_survives_a_restart(portals: PortalsProcess, clean_portals: Admins) -> None:
    """The due time is stored, not held in memory: a restart before it still approves."""
    url, samr = portals.urls[SAMR], clean_portals[SAMR]
    samr.faults(approval_delay_s=2)
    with http_login(url, samr) as http:
        assert walk(http, steps("长青")).status_code == 303
    portals.restart()
    [done] = wait_for(lambda: [s for s in samr.submissions() if s["status"] == "已核准"], timeout=10)
    assert uscc.is_valid(done["uscc"]) and clean_portals[PSB].registry(done["uscc"])
