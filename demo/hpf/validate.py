"""Server-side checks of the 单位缴存登记 form. The old site has no checks in the browser:
every message comes back with the reloaded page, beside its field."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from demo.core import Company, Portal, idcard, uscc
from demo.hpf import codes

_MOBILE = re.compile(r"1[3-9]\d{9}")
_LANDLINE = re.compile(r"0\d{2,3}-?\d{7,8}(-\d{1,6})?")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_NAME = re.compile(r"[\u4e00-\u9fa5·]{2,30}")

REQUIRED: dict[str, str] = {
    "dwmc": "单位名称不能为空",
    "tyshxydm": "统一社会信用代码不能为空",
    "dwdz": "单位地址不能为空",
    "yzbm": "邮政编码不能为空",
    "dwxz": "请选择单位性质",
    "lsgx": "请选择隶属关系",
    "frxm": "法定代表人姓名不能为空",
    "frzjhm": "法定代表人证件号码不能为空",
    "jbrxm": "经办人姓名不能为空",
    "jbrzjhm": "经办人证件号码不能为空",
    "jbrsj": "经办人移动电话不能为空",
    "jbrbgdh": "经办人办公电话不能为空",
    "jbryx": "经办人电子邮箱不能为空",
    "fxr": "发薪日不能为空",
    "dwjcbl": "单位缴存比例不能为空",
    "grjcbl": "个人缴存比例不能为空",
    "scjcny": "首次缴存年月不能为空",
    "jcrs": "缴存人数不能为空",
    "styh": "请选择受托银行",
}
FIELDS = (*REQUIRED, "sheng", "shi", "qx")


def text(payload: dict[str, Any], name: str) -> str:
    value = payload.get(name, "")
    return value.strip() if isinstance(value, str) else ""


@dataclass
class Checked:
    errors: dict[str, str] = field(default_factory=dict)
    company: Company | None = None

    def add(self, name: str, message: str) -> None:
        self.errors.setdefault(name, message)


def check(portal: Portal, payload: dict[str, Any], today: date | None = None) -> Checked:
    result = Checked()
    for name, message in REQUIRED.items():
        if not text(payload, name):
            result.add(name, message)
    _unit(portal, payload, result)
    _people(payload, result)
    _deposit(payload, result, today or date.today())
    return result


def _unit(portal: Portal, payload: dict[str, Any], result: Checked) -> None:
    code = text(payload, "tyshxydm").upper()
    if code and not uscc.is_valid(code):
        result.add("tyshxydm", "统一社会信用代码不正确，请核对")
    elif code:
        result.company = portal.company(code)
        if result.company is None:
            result.add("tyshxydm", "未查询到该单位的工商登记信息，请先办理企业设立登记")
        elif text(payload, "dwmc") and text(payload, "dwmc") != result.company.name:
            result.add("dwmc", "单位名称与工商登记信息不符")
    if text(payload, "yzbm") and not re.fullmatch(r"\d{6}", text(payload, "yzbm")):
        result.add("yzbm", "邮政编码必须为6位数字")
    for name, options in (("dwxz", codes.UNIT_KINDS), ("lsgx", codes.AFFILIATIONS), ("styh", codes.BANKS)):
        if text(payload, name) and text(payload, name) not in options:
            result.add(name, "选项不正确，请重新选择")
    province, city, district = text(payload, "sheng"), text(payload, "shi"), text(payload, "qx")
    if province not in codes.provinces() or city not in codes.cities(province):
        result.add("qx", "请选择所属区划（省、市、区县）")
    elif district not in codes.districts(province, city):
        result.add("qx", "请选择所属区划的区县")


def _people(payload: dict[str, Any], result: Checked) -> None:
    for who in ("fr", "jbr"):
        name = text(payload, who + "xm")
        if name and not _NAME.fullmatch(name):
            result.add(who + "xm", "姓名须为2至30个汉字")
        number = text(payload, who + "zjhm")
        if number and not idcard.is_valid(number):
            result.add(who + "zjhm", "身份证号码不正确，请核对")
    if text(payload, "jbrsj") and not _MOBILE.fullmatch(text(payload, "jbrsj")):
        result.add("jbrsj", "移动电话必须为11位手机号码")
    if text(payload, "jbrbgdh") and not _LANDLINE.fullmatch(text(payload, "jbrbgdh")):
        result.add("jbrbgdh", "办公电话格式不正确（区号-号码）")
    if text(payload, "jbryx") and not _EMAIL.fullmatch(text(payload, "jbryx")):
        result.add("jbryx", "电子邮箱格式不正确")


def _integer(payload: dict[str, Any], name: str, low: int, high: int) -> int | None:
    value = text(payload, name)
    return int(value) if value.isdigit() and low <= int(value) <= high else None


def _deposit(payload: dict[str, Any], result: Checked, today: date) -> None:
    if text(payload, "fxr") and _integer(payload, "fxr", 1, 31) is None:
        result.add("fxr", "发薪日必须为1至31之间的整数")
    for name, label in (("dwjcbl", "单位"), ("grjcbl", "个人")):
        if text(payload, name) and _integer(payload, name, 5, 12) is None:
            result.add(name, f"{label}缴存比例必须为5至12之间的整数")
    if text(payload, "jcrs") and _integer(payload, "jcrs", 1, 99999) is None:
        result.add("jcrs", "缴存人数必须为大于0的整数")
    month = text(payload, "scjcny")
    if month and not re.fullmatch(r"\d{4}(0[1-9]|1[0-2])", month):
        result.add("scjcny", "首次缴存年月格式应为YYYYMM，如202507")
    elif month:
        offset = (int(month[:4]) - today.year) * 12 + int(month[4:]) - today.month
        if not -12 <= offset <= 12:
            result.add("scjcny", "首次缴存年月须在当前月份前后12个月以内")
