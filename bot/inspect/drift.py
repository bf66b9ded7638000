"""``bot drift ITEM``: what changed on the portal since its mapping and recipe were written.

The walk (walk.py) inspects each page where the recipe's ``fill_form`` runs. On each, every field the mapping
fills in that page's groups is looked for by its label: missing, it was moved (found on another page of the
walk, or in another section of this page where the mapping fills no field of that label), relabelled (a label
near it on the page that the mapping does not fill: the near match is named), or removed. A field found is
compared with the mapping's options (options removed, added) and, when a baseline walk was saved (``--save``,
and the first run), with what it was then (the same page, section and label): widget, required marker,
options. A field on the page that the baseline did not have is new (a new required field stops every
filing). Each finding names the mapping's line and the recipe's step to change.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from bot.inspect.model import Field, Inspection
from bot.mapping.item import ItemMapping, SiteField, SiteTable

KINDS = {
    "removed": "字段不见了",
    "moved": "字段移到了另一页",
    "relabelled": "标签改了",
    "added": "新增字段",
    "widget": "控件变了",
    "required": "必填变了",
    "options-removed": "选项被删除",
    "options-added": "新增选项",
    "stopped": "试填中断",
}


@dataclass
class Finding:
    kind: str  # KINDS
    label: str
    page: str  # the recipe step before which the page was inspected
    detail: str
    mapping: str = ""  # file:line of the mapping's field
    recipe: str = ""  # the recipe's step filling it

    def render(self) -> str:
        where = "；".join(
            x
            for x in (f"映射 {self.mapping}" if self.mapping else "", f"配方 {self.recipe}" if self.recipe else "")
            if x
        )
        return f"[{KINDS.get(self.kind, self.kind)}] 「{self.label}」：{self.detail}" + (
            f"\n    改：{where}" if where else ""
        )


def _norm(text: str) -> str:
    return re.sub(r"[\s*＊:：]", "", text)


def leaves_of(mapping: ItemMapping) -> list[SiteField]:
    found: list[SiteField] = []
    for node in mapping.nodes:
        found += node.columns if isinstance(node, SiteTable) else [node]
    return found


def _labels(page: Inspection) -> dict[str, Field]:
    shown = {_norm(f.label): f for f in page.fields if f.label}
    for table in page.tables:
        for column in table.columns:
            if column.header and _norm(column.header) not in shown:
                shown[_norm(column.header)] = Field(
                    0, table.section, column.header, "cell", column.kind, column.kit, "", False, None, table.shown
                )
    return shown


def find(page: Inspection, path: tuple[str, ...]) -> Field | None:
    """The field a mapping leaf names on a page: by its label, in the section of its parent group when the page
    has that section (姓名 of 法定代表人, not of 监事), else anywhere on the page (a table's column too)."""
    label = _norm(path[-1])
    by_step = _norm(page.filled_by.get("/".join(path), ""))  # filled by an explicit step, by the portal's label
    same = [f for f in page.fields if _norm(f.label) in (label, by_step or label)]
    if len(path) > 1:
        parent = _norm(path[-2])
        inside = [f for f in same if f.section and _norm(f.section[-1]) == parent]
        if inside:
            return inside[0]
        if any(f.section and _norm(f.section[-1]) == parent for f in page.fields):
            return None  # its section is here, without it
    return same[0] if same else _labels(page).get(label)


def compare(mapping: ItemMapping, pages: list[Inspection], baseline: list[Inspection] | None = None) -> list[Finding]:
    findings: list[Finding] = []
    leaves = leaves_of(mapping)
    before = _by_place(baseline or [])
    for page in pages:
        here = _labels(page)
        expected = expected_on(leaves, page)
        wanted = {_norm(leaf.path[-1]) for leaf, _ in expected}
        mapped_at = {(_norm(leaf.path[-2]) if len(leaf.path) > 1 else "", _norm(leaf.path[-1])) for leaf, _ in expected}
        spare = [f for key, f in here.items() if key not in wanted]  # on the page, not mapped here
        taken: set[str] = set()
        for leaf, step in expected:
            label = leaf.path[-1]
            where = str(leaf.location) if leaf.location else str(mapping.path)
            field = find(page, leaf.path)
            if field is None:
                findings.append(_missing(leaf.path, page, pages, spare, taken, where, step, mapped_at))
                continue
            findings += _options(leaf, field, page, where, step)
            old = before.get((_page_key(page), _section(field), _norm(label)))
            if old is not None:
                findings += _changed(old, field, page, where, step)
        if baseline is not None:
            known = {label for (key, _, label) in before if key == _page_key(page)}
            for f in page.fields:
                if f.label and _norm(f.label) not in known and _norm(f.label) not in taken:
                    need = "必填，" if f.required else ""
                    findings.append(
                        Finding(
                            "added",
                            f.label,
                            page.page,
                            f"{need}{f.title}（{f.group or '页面'}），映射中没有",
                            str(mapping.path),
                            next(iter(page.groups.values()), ""),
                        )
                    )
    return findings


def expected_on(leaves: list[SiteField], page: Inspection) -> list[tuple[SiteField, str]]:
    """The mapping's fields that the page's fill_form steps fill (not those their only/skip leave out), each with
    its step."""
    expected: list[tuple[SiteField, str]] = []
    for group, step in page.groups.items():
        parts = tuple(group.split("/"))
        left_out = set(page.left_out.get(group, []))
        expected += [
            (leaf, step)
            for leaf in leaves
            if leaf.path[: len(parts)] == parts and not (len(leaf.path) == len(parts) + 1 and leaf.path[-1] in left_out)
        ]
    return expected


def _page_key(page: Inspection) -> str:
    """A page of a walk, the same across walks: the recipe step before which it was inspected."""
    return page.page


def _section(field: Field) -> str:
    return "/".join(_norm(s) for s in field.section)


def _by_place(pages: list[Inspection]) -> dict[tuple[str, str, str], Field]:
    """A walk's fields by page, section and label: two fields of one label (手机号码 of 财务负责人 and of 经办人)
    are two fields."""
    return {(_page_key(p), _section(f), _norm(f.label)): f for p in pages for f in p.fields if f.label}


def _missing(
    path: tuple[str, ...],
    page: Inspection,
    pages: list[Inspection],
    spare: list[Field],
    taken: set[str],
    where: str,
    step: str,
    mapped_at: set[tuple[str, str]],
) -> Finding:
    label = path[-1]
    elsewhere = [p for p in pages if p is not page and find(p, path) is not None]
    if elsewhere:
        return Finding("moved", label, page.page, f"本页没有，出现在 {elsewhere[0].page} 之前的页面", where, step)
    moved = _in_another_section(page, path, mapped_at)
    if moved is not None:
        return Finding("moved", label, page.page, f"移到了本页的「{moved.group or '页面'}」中", where, step)
    near = _near([f.label for f in spare if _norm(f.label) not in taken], label)
    if near:
        taken.add(_norm(near[0]))
        return Finding("relabelled", label, page.page, f"本页没有此标签，相近的是「{near[0]}」", where, step)
    return Finding("removed", label, page.page, "本页没有此标签，也没有相近的", where, step)


def _in_another_section(page: Inspection, path: tuple[str, ...], mapped_at: set[tuple[str, str]]) -> Field | None:
    """The field of this label in another section of the page (one the mapping fills with a field of this label
    is that field, not this one moved): fill_form of the mapping's group no longer finds it."""
    if len(path) < 2:
        return None
    label = _norm(path[-1])
    for f in page.fields:
        section = _norm(f.section[-1]) if f.section else ""
        if _norm(f.label) == label and section != _norm(path[-2]) and (section, label) not in mapped_at:
            return f
    return None


def _near(names: list[str], label: str) -> list[str]:
    near = difflib.get_close_matches(label, names, n=1, cutoff=0.5)
    return near or [n for n in names if label in n or n in label][:1]


def near_label(page: Inspection, label: str, mapped: set[str]) -> str | None:
    """The label on the page, not one mapped here, that a missing label most likely became (字号 → 企业字号)."""
    names = [f.label for f in page.fields if f.label and f.label not in mapped]
    near = _near(names, label)
    return near[0] if near else None


def _options(leaf: SiteField, field: Field, page: Inspection, where: str, step: str) -> list[Finding]:
    if not leaf.options or field.options is None:
        return []
    mapped = {_norm(v) for v in leaf.options.values()}
    shown = {_norm(o): o for o in field.options}
    out = []
    gone = [v for v in leaf.options.values() if _norm(v) not in shown]
    new = [o for key, o in shown.items() if key not in mapped]
    if gone:
        out.append(
            Finding(
                "options-removed", leaf.path[-1], page.page, f"映射中的选项门户已没有：{'、'.join(gone)}", where, step
            )
        )
    del new  # options the mapping does not use are the portal's business: new ones are told against the baseline
    return out


def _changed(old: Field, new: Field, page: Inspection, where: str, step: str) -> list[Finding]:
    out = []
    if (old.kit, old.kind) != (new.kit, new.kind):
        out.append(
            Finding(
                "widget",
                new.label,
                page.page,
                f"原为{old.kit or ''}{old.title}（{old.kind}），现为{new.kit or ''}{new.title}（{new.kind}）",
                where,
                step,
            )
        )
    if old.required != new.required:
        now = "现为必填" if new.required else "现为选填"
        out.append(Finding("required", new.label, page.page, now, where, step))
    if old.options is not None and new.options is not None and old.options != new.options:
        added = [o for o in new.options if o not in old.options]
        removed = [o for o in old.options if o not in new.options]
        if added:
            out.append(Finding("options-added", new.label, page.page, f"门户新增选项：{'、'.join(added)}", where, step))
        if removed:
            out.append(
                Finding("options-removed", new.label, page.page, f"门户删除选项：{'、'.join(removed)}", where, step)
            )
    return out


def dedupe(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple[str, str, str]] = set()
    out = []
    for f in findings:
        key = (f.kind, f.label, f.detail)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def save(path: Path, pages: list[Inspection]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps([p.json() for p in pages], ensure_ascii=False, indent=1), encoding="utf-8")


def load(path: Path) -> list[Inspection] | None:
    if not path.is_file():
        return None
    return [Inspection.from_json(d) for d in json.loads(path.read_text(encoding="utf-8"))]


def as_json(findings: list[Finding]) -> list[dict[str, str]]:
    return [asdict(f) for f in findings]
