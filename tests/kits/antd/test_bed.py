"""The Ant Design Vue bed alone: it starts, login works, the remote lists answer, uploads are stored, and
the submit endpoint stores what is posted, which ``shown`` reads back as a person would."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from playwright.async_api import Page

from demo.kits.antd import options
from demo.testing import AdminClient
from tests.kits.antd.conftest import ACCOUNT

pytestmark = pytest.mark.browser

PAYLOAD: dict[str, Any] = {
    "qymc": "漳州市芗城区闽南茶业有限公司",
    "qylx": "1151",
    "zczb": 100,
    "zs": ["350000", "350600", "350602"],
    "hyfl": "F5225",
    "jyfw": "茶叶零售",
    "clrq": "2031-03-15",
    "yyqx": ["2031-03-15", "2051-03-14"],
    "xkxm": ["SP", "JL"],
    "djjg": "350602",
    "swjg": "13506020000",
    "tzrgj": "ZM",
    "khyh": "104258000125",
    "jycs": "福建省漳州市芗城区胜利西路28号",
    "hsfs": "1",
    "jyfs": "3",
    "bljx": ["yz", "fp"],
    "dzzz": True,
    "cyrs": 12,
    "sbssq": "2031-04",
    "kjnd": "2031",
    "yysj": "2031-03-20 09:30:00",
    "yykssj": "08:30:00",
    "lxrxm": "林晓梅",
    "lxdh": "13905961234",
    "gxbm": ["sw", "rs"],
    "gd": [{"mc": "林晓梅", "zjlx": "10", "cze": 100, "czfs": "1", "rjqx": "2036-03-14"}],
}


@pytest.fixture
def http(bed_url: str, clean_bed: AdminClient) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=bed_url, trust_env=False, timeout=10) as client:
        yield client


def log_in(http: httpx.Client) -> None:
    answer = http.post("/login", json={"account": ACCOUNT[0], "password": ACCOUNT[1]})
    assert answer.json() == {"ok": True, "next": "/form"}


def test_the_form_wants_a_login_and_a_wrong_password_is_refused(http: httpx.Client) -> None:
    assert http.get("/form").headers["location"].startswith("/login")
    wrong = http.post("/login", json={"account": "demo", "password": "nope"})
    assert wrong.status_code == 400 and wrong.json()["message"] == "账号或密码错误"
    log_in(http)
    page = http.get("/form")
    assert page.status_code == 200 and "data-options" in page.text and "赞比亚" in page.text


def test_the_library_is_served_from_node_modules(http: httpx.Client) -> None:
    for path in (
        "/vendor/vue/vue.global.prod.js",
        "/vendor/dayjs/dayjs.min.js",
        "/vendor/dayjs/locale/zh-cn.js",
        "/vendor/ant-design-vue/antd-with-locales.min.js",
        "/vendor/ant-design-vue/reset.css",
    ):
        assert http.get(path).status_code == 200, path


def test_the_remote_lists_answer_after_typing(http: httpx.Client) -> None:
    log_in(http)
    banks = http.get("/api/banks", params={"kw": "花旗"}).json()["data"]
    assert banks == [] and http.get("/api/banks", params={"kw": ""}).json()["data"] == []
    banks = http.get("/api/banks", params={"kw": "漳州"}).json()["data"]
    assert {"value": "104258000125", "label": "中国银行股份有限公司漳州芗城支行"} in banks and len(banks) == 7
    addresses = http.get("/api/addresses", params={"kw": "芗城"}).json()["data"]
    assert addresses == ["福建省漳州市芗城区胜利西路28号", "福建省漳州市芗城区延安北路6号"]


def test_a_submission_is_stored_and_shown_with_labels(http: httpx.Client, clean_bed: AdminClient) -> None:
    log_in(http)
    uploaded = http.post("/api/upload", files={"file": ("身份证.pdf", b"%PDF-1.4\n", "application/pdf")}).json()
    assert uploaded["name"] == "身份证.pdf"
    missing = http.post("/api/submit", json={**PAYLOAD, "qymc": ""})
    assert missing.status_code == 400 and missing.json()["message"] == "请填写：企业名称"
    answer = http.post("/api/submit", json={**PAYLOAD, "sfzj": [uploaded["id"]]}).json()
    assert answer["ok"] and answer["receipt_no"].startswith("QK")
    [stored] = clean_bed.submissions()
    assert stored["receipt_no"] == answer["receipt_no"]
    assert stored["payload"]["qylx"] == "1151"
    assert [u["filename"] for u in stored["uploads"]] == ["身份证.pdf"]
    shown = stored["shown"]
    assert shown["企业基本信息"] == {
        "企业名称": "漳州市芗城区闽南茶业有限公司",
        "企业类型": "有限责任公司（自然人独资）",
        "注册资本（万元）": "100",
        "住所": ["福建省", "漳州市", "芗城区"],
        "行业分类": "茶叶零售",
        "经营范围": "茶叶零售",
        "成立日期": "2031-03-15",
        "营业期限": ["2031-03-15", "2051-03-14"],
    }
    assert shown["经营信息"]["许可项目"] == ["食品销售", "酒类经营"]
    assert shown["经营信息"]["投资人国籍（地区）"] == "赞比亚"
    assert shown["经营信息"]["主管税务机关"] == "国家税务总局漳州市芗城区税务局"
    assert shown["经营信息"]["开户银行"] == "中国银行股份有限公司漳州芗城支行"
    assert shown["经营信息"]["申领电子营业执照"] is True and shown["经营信息"]["从业人数"] == 12
    assert shown["办理时间"] == {
        "申报所属期": "2031-04",
        "会计年度": "2031",
        "预约办理时间": "2031-03-20 09:30:00",
        "每日营业开始时间": "08:30:00",
    }
    assert shown["信息共享"] == {"共享部门": ["税务部门", "人力资源社会保障部门"]}
    assert shown["股东（发起人）"] == [
        {
            "股东名称": "林晓梅",
            "证件类型": "居民身份证",
            "认缴出资额（万元）": "100",
            "出资方式": "货币",
            "认缴出资期限": "2036-03-14",
        }
    ]
    assert shown["附件材料"] == {"法定代表人身份证件": "身份证.pdf"}


def test_the_page_draws_the_form_with_antd(on_form: Any) -> None:
    async def look(page: Page) -> dict[str, Any]:
        return {
            "cards": await page.locator(".ant-card-head-title").all_inner_texts(),
            "panels": await page.locator(".ant-collapse-header-text").all_inner_texts(),
            "tabs": await page.locator(".ant-tabs-tab-btn").all_inner_texts(),
            "submit": await page.locator("button[type=submit]").inner_text(),
            "countries": len(options.COUNTRIES),
        }

    seen = on_form(look)
    assert seen["cards"] == ["企业基本信息", "股东（发起人）", "附件材料"]
    assert seen["panels"] == ["经营信息", "办理时间"]
    assert seen["tabs"] == ["联系人", "信息共享"]
    assert seen["submit"] == "提 交"  # antd puts a space between two CJK characters
    assert seen["countries"] >= 200
