"""办件详情: the stored 企业开办一表申请 as a person reads it, from its JSON payload.

Keyed like the page: each section's title (card header, collapse title, tab), then the field's label;
option codes shown as their labels, the 住所 as its path of labels, dates as the pickers show them,
the 股东 table as a list of rows keyed by column header, the upload by the file's original name.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from demo.core import Submission, Upload
from demo.kits.choices import labels
from demo.kits.elui import options as o

# payload key → what a missing value is reported as (the page's own rules say the same)
REQUIRED = {
    "qymc": "企业名称",
    "qylx": "企业类型",
    "zczb": "注册资本（万元）",
    "zsszd": "住所所在地",
    "djjg": "登记机关",
    "fddbr_xm": "法定代表人姓名",
    "fddbr_zjhm": "法定代表人证件号码",
    "gd": "股东（发起人）",
}

NUMBER: dict[str, str] = {}  # a number input: shown as its text (100, 12.5), as the input shows it
_AUTHORITIES = labels(o.AUTHORITIES, "id")
_REGIONS = labels(o.REGIONS)

# section title → field label → (payload key, its option labels or None for a value shown as stored)
SECTIONS: dict[str, dict[str, tuple[str, dict[str, str] | None]]] = {
    "企业基本信息": {
        "企业名称": ("qymc", None),
        "企业类型": ("qylx", o.ENTERPRISE_TYPES),
        "所属社区（居委会）": ("sssq", o.COMMUNITIES),
        "注册资本（万元）": ("zczb", NUMBER),
        "营业期限": ("yyqx", None),
        "经营范围": ("jyfw", None),
        "经营范围（标准条目）": ("jyfwtm", o.SCOPE_ITEMS),
        "住所所在地": ("zsszd", _REGIONS),
        "详细地址": ("xxdz", None),
        "登记机关": ("djjg", _AUTHORITIES),
        "委托代理机构": ("wtdljg", o.AGENCIES),
    },
    "法定代表人信息": {
        "姓名": ("fddbr_xm", None),
        "证件类型": ("fddbr_zjlx", o.ID_TYPES),
        "证件号码": ("fddbr_zjhm", None),
        "性别": ("fddbr_xb", o.SEXES),
        "出生日期": ("fddbr_csrq", None),
        "职务": ("fddbr_zw", o.POSITIONS),
        "联系电话": ("fddbr_lxdh", None),
    },
    "经营与税务信息": {
        "经营方式": ("jyfs", o.BUSINESS_MODES),
        "纳税人类型": ("nsrlx", o.TAXPAYER_KINDS),
        "设立分支机构": ("slfzjg", None),
        "从业人数": ("cyrs", None),
        "首次申报月份": ("scsbyf", None),
        "会计年度": ("kjnd", None),
        "预约办理时间": ("yyblsj", None),
        "每日营业开始时间": ("yykssj", None),
        "每日营业结束时间": ("yyjssj", None),
    },
    "同步办理事项": {"同步办理事项": ("tbsx", o.LINKED_ITEMS)},
}
# 股东（发起人） column header → (row key, its option labels or None)
SHAREHOLDER_COLUMNS: dict[str, tuple[str, dict[str, str] | None]] = {
    "股东名称": ("gdmc", None),
    "股东类型": ("gdlx", o.SHAREHOLDER_TYPES),
    "证件号码": ("zjhm", None),
    "认缴出资额（万元）": ("rjcze", NUMBER),
    "出资方式": ("czfs", o.CONTRIBUTION_MODES),
    "出资日期": ("czrq", None),
}


def _shown(value: Any, labels: dict[str, str] | None) -> Any:
    """A code as its label, a list item by item; numbers and booleans as they are, None as ""."""
    if isinstance(value, list):
        return [_shown(v, labels) for v in value]
    if value is None:
        return ""
    if labels is NUMBER:
        number = isinstance(value, int | float)
        return str(int(value)) if number and float(value).is_integer() else str(value)
    if labels is not None:
        return labels.get(str(value), str(value))
    return value


def shown(submission: Submission, uploads: Sequence[Upload]) -> dict[str, Any]:
    """The filing as its 办件详情 page shows it (see the module docstring)."""
    p = submission.payload
    out: dict[str, Any] = {
        title: {label: _shown(p.get(key), labels) for label, (key, labels) in fields.items()}
        for title, fields in SECTIONS.items()
    }
    out["股东（发起人）"] = [
        {header: _shown(row.get(key), labels) for header, (key, labels) in SHAREHOLDER_COLUMNS.items()}
        for row in p.get("gd") or []
    ]
    names = {u.id: u.filename for u in uploads}
    files = [names.get(int(f["id"]), "") for f in p.get("frsfzm") or [] if str(f.get("id", "")).isdigit()]
    out["附件材料"] = {"法定代表人身份证明": files[0] if len(files) == 1 else files}
    return out
