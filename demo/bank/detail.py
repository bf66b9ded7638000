"""办件详情: an appointment as the bank shows it to a person, from its stored payload.

Keyed like the form: each fieldset's legend, then the field's label. Dropdowns show their
option label, 网点 the branch's name, 预约时段 the slot as its button reads; 受益所有人 is a
list of rows (受益所有人1, 2…) keyed by their labels. The SMS code is not part of the filing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from demo.bank.appointment import OWNER_FIELDS, as_list, text
from demo.bank.codes import ACCOUNT_TYPES, BRANCHES, CITIES, CURRENCIES, SLOTS
from demo.core import Submission, Upload

# legend → (label → input name); dropdowns are read through _OPTIONS.
_GROUPS: dict[str, dict[str, str]] = {
    "企业信息": {
        "企业名称": "corpNm",
        "统一社会信用代码": "uniSocCrCd",
        "注册地址": "regAddr",
        "账户类型": "acctTp",
        "币种": "ccyCd",
    },
    "开户网点": {"城市": "cityCd", "网点": "brchNo"},
    "预约信息": {"预约日期": "apptDt", "预约时段": "apptTmSlot"},
    "法定代表人": {"姓名": "lglRprNm", "证件号码": "lglRprCrdtNo", "手机号码": "lglRprMblNo"},
    "经办人": {"姓名": "agntNm", "证件号码": "agntCrdtNo", "手机号码": "agntMblNo"},
}
_OPTIONS: dict[str, dict[str, str]] = {
    "acctTp": ACCOUNT_TYPES,
    "ccyCd": CURRENCIES,
    "cityCd": CITIES,
    "brchNo": {b.code: b.name for b in BRANCHES},
    "apptTmSlot": SLOTS,
}
_OWNER_LABELS = dict(zip(OWNER_FIELDS, ("姓名", "证件号码", "持股比例"), strict=True))


def _value(p: dict[str, Any], name: str) -> str:
    value = text(p, name)
    return _OPTIONS[name].get(value, value) if name in _OPTIONS else value


def _owners(p: dict[str, Any]) -> list[dict[str, str]]:
    columns = {label: as_list(p.get(name)) for name, label in _OWNER_LABELS.items()}
    count = max(len(values) for values in columns.values())
    return [
        {label: values[i].strip() if i < len(values) else "" for label, values in columns.items()} for i in range(count)
    ]


def shown(submission: Submission, uploads: Sequence[Upload]) -> dict[str, Any]:
    """The appointment as its 办件详情 page shows it (see the module docstring)."""
    p = submission.payload
    return {
        **{legend: {label: _value(p, name) for label, name in fields.items()} for legend, fields in _GROUPS.items()},
        "受益所有人": _owners(p),
    }
