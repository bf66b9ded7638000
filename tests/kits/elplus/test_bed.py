"""The Element Plus bed on its own: it starts, the demo account logs in, uploads and the remote search answer,
a posted form is stored and ``shown`` reads it as a person would (labels, not codes)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.async_api import Browser

from tests.kits.elplus.conftest import Bed, open_form
from tests.support import ThreadedChromium

PAYLOAD: dict[str, Any] = {
    "qymc": "漳州云帆软件科技有限公司",
    "qylx": "1130",
    "zczb": 100,
    "zs": ["350000", "350600", "350602"],
    "xxdz": "胜利西路 28 号 1203 室",
    "hyfl": "6513",
    "djjg": "350602",
    "jyfw": ["it_consulting", "software_dev"],
    "xm": "林志远",
    "gj": "CN",
    "zjlx": "111",
    "zjhm": "350602198503122010",
    "csrq": "1985-03-12",
    "lxdh": "13859612345",
    "kyrq": "2031-03-18",
    "yyqx": ["2031-03-18", "2051-03-17"],
    "lzsj": "2031-03-25 09:30:00",
    "yykssj": "08:30:00",
    "jyfs": ["wl", "ls"],
    "cyrs": 8,
    "slfp": True,
    "khyh": "兴业银行",
    "khwd": "309399000036",
    "nslx": "2",
    "kjnd": "2031",
    "sbyf": "2031-04",
    "bz": "无",
    "cbxz": ["410", "110"],
    "sbjbr": "黄丽娟",
    "jcbl": "12",
    "jcr": 10,
    "gd": [
        {"mc": "林志远", "zjlx": "111", "cze": 80, "czfs": "1"},
        {"mc": "陈晓燕", "zjlx": "111", "cze": 20, "czfs": "3"},
    ],
}


def test_login_refuses_a_wrong_password_and_the_form_needs_a_session(bed: Bed) -> None:
    import httpx

    with httpx.Client(base_url=bed.url, trust_env=False) as anonymous:
        assert anonymous.get("/form").headers["location"].startswith("/login")
        refused = anonymous.post("/login", data={"account": "demo", "password": "nope"})
        assert refused.status_code == 200 and "账号或密码错误" in refused.text
    with bed.logged_in() as client:
        page = client.get("/form")
        assert page.status_code == 200
        assert "/vendor/element-plus/index.full.min.js" in page.text and "企业基本信息" in page.text
        assert client.get("/vendor/element-plus/index.full.min.js").status_code == 200
        assert client.get("/vendor/element-plus/locale/zh-cn.min.js").status_code == 200


def test_remote_search_answers_branches_by_keyword(bed: Bed) -> None:
    with bed.logged_in() as client:
        found = client.get("/api/branches", params={"kw": "芗城"}).json()["data"]
        assert [b["label"] for b in found] == [
            "中国工商银行漳州芗城支行",
            "中国建设银行漳州芗城支行",
            "兴业银行漳州芗城支行",
        ]
        assert client.get("/api/branches", params={"kw": "不存在的银行"}).json()["data"] == []
        assert client.get("/api/branches", params={"kw": ""}).json()["data"] == []


def test_a_posted_form_is_stored_with_its_upload_and_shown_with_labels(clean_bed: Bed) -> None:
    with clean_bed.logged_in() as client:
        sent = client.post("/api/upload", data={"field": "zssyzm"}, files={"file": ("租赁合同.pdf", b"%PDF-1.4\n")})
        upload = sent.json()["data"]
        assert upload["name"] == "租赁合同.pdf"
        answer = client.post("/api/submit", json={**PAYLOAD, "zssyzm": [upload]})
        assert answer.status_code == 200, answer.text
        receipt_no = answer.json()["receiptNo"]
        assert receipt_no.startswith("QK")
        assert receipt_no in client.get(f"/receipt/{receipt_no}").text
    [stored] = clean_bed.admin.submissions()
    assert stored["receipt_no"] == receipt_no
    assert [u["filename"] for u in stored["uploads"]] == ["租赁合同.pdf"]
    shown = stored["shown"]
    assert shown["企业基本信息"] == {
        "企业名称": "漳州云帆软件科技有限公司",
        "企业类型": "有限责任公司（自然人投资或控股）",
        "注册资本（万元）": "100",
        "住所": ["福建省", "漳州市", "芗城区"],
        "详细地址": "胜利西路 28 号 1203 室",
        "行业分类": "应用软件开发",
        "登记机关": "漳州市芗城区市场监督管理局",
        "经营范围": ["信息技术咨询服务", "软件开发"],
    }
    assert shown["法定代表人"]["国籍（地区）"] == "中国"
    assert shown["法定代表人"]["证件类型"] == "居民身份证"
    assert shown["经营信息"] == {
        "开业日期": "2031-03-18",
        "营业期限": ["2031-03-18", "2051-03-17"],
        "执照领取时间": "2031-03-25 09:30:00",
        "每日营业开始时间": "08:30:00",
        "经营方式": ["零售", "网络销售"],
        "从业人数": 8,
        "申领发票": True,
    }
    assert shown["银行与税务"] == {
        "开户银行": "兴业银行",
        "开户网点": "兴业银行漳州芗城支行",
        "纳税人类型": "小规模纳税人",
        "首个会计年度": "2031",
        "首次申报所属期": "2031-04",
    }
    assert shown["补充材料"] == {"住所使用证明": "租赁合同.pdf", "备注": "无"}
    assert shown["社保登记"] == {"参保险种": ["企业职工基本养老保险", "工伤保险"], "社保经办人": "黄丽娟"}
    assert shown["公积金登记"] == {"单位缴存比例": "12%", "每月缴存日": "10"}
    assert shown["股东信息"] == [
        {"股东名称": "林志远", "证件类型": "居民身份证", "认缴出资额（万元）": "80", "出资方式": "货币"},
        {"股东名称": "陈晓燕", "证件类型": "居民身份证", "认缴出资额（万元）": "20", "出资方式": "知识产权"},
    ]


def test_the_server_refuses_a_form_missing_required_fields(clean_bed: Bed) -> None:
    with clean_bed.logged_in() as client:
        answer = client.post("/api/submit", json={**PAYLOAD, "qymc": "", "cbxz": []})
    assert answer.status_code == 422
    assert answer.json()["msg"] == "以下必填项未填写：企业名称、参保险种"
    assert clean_bed.admin.submissions() == []


@pytest.mark.browser
def test_the_page_is_drawn_by_element_plus_and_its_rules_stop_an_empty_form(bed: Bed, loop: ThreadedChromium) -> None:
    async def scenario(browser: Browser) -> tuple[int, list[str]]:
        page = await open_form(browser, bed.url)
        try:
            wrappers = await page.locator(".el-select__wrapper").count()
            await page.get_by_role("button", name="下一步").click()
            errors = page.locator(".el-form-item__error")
            await errors.first.wait_for()
            return wrappers, await errors.all_inner_texts()
        finally:
            await page.context.close()

    assert loop.browser is not None
    wrappers, errors = loop.run(scenario(loop.browser))
    assert wrappers >= 5
    assert "请输入企业名称" in errors and "请选择企业类型" in errors
