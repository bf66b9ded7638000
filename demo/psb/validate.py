"""Server-side checks of a 印章刻制备案 form, with the seal system's own messages.

Errors are keyed by input name (seal rows by ``yz<column>-<row>``) so the page can show
each one beside its field. Some rules exist only here, never in the browser: the
registry check, name match, ID check digits, the district's shop list, 单位专用章 on 新刻.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from demo.core import Company, Portal, Upload, idcard, uscc
from demo.psb import attachments, codes, shops

_MOBILE = re.compile(r"1[3-9]\d{9}")
_LANDLINE = re.compile(r"0\d{2,3}-?\d{7,8}(-\d{1,6})?")
_NAME = re.compile(r"[\u4e00-\u9fa5·]{2,30}")
_SIZE = re.compile(r"[Φφ]?\d{2,3}(\.\d)?([×xX*]\d{2,3}(\.\d)?)?")

REQUIRED: dict[str, str] = {
    "dwmc": "请填写单位名称",
    "tyshxydm": "请填写统一社会信用代码",
    "dwdz": "请填写单位地址",
    "yzbm": "请填写邮政编码",
    "dwdh": "请填写单位电话",
    "fddbrxm": "请填写法定代表人姓名",
    "fddbrzjlx": "请选择法定代表人证件类型",
    "fddbrzjhm": "请填写法定代表人证件号码",
    "fddbrlxdh": "请填写法定代表人联系电话",
    "jbrxm": "请填写经办人姓名",
    "jbrzjhm": "请填写经办人证件号码",
    "jbrlxdh": "请填写经办人联系电话",
    "kzqymc": "请选择刻章企业",
    "kzyy": "请选择刻制原因",
}


def text(payload: dict[str, Any], name: str) -> str:
    value = payload.get(name, "")
    return value.strip() if isinstance(value, str) else ""


def rows(payload: dict[str, Any], name: str) -> list[str]:
    """A repeated input as a list (one row posts a plain string)."""
    value = payload.get(name)
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


@dataclass
class Checked:
    errors: dict[str, str] = field(default_factory=dict)
    company: Company | None = None
    shop: shops.Shop | None = None
    uploads: list[Upload] = field(default_factory=list)

    def add(self, name: str, message: str) -> None:
        self.errors.setdefault(name, message)


def check(portal: Portal, account: str, payload: dict[str, Any]) -> Checked:
    result = Checked()
    for name, message in REQUIRED.items():
        if not text(payload, name):
            result.add(name, message)
    _unit(portal, payload, result)
    _people(account, payload, result)
    _shop(portal, payload, result)
    _seals(payload, result)
    _attachments(portal, account, payload, result)
    return result


def _unit(portal: Portal, payload: dict[str, Any], result: Checked) -> None:
    code = text(payload, "tyshxydm").upper()
    if code and not uscc.is_valid(code):
        result.add("tyshxydm", "统一社会信用代码格式不正确（18位，校验位有误）")
    elif code:
        result.company = portal.company(code)
        if result.company is None:
            result.add("tyshxydm", "该统一社会信用代码未在市场监管部门登记，不能办理印章刻制备案")
        elif text(payload, "dwmc") and text(payload, "dwmc") != result.company.name:
            result.add("dwmc", "单位名称与市场监管部门登记信息不一致")
    if text(payload, "yzbm") and not re.fullmatch(r"\d{6}", text(payload, "yzbm")):
        result.add("yzbm", "邮政编码应为6位数字")
    phone = text(payload, "dwdh")
    if phone and not (_MOBILE.fullmatch(phone) or _LANDLINE.fullmatch(phone)):
        result.add("dwdh", "单位电话格式不正确，固定电话请加区号，如0596-2345678")


def _people(account: str, payload: dict[str, Any], result: Checked) -> None:
    for who in ("fddbr", "jbr"):
        name = text(payload, who + "xm")
        if name and not _NAME.fullmatch(name):
            result.add(who + "xm", "姓名应为2至30个汉字")
        mobile = text(payload, who + "lxdh")
        if mobile and not _MOBILE.fullmatch(mobile):
            result.add(who + "lxdh", "联系电话应为11位手机号码")
    id_type = text(payload, "fddbrzjlx")
    if id_type and id_type not in codes.ID_TYPES:
        result.add("fddbrzjlx", "证件类型不正确")
    number = text(payload, "fddbrzjhm")
    if number and id_type == codes.RESIDENT_ID and not idcard.is_valid(number):
        result.add("fddbrzjhm", "居民身份证号码校验不通过，请核对")
    number = text(payload, "jbrzjhm")
    if number and not idcard.is_valid(number):
        result.add("jbrzjhm", "居民身份证号码校验不通过，请核对")
    agent_mobile = text(payload, "jbrlxdh")
    if agent_mobile and _MOBILE.fullmatch(agent_mobile) and agent_mobile != account:
        result.add("jbrlxdh", "经办人联系电话须与登录手机号码一致")


def _shop(portal: Portal, payload: dict[str, Any], result: Checked) -> None:
    name = text(payload, "kzqymc")
    if not name:
        return
    district = shops.district_of(text(payload, "dwdz"), text(payload, "tyshxydm"))
    if district is None:
        result.add("kzqymc", "无法确定单位所属辖区，请核对单位地址")
        return
    shop = shops.find(portal, district, text(payload, "kzqybh"))
    if shop is None or shop.name != name:
        result.add("kzqymc", f"刻章企业须从{district.name}备案刻章企业中选择")
        return
    result.shop = shop


def _seals(payload: dict[str, Any], result: Checked) -> None:
    kinds, materials = rows(payload, "yzlx"), rows(payload, "yzcz")
    sizes, counts = rows(payload, "yzgg"), rows(payload, "yzsl")
    if not kinds:
        result.add("yz", "请至少添加一枚印章")
        return
    for i, kind in enumerate(kinds):
        material = materials[i] if i < len(materials) else ""
        size = sizes[i].strip() if i < len(sizes) else ""
        count = counts[i].strip() if i < len(counts) else ""
        if kind not in codes.SEAL_KINDS:
            result.add(f"yzlx-{i}", "请选择印章类型")
        if material not in codes.MATERIALS:
            result.add(f"yzcz-{i}", "请选择材质")
        if not size:
            result.add(f"yzgg-{i}", "请填写规格")
        elif not _SIZE.fullmatch(size):
            result.add(f"yzgg-{i}", "规格格式不正确，如Φ40或40×30")
        if not (count.isdigit() and 1 <= int(count) <= 5):
            result.add(f"yzsl-{i}", "数量应为1至5的整数")
    if kinds.count(codes.OFFICIAL_SEAL) > 1:
        result.add("yz", "单位专用章只能刻制一枚")
    elif text(payload, "kzyy") == codes.NEW_SEAL and codes.OFFICIAL_SEAL not in kinds:
        result.add("yz", "新刻印章须包含单位专用章")
    if text(payload, "kzyy") and text(payload, "kzyy") not in codes.REASONS:
        result.add("kzyy", "请选择刻制原因")


def _attachments(portal: Portal, account: str, payload: dict[str, Any], result: Checked) -> None:
    for name, label in codes.ATTACHMENTS.items():
        upload_id = text(payload, name)
        if not upload_id:
            result.add(name, f"请上传{label}")
            continue
        found = attachments.pending(portal, account, name, upload_id)
        if found is None:
            result.add(name, f"{label}附件已失效，请重新上传")
        else:
            result.uploads.append(found)
