"""bed-elui alone: it starts, login works, the submit endpoint stores what is posted and ``shown`` reads it
back as a person would (labels, not codes), uploads keep their names, the remote search answers late."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest

from demo.testing import AdminClient
from tests.kits.elui.conftest import logged_in_form
from tests.support import ThreadedChromium

PAYLOAD: dict[str, Any] = {
    "qymc": "漳州市芗城区云帆科技有限公司",
    "qylx": "1130",
    "sssq": "3506001001",
    "zczb": 100,
    "yyqx": ["2031-05-12", "2051-05-11"],
    "jyfw": "软件开发；信息系统集成服务",
    "jyfwtm": ["I6510", "I6531"],
    "zsszd": ["350000", "350600", "350602"],
    "xxdz": "胜利西路28号",
    "djjg": "35060201",
    "wtdljg": "A002",
    "fddbr_xm": "林志强",
    "fddbr_zjlx": "10",
    "fddbr_zjhm": "350602199001012010",
    "fddbr_xb": "1",
    "fddbr_csrq": "1990-01-01",
    "fddbr_zw": "410A",
    "fddbr_lxdh": "13805962345",
    "jyfs": ["02", "04"],
    "nsrlx": "2",
    "slfzjg": True,
    "cyrs": 35,
    "scsbyf": "2031-06",
    "kjnd": "2031",
    "yyblsj": "2031-05-20 09:30:00",
    "yykssj": "08:30:00",
    "yyjssj": "18:30",
    "gd": [
        {"gdmc": "林志强", "gdlx": "1", "zjhm": "350602199001012010", "rjcze": 60, "czfs": "1", "czrq": "2035-12-31"}
    ],
    "tbsx": ["seal", "tax"],
    "frsfzm": [],
}


def test_login_page_and_wrong_password(bed_url: str, clean_bed: AdminClient) -> None:
    with httpx.Client(base_url=bed_url, trust_env=False) as client:
        assert "用户登录" in client.get("/login").text
        assert "/login" in str(client.get("/form", follow_redirects=True).url)
        refused = client.post("/api/login", json={"account": "demo", "password": "wrong"}).json()
        assert refused == {"code": 1, "msg": "账号或密码错误"}


def test_submit_stores_the_payload_and_shown_reads_labels(http: httpx.Client, clean_bed: AdminClient) -> None:
    assert "企业开办一表申请" in http.get("/form").text
    file = http.post("/api/upload", files={"file": ("住所证明.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")}).json()
    assert file["data"]["name"] == "住所证明.pdf"
    answer = http.post("/api/submit", json={**PAYLOAD, "frsfzm": [file["data"]]}).json()
    assert answer["code"] == 0
    receipt_no = answer["data"]["receipt_no"]
    assert receipt_no in http.get(f"/receipt/{receipt_no}").text
    [stored] = clean_bed.submissions()
    assert stored["payload"]["qylx"] == "1130"
    assert [u["filename"] for u in stored["uploads"]] == ["住所证明.pdf"]
    shown = stored["shown"]
    assert shown["企业基本信息"]["企业类型"] == "有限责任公司（自然人投资或控股）"
    assert shown["企业基本信息"]["所属社区（居委会）"] == "南坑街道东城社区居民委员会"
    assert shown["企业基本信息"]["注册资本（万元）"] == "100"
    assert shown["企业基本信息"]["住所所在地"] == ["福建省", "漳州市", "芗城区"]
    assert shown["企业基本信息"]["登记机关"] == "南坑市场监督管理所"
    assert shown["企业基本信息"]["委托代理机构"] == "漳州市众诚财务咨询有限公司"
    assert shown["企业基本信息"]["营业期限"] == ["2031-05-12", "2051-05-11"]
    assert shown["法定代表人信息"]["证件类型"] == "居民身份证"
    assert shown["经营与税务信息"]["经营方式"] == ["零售", "技术服务"]
    assert shown["经营与税务信息"]["设立分支机构"] is True
    assert shown["经营与税务信息"]["从业人数"] == 35
    assert shown["同步办理事项"]["同步办理事项"] == ["公章刻制备案", "税务登记（新办纳税人套餐）"]
    assert shown["股东（发起人）"] == [
        {
            "股东名称": "林志强",
            "股东类型": "自然人",
            "证件号码": "350602199001012010",
            "认缴出资额（万元）": "60",
            "出资方式": "货币",
            "出资日期": "2035-12-31",
        }
    ]
    assert shown["附件材料"] == {"法定代表人身份证明": "住所证明.pdf"}


def test_submit_refuses_a_form_without_its_required_fields(http: httpx.Client, clean_bed: AdminClient) -> None:
    answer = http.post("/api/submit", json={**PAYLOAD, "qymc": "", "gd": []}).json()
    assert answer == {"code": 1, "msg": "请填写：企业名称、股东（发起人）"}
    assert clean_bed.submissions() == []


def test_remote_search_answers_late_and_only_after_typing(http: httpx.Client) -> None:
    started = time.monotonic()
    found = http.get("/api/agencies", params={"q": "漳州"}).json()["data"]
    assert time.monotonic() - started >= 0.35
    assert [a["label"] for a in found] == [
        "漳州市信达企业登记代理有限公司",
        "漳州市众诚财务咨询有限公司",
        "漳州市芗城区惠民代办服务中心",
    ]
    assert http.get("/api/agencies", params={"q": ""}).json()["data"] == []
    assert http.get("/api/agencies", params={"q": "上海"}).json()["data"] == []


@pytest.mark.browser
def test_the_page_is_drawn_by_element_ui(chromium: ThreadedChromium, bed_url: str, clean_bed: AdminClient) -> None:
    async def look() -> dict[str, Any]:
        page = await logged_in_form(chromium, bed_url)
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        drawn = await page.evaluate(
            """() => ({
                version: window.ELEMENT && ELEMENT.version,
                cards: [...document.querySelectorAll('.el-card__header')].map(e => e.innerText.trim()),
                collapses: [...document.querySelectorAll('.el-collapse-item__header')].map(e => e.innerText.trim()),
                tabs: [...document.querySelectorAll('.el-tabs__item')].map(e => e.innerText.trim()),
                communities: window.OPTIONS.communities.length,
            })"""
        )
        await page.context.close()
        return {**drawn, "errors": errors}

    drawn = chromium.run(look())
    assert drawn == {
        "version": "2.15.14",
        "cards": ["企业基本信息"],
        "collapses": ["法定代表人信息", "经营与税务信息"],
        "tabs": ["股东（发起人）", "同步办理事项", "附件材料"],
        "communities": 250,
        "errors": [],
    }
