"""Server-side checks of the 参保登记 form, with the bureau's own messages.

The page checks only that fields are filled and their lengths; the ID check digit, the
registry (code and name), the 工伤风险类别 against the industry and the 生育/医疗 pairing
are checked here only.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from demo.core import Company, idcard, uscc
from demo.hrss import codes, industry, regions
from demo.hrss.fields import FIELDS, INSURANCE, Field, date_name

_FORMATS = {
    "mobile": (re.compile(r"^1[3-9]\d{9}$"), "手机号码格式不正确"),
    "postcode": (re.compile(r"^\d{6}$"), "邮政编码应为6位数字"),
    "phone": (re.compile(r"^(0\d{2,3}-?\d{7,8}|1[3-9]\d{9})$"), "单位电话格式不正确（如 0596-2345678）"),
}


def id_number_ok(value: str) -> bool:
    """GB 11643: 17 digits + check char, and a real birth date."""
    return idcard.is_valid(value)


def _text(form: dict[str, Any], name: str) -> str:
    value = form.get(name, "")
    return (value[-1] if isinstance(value, list) and value else str(value or "")).strip()


def _field(f: Field, value: str) -> str:
    if not value:
        return f"请选择{f.label}" if f.kind in ("select", "tree", "cascader") else f"{f.label}不能为空"
    if len(value) > f.max_len:
        return f"{f.label}不能超过{f.max_len}个字符"
    if f.kind == "select" and value not in f.options:
        return f"{f.label}代码无效"
    if f.kind == "tree" and value not in industry.LEAVES:
        return "行业须选择到小类"
    if f.kind == "cascader" and value not in regions.districts():
        return "所在区划须选择到区（县）"
    if f.kind == "risk" and value not in codes.RISK_CLASSES:
        return "工伤风险类别无效"
    if f.check == "uscc" and not uscc.is_valid(value.upper()):
        return "统一社会信用代码格式不正确"
    if f.check == "id" and not id_number_ok(value.upper()):
        return "证件号码不是有效的居民身份证号码"
    if f.check in _FORMATS and not _FORMATS[f.check][0].match(value):
        return _FORMATS[f.check][1]
    return ""


def _insurances(form: dict[str, Any]) -> dict[str, str]:
    raw = form.get(INSURANCE, [])
    ticked = raw if isinstance(raw, list) else [raw]
    errors: dict[str, str] = {}
    if not ticked:
        return {INSURANCE: "请至少选择一个参保险种"}
    for code, label in codes.AAE140.items():
        when = _text(form, date_name(code))
        if code not in ticked:
            if when:
                errors[date_name(code)] = f"未勾选{label}，不能填写参保日期"
            continue
        if not when:
            errors[date_name(code)] = f"请填写{label}参保日期"
            continue
        try:
            date.fromisoformat(when)
        except ValueError:
            errors[date_name(code)] = "参保日期格式不正确"
    if any(code not in codes.AAE140 for code in ticked):
        errors[INSURANCE] = "参保险种代码无效"
    elif "510" in ticked and "310" not in ticked:
        errors[INSURANCE] = "生育保险须与职工基本医疗保险同时参保"
    return errors


def check(form: dict[str, Any], account: str, company: Company | None) -> dict[str, str]:
    """Every problem of the posted form, by input name. ``company``: the registry entry of
    the posted 统一社会信用代码 (None if unknown)."""
    errors = {f.name: msg for f in FIELDS if (msg := _field(f, _text(form, f.name)))}
    if "aab998" not in errors:
        code = _text(form, "aab998").upper()
        if company is None:
            errors["aab998"] = "该统一社会信用代码未在登记机关登记，不能办理参保登记"
        elif code != account:
            errors["aab998"] = "统一社会信用代码与登录单位不一致"
        elif "aab004" not in errors and _text(form, "aab004") != company.name:
            errors["aab004"] = "单位名称与登记机关登记的名称不一致"
    leaf = industry.LEAVES.get(_text(form, "aab022"))
    if leaf and "aab155" not in errors and _text(form, "aab155") != leaf.risk:
        errors["aab155"] = f"工伤风险类别与所选行业不符（应为{leaf.risk}）"
    errors.update(_insurances(form))
    return errors
