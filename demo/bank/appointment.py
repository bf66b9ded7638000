"""Server-side validation of an appointment as posted by the SPA, with the bank's messages.

Errors are keyed by the portal's input names (``bnfcOwnShrPct.1`` for a row's field),
so the page can show each message beside its field. The SMS code is checked last, by the
route, so that a form with other mistakes does not burn the applicant's code.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from demo.bank import checks, schedule
from demo.bank.codes import ACCOUNT_TYPES, BASIC_ACCOUNT, BRANCHES, CITIES, CNY, CURRENCIES, SLOTS
from demo.core import Company, Portal, uscc

# The input names, in the order of the page (the bot's recipe needs them too).
OWNER_FIELDS = ("bnfcOwnNm", "bnfcOwnCrdtNo", "bnfcOwnShrPct")
PEOPLE = {"lglRpr": "法定代表人", "agnt": "经办人"}
PENDING = "预约成功"


@dataclass(frozen=True)
class Appointment:
    """A valid appointment: what the route needs to store and book it."""

    company: Company
    branch: str
    day: date
    slot: str
    mobile: str


def as_list(value: Any) -> list[str]:
    """A repeated input as a list (one row posts a string, none posts nothing)."""
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def text(payload: dict[str, Any], name: str) -> str:
    value = payload.get(name, "")
    return value.strip() if isinstance(value, str) else ""


def _company(portal: Portal, payload: dict[str, Any], errors: dict[str, str]) -> Company | None:
    name, code = text(payload, "corpNm"), text(payload, "uniSocCrCd").upper()
    if not name:
        errors["corpNm"] = "请输入企业名称"
    if not code:
        errors["uniSocCrCd"] = "请输入统一社会信用代码"
        return None
    if not uscc.is_valid(code):
        errors["uniSocCrCd"] = "统一社会信用代码格式不正确，请核对后重新输入"
        return None
    company = portal.company(code)
    if company is None:
        errors["uniSocCrCd"] = "未查询到该统一社会信用代码的工商登记信息，请核实后再预约"
        return None
    if name and name != company.name:
        errors["corpNm"] = "企业名称与工商登记信息不一致"
    return company


def _account(payload: dict[str, Any], errors: dict[str, str]) -> None:
    if not text(payload, "regAddr"):
        errors["regAddr"] = "请输入注册地址"
    elif len(text(payload, "regAddr")) > 100:
        errors["regAddr"] = "注册地址不能超过100个字"
    kind, currency = text(payload, "acctTp"), text(payload, "ccyCd")
    if kind not in ACCOUNT_TYPES:
        errors["acctTp"] = "请选择账户类型"
    if currency not in CURRENCIES:
        errors["ccyCd"] = "请选择币种"
    elif kind == BASIC_ACCOUNT and currency != CNY:
        errors["ccyCd"] = "基本存款账户仅可开立人民币账户"


def _slot(portal: Portal, payload: dict[str, Any], errors: dict[str, str]) -> tuple[str, date, str] | None:
    city, branch = text(payload, "cityCd"), text(payload, "brchNo")
    if city not in CITIES:
        errors["cityCd"] = "请选择城市"
    known = {b.code: b for b in BRANCHES}
    if branch not in known:
        errors["brchNo"] = "请选择开户网点"
        return None
    if known[branch].city != city:
        errors["brchNo"] = "所选网点不属于该城市，请重新选择"
        return None
    day = schedule.parse_day(text(payload, "apptDt"))
    if day is None:
        errors["apptDt"] = "请选择预约日期"
        return None
    status = schedule.day_status(portal, branch, day)
    message = {
        "past": "预约日期须从明天起，请重新选择",
        "closed": f"仅可预约{schedule.WINDOW_DAYS}天内的日期",
        "weekend": "所选日期为非营业日，请重新选择",
        "full": "所选日期该网点已约满，请选择其他日期",
    }.get(status)
    if message:
        errors["apptDt"] = message
        return None
    slot = text(payload, "apptTmSlot")
    if slot not in SLOTS:
        errors["apptTmSlot"] = "请选择预约时段"
        return None
    if schedule.slots_left(portal, branch, day)[slot] <= 0:
        errors["apptTmSlot"] = "该时段已约满，请选择其他时段"
        return None
    return branch, day, slot


def _people(payload: dict[str, Any], errors: dict[str, str]) -> None:
    for prefix, role in PEOPLE.items():
        if not text(payload, prefix + "Nm"):
            errors[prefix + "Nm"] = f"请输入{role}姓名"
        elif not checks.person_name_ok(text(payload, prefix + "Nm")):
            errors[prefix + "Nm"] = f"{role}姓名格式不正确"
        if not text(payload, prefix + "CrdtNo"):
            errors[prefix + "CrdtNo"] = f"请输入{role}证件号码"
        elif not checks.id_number_ok(text(payload, prefix + "CrdtNo")):
            errors[prefix + "CrdtNo"] = f"{role}证件号码格式不正确"
        if not text(payload, prefix + "MblNo"):
            errors[prefix + "MblNo"] = f"请输入{role}手机号码"
        elif not checks.mobile_ok(text(payload, prefix + "MblNo")):
            errors[prefix + "MblNo"] = f"{role}手机号码格式不正确"


def _owners(payload: dict[str, Any], errors: dict[str, str]) -> None:
    names, ids, ratios = (as_list(payload.get(f)) for f in OWNER_FIELDS)
    rows = max(len(names), len(ids), len(ratios))
    if rows == 0:
        errors["bnfcOwn"] = "请至少填写一名受益所有人（持股25%及以上的自然人）"
        return
    if not len(names) == len(ids) == len(ratios):
        errors["bnfcOwn"] = "受益所有人信息不完整"
        return
    total = Decimal(0)
    for i, (name, id_no, share) in enumerate(zip(names, ids, ratios, strict=True)):
        if not checks.person_name_ok(name):
            errors[f"bnfcOwnNm.{i}"] = "请输入受益所有人姓名" if not name.strip() else "受益所有人姓名格式不正确"
        if not checks.id_number_ok(id_no):
            errors[f"bnfcOwnCrdtNo.{i}"] = "请输入证件号码" if not id_no.strip() else "受益所有人证件号码格式不正确"
        value = checks.ratio(share)
        if value is None:
            errors[f"bnfcOwnShrPct.{i}"] = "持股比例须为0-100之间的数字，最多两位小数"
        else:
            total += value
    if total > 100:
        errors["bnfcOwn"] = "受益所有人持股比例合计不能超过100%"


def validate(portal: Portal, payload: dict[str, Any]) -> tuple[Appointment | None, dict[str, str]]:
    """The appointment if every rule holds, else the errors by input name."""
    errors: dict[str, str] = {}
    company = _company(portal, payload, errors)
    _account(payload, errors)
    picked = _slot(portal, payload, errors)
    _people(payload, errors)
    if company is not None and "lglRprNm" not in errors and text(payload, "lglRprNm") != company.legal_rep:
        errors["lglRprNm"] = "法定代表人姓名与工商登记信息不一致"
    _owners(payload, errors)
    if company is not None and not errors:
        taken = portal.store.list_submissions(query=company.uscc, status=PENDING)
        if taken:
            errors["uniSocCrCd"] = f"该企业已有待办理的开户预约（预约编号 {taken[0].receipt_no}），请勿重复预约"
    if errors or company is None or picked is None:
        return None, errors
    branch, day, slot = picked
    return Appointment(company, branch, day, slot, text(payload, "lglRprMblNo")), errors
