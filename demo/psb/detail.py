"""办件详情: a 印章刻制备案 as the seal system shows it to a person, from its stored payload.

Keyed like the form: each fieldset's legend, then the field's label (刻章企业 and 刻制原因
are fieldsets holding one control of the same name, so they are one key each); the 印章
table is a list of rows keyed by column header; each 附件 is the uploaded file's own name.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from demo.core import Submission, Upload
from demo.psb import codes
from demo.psb.validate import rows, text

# legend → (label → input name); selects are read through _SELECTS.
_GROUPS: dict[str, dict[str, str]] = {
    "单位信息": {
        "单位名称": "dwmc",
        "统一社会信用代码": "tyshxydm",
        "单位地址": "dwdz",
        "邮政编码": "yzbm",
        "单位电话": "dwdh",
    },
    "法定代表人": {"姓名": "fddbrxm", "证件类型": "fddbrzjlx", "证件号码": "fddbrzjhm", "联系电话": "fddbrlxdh"},
    "经办人": {"姓名": "jbrxm", "证件号码": "jbrzjhm", "联系电话": "jbrlxdh"},
}
_SELECTS: dict[str, dict[str, str]] = {"fddbrzjlx": codes.ID_TYPES}
# 印章 column header → (input name, its code list or None for text).
_SEAL_COLUMNS: dict[str, tuple[str, dict[str, str] | None]] = {
    "印章类型": ("yzlx", codes.SEAL_KINDS),
    "材质": ("yzcz", codes.MATERIALS),
    "规格（mm）": ("yzgg", None),
    "数量": ("yzsl", None),
}


def _value(p: dict[str, Any], name: str) -> str:
    value = text(p, name)
    return _SELECTS[name].get(value, value) if name in _SELECTS else value


def _cell(values: list[str], i: int, options: dict[str, str] | None) -> str:
    value = values[i].strip() if i < len(values) else ""
    return options.get(value, value) if options is not None else value


def _seals(p: dict[str, Any]) -> list[dict[str, str]]:
    columns = {header: (rows(p, name), options) for header, (name, options) in _SEAL_COLUMNS.items()}
    count = max(len(values) for values, _ in columns.values())
    return [{header: _cell(values, i, options) for header, (values, options) in columns.items()} for i in range(count)]


def _file_name(uploads: Sequence[Upload], upload_id: str) -> str:
    return next((u.filename for u in uploads if str(u.id) == upload_id), "")


def shown(submission: Submission, uploads: Sequence[Upload]) -> dict[str, Any]:
    """The filing as its 办件详情 page shows it (see the module docstring)."""
    p = submission.payload
    return {
        **{legend: {label: _value(p, name) for label, name in fields.items()} for legend, fields in _GROUPS.items()},
        "刻章企业": text(p, "kzqymc"),
        "印章": _seals(p),
        "刻制原因": codes.REASONS.get(text(p, "kzyy"), text(p, "kzyy")),
        "附件": {label: _file_name(uploads, text(p, name)) for name, label in codes.ATTACHMENTS.items()},
    }
