"""psb-seal (公安局 · 印章刻制备案): SMS login, the form inside an iframe, the AJAX shop
autocomplete, the dynamic seal table, uploads checked by content, receipt and 我的办件.

Real servers and real Chromium (the shared fixtures); the browser test is written by hand
with Playwright, not through any bot code.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import FrameLocator, Page, expect

from demo.core import uscc
from demo.launcher import PortalsProcess
from demo.testing import AdminClient

PSB = "psb-seal"
Admins = dict[str, AdminClient]
AGENT_PHONE = "13906961234"
ADDRESS = "福建省漳州市芗城区胜利西路 28 号 1203 室"
PDF = b"%PDF-1.4\n% demo licence\n1 0 obj << >> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
SHOTS = os.environ.get("DEMO_SCREENSHOTS")  # a directory: save the docs' screenshots there


def snap(page: Page, what: str) -> None:
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"{PSB}-{what}.png"), full_page=True)


def publish(admin: AdminClient, name: str, region: str = "350602") -> dict[str, Any]:
    return admin.publish_company(name, ADDRESS, "林志远", region=region)


@contextmanager
def http_login(url: str, admin: AdminClient, phone: str = AGENT_PHONE) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=url, trust_env=False, timeout=10.0) as http:
        assert http.post("/login/sendSms", data={"sjhm": phone}).json()["code"] == "0"
        done = http.post("/login", data={"sjhm": phone, "dxyzm": admin.sms_code(phone)})
        assert done.status_code == 303 and done.headers["location"] == "/main"
        yield http


def upload(http: httpx.Client, field: str, name: str, data: bytes) -> dict[str, Any]:
    answer: dict[str, Any] = http.post("/yzba/upload", data={"lx": field}, files={"file": (name, data)}).json()
    return answer


def valid_form(http: httpx.Client, company: dict[str, Any]) -> dict[str, Any]:
    ids = {
        field: str(upload(http, field, name, data)["data"]["id"])
        for field, name, data in (("yyzzfj", "执照.pdf", PDF), ("fddbrsfzfj", "a.png", PNG), ("jbrsfzfj", "b.jpg", JPG))
    }
    return {
        "dwmc": company["name"],
        "tyshxydm": company["uscc"],
        "dwdz": ADDRESS,
        "yzbm": "363000",
        "dwdh": "0596-2345678",
        "fddbrxm": "林志远",
        "fddbrzjlx": "111",
        "fddbrzjhm": "350602198503122010",
        "fddbrlxdh": "13859612345",
        "jbrxm": "黄丽娟",
        "jbrzjhm": "350602199001084020",
        "jbrlxdh": AGENT_PHONE,
        "kzqymc": "漳州市芗城区诚信刻章服务部",
        "kzqybh": "KZ350602001",
        "yzlx": ["01", "02"],
        "yzcz": ["2", "1"],
        "yzgg": ["Φ40", "Φ38"],
        "yzsl": ["1", "2"],
        "kzyy": "1",
        **ids,
    }


def errors_of(html: str) -> dict[str, str]:
    return dict(re.findall(r'class="err" id="err-([^"]+)">([^<]+)<', html))


# -- browser: the whole filing -------------------------------------------------------


def fill_in_frame(form: FrameLocator, company: dict[str, Any], files: dict[str, Path]) -> None:
    unit = form.get_by_role("group", name="单位信息")
    unit.get_by_label("单位名称").fill(company["name"])
    unit.get_by_label("统一社会信用代码").fill(company["uscc"])
    unit.get_by_label("单位地址").fill(ADDRESS)
    unit.get_by_label("邮政编码").fill("363000")
    unit.get_by_label("单位电话").fill("0596-2345678")
    rep = form.get_by_role("group", name="法定代表人")
    rep.get_by_label("姓名").fill("林志远")
    rep.get_by_label("证件类型").select_option(label="居民身份证")
    rep.get_by_label("证件号码").fill("350602198503122010")
    rep.get_by_label("联系电话").fill("13859612345")
    agent = form.get_by_role("group", name="经办人")
    agent.get_by_label("姓名").fill("黄丽娟")
    agent.get_by_label("证件号码").fill("350602199001084020")
    agent.get_by_label("联系电话").fill(AGENT_PHONE)

    shop = form.get_by_label("刻章企业", exact=True)
    shop.press_sequentially("芗城区", delay=30)
    options = form.get_by_role("listbox", name="刻章企业候选列表").get_by_role("option")
    expect(options).to_have_count(3)  # the district's three shops, not Beijing's
    shop.press_sequentially("诚信", delay=30)
    expect(options).to_have_count(1)
    options.first.click()
    expect(shop).to_have_value("漳州市芗城区诚信刻章服务部")

    seals = [
        ("单位专用章", "光敏", "Φ40", "1"),
        ("财务专用章", "光敏", "Φ38", "1"),
        ("发票专用章", "铜", "40×30", "1"),
        ("合同专用章", "原子", "Φ40", "2"),
        ("法定代表人名章", "橡胶", "20×20", "1"),
    ]
    for kind, material, size, count in seals:
        form.get_by_role("button", name="新增印章").click()
        row = form.locator("#sealBody tr").last
        row.get_by_label("印章类型").select_option(label=kind)
        row.get_by_label("材质").select_option(label=material)
        row.get_by_label("规格（mm）").fill(size)
        row.get_by_label("数量").fill(count)
    form.get_by_role("group", name="刻制原因").get_by_label("新刻").check()

    for label, path in files.items():
        form.get_by_label(label, exact=True).set_input_files(path)
    for field in ("yyzzfj", "fddbrsfzfj", "jbrsfzfj"):
        expect(form.locator(f"#{field}-state")).to_contain_text("已上传")


@pytest.mark.browser
def test_whole_filing_through_the_iframe_is_stored_exactly(
    portals: PortalsProcess, clean_portals: Admins, page: Page, tmp_path: Path
) -> None:
    admin = clean_portals[PSB]
    company = publish(admin, "漳州云帆软件科技有限公司")
    files = {
        "营业执照": tmp_path / "营业执照.pdf",
        "法定代表人身份证": tmp_path / "fr.png",
        "经办人身份证": tmp_path / "jbr.jpg",
    }
    for path, data in zip(files.values(), (PDF, PNG, JPG), strict=True):
        path.write_bytes(data)

    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(portals.urls[PSB] + "/login")
    snap(page, "login")
    page.get_by_label("手机号码").fill(AGENT_PHONE)
    page.get_by_role("button", name="获取验证码").click()
    expect(page.get_by_text("短信验证码已发送")).to_be_visible()
    page.get_by_label("短信验证码").fill(admin.sms_code(AGENT_PHONE))
    page.get_by_role("button", name="登 录").click()
    page.wait_for_url("**/main")

    form = open_form(page)
    expect(form.get_by_role("button", name="提交备案")).to_be_visible()
    fill_in_frame(form, company, files)
    page.wait_for_timeout(200)  # let the iframe grow to its content before the screenshot
    snap(page, "form")

    dialogs: list[str] = []
    page.once("dialog", lambda d: (dialogs.append(d.message), d.accept()))
    form.get_by_role("button", name="提交备案").click()
    filing_no = form.locator("#babh")
    expect(filing_no).to_have_text(re.compile(r"^BA350602\d{14}$"))
    assert dialogs == ["确认提交印章刻制备案信息？提交后不可修改。"]
    page.wait_for_timeout(200)
    snap(page, "receipt")

    [stored] = admin.submissions()
    assert stored["receipt_no"] == filing_no.inner_text()
    assert stored["uscc"] == company["uscc"] and stored["status"] == "已备案"
    ids = {u["field"]: str(u["id"]) for u in stored["uploads"]}
    assert stored["payload"] == {
        "dwmc": "漳州云帆软件科技有限公司",
        "tyshxydm": company["uscc"],
        "dwdz": ADDRESS,
        "yzbm": "363000",
        "dwdh": "0596-2345678",
        "fddbrxm": "林志远",
        "fddbrzjlx": "111",
        "fddbrzjhm": "350602198503122010",
        "fddbrlxdh": "13859612345",
        "jbrxm": "黄丽娟",
        "jbrzjhm": "350602199001084020",
        "jbrlxdh": AGENT_PHONE,
        "kzqymc": "漳州市芗城区诚信刻章服务部",
        "kzqybh": "KZ350602001",
        "yzlx": ["01", "02", "03", "04", "05"],
        "yzcz": ["2", "2", "1", "3", "4"],
        "yzgg": ["Φ40", "Φ38", "40×30", "Φ40", "20×20"],
        "yzsl": ["1", "1", "1", "2", "1"],
        "kzyy": "1",
        "yyzzfj": ids["yyzzfj"],
        "fddbrsfzfj": ids["fddbrsfzfj"],
        "jbrsfzfj": ids["jbrsfzfj"],
    }
    kinds = {u["field"]: (u["filename"], u["content_type"], u["size"]) for u in stored["uploads"]}
    assert kinds == {
        "yyzzfj": ("营业执照.pdf", "application/pdf", len(PDF)),
        "fddbrsfzfj": ("fr.png", "image/png", len(PNG)),
        "jbrsfzfj": ("jbr.jpg", "image/jpeg", len(JPG)),
    }


@pytest.mark.browser
def open_form(page: Page) -> FrameLocator:
    """Open the form in the frame and wait for its load event: before it, form.js has not bound the
    upload and autocomplete handlers, and a file chosen then is never sent."""
    page.get_by_role("link", name="印章刻制备案").click()
    frame = page.frame(name="mainFrame")
    assert frame is not None
    frame.wait_for_url("**/yzba/form")
    return page.frame_locator("#mainFrame")


def test_upload_checked_by_content_and_shops_follow_the_district(
    portals: PortalsProcess, clean_portals: Admins, page: Page, tmp_path: Path
) -> None:
    admin = clean_portals[PSB]
    fake = tmp_path / "营业执照.pdf"
    fake.write_bytes(b"this is not a PDF")
    page.goto(portals.urls[PSB] + "/login")
    page.get_by_label("手机号码").fill(AGENT_PHONE)
    page.get_by_role("button", name="获取验证码").click()
    expect(page.get_by_text("短信验证码已发送")).to_be_visible()
    page.get_by_label("短信验证码").fill(admin.sms_code(AGENT_PHONE))
    page.get_by_role("button", name="登 录").click()
    page.wait_for_url("**/main")
    form = open_form(page)

    form.get_by_label("营业执照", exact=True).set_input_files(fake)
    expect(form.locator("#err-yyzzfj")).to_have_text("文件格式不正确，仅支持PDF、JPG、PNG格式")
    expect(form.locator("#yyzzfj")).to_have_value("")

    form.get_by_label("单位地址").fill("北京市朝阳区建国路1号")
    form.get_by_label("刻章企业", exact=True).press_sequentially("朝阳", delay=30)
    options = form.get_by_role("listbox", name="刻章企业候选列表").get_by_role("option")
    expect(options).to_have_count(3)
    assert all("朝阳" in text for text in options.all_inner_texts())
    # Typing a shop without picking it from the list leaves the hidden licence number empty.
    form.get_by_label("刻章企业", exact=True).fill("漳州市芗城区诚信刻章服务部")
    expect(form.locator("#kzqybh")).to_have_value("")


# -- server-side rules (httpx: faster, same server) ---------------------------------


def test_server_side_rules_and_registry_refusal(portals: PortalsProcess, clean_portals: Admins) -> None:
    admin = clean_portals[PSB]
    company = publish(admin, "漳州规则测试有限公司")
    with http_login(portals.urls[PSB], admin) as http:
        good = valid_form(http, company)

        unknown = http.post("/yzba/form", data={**good, "tyshxydm": uscc.generate("350602")}).text
        assert "提交失败" in unknown
        assert errors_of(unknown) == {"tyshxydm": "该统一社会信用代码未在市场监管部门登记，不能办理印章刻制备案"}

        bad = {
            **good,
            "dwmc": "漳州别的名称有限公司",
            "jbrzjhm": "350602199001084021",
            "jbrlxdh": "13900000000",
            "yzbm": "36300",
            "kzqymc": "北京市朝阳区京诚刻章有限公司",
            "kzqybh": "KZ110105001",
            "yzlx": "02",
            "yzcz": "2",
            "yzgg": "很大",
            "yzsl": "9",
            "yyzzfj": "",
        }
        assert errors_of(http.post("/yzba/form", data=bad).text) == {
            "dwmc": "单位名称与市场监管部门登记信息不一致",
            "yzbm": "邮政编码应为6位数字",
            "jbrzjhm": "居民身份证号码校验不通过，请核对",
            "jbrlxdh": "经办人联系电话须与登录手机号码一致",
            "kzqymc": "刻章企业须从漳州市芗城区备案刻章企业中选择",
            "yzgg-0": "规格格式不正确，如Φ40或40×30",
            "yzsl-0": "数量应为1至5的整数",
            "yz": "新刻印章须包含单位专用章",
            "yyzzfj": "请上传营业执照",
        }
        empty = errors_of(http.post("/yzba/form", data={}).text)
        assert empty["dwmc"] == "请填写单位名称" and empty["yz"] == "请至少添加一枚印章"
        assert empty["kzyy"] == "请选择刻制原因" and empty["jbrsfzfj"] == "请上传经办人身份证"
        assert admin.submissions() == []

        big = upload(http, "yyzzfj", "big.pdf", PDF + b"0" * (5 * 1024 * 1024))
        assert big == {"code": "1", "msg": "文件大小超过5MB，请压缩后重新上传"}

        done = http.post("/yzba/form", data=good)
        assert done.status_code == 303 and done.headers["location"].startswith("/yzba/receipt/BA350602")
        # An attachment is filed once: the same upload ids cannot serve a second filing.
        again = errors_of(http.post("/yzba/form", data=good).text)
        assert again["yyzzfj"] == "营业执照附件已失效，请重新上传"


def test_login_refuses_a_wrong_code_and_the_form_needs_login(portals: PortalsProcess, clean_portals: Admins) -> None:
    with httpx.Client(base_url=portals.urls[PSB], trust_env=False) as http:
        assert http.get("/yzba/form").headers["location"] == "/login"
        assert http.post("/login/sendSms", data={"sjhm": "1390696"}).json()["msg"] == "请输入正确的11位手机号码"
        http.post("/login/sendSms", data={"sjhm": AGENT_PHONE})
        refused = http.post("/login", data={"sjhm": AGENT_PHONE, "dxyzm": "000000x"})
        assert refused.status_code == 200 and "短信验证码错误或已失效，请重新获取" in refused.text


def test_my_filings_search_by_code_or_name(portals: PortalsProcess, clean_portals: Admins) -> None:
    admin = clean_portals[PSB]
    first, second = publish(admin, "漳州甲一科技有限公司"), publish(admin, "漳州乙二贸易有限公司")
    with http_login(portals.urls[PSB], admin) as http:
        for company in (first, second):
            assert http.post("/yzba/form", data=valid_form(http, company)).status_code == 303
        everything = http.get("/yzba/mine").text
        assert "漳州甲一科技有限公司" in everything and "漳州乙二贸易有限公司" in everything
        by_name = http.get("/yzba/mine", params={"gjz": "乙二"}).text
        assert "漳州乙二贸易有限公司" in by_name and "漳州甲一科技有限公司" not in by_name
        by_code = http.get("/yzba/mine", params={"gjz": first["uscc"].lower()}).text
        assert "漳州甲一科技有限公司" in by_code and "漳州乙二贸易有限公司" not in by_code
        assert "暂无办件记录" in http.get("/yzba/mine", params={"gjz": "不存在的单位"}).text
    # Another agent sees none of them.
    with http_login(portals.urls[PSB], admin, "13700001111") as other:
        assert "暂无办件记录" in other.get("/yzba/mine").text


def test_a_code_asked_for_while_still_logged_in_is_recorded(portals: PortalsProcess, clean_portals: Admins) -> None:
    """The inbox marks a code sent while the phone's account still had a live session (a bot that logs in again
    needlessly, an SMS the 经办人 should not have had): test_bad_portal_day counts those, not all codes."""
    admin = clean_portals[PSB]
    with (
        http_login(portals.urls[PSB], admin),
        httpx.Client(base_url=portals.urls[PSB], trust_env=False, timeout=10.0) as other,
    ):
        assert other.post("/login/sendSms", data={"sjhm": AGENT_PHONE}).json()["code"] == "0"
    admin.expire_sessions()
    with httpx.Client(base_url=portals.urls[PSB], trust_env=False, timeout=10.0) as later:
        assert later.post("/login/sendSms", data={"sjhm": AGENT_PHONE}).json()["code"] == "0"
    sent = [m["logged_in"] for m in admin.sms(AGENT_PHONE) if m["portal"] == PSB]
    assert sent == [False, True, False]  # newest first: after the sessions ended, while logged in, the first login
