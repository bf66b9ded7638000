"""Which field of the form (mappings/form.yaml) a portal's field is: by its label, its section, synonyms and type.

A portal names a person's fields in two ways: inside the person's section (证件号码 in 经办人信息) or with the
person in the label (法定代表人姓名). Either way the person is found first (a form section whose label, or an
alias of it, heads the portal's section or label), then the field by its label within that person's section;
fields of no person (企业名称, 经营范围) are looked for in the company's sections. Each guess has a confidence
in [0, 1]; below ``THRESHOLD`` it is left a TODO.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from bot.form.spec import FieldSpec, FormSpec, SectionSpec
from bot.inspect.model import Field

THRESHOLD = 0.7

# Words portals use for the form's labels (portal word → the form's word).
SYNONYMS = {
    "手机号码": "移动电话",
    "手机号": "移动电话",
    "联系手机": "移动电话",
    "身份证件号码": "证件号码",
    "身份证号码": "证件号码",
    "身份证号": "证件号码",
    "证件号": "证件号码",
    "身份证件类型": "证件类型",
    "纳税人名称": "企业名称",
    "单位名称": "企业名称",
    "公司名称": "企业名称",
    "名称": "企业名称",
    "注册地址": "住所",
    "住所地": "住所",
    "所在地区": "住所所在地",
    "职工人数": "从业人数",
    "员工人数": "从业人数",
    "邮箱": "电子邮箱",
    "电子邮件": "电子邮箱",
    "身份证明": "身份证扫描件",
    "身份证复印件": "身份证扫描件",
    "身份证扫描件": "身份证扫描件",
    "出资额": "认缴出资额（万元）",
    "认缴出资额": "认缴出资额（万元）",
    "出资期限": "认缴出资期限",
    "股东姓名": "股东名称",
    "注册资本": "注册资本（万元）",
    "行业": "所属行业",
    "行业分类": "所属行业",
    "所属行业分类": "所属行业",
    "开户网点": "开户网点",
    "开户银行": "开户网点",
    "邮编": "邮政编码",
    "单位地址": "住所",
    "企业地址": "住所",
    "单位电话": "联系电话",
    "企业电话": "联系电话",
    "所在区划": "住所所在地",
    "登记机关": "住所所在地",  # a company registers with the market regulator of its domicile's district
    "每月缴存日": "发薪日",  # the employer deposits the housing fund on payday
    "月缴存日": "发薪日",
    "所属区划": "住所所在地",
    "网点": "开户网点",
    "城市": "住所所在地",
    "所在城市": "住所所在地",
}
# Inside a person's section, words that name the person's own fields.
PERSON_SYNONYMS = {"联系电话": "移动电话", "电话": "移动电话", "联系方式": "移动电话", "电话号码": "移动电话"}
# The form's section labels as portals also write them.
SECTION_ALIASES = {
    "legal_rep": ("法定代表人", "法人代表", "法人"),
    "agent": ("经办人",),
    "liaison": ("联络员", "联系人"),
    "finance": ("财务负责人", "财务人员"),
    "tax_agent": ("办税人", "办税员"),
    "invoice_taker": ("领票人", "购票人"),
    "hr_officer": ("社保专管员", "社保经办人"),
    "supervisor": ("监事",),
    "manager": ("经理",),
    "shareholders": ("股东", "出资人", "发起人", "投资人"),
    "beneficial_owners": ("受益所有人",),
    "seals": ("印章",),
}
# Kinds of portal widget and the form types they fit (a miss costs confidence, not the match).
KIND_TYPES = {
    "upload": {"file"},
    "date": {"date"},
    "select": {"enum"},
    "radio": {"enum", "boolean"},
    "combobox": {"enum"},
    "choice-group": {"enum"},
    "checkbox": {"enum", "boolean"},
    "multi-select": {"enum"},
    "transfer": {"enum"},
    "tag-picker": {"enum"},
    "cascader": {"region"},
    "tree-select": {"enum"},
    "switch": {"boolean"},
    "number": {"integer", "decimal"},
    "slider": {"integer", "decimal"},
}


@dataclass(frozen=True)
class Guess:
    field: FieldSpec | None
    confidence: float
    why: str  # in Chinese, for the YAML comment

    @property
    def path(self) -> str:
        return self.field.path if self.field else ""


def _norm(text: str) -> str:
    return re.sub(r"[\s*＊:：]", "", text)


def _bare(text: str) -> str:
    """A label without its unit in brackets: 注册资本（万元） → 注册资本."""
    return re.sub(r"[（(][^）)]*[）)]$", "", _norm(text))


def _people(form: FormSpec) -> dict[str, tuple[str, ...]]:
    names = {}
    for section in form.sections.values():
        names[section.id] = tuple(dict.fromkeys((_norm(section.label), *SECTION_ALIASES.get(section.id, ()))))
    return names


def _person_in(text: str, people: dict[str, tuple[str, ...]]) -> tuple[str | None, str]:
    """The form section a text starts with or contains (the longest alias wins), and the text without it."""
    best: tuple[str | None, str, int] = (None, text, 0)
    for section, aliases in people.items():
        for alias in aliases:
            if alias and alias in text and len(alias) > best[2]:
                best = (section, text.replace(alias, "", 1), len(alias))
    return best[0], best[1]


def _similar(a: str, b: str) -> float:
    a, b = _norm(a), _norm(b)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    if _bare(a) == _bare(b):
        return 0.95
    if SYNONYMS.get(a) == b or SYNONYMS.get(_bare(a)) == b or SYNONYMS.get(a) == _bare(b):
        return 0.9
    ratio = difflib.SequenceMatcher(None, a, b).ratio()
    if a in b:  # the portal's word is part of the form's (住所 · 住所所在地), not the other way (经营范围补充说明)
        ratio = max(ratio, 0.75)
    return ratio


def _options_fit(portal: list[str] | None, spec: FieldSpec) -> float:
    if not portal or not spec.options:
        return 0.0
    labels = {_norm(o.label) for o in spec.options.values()}
    shared = sum(1 for p in portal if _norm(p) in labels)
    return shared / max(1, min(len(portal), len(labels)))


class Matcher:
    def __init__(self, form: FormSpec) -> None:
        self.form = form
        self.people = _people(form)
        self.company = [s for s in form.sections.values() if s.id not in SECTION_ALIASES and not s.table]

    def guess(self, field: Field, section: list[str] | None = None, table: str | None = None) -> Guess:
        """The form field a portal field (of a table of rows named ``table``: a column) most likely is."""
        label = _norm(field.label)
        context = [*(section if section is not None else field.section)]
        candidates: list[tuple[SectionSpec, float]] = [(s, 0.0) for s in self.company]
        if table is not None:
            candidates = self._tables(table)
        else:
            person, rest = _person_in(label, self.people)
            where = None
            for name in reversed(context):
                where, _ = _person_in(_norm(name), self.people)
                if where:
                    break
            if person and rest and not self.form.sections[person].table:
                candidates = [(self.form.sections[person], 0.05)]
                label = rest if len(rest) >= 2 else label
            elif person and not rest and not self.form.sections[person].table:  # the person alone (社保经办人): a name
                candidates = [(self.form.sections[person], 0.05)]
                label = "姓名"
            elif where and where not in SECTION_ALIASES:  # the company's own section (企业信息): a hint, not a fence
                candidates = [(s, 0.05 if s.id == where else 0.0) for s in self.company]
            elif where and not self.form.sections[where].table:
                candidates = [(self.form.sections[where], 0.05)]
            if candidates[0][1] and len(candidates) == 1:  # a person's section: its words for the person's fields
                label = PERSON_SYNONYMS.get(_bare(label), label)
        best = Guess(None, 0.0, "没有相近的简表字段")
        for section_spec, bonus in candidates:
            for spec in section_spec.fields.values():
                if spec.in_derived_table and table is None:
                    continue
                score = max(_similar(label, spec.label), _similar(field.label, spec.label)) + bonus
                fits = KIND_TYPES.get(field.kind)
                if fits is not None:
                    score += 0.1 if spec.type in fits else -0.15
                if field.kind in ("checkbox", "transfer", "multi-select", "tag-picker") and spec.multiple:
                    score += 0.05
                score += 0.2 * _options_fit(field.options, spec)
                if spec.kind == "derived" and score < 0.95:
                    score -= 0.02  # the applicant's own value before a derived one, all else equal
                if score > best.confidence:
                    best = Guess(spec, score, f"{section_spec.label}·{spec.label}")
        return Guess(best.field, round(min(best.confidence, 1.0), 2), best.why)

    def _tables(self, name: str) -> list[tuple[SectionSpec, float]]:
        scored = sorted(self._table_sections(), key=lambda s: -_table_fit(name, s))
        return [(scored[0], 0.0)] if scored else []

    def _table_sections(self) -> list[SectionSpec]:
        return [s for s in self.form.sections.values() if s.table]

    def table_for(self, name: str) -> SectionSpec | None:
        """The form's table a portal's section of that name repeats (股东（出资人）信息 → shareholders), if any."""
        best = max(self._table_sections(), key=lambda s: _table_fit(name, s), default=None)
        return best if best is not None and _table_fit(name, best) >= 0.8 else None


def _table_fit(name: str, section: SectionSpec) -> float:
    return max(_similar(name, section.label), _alias_hit(name, section.id))


def _alias_hit(name: str, section_id: str) -> float:
    return 0.9 if any(alias in name for alias in SECTION_ALIASES.get(section_id, ())) else 0.0


def options_map(portal: list[str] | None, spec: FieldSpec) -> dict[str, str] | None:
    """Each form code → the portal's option that names it (by label), when the portal shows other words than the
    form's labels; None when they are the same words (the mapping gives ``.label``) or nothing can be paired."""
    if not portal or not spec.options:
        return None
    pairs: dict[str, str] = {}

    def alike(shown: str, label: str) -> float:
        return max(_similar(shown, label), 0.75 if _norm(label) in _norm(shown) else 0.0)

    for code, option in spec.options.items():
        close = max(portal, key=lambda p: alike(p, option.label))
        if alike(close, option.label) >= THRESHOLD:
            pairs[code] = close
    if not pairs:
        return None
    if all(_norm(pairs[c]) == _norm(spec.options[c].label) for c in pairs) and len(pairs) == len(spec.options):
        return None
    return pairs
