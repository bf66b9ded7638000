"""Server-side checks of one wizard step, with the tax bureau's own messages.

The page checks only "filled in" and lengths; the check digit of an ID number, the caps
of a new taxpayer's invoice quota and the registry name are checked here only, as on the
real 电子税务局 (the error comes back after 下一步).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from demo.core import idcard
from demo.tax import codes
from demo.tax.fields import Field, Step

MOBILE = re.compile(r"^1[3-9]\d{9}$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def id_number_ok(value: str) -> bool:
    """GB 11643: 17 digits + check char, and a real birth date."""
    return idcard.is_valid(value)


def _values(raw: Any) -> list[str]:
    if isinstance(raw, list):
        return [str(v).strip() for v in raw if str(v).strip()]
    text = str(raw or "").strip()
    return [text] if text else []


def check_field(f: Field, raw: Any) -> str:
    """The error message for one field, or ''."""
    values = _values(raw)
    value = values[0] if values else ""
    if not values:
        if not f.required:
            return ""
        if f.kind == "multi":
            return f"请至少选择一种{f.label}"
        return f"请选择{f.label}" if f.kind in ("combo", "date") else f"请输入{f.label}"
    if f.kind in ("combo", "multi") and any(v not in f.options for v in values):
        return f"{f.label}的选项无效，请重新选择"
    if f.kind == "date":
        try:
            if not DATE.match(value):
                raise ValueError
            date.fromisoformat(value)
        except ValueError:
            return f"{f.label}日期格式不正确"
    if f.max_len and len(value) > f.max_len:
        return f"{f.label}不能超过{f.max_len}个字符"
    if f.check == "id" and not id_number_ok(value.upper()):
        return "身份证件号码不正确，请核对校验位和出生日期"
    if f.check == "mobile" and not MOBILE.match(value):
        return "移动电话应为11位手机号码"
    if f.check == "count" and not (value.isdigit() and int(value) > 0):
        return f"{f.label}应为正整数"
    return ""


def check_step(step: Step, form: dict[str, Any], taxpayer_name: str) -> dict[str, str]:
    """Every problem of the step's posted values, by input name."""
    errors = {f.name: msg for f in step.fields if (msg := check_field(f, form.get(f.name)))}
    if step.key == "djxx" and "nsrmc" not in errors and str(form.get("nsrmc", "")).strip() != taxpayer_name:
        errors["nsrmc"] = "纳税人名称与登记信息不一致"
    if step.key == "pzhd":
        limit = str(form.get("dfzgkpxe", ""))
        if "dfzgkpxe" not in errors and int(limit) > codes.NEW_TAXPAYER_MAX_LIMIT:
            errors["dfzgkpxe"] = "新办纳税人单份最高开票限额不得超过十万元"
        count = str(form.get("myzglysl", ""))
        if "myzglysl" not in errors and int(count) > codes.NEW_TAXPAYER_MAX_COUNT:
            errors["myzglysl"] = f"新办纳税人每月最高领用数量不得超过{codes.NEW_TAXPAYER_MAX_COUNT}份"
    return errors
