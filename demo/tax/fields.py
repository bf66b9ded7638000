"""The wizard's steps, sections and fields: one declaration drives the pages and the checks.

Why declared once: the label a page shows, the input name it posts and the rule the server
applies must not drift apart. Names are the tax bureau's pinyin initials (``nsrmc`` =
纳税人名称, ``cwfzr_xm`` = 财务负责人姓名 …).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from demo.tax import codes

Kind = Literal["text", "readonly", "combo", "multi", "date", "number"]
Check = Literal["", "id", "mobile", "count"]


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: Kind = "text"
    options: dict[str, str] = field(default_factory=dict)
    check: Check = ""
    required: bool = True
    wide: bool = False
    max_len: int = 0
    placeholder: str = ""


@dataclass(frozen=True)
class Section:
    title: str
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    sections: tuple[Section, ...]

    @property
    def fields(self) -> list[Field]:
        return [f for s in self.sections for f in s.fields]


def _person(prefix: str) -> tuple[Field, ...]:
    return (
        Field(f"{prefix}_xm", "姓名", max_len=30),
        Field(f"{prefix}_sfzjhm", "身份证件号码", check="id", max_len=18, placeholder="18位居民身份证号码"),
        Field(f"{prefix}_yddh", "移动电话", check="mobile", max_len=11),
    )


STEPS: tuple[Step, ...] = (
    Step(
        "djxx",
        "登记信息确认",
        (
            Section(
                "登记信息确认",
                (
                    Field("nsrmc", "纳税人名称", kind="readonly", wide=True),
                    Field("scjydz", "生产经营地址", wide=True, max_len=120),
                    Field("hsfs", "核算方式", kind="combo", options=codes.HSFS),
                    Field("cyrs", "从业人数", kind="number", check="count", max_len=6),
                ),
            ),
            Section("财务负责人", _person("cwfzr")),
            Section("办税人", _person("bsr")),
        ),
    ),
    Step(
        "cwkj",
        "财务会计制度备案",
        (
            Section(
                "财务会计制度备案",
                (
                    Field("kjzd", "会计制度", kind="combo", options=codes.KJZD),
                    Field("dzyhptxff", "低值易耗品摊销方法", kind="combo", options=codes.DZYHP),
                    Field("zjff", "折旧方法", kind="combo", options=codes.ZJFF),
                    Field("cbhsff", "成本核算方法", kind="combo", options=codes.CBHSFF),
                    Field("kjbbbsqx", "会计报表报送期限", kind="combo", options=codes.BBBSQX),
                    Field("yxqq", "有效期起", kind="date"),
                ),
            ),
        ),
    ),
    Step(
        "pzhd",
        "票种核定",
        (
            Section(
                "票种核定",
                (
                    Field("fpzl", "发票种类", kind="multi", options=codes.FPZL, wide=True),
                    Field("dfzgkpxe", "单份最高开票限额", kind="combo", options=codes.DFZGXE),
                    Field("myzglysl", "每月最高领用数量", kind="number", check="count", max_len=4),
                ),
            ),
            Section("领票人", _person("lpr")),
        ),
    ),
)

CONFIRM = Step("qrtj", "确认提交", ())
ALL_STEPS: tuple[Step, ...] = (*STEPS, CONFIRM)


def step(key: str) -> Step | None:
    return next((s for s in ALL_STEPS if s.key == key), None)


def step_index(key: str) -> int:
    return [s.key for s in ALL_STEPS].index(key)
