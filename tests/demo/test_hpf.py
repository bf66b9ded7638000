"""hpf-deposit (住房公积金管理中心 · 单位缴存登记): an old GBK site whose 区划 selects reload
the page, whose errors come back only with the post, with an image captcha on submit.

Real servers and real Chromium (the shared fixtures); the browser test is written by hand
with Playwright, not through any bot code.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from playwright.sync_api import Page, expect

from demo.core import uscc
from demo.launcher import PortalsProcess
from demo.testing import AdminClient

HPF = "hpf-deposit"
Admins = dict[str, AdminClient]
AGENT_PHONE = "13906961234"
SHOTS = os.environ.get("DEMO_SCREENSHOTS")  # a directory: save the docs' screenshots there
FORM_TYPE = {"content-type": "application/x-www-form-urlencoded"}


def next_month() -> str:
    today = date.today()
    return f"{today.year + today.month // 12}{today.month % 12 + 1:02d}"


def snap(page: Page, what: str) -> None:
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"{HPF}-{what}.png"), full_page=True)


def post_gbk(http: httpx.Client, url: str, data: dict[str, str]) -> httpx.Response:
    """Post as the GBK page's form does (the browser encodes in the page's charset)."""
    return http.post(url, content=urlencode(data, encoding="gbk"), headers=FORM_TYPE)


def text_of(response: httpx.Response) -> str:
    return response.content.decode("gbk")


@contextmanager
def http_login(url: str, admin: AdminClient, phone: str = AGENT_PHONE) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=url, trust_env=False, timeout=10.0) as http:
        sent = post_gbk(http, "/login.do", {"sjhm": phone, "dxyzm": "", "czlx": "fsdx"})
        assert "短信验证码已发送至139****1234" in text_of(sent) or phone != AGENT_PHONE
        done = post_gbk(http, "/login.do", {"sjhm": phone, "dxyzm": admin.sms_code(phone), "czlx": "dl"})
        assert done.status_code == 303 and done.headers["location"] == "/dwjc/djsq.do"
        yield http


def valid_form(company: dict[str, Any]) -> dict[str, str]:
    return {
        "czlx": "tj",
        "dwmc": company["name"],
        "tyshxydm": company["uscc"],
        "yzbm": "363000",
        "dwdz": "福建省漳州市芗城区胜利西路28号",
        "dwxz": "40",
        "lsgx": "90",
        "sheng": "350000",
        "shi": "350600",
        "qx": "350602",
        "frxm": "林志远",
        "frzjhm": "350602198503122010",
        "jbrxm": "黄丽娟",
        "jbrzjhm": "350602199001084020",
        "jbrsj": AGENT_PHONE,
        "jbrbgdh": "0596-2345678",
        "jbryx": "huanglijuan@example.com",
        "fxr": "10",
        "scjcny": next_month(),
        "dwjcbl": "5",
        "grjcbl": "5",
        "jcrs": "8",
        "styh": "04",
    }


def with_captcha(http: httpx.Client, admin: AdminClient, data: dict[str, str]) -> dict[str, str]:
    assert http.get("/yzm.do").headers["content-type"] == "image/png"
    return {**data, "yzm": admin.captcha(session=http.cookies.get("SID_HPF"))}


def errors_of(html: str) -> dict[str, str]:
    return dict(re.findall(r'class="err" id="err-([^"]+)">([^<]+)<', html))


# -- browser: the whole registration -------------------------------------------------


@pytest.mark.browser
def test_whole_registration_in_gbk_with_reloading_selects(
    portals: PortalsProcess, clean_portals: Admins, page: Page
) -> None:
    admin = clean_portals[HPF]
    company = admin.publish_company("漳州云帆软件科技有限公司", "福建省漳州市芗城区", "林志远", region="350602")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(portals.urls[HPF] + "/login.do")
    snap(page, "login")
    page.get_by_label("手机号码").fill(AGENT_PHONE)
    page.get_by_role("button", name="获取短信验证码").click()
    expect(page.get_by_text("短信验证码已发送至139****1234")).to_be_visible()
    page.get_by_label("短信验证码").fill(admin.sms_code(AGENT_PHONE))
    page.get_by_role("button", name=re.compile(r"^登\s*录$")).click()
    page.wait_for_url("**/dwjc/djsq.do")

    unit = page.get_by_role("group", name="单位信息")
    unit.get_by_label("单位名称").fill(company["name"])
    unit.get_by_label("统一社会信用代码").fill(company["uscc"])
    unit.get_by_label("单位地址").fill("福建省漳州市芗城区胜利西路28号")
    unit.get_by_label("邮政编码").fill("363000")
    unit.get_by_label("单位性质").select_option(label="私营企业")
    unit.get_by_label("隶属关系").select_option(label="其他")
    # Each 区划 select posts the whole form back; the page returns with the next level.
    city = unit.get_by_role("combobox", name="所属区划 市")
    expect(city.locator("option")).to_have_count(1)
    unit.get_by_role("combobox", name="所属区划 省").select_option(label="福建省")
    expect(city.locator("option", has_text="漳州市")).to_have_count(1)
    expect(unit.get_by_label("单位名称")).to_have_value(company["name"])  # kept across the reload
    city.select_option(label="漳州市")
    district = unit.get_by_role("combobox", name="所属区划 区县")
    expect(district.locator("option", has_text="芗城区")).to_have_count(1)
    district.select_option(label="芗城区")
    expect(unit.get_by_label("隶属关系")).to_have_value("90")

    rep = page.get_by_role("group", name="法定代表人")
    rep.get_by_label("姓名").fill("林志远")
    rep.get_by_label("证件号码").fill("350602198503122010")
    agent = page.get_by_role("group", name="经办人")
    agent.get_by_label("姓名").fill("黄丽娟")
    agent.get_by_label("证件号码").fill("350602199001084020")
    agent.get_by_label("移动电话").fill(AGENT_PHONE)
    agent.get_by_label("办公电话").fill("0596-2345678")
    agent.get_by_label("电子邮箱").fill("huanglijuan@example.com")
    deposit = page.get_by_role("group", name="缴存信息")
    deposit.get_by_label("发薪日").fill("10")
    deposit.get_by_label("单位缴存比例（%）").fill("5")
    deposit.get_by_label("个人缴存比例（%）").fill("5")
    deposit.get_by_label("首次缴存年月").fill(next_month())
    deposit.get_by_label("缴存人数").fill("8")
    deposit.get_by_label("受托银行").select_option(label="中国建设银行")

    snap(page, "form")
    # A wrong captcha: the error arrives with the reloaded page, everything else is kept.
    page.get_by_label("验证码").fill("WRONG")
    page.get_by_role("button", name="提 交").click()
    expect(page.locator("#err-yzm")).to_have_text("验证码错误，请重新输入")
    expect(agent.get_by_label("姓名")).to_have_value("黄丽娟")
    expect(page.get_by_label("验证码")).to_have_value("")

    sid = next(c["value"] for c in page.context.cookies() if c["name"] == "SID_HPF")
    snap(page, "errors")
    page.wait_for_load_state("load")  # the new image is issued when the page loads it, not with the error text
    page.get_by_label("验证码").fill(admin.captcha(session=sid))
    page.get_by_role("button", name="提 交").click()
    account_no = page.locator("#dwzh")
    expect(account_no).to_have_text(re.compile(r"^35060201\d{6}$"))
    snap(page, "receipt")

    [stored] = admin.submissions()
    assert stored["receipt_no"] == account_no.inner_text()
    assert stored["outputs"] == {"fund_account_no": stored["receipt_no"]}
    captcha_typed = stored["payload"]["yzm"]
    assert stored["payload"] == {**valid_form(company), "yzm": captcha_typed}
    assert re.fullmatch(r"[A-Z0-9]{4,5}", captcha_typed)


# -- GBK on the wire -------------------------------------------------------------------


def test_pages_are_gbk_and_gbk_posts_are_stored_as_chinese(portals: PortalsProcess, clean_portals: Admins) -> None:
    admin = clean_portals[HPF]
    company = admin.publish_company("漳州·编码测试有限公司", "福建省漳州市", "林志远", region="350602")
    with http_login(portals.urls[HPF], admin) as http:
        form = http.get("/dwjc/djsq.do")
        assert form.headers["content-type"] == "text/html; charset=gbk"
        assert "住房公积金单位缴存登记表".encode("gbk") in form.content
        assert "住房公积金单位缴存登记表".encode() not in form.content
        html = text_of(form)
        assert 'content="text/html; charset=gbk"' in html and 'accept-charset="GBK"' in html

        done = post_gbk(http, "/dwjc/djsq.do", with_captcha(http, admin, valid_form(company)))
        assert done.status_code == 303
        [stored] = admin.submissions()
        assert stored["payload"]["dwmc"] == "漳州·编码测试有限公司"
        assert stored["payload"]["dwdz"] == "福建省漳州市芗城区胜利西路28号"
        assert stored["payload"]["jbrxm"] == "黄丽娟"
        receipt = http.get(done.headers["location"])
        assert "漳州·编码测试有限公司".encode("gbk") in receipt.content


# -- server-side rules -----------------------------------------------------------------


def test_errors_come_back_with_the_post_and_unknown_codes_are_refused(
    portals: PortalsProcess, clean_portals: Admins
) -> None:
    admin = clean_portals[HPF]
    company = admin.publish_company("漳州规则测试有限公司", "福建省漳州市", "林志远", region="350602")
    with http_login(portals.urls[HPF], admin) as http:
        good = valid_form(company)
        unknown = post_gbk(http, "/dwjc/djsq.do", with_captcha(http, admin, {**good, "tyshxydm": uscc.generate()}))
        assert "提交失败！共有 1 项填写有误" in text_of(unknown)
        assert errors_of(text_of(unknown)) == {"tyshxydm": "未查询到该单位的工商登记信息，请先办理企业设立登记"}

        bad = {
            **good,
            "dwmc": "漳州另一家有限公司",
            "frzjhm": "350602198503122011",
            "jbryx": "not-an-email",
            "fxr": "32",
            "dwjcbl": "13",
            "grjcbl": "4",
            "scjcny": "2025-07",
            "jcrs": "0",
            "qx": "",
        }
        answer = text_of(post_gbk(http, "/dwjc/djsq.do", {**bad, "yzm": "WRONG"}))
        assert errors_of(answer) == {
            "dwmc": "单位名称与工商登记信息不符",
            "frzjhm": "身份证号码不正确，请核对",
            "jbryx": "电子邮箱格式不正确",
            "fxr": "发薪日必须为1至31之间的整数",
            "dwjcbl": "单位缴存比例必须为5至12之间的整数",
            "grjcbl": "个人缴存比例必须为5至12之间的整数",
            "scjcny": "首次缴存年月格式应为YYYYMM，如202507",
            "jcrs": "缴存人数必须为大于0的整数",
            "qx": "请选择所属区划的区县",
            "yzm": "验证码错误，请重新输入",
        }
        # What was typed comes back in the fields.
        assert 'value="漳州另一家有限公司"' in answer and 'value="not-an-email"' in answer
        far = {**good, "scjcny": "201901"}
        assert errors_of(text_of(post_gbk(http, "/dwjc/djsq.do", with_captcha(http, admin, far)))) == {
            "scjcny": "首次缴存年月须在当前月份前后12个月以内"
        }
        empty = errors_of(text_of(post_gbk(http, "/dwjc/djsq.do", {"czlx": "tj"})))
        assert empty["dwmc"] == "单位名称不能为空" and empty["styh"] == "请选择受托银行"
        assert empty["yzm"] == "请输入验证码" and empty["qx"] == "请选择所属区划（省、市、区县）"
        assert admin.submissions() == []


def test_region_reload_keeps_what_was_typed_and_resets_lower_levels(
    portals: PortalsProcess, clean_portals: Admins
) -> None:
    with http_login(portals.urls[HPF], clean_portals[HPF]) as http:
        typed = {
            "dwmc": "漳州云帆软件科技有限公司",
            "jbrxm": "黄丽娟",
            "sheng": "350000",
            "shi": "350600",
            "qx": "350602",
        }
        city_changed = text_of(post_gbk(http, "/dwjc/djsq.do", {**typed, "czlx": "shi"}))
        assert 'value="漳州云帆软件科技有限公司"' in city_changed and 'value="黄丽娟"' in city_changed
        assert '<option value="350602">芗城区</option>' in city_changed  # offered, no longer selected
        province_changed = text_of(post_gbk(http, "/dwjc/djsq.do", {**typed, "sheng": "110000", "czlx": "sheng"}))
        assert '<option value="110100">北京市</option>' in province_changed
        assert "芗城区" not in province_changed and "errbox" not in province_changed


def test_login_errors_and_my_filings_search(portals: PortalsProcess, clean_portals: Admins) -> None:
    admin = clean_portals[HPF]
    with httpx.Client(base_url=portals.urls[HPF], trust_env=False) as http:
        assert http.get("/dwjc/djsq.do").headers["location"] == "/login.do"
        assert "手机号码不正确！" in text_of(post_gbk(http, "/login.do", {"sjhm": "139", "czlx": "fsdx"}))
        wrong = post_gbk(http, "/login.do", {"sjhm": AGENT_PHONE, "dxyzm": "000000x", "czlx": "dl"})
        assert "短信验证码错误或已过期！" in text_of(wrong)
    first = admin.publish_company("漳州甲一科技有限公司", "福建省漳州市", "林志远", region="350602")
    second = admin.publish_company("漳州乙二贸易有限公司", "福建省漳州市", "林志远", region="350602")
    with http_login(portals.urls[HPF], admin) as http:
        for company in (first, second):
            assert post_gbk(http, "/dwjc/djsq.do", with_captcha(http, admin, valid_form(company))).status_code == 303
        query = "".join(f"%{b:02X}" for b in "乙二".encode("gbk"))  # as the GBK GET form sends it
        by_name = text_of(http.get(f"/dwjc/cx.do?cxtj={query}"))
        assert "漳州乙二贸易有限公司" in by_name and "漳州甲一科技有限公司" not in by_name
        by_code = text_of(http.get("/dwjc/cx.do", params={"cxtj": first["uscc"]}))
        assert "漳州甲一科技有限公司" in by_code and "漳州乙二贸易有限公司" not in by_code
        assert "没有查询到记录！" in text_of(http.get("/dwjc/cx.do", params={"cxtj": "无此单位"}))
