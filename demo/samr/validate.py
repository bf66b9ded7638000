"""Server-side rules of each wizard step, with the portal's own messages.

``check(step, payload, draft)`` returns ``{input name: message}`` (empty when the step is
valid). ``draft`` holds the other steps' payloads, for the rules that span steps
(注册资本 = Σ 认缴出资额, 自然人独资 = one shareholder).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal

from demo.core import idcard
from demo.samr import codes
from demo.samr.fields import Payload, decimal, integer, investors, text, texts
from demo.samr.regions import DISTRICTS, REGION_NAMES
from demo.samr.scopes import MAX_SCOPES, SCOPE_SET

Errors = dict[str, str]
Draft = dict[int, Payload]

_HANZI = re.compile(r"^[\u4e00-\u9fa5]+$")
_PERSON = re.compile(r"^[\u4e00-\u9fa5·]{2,30}$")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_PHONE = re.compile(r"^(0\d{2,3}-?\d{7,8}|1[3-9]\d{9})$")
_POSTCODE = re.compile(r"^\d{6}$")
_EMAIL = re.compile(r"^[\w.+-]+@[\w-]+(\.[\w-]+)+$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _name(errors: Errors, p: Payload, key: str, what: str) -> None:
    value = text(p, key)
    if not value:
        errors[key] = f"请填写{what}姓名"
    elif not _PERSON.match(value):
        errors[key] = f"{what}姓名应为2至30个汉字"


def _id(errors: Errors, p: Payload, key: str, what: str, cer_type: str = codes.RESIDENT_ID) -> None:
    value = text(p, key)
    if not value:
        errors[key] = f"请填写{what}证件号码"
    elif cer_type == codes.RESIDENT_ID and not idcard.is_valid(value):
        errors[key] = "证件号码不符合居民身份证编码规则（GB 11643），请核对出生日期和校验位"
    elif cer_type != codes.RESIDENT_ID and not re.match(r"^[A-Za-z0-9]{6,20}$", value):
        errors[key] = "证件号码格式不正确"


def _mobile(errors: Errors, p: Payload, key: str, what: str) -> None:
    value = text(p, key)
    if not value:
        errors[key] = f"请填写{what}移动电话"
    elif not _MOBILE.match(value):
        errors[key] = "移动电话应为11位手机号码"


def _email(errors: Errors, p: Payload, key: str, *, required: bool) -> None:
    value = text(p, key)
    if not value:
        if required:
            errors[key] = "请填写电子邮箱"
    elif not _EMAIL.match(value):
        errors[key] = "电子邮箱格式不正确"


def step_name(p: Payload, draft: Draft) -> Errors:
    """名称: the name must be 行政区划 + 字号 + 行业表述 + 组织形式, ending 有限(责任)公司."""
    errors: Errors = {}
    name, region, trade, phrase, form = (
        text(p, k) for k in ("entName", "nameDistrict", "entTra", "tradeTerm", "orgForm")
    )
    if not region:
        errors["nameDistrict"] = "请填写名称中的行政区划"
    elif region not in REGION_NAMES:
        errors["nameDistrict"] = "行政区划应为省、市或区（县）的规范名称，如“漳州市”"
    if not trade:
        errors["entTra"] = "请填写字号"
    elif not (_HANZI.match(trade) and 2 <= len(trade) <= 8):
        errors["entTra"] = "字号应为2至8个汉字"
    if not phrase:
        errors["tradeTerm"] = "请填写行业表述"
    elif not (_HANZI.match(phrase) and 2 <= len(phrase) <= 12):
        errors["tradeTerm"] = "行业表述应为2至12个汉字"
    if form not in codes.ORG_FORMS:
        errors["orgForm"] = "请选择组织形式"
    elif form not in codes.LLC_ORG_FORMS:
        errors["orgForm"] = "本事项仅受理有限责任公司，组织形式应为“有限公司”或“有限责任公司”"
    if not name:
        errors["entName"] = "请填写企业名称"
    elif not name.endswith(codes.LLC_ORG_FORMS):
        errors["entName"] = "企业名称应以“有限公司”或“有限责任公司”结尾"
    elif not errors and name != region + trade + phrase + form:
        errors["entName"] = "企业名称应由“行政区划+字号+行业表述+组织形式”依次组成，与所填各项不一致"
    return errors


def step_basic(p: Payload, draft: Draft) -> Errors:
    """基本信息."""
    errors: Errors = {}
    if text(p, "entType") not in codes.ENT_TYPES:
        errors["entType"] = "请选择企业类型"
    if text(p, "domAreaCode") not in DISTRICTS:
        errors["domAreaCode"] = "请选择住所所在的省、市、区（县）"
    detail = text(p, "domDetail")
    if len(detail) < 4:
        errors["domDetail"] = "请填写详细地址（街道、门牌号等，不少于4个字）"
    if text(p, "proLocSame") != "1" and len(text(p, "proLoc")) < 6:
        errors["proLoc"] = "生产经营地与住所不同的，请填写生产经营地址"
    if not _POSTCODE.match(text(p, "postalCode")):
        errors["postalCode"] = "邮政编码应为6位数字"
    if not _PHONE.match(text(p, "tel")):
        errors["tel"] = "联系电话应为固定电话（区号-号码）或11位手机号码"
    capital = decimal(text(p, "regCap"))
    if capital is None or capital <= 0:
        errors["regCap"] = "注册资本应为大于0的数字，最多4位小数"
    term = text(p, "opTermType")
    if term not in (codes.TERM_LONG, codes.TERM_YEARS):
        errors["opTermType"] = "请选择经营期限"
    elif term == codes.TERM_YEARS:
        years = integer(text(p, "opTermYears"))
        if years is None or not 1 <= years <= 50:
            errors["opTermYears"] = "经营期限年数应为1至50之间的整数"
    scopes = texts(p, "busScope")
    if not scopes:
        errors["busScope"] = "请至少选择一项经营范围"
    elif len(scopes) > MAX_SCOPES:
        errors["busScope"] = f"经营范围最多选择{MAX_SCOPES}项"
    elif any(s not in SCOPE_SET for s in scopes):
        errors["busScope"] = "经营范围须从规范表述目录中选择"
    elif len(set(scopes)) != len(scopes):
        errors["busScope"] = "经营范围有重复项"
    employees = integer(text(p, "empNum"))
    if employees is None or not 1 <= employees <= 100000:
        errors["empNum"] = "从业人数应为1至100000之间的整数"
    copies = integer(text(p, "copyNum"))
    if copies is None or not 0 <= copies <= 10:
        errors["copyNum"] = "执照副本数应为0至10之间的整数"
    return errors


def step_investors(p: Payload, draft: Draft) -> Errors:
    """股东（发起人）: ≥ 1 row, valid rows, Σ 认缴出资额 = 注册资本."""
    errors: Errors = {}
    rows = investors(p)
    if not rows:
        return {"investors": "请至少添加一名股东（发起人）"}
    total = Decimal(0)
    today = date.today()
    latest = today.replace(year=today.year + 5) if (today.month, today.day) != (2, 29) else date(today.year + 5, 2, 28)
    seen: set[str] = set()
    for row in rows:
        key = f"investors[{row.index}]."
        if not _PERSON.match(row.get("invName")):
            errors[key + "invName"] = "股东名称应为2至30个汉字" if row.get("invName") else "请填写股东名称"
        cer_type = row.get("invCerType")
        if cer_type not in codes.CER_TYPES:
            errors[key + "invCerType"] = "请选择证件类型"
        _id(errors, {key + "invCerNo": row.get("invCerNo")}, key + "invCerNo", "股东", cer_type)
        if row.get("invCerNo").upper() in seen:
            errors[key + "invCerNo"] = "同一股东不得重复添加"
        seen.add(row.get("invCerNo").upper())
        amount = decimal(row.get("subConAm"))
        if amount is None or amount <= 0:
            errors[key + "subConAm"] = "认缴出资额应为大于0的数字，最多4位小数"
        else:
            total += amount
        if row.get("conForm") not in codes.CON_FORMS:
            errors[key + "conForm"] = "请选择出资方式"
        due = row.get("subConDate")
        if not _DATE.match(due):
            errors[key + "subConDate"] = "请选择认缴出资期限"
        elif due < today.isoformat():
            errors[key + "subConDate"] = "认缴出资期限不得早于今天"
        elif due > latest.isoformat():
            errors[key + "subConDate"] = "认缴出资期限不得晚于公司成立之日起五年"
    basic = draft.get(2, {})
    capital = decimal(text(basic, "regCap"))
    if not errors and capital is not None and total != capital:
        errors["investors"] = f"股东认缴出资额合计（{_amount(total)}万元）与注册资本（{_amount(capital)}万元）不一致"
    if not errors and text(basic, "entType") == codes.SOLE_PROPRIETOR_TYPE and len(rows) != 1:
        errors["investors"] = "企业类型为“有限责任公司（自然人独资）”的，股东只能有一名自然人"
    return errors


def step_people(p: Payload, draft: Draft) -> Errors:
    """主要人员: 法定代表人 (≥ 18), 监事 not 法定代表人 nor 经理."""
    errors: Errors = {}
    _name(errors, p, "lerepName", "法定代表人")
    if text(p, "lerepCerType") not in codes.CER_TYPES:
        errors["lerepCerType"] = "请选择证件类型"
    _id(errors, p, "lerepCerNo", "法定代表人", text(p, "lerepCerType"))
    resident = text(p, "lerepCerType") == codes.RESIDENT_ID
    if "lerepCerNo" not in errors and resident and idcard.age(text(p, "lerepCerNo")) < 18:
        errors["lerepCerNo"] = "法定代表人须年满18周岁"
    _mobile(errors, p, "lerepMobile", "法定代表人")
    _email(errors, p, "lerepEmail", required=False)
    if text(p, "lerepPosition") not in codes.POSITIONS:
        errors["lerepPosition"] = "请选择法定代表人职务"
    _name(errors, p, "supName", "监事")
    _id(errors, p, "supCerNo", "监事")
    _name(errors, p, "mgrName", "经理")
    _id(errors, p, "mgrCerNo", "经理")
    supervisor = text(p, "supCerNo").upper()
    if "supCerNo" not in errors and supervisor in (text(p, "lerepCerNo").upper(), text(p, "mgrCerNo").upper()):
        errors["supCerNo"] = "监事不得由董事、高级管理人员兼任（与法定代表人或经理为同一人）"
    return errors


def step_contacts(p: Payload, draft: Draft) -> Errors:
    """联络员与财务负责人."""
    errors: Errors = {}
    _name(errors, p, "liaName", "联络员")
    _id(errors, p, "liaCerNo", "联络员")
    _mobile(errors, p, "liaMobile", "联络员")
    _email(errors, p, "liaEmail", required=True)
    _name(errors, p, "fiName", "财务负责人")
    _id(errors, p, "fiCerNo", "财务负责人")
    _mobile(errors, p, "fiMobile", "财务负责人")
    people = draft.get(4, {})
    if "fiCerNo" not in errors and text(p, "fiCerNo").upper() == text(people, "supCerNo").upper():
        errors["fiCerNo"] = "财务负责人不得由监事兼任"
    return errors


def step_confirm(p: Payload, draft: Draft) -> Errors:
    """确认: 执照领取方式 (+ 收件地址 for 邮寄), 承诺书 ticked."""
    errors: Errors = {}
    way = text(p, "licenceWay")
    if way not in codes.LICENCE_WAYS:
        errors["licenceWay"] = "请选择执照领取方式"
    elif way == codes.LICENCE_MAIL and len(text(p, "mailAddr")) < 6:
        errors["mailAddr"] = "选择邮寄纸质执照的，请填写完整的收件地址"
    if text(p, "promise") != "1":
        errors["promise"] = "请完整阅读承诺书并勾选同意后再提交"
    return errors


def _amount(value: Decimal) -> str:
    return format(value.normalize(), "f")


CHECKS: dict[int, Callable[[Payload, Draft], Errors]] = {
    1: step_name,
    2: step_basic,
    3: step_investors,
    4: step_people,
    5: step_contacts,
    6: step_confirm,
}


def check(step: int, payload: Payload, draft: Draft) -> Errors:
    return CHECKS[step](payload, draft)
