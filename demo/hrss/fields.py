"""The 单位参保登记 form: sections, labels and 金保工程 input names, declared once for the
page and the checks. 行业 and 所在区划 post codes from their widgets; 参保险种 posts one
``aae140`` per ticked insurance and its date as ``aae030_<险种代码>``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from demo.hrss import codes

Kind = Literal["text", "select", "tree", "risk", "cascader"]
Check = Literal["", "uscc", "id", "mobile", "postcode", "phone"]


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: Kind = "text"
    check: Check = ""
    options: dict[str, str] = field(default_factory=dict)
    max_len: int = 50
    wide: bool = False


@dataclass(frozen=True)
class Section:
    title: str
    fields: tuple[Field, ...]


SECTIONS: tuple[Section, ...] = (
    Section(
        "单位基本信息",
        (
            Field("aab004", "单位名称", max_len=100, wide=True),
            Field("aab998", "统一社会信用代码", check="uscc", max_len=18),
            Field("aab019", "单位类型", kind="select", options=codes.AAB019),
            Field("aab022", "行业", kind="tree", wide=True),
            Field("aab155", "工伤风险类别", kind="risk"),
            Field("aab021", "隶属关系", kind="select", options=codes.AAB021),
            Field("aab301", "所在区划", kind="cascader"),
            Field("aae006", "注册地址", max_len=100, wide=True),
            Field("bae006", "办公地址", max_len=100, wide=True),
            Field("aae007", "邮政编码", check="postcode", max_len=6),
            Field("aae005", "单位电话", check="phone", max_len=20),
        ),
    ),
    Section(
        "法定代表人",
        (
            Field("aab013", "姓名", max_len=30),
            Field("aab014", "证件号码", check="id", max_len=18),
            Field("aab015", "手机号码", check="mobile", max_len=11),
        ),
    ),
    Section(
        "社保专管员",
        (
            Field("aae004", "姓名", max_len=30),
            Field("bae004", "证件号码", check="id", max_len=18),
            Field("aae139", "手机号码", check="mobile", max_len=11),
            Field("bae010", "所在部门", max_len=30),
        ),
    ),
)

FIELDS: tuple[Field, ...] = tuple(f for s in SECTIONS for f in s.fields)
SECTION_OF: dict[str, str] = {f.name: s.title for s in SECTIONS for f in s.fields}
INSURANCE = "aae140"


def date_name(code: str) -> str:
    """The 参保日期 input of one insurance."""
    return f"aae030_{code}"
