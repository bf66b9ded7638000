"""办件详情: a stored 企业设立登记 as a person reads it, and the fields the portal requires.

Keyed like the page: each section's title (card header, collapse title, tab), then the field's label; the
股东 table is a list of rows keyed by column header. Values as the widgets display them: option labels (not
the posted codes), a cascader's path as a list of labels, dates in the pickers' default formats, a switch
as true/false, a slider as its number, an upload as the file's own name.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from demo.core import Submission, Upload
from demo.kits.choices import Tree, paths
from demo.kits.elplus import options as o
from demo.kits.elplus.countries import COUNTRIES

Shown = Callable[[Any, Sequence[Upload]], Any]


def text(value: Any, _: Sequence[Upload] = ()) -> str:
    return "" if value is None else str(value)


def number(value: Any, _: Sequence[Upload] = ()) -> str:
    """el-input-number shows an integer without decimals."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return text(value)


def label(codes: dict[str, str]) -> Shown:
    def shown_label(value: Any, _: Sequence[Upload] = ()) -> str:
        return codes.get(text(value), text(value))

    return shown_label


def labels(codes: dict[str, str], *, in_order_of_options: bool = False) -> Shown:
    """Tags show in the order chosen; checkboxes and a transfer's right list in the options' order."""

    def shown_labels(value: Any, _: Sequence[Upload] = ()) -> list[str]:
        chosen = [text(v) for v in value or []]
        if in_order_of_options:
            chosen = [code for code in codes if code in chosen]
        return [codes.get(code, code) for code in chosen]

    return shown_labels


def path(tree: Tree) -> Shown:
    found = paths(tree)

    def shown_path(value: Any, _: Sequence[Upload] = ()) -> list[str]:
        return found.get(text(value[-1]), []) if isinstance(value, list) and value else []

    return shown_path


def leaf(tree: Tree) -> Shown:
    found = paths(tree)

    def shown_leaf(value: Any, _: Sequence[Upload] = ()) -> str:
        return (found.get(text(value)) or [""])[-1]

    return shown_leaf


def dates(value: Any, _: Sequence[Upload] = ()) -> list[str]:
    return [text(v) for v in value] if isinstance(value, list) else []


def switch(value: Any, _: Sequence[Upload] = ()) -> bool:
    return value is True


def slider(value: Any, _: Sequence[Upload] = ()) -> int:
    return int(value) if isinstance(value, int | float) else 0


def file_name(value: Any, uploads: Sequence[Upload]) -> str:
    ids = [str(f.get("id")) for f in value or [] if isinstance(f, dict)]
    return next((u.filename for u in uploads if str(u.id) in ids), "")


# section title → field label → (payload key, how it is shown)
SECTIONS: dict[str, dict[str, tuple[str, Shown]]] = {
    "企业基本信息": {
        "企业名称": ("qymc", text),
        "企业类型": ("qylx", label(o.COMPANY_TYPES)),
        "注册资本（万元）": ("zczb", number),
        "住所": ("zs", path(o.REGIONS)),
        "详细地址": ("xxdz", text),
        "行业分类": ("hyfl", leaf(o.INDUSTRIES)),
        "登记机关": ("djjg", label(o.AUTHORITIES)),
        "经营范围": ("jyfw", labels(o.SCOPES)),
    },
    "法定代表人": {
        "姓名": ("xm", text),
        "国籍（地区）": ("gj", label(COUNTRIES)),
        "证件类型": ("zjlx", label(o.ID_TYPES)),
        "证件号码": ("zjhm", text),
        "出生日期": ("csrq", text),
        "移动电话": ("lxdh", text),
    },
    "经营信息": {
        "开业日期": ("kyrq", text),
        "营业期限": ("yyqx", dates),
        "执照领取时间": ("lzsj", text),
        "每日营业开始时间": ("yykssj", text),
        "经营方式": ("jyfs", labels(o.TRADE_MODES, in_order_of_options=True)),
        "从业人数": ("cyrs", slider),
        "申领发票": ("slfp", switch),
    },
    "银行与税务": {
        "开户银行": ("khyh", text),
        "开户网点": ("khwd", label(o.BRANCHES)),
        "纳税人类型": ("nslx", label(o.TAXPAYER_KINDS)),
        "首个会计年度": ("kjnd", text),
        "首次申报所属期": ("sbyf", text),
    },
    "补充材料": {
        "住所使用证明": ("zssyzm", file_name),
        "备注": ("bz", text),
    },
    "社保登记": {
        "参保险种": ("cbxz", labels(o.INSURANCES, in_order_of_options=True)),
        "社保经办人": ("sbjbr", text),
    },
    "公积金登记": {
        "单位缴存比例": ("jcbl", label(o.DEPOSIT_RATES)),
        "每月缴存日": ("jcr", number),
    },
}

HOLDERS = "股东信息"  # the card holding the 股东 table: a list of rows keyed by column header
HOLDER_COLUMNS: dict[str, tuple[str, Shown]] = {
    "股东名称": ("mc", text),
    "证件类型": ("zjlx", label(o.HOLDER_ID_TYPES)),
    "认缴出资额（万元）": ("cze", number),
    "出资方式": ("czfs", label(o.CONTRIBUTIONS)),
}

# payload key → label of the fields the form's rules require (the server checks them again)
REQUIRED: dict[str, str] = {
    "qymc": "企业名称",
    "qylx": "企业类型",
    "zczb": "注册资本（万元）",
    "zs": "住所",
    "xxdz": "详细地址",
    "hyfl": "行业分类",
    "djjg": "登记机关",
    "jyfw": "经营范围",
    "xm": "姓名",
    "zjlx": "证件类型",
    "zjhm": "证件号码",
    "kyrq": "开业日期",
    "yyqx": "营业期限",
    "khwd": "开户网点",
    "nslx": "纳税人类型",
    "cbxz": "参保险种",
}


def missing(payload: dict[str, Any]) -> list[str]:
    """The labels of the required fields the payload leaves empty."""
    return [name for key, name in REQUIRED.items() if payload.get(key) in (None, "", [], {})]


def shown(submission: Submission, uploads: Sequence[Upload]) -> dict[str, Any]:
    """The filing as its 办件详情 page shows it (see the module docstring)."""
    p = submission.payload
    result: dict[str, Any] = {
        title: {name: show(p.get(key), uploads) for name, (key, show) in fields.items()}
        for title, fields in SECTIONS.items()
    }
    rows = p.get("gd")
    rows = rows if isinstance(rows, list) else []
    result[HOLDERS] = [
        {header: show(row.get(key), uploads) for header, (key, show) in HOLDER_COLUMNS.items()}
        for row in rows
        if isinstance(row, dict)
    ]
    return result
