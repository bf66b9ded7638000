"""recipes/bank-account.yaml books the example on the demo 建设银行 SPA: web components in shadow DOM, branch cards
and time slots loaded by AJAX, an inline calendar, beneficial-owner rows and an SMS hand-off to the 法定代表人.

Every stored field must equal what the mapping computed, in the portal's own codes and input names (the tables
below are the portal's, from docs/portals.md).
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from bot.form.application import Application, validate
from bot.mapping.bundle import Bundle
from bot.recipe.runner import FilingResult, Question
from demo.launcher import PortalsProcess
from demo.testing import AdminClient
from tests.demo.recipe_support import file_with_recipe, register_example
from tests.support import EXAMPLES

pytestmark = pytest.mark.browser
ITEM = "bank-account"

# The portal's codes for the option labels it shows.
CODES = {
    "账户类型": {"基本存款账户": "01", "一般存款账户": "02", "专用存款账户": "03", "临时存款账户": "04"},
    "币种": {"人民币": "156", "美元": "840", "欧元": "978", "港币": "344", "日元": "392"},
    "城市": {"北京市": "110100", "上海市": "310100", "福州市": "350100", "厦门市": "350200", "漳州市": "350600"},
    "网点": {"漳州芗城支行": "350600101", "漳州龙文支行": "350600102", "漳州开发区支行": "350600103"},
    "预约时段": {"09:00-10:00": "0900", "10:00-11:00": "1000", "14:00-15:00": "1400", "15:00-16:00": "1500"},
}
NAMES = {
    ("企业信息", "企业名称"): "corpNm",
    ("企业信息", "统一社会信用代码"): "uniSocCrCd",
    ("企业信息", "注册地址"): "regAddr",
    ("企业信息", "账户类型"): "acctTp",
    ("企业信息", "币种"): "ccyCd",
    ("开户网点", "城市"): "cityCd",
    ("开户网点", "网点"): "brchNo",
    ("预约信息", "预约日期"): "apptDt",
    ("预约信息", "预约时段"): "apptTmSlot",
    ("法定代表人", "姓名"): "lglRprNm",
    ("法定代表人", "证件号码"): "lglRprCrdtNo",
    ("法定代表人", "手机号码"): "lglRprMblNo",
    ("经办人", "姓名"): "agntNm",
    ("经办人", "证件号码"): "agntCrdtNo",
    ("经办人", "手机号码"): "agntMblNo",
    ("受益所有人", "姓名"): "bnfcOwnNm",
    ("受益所有人", "证件号码"): "bnfcOwnCrdtNo",
    ("受益所有人", "持股比例"): "bnfcOwnShrPct",
}


def expected_payload(values: dict[str, Any]) -> dict[str, Any]:
    """The mapping's values as the portal stores them: under its input names, options as its codes; a table's
    column is a list, or a string when there is one row (a name posted once)."""
    expected: dict[str, Any] = {}
    for group, node in values.items():
        rows = node if isinstance(node, list) else [node]
        for label in rows[0]:
            column = [CODES.get(label, {}).get(row[label], row[label]) for row in rows]
            expected[NAMES[(group, label)]] = column if len(column) > 1 else column[0]
    return expected


def application(bundle: Bundle, raw: dict[str, Any], used: set[str]) -> Application:
    """The application as a clerk would file it today. The bank books from tomorrow on, by its own (real) clock,
    so the appointment date the form derives (three working days on) must count from today, not from the
    fixed date the other tests validate against."""
    today = dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()
    return validate(bundle.form, raw, base_dir=EXAMPLES, today=today, used=used)


def last_open_day(url: str, branch: str) -> str:
    """The last day the portal's calendar offers (usually next month's, so the calendar must page to it)."""
    with httpx.Client(base_url=url, trust_env=False, timeout=10.0) as http:
        today = http.get("/api/calendar", params={"brchNo": branch, "month": "2000-01"}).json()["data"]["today"]
        year, month = int(today[:4]), int(today[5:7])
        months = [f"{year}-{month:02d}", f"{year + month // 12}-{month % 12 + 1:02d}"]
        calendars = [http.get("/api/calendar", params={"brchNo": branch, "month": m}).json()["data"] for m in months]
    return str([day["date"] for data in calendars for day in data["days"] if day["status"] == "open"][-1])


def book(
    url: str, bank: AdminClient, bundle: Bundle, app: Application, evidence: Path
) -> tuple[FilingResult, dict[str, Any], list[Question], list[str]]:
    """File ``app`` through the recipe, the applicant answering the SMS hand-off with the code the bank sent."""
    uscc = register_example(bank, app)
    questions: list[Question] = []
    codes: list[str] = []

    async def answer(question: Question) -> str:
        questions.append(question)
        codes.append(bank.sms_code(app.values["legal_rep"]["mobile"]))
        return codes[-1]

    result, mapped = file_with_recipe(
        ITEM, url=url, bundle=bundle, app=app, uscc=uscc, evidence=evidence, hand_off=answer
    )
    return result, mapped, questions, codes


def test_the_recipe_books_exactly_the_mapped_values(
    portals: PortalsProcess,
    clean_portals: dict[str, AdminClient],
    bundle: Bundle,
    example_raw: dict[str, Any],
    used_fields: set[str],
    tmp_path: Path,
) -> None:
    bank = clean_portals[ITEM]
    app = application(bundle, example_raw, used_fields)
    result, mapped, questions, codes = book(portals.urls[ITEM], bank, bundle, app, tmp_path)
    [stored] = bank.submissions()
    assert result.outputs["appointment_no"] == stored["receipt_no"]
    assert result.outputs["branch_address"].startswith("漳州市")  # the branch's address, for the receipt sheet
    assert result.outputs.keys() == bundle.mappings[ITEM].outputs.keys()  # the names later mappings read
    assert [(q.kind, q.who) for q in questions] == [("sms", "applicant")]
    assert stored["payload"] == {**expected_payload(mapped), "smsVrfCd": codes[0]}


def test_several_owners_are_added_row_by_row_and_the_calendar_pages_to_the_day(
    portals: PortalsProcess,
    clean_portals: dict[str, AdminClient],
    bundle: Bundle,
    example_raw: dict[str, Any],
    used_fields: set[str],
    tmp_path: Path,
) -> None:
    raw = copy.deepcopy(example_raw)
    for shareholder in raw["shareholders"]:
        shareholder["amount"] = 50  # both hold 25 % or more: two beneficial owners
    raw["bank"]["appointment_date"] = last_open_day(portals.urls[ITEM], CODES["网点"][raw["bank"]["branch"]])
    bank = clean_portals[ITEM]
    _, mapped, _, codes = book(portals.urls[ITEM], bank, bundle, application(bundle, raw, used_fields), tmp_path)
    [stored] = bank.submissions()
    assert len(mapped["受益所有人"]) == 2
    assert stored["payload"] == {**expected_payload(mapped), "smsVrfCd": codes[0]}
