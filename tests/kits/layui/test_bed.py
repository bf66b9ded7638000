"""The layui bed alone: it starts, its slider check refuses a jump and passes a hand's drag, the submit stores
what is posted and ``shown`` reads it as a person reads the 办件详情, uploads keep their names, and the remote
bank search answers after a delay."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from bot.recipe.verbs.pointer import path
from demo.kits.layui.app import DEMO_ACCOUNT, HANDLE, TRACK, human_drag
from demo.testing import AdminClient

END = TRACK - HANDLE


def hand_track() -> list[list[float]]:
    """What the page's script records from the drag verb's moves: [dx, dy, ms] relative to the press."""
    return [[round(x), round(y), 5.0 * i] for i, (x, y) in enumerate(path((0.0, 0.0), (float(END), 0.0)))]


def test_a_hands_drag_to_the_end_passes_and_a_jump_or_a_short_drag_does_not() -> None:
    assert human_drag(hand_track()) == ""
    assert human_drag([[END, 0, 5]]) == "验证失败：请按住滑块拖动"
    assert human_drag([[END * i / 10, 0, i] for i in range(1, 11)]) == "验证失败：请重试"  # a script's even steps
    assert human_drag([[x * 0.5, y, t] for x, y, t in hand_track()]) == "验证失败：请拖动到最右边"
    assert human_drag("nonsense") == "验证失败：轨迹无效"


@pytest.fixture
def client(bed_url: str, bed_admin: AdminClient) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=bed_url, trust_env=False, timeout=10.0) as http:
        yield http


def log_in(client: httpx.Client) -> None:
    assert client.post("/login/slider", json={"track": hand_track()}).json() == {"code": 0, "msg": "验证通过"}
    answer = client.post("/login", data={"username": DEMO_ACCOUNT[0], "password": DEMO_ACCOUNT[1]})
    assert answer.status_code == 303 and answer.headers["location"] == "/apply"


def test_the_login_needs_the_slider_check_then_the_password(client: httpx.Client) -> None:
    assert "拖动滑块完成验证" in client.get("/login").text
    refused = client.post("/login", data={"username": DEMO_ACCOUNT[0], "password": DEMO_ACCOUNT[1]})
    assert "请先拖动滑块完成验证" in refused.text
    assert client.post("/login/slider", json={"track": [[END, 0, 3]]}).json()["code"] == 1
    assert "请先拖动滑块完成验证" in client.post("/login", data={"username": "demo", "password": "x"}).text
    client.post("/login/slider", json={"track": hand_track()})
    assert "用户名或密码错误" in client.post("/login", data={"username": "demo", "password": "wrong"}).text
    log_in(client)  # each try needs its own slider check
    assert "企业基本信息" in client.get("/apply").text


def test_the_remote_bank_search_answers_after_typing_and_a_delay(client: httpx.Client) -> None:
    log_in(client)
    started = time.monotonic()
    found = client.get("/api/bank-branches", params={"q": "芗城"}).json()["data"]
    assert time.monotonic() - started >= 0.3
    assert found == [{"value": "102391000029", "name": "中国工商银行漳州芗城支行"}]
    assert client.get("/api/bank-branches", params={"q": "花旗"}).json()["data"] == []
    assert client.get("/api/bank-branches", params={"q": ""}).json()["data"] == []


PAYLOAD: dict[str, Any] = {
    "qymc": "漳州市芗城区云帆信息技术有限公司",
    "qylx": "1130",
    "zczb": "100",
    "clrq": "2029-05-20",
    "yyqx": ["2029-05-20", "2049-05-19"],
    "hy": "I6513",
    "zs": ["350000", "350600", "350602"],
    "xxdz": "胜利西路 18 号 3 层",
    "ssyq": "漳州高新技术产业开发区",
    "jyfw": ["JY01", "JY02"],
    "jyfwsm": "无",
    "cyrs": 36,
    "djjg": "350047",
    "nsrlx": "2",
    "kjfp": True,
    "sbssq": "2030-06",
    "kjnd": "2031",
    "cwxm": "林晓红",
    "cwsj": "13905961234",
    "jbrxm": "陈志明",
    "jbrzjlx": "10",
    "jbrzjhm": "350602199001011234",
    "jbrsj": "13859612345",
    "yysj": "2028-03-09 10:30:00",
    "lxsd": "14:30:00",
    "khyh": "102391000029",
    "ybsq": ["seal", "invoice"],
    "xkxx": ["P01", "P05"],
    "gd": [
        {"mc": "陈志明", "zjlx": "10", "zjhm": "350602199001011234", "cze": "60", "czfs": "1"},
        {"mc": "林晓红", "zjlx": "20", "zjhm": "E12345678", "cze": "40", "czfs": "3"},
    ],
}


def test_a_submission_is_stored_and_shown_as_the_page_labels_it(client: httpx.Client, bed_admin: AdminClient) -> None:
    log_in(client)
    ids = {}
    for field, name in (("zscl", "经办人身份证明.pdf"), ("sfzm", "legal-rep-id.png")):
        answer = client.post(
            "/api/upload", data={"field": field}, files={"file": (name, b"%PDF-1.4", "application/pdf")}
        )
        ids[field] = answer.json()["data"]["id"]
        assert answer.json()["data"]["name"] == name
    answer = client.post("/api/apply", json={**PAYLOAD, "files": ids}).json()
    assert answer["code"] == 0 and answer["data"]["receipt_no"].startswith("QYKB")
    assert answer["data"]["receipt_no"] in client.get(f"/receipt/{answer['data']['receipt_no']}").text
    [stored] = bed_admin.submissions()
    assert stored["payload"]["qymc"] == PAYLOAD["qymc"]
    assert sorted(u["filename"] for u in stored["uploads"]) == ["legal-rep-id.png", "经办人身份证明.pdf"]
    shown = stored["shown"]
    assert shown["企业基本信息"] == {
        "企业名称": "漳州市芗城区云帆信息技术有限公司",
        "企业类型": "有限责任公司（自然人投资或控股）",
        "注册资本（万元）": "100",
        "成立日期": "2029-05-20",
        "营业期限": ["2029-05-20", "2049-05-19"],
        "所属行业": "应用软件开发",
        "住所": ["福建省", "漳州市", "芗城区"],
        "详细地址": "胜利西路 18 号 3 层",
        "所属园区": "漳州高新技术产业开发区",
    }
    assert shown["经营信息"] == {
        "经营范围": ["软件开发", "信息技术咨询服务"],
        "经营范围补充说明": "无",
        "从业人数": 36,
        "登记机关": "芗城区市场监督管理局",
        "纳税人类型": "一般纳税人",
        "开具发票": True,
        "申报所属期": "2030-06",
        "会计年度": "2031",
    }
    assert shown["财务负责人"] == {"姓名": "林晓红", "手机号码": "13905961234"}
    assert shown["经办人信息"]["证件类型"] == "居民身份证" and shown["经办人信息"]["每日联系时段"] == "14:30:00"
    assert shown["银行开户"] == {"开户银行": "中国工商银行漳州芗城支行", "一并申请": ["公章刻制", "申领发票"]}
    assert shown["许可事项"] == {"涉企经营许可": ["食品经营许可", "增值电信业务经营许可"]}
    assert shown["股东（出资人）信息"][1] == {
        "股东名称": "林晓红",
        "证件类型": "护照",
        "证件号码": "E12345678",
        "认缴出资额（万元）": "40",
        "出资方式": "知识产权",
    }
    assert shown["申请材料"] == {"经办人身份证明": "经办人身份证明.pdf", "法定代表人身份证明": "legal-rep-id.png"}


def test_a_submission_missing_what_is_required_is_refused(client: httpx.Client, bed_admin: AdminClient) -> None:
    log_in(client)
    answer = client.post("/api/apply", json={**PAYLOAD, "qymc": " ", "zs": ["350000", "", ""], "gd": []}).json()
    assert answer["code"] == 1
    assert answer["msg"] == "请填写企业名称；请选择住所所在省、市、区；请填写股东（出资人）信息"
    assert bed_admin.submissions() == []


def test_the_form_needs_a_login(client: httpx.Client) -> None:
    answer = client.get("/apply")
    assert answer.status_code == 303 and answer.headers["location"].startswith("/login")
