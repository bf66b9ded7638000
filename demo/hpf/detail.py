"""办件详情: a 单位缴存登记 as the fund centre shows it to a person, from its stored payload.

Keyed like the 登记表: each fieldset's legend, then the field's label. Selects show their
option label; 所属区划 its three selects' picks (省, 市, 区县); 首次缴存年月 as typed (YYYYMM).
The captcha (``yzm``) and the form's action (``czlx``) are not part of the filing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from demo.core import Submission, Upload
from demo.hpf import codes
from demo.hpf.validate import text

# legend → (label → input name); selects are read through _SELECTS.
_GROUPS: dict[str, dict[str, str]] = {
    "单位信息": {
        "单位名称": "dwmc",
        "统一社会信用代码": "tyshxydm",
        "邮政编码": "yzbm",
        "单位地址": "dwdz",
        "单位性质": "dwxz",
        "隶属关系": "lsgx",
    },
    "法定代表人": {"姓名": "frxm", "证件号码": "frzjhm"},
    "经办人": {"姓名": "jbrxm", "证件号码": "jbrzjhm", "移动电话": "jbrsj", "办公电话": "jbrbgdh", "电子邮箱": "jbryx"},
    "缴存信息": {
        "发薪日": "fxr",
        "首次缴存年月": "scjcny",
        "单位缴存比例（%）": "dwjcbl",
        "个人缴存比例（%）": "grjcbl",
        "缴存人数": "jcrs",
        "受托银行": "styh",
    },
}
_SELECTS: dict[str, dict[str, str]] = {"dwxz": codes.UNIT_KINDS, "lsgx": codes.AFFILIATIONS, "styh": codes.BANKS}


def _value(p: dict[str, Any], name: str) -> str:
    value = text(p, name)
    return _SELECTS[name].get(value, value) if name in _SELECTS else value


def _region(p: dict[str, Any]) -> list[str]:
    sheng, shi, qx = (text(p, name) for name in ("sheng", "shi", "qx"))
    picks = [codes.provinces().get(sheng), codes.cities(sheng).get(shi), codes.districts(sheng, shi).get(qx)]
    return [name for name in picks if name]


def shown(submission: Submission, uploads: Sequence[Upload]) -> dict[str, Any]:
    """The registration as its 办件详情 page shows it (see the module docstring)."""
    p = submission.payload
    view: dict[str, dict[str, Any]] = {
        legend: {label: _value(p, name) for label, name in fields.items()} for legend, fields in _GROUPS.items()
    }
    view["单位信息"]["所属区划"] = _region(p)
    return view
