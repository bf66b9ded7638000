"""办件详情: the bed's filing as a person reads it, from its stored JSON payload.

Section title → field label → the value as displayed: option labels for codes, a cascader's path
as a list of labels, dates as posted (``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY``, ``YYYY-MM-DD HH:mm:ss``,
``HH:mm:ss``), numbers as typed (text), the slider's number, the switch true/false, the table as a
list of rows keyed by column header, the upload by the file's original name.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from demo.core import Submission, Upload
from demo.kits.antd import options as o

REQUIRED: dict[str, str] = {"qymc": "企业名称", "qylx": "企业类型", "zs": "住所", "clrq": "成立日期"}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _code(codes: dict[str, str]) -> Callable[[Any], str]:
    return lambda value: codes.get(_text(value), _text(value))


def _codes(codes: dict[str, str]) -> Callable[[Any], list[str]]:
    return lambda values: [codes.get(_text(v), _text(v)) for v in values or []]


def _range(value: Any) -> list[str]:
    return [_text(v) for v in value or []]


# section title → label → (payload key, how its value is shown)
SECTIONS: dict[str, dict[str, tuple[str, Callable[[Any], Any]]]] = {
    "企业基本信息": {
        "企业名称": ("qymc", _text),
        "企业类型": ("qylx", _code(o.COMPANY_TYPES)),
        "注册资本（万元）": ("zczb", _text),
        "住所": ("zs", lambda v: o.tree_path(o.REGIONS, [_text(c) for c in v or []])),
        "行业分类": ("hyfl", lambda v: o.tree_label(o.INDUSTRIES, _text(v)) or _text(v)),
        "经营范围": ("jyfw", _text),
        "成立日期": ("clrq", _text),
        "营业期限": ("yyqx", _range),
    },
    "经营信息": {
        "许可项目": ("xkxm", _codes(o.LICENCES)),
        "登记机关": ("djjg", _code(o.AUTHORITIES)),
        "主管税务机关": ("swjg", _code(o.TAX_OFFICES)),
        "投资人国籍（地区）": ("tzrgj", _code(o.COUNTRIES)),
        "开户银行": ("khyh", _code(o.BANKS)),
        "经营场所": ("jycs", _text),
        "核算方式": ("hsfs", _code(o.ACCOUNTING)),
        "经营方式": ("jyfs", _code(o.BUSINESS_MODES)),
        "同时办理事项": ("bljx", _codes(o.MATTERS)),
        "申领电子营业执照": ("dzzz", bool),
        "从业人数": ("cyrs", lambda v: v),
    },
    "办理时间": {
        "申报所属期": ("sbssq", _text),
        "会计年度": ("kjnd", _text),
        "预约办理时间": ("yysj", _text),
        "每日营业开始时间": ("yykssj", _text),
    },
    "联系人": {"联系人姓名": ("lxrxm", _text), "联系电话": ("lxdh", _text)},
    "信息共享": {"共享部门": ("gxbm", _codes(o.DEPARTMENTS))},
}
# 股东（发起人） column header → (row key, how its value is shown)
SHAREHOLDER_COLUMNS: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "股东名称": ("mc", _text),
    "证件类型": ("zjlx", _code(o.ID_TYPES)),
    "认缴出资额（万元）": ("cze", _text),
    "出资方式": ("czfs", _code(o.CONTRIBUTION)),
    "认缴出资期限": ("rjqx", _text),
}


def shown(submission: Submission, uploads: Sequence[Upload]) -> dict[str, Any]:
    """The filing as its 办件详情 page shows it (see the module docstring)."""
    p = submission.payload
    view: dict[str, Any] = {
        title: {label: show(p.get(key)) for label, (key, show) in fields.items()} for title, fields in SECTIONS.items()
    }
    view["股东（发起人）"] = [
        {header: show(row.get(key)) for header, (key, show) in SHAREHOLDER_COLUMNS.items()}
        for row in p.get("gd") or []
        if isinstance(row, dict)
    ]
    names = {u.id: u.filename for u in uploads}
    view["附件材料"] = {"法定代表人身份证件": "、".join(names.get(i, "") for i in p.get("sfzj") or [] if i in names)}
    return view
