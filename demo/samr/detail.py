"""办件详情: a filing as the registration system shows it to a person, from its stored payload.

Keyed like the wizard: each step's title, then (where a step has several) the fieldset's
legend, then the field's label; codes become the labels the options show. Two controls
read as one, as step 6's summary shows them: 经营期限 is “长期” or “<n>年”; 住所 is the
cascader's three picks (省, 市, 区（县）).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from demo.core import Submission, Upload
from demo.samr import codes
from demo.samr.fields import Payload, investors, text, texts
from demo.samr.regions import DISTRICTS

# Steps 4 and 5: legend → (label → input name).
_PEOPLE: dict[str, dict[str, dict[str, str]]] = {
    "主要人员": {
        "法定代表人": {
            "姓名": "lerepName",
            "证件类型": "lerepCerType",
            "证件号码": "lerepCerNo",
            "移动电话": "lerepMobile",
            "电子邮箱": "lerepEmail",
            "职务": "lerepPosition",
        },
        "监事": {"姓名": "supName", "证件号码": "supCerNo"},
        "经理": {"姓名": "mgrName", "证件号码": "mgrCerNo"},
    },
    "联络员与财务负责人": {
        "联络员": {"姓名": "liaName", "证件号码": "liaCerNo", "移动电话": "liaMobile", "电子邮箱": "liaEmail"},
        "财务负责人": {"姓名": "fiName", "证件号码": "fiCerNo", "移动电话": "fiMobile"},
    },
}
_SELECTS: dict[str, dict[str, str]] = {"lerepCerType": codes.CER_TYPES, "lerepPosition": codes.POSITIONS}


def _label(options: dict[str, str], code: str) -> str:
    return options.get(code, code)


def _term(p: Payload) -> str:
    return "长期" if text(p, "opTermType") == codes.TERM_LONG else f"{text(p, 'opTermYears')}年"


def _people(p: Payload, legends: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    return {
        legend: {label: _label(_SELECTS.get(name, {}), text(p, name)) for label, name in fields.items()}
        for legend, fields in legends.items()
    }


def shown(submission: Submission, uploads: Sequence[Upload]) -> dict[str, Any]:
    """The filing as its 办件详情 page shows it (see the module docstring)."""
    p = submission.payload
    district = DISTRICTS.get(text(p, "domAreaCode"))
    return {
        "名称": {
            "行政区划": text(p, "nameDistrict"),
            "字号": text(p, "entTra"),
            "行业表述": text(p, "tradeTerm"),
            "组织形式": _label(codes.ORG_FORMS, text(p, "orgForm")),
            "企业名称": text(p, "entName"),
        },
        "基本信息": {
            "企业类型": _label(codes.ENT_TYPES, text(p, "entType")),
            "住所": district.names if district else [],
            "详细地址": text(p, "domDetail"),
            "生产经营地同住所": text(p, "proLocSame") == "1",
            "生产经营地址": text(p, "proLoc"),
            "邮政编码": text(p, "postalCode"),
            "联系电话": text(p, "tel"),
            "注册资本（万元）": text(p, "regCap"),
            "经营期限": _term(p),
            "经营范围": texts(p, "busScope"),
            "从业人数": text(p, "empNum"),
            "执照副本数": text(p, "copyNum"),
        },
        "股东（发起人）": [
            {
                "股东名称": row.get("invName"),
                "证件类型": _label(codes.CER_TYPES, row.get("invCerType")),
                "证件号码": row.get("invCerNo"),
                "认缴出资额（万元）": row.get("subConAm"),
                "出资方式": _label(codes.CON_FORMS, row.get("conForm")),
                "认缴出资期限": row.get("subConDate"),
            }
            for row in investors(p)
        ],
        **{step: _people(p, legends) for step, legends in _PEOPLE.items()},
        "确认": {
            "执照领取方式": _label(codes.LICENCE_WAYS, text(p, "licenceWay")),
            "收件地址": text(p, "mailAddr"),
            "承诺书": text(p, "promise") == "1",
        },
    }
