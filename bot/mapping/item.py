"""mappings/<item>.yaml → the exact values one portal form will receive.

A mapping mirrors the portal's form: nested groups named by the portal's own
labels, each leaf a Jinja2 expression over ``app`` (the application),
``outputs`` (values earlier filings brought back) and, inside ``repeat``,
``row``. A leaf may carry ``options``, the map from the form's enum codes to the
portal's option labels. Everything a leaf reads is checked against the form when
the file is loaded, with file:line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from bot import yamlio
from bot.errors import Location, MappingFailed, Problem, SpecError, TemplateFailed, suggest
from bot.form.application import Application
from bot.form.fieldtypes import Choice, TypeRules
from bot.form.spec import FormSpec, Scope, SectionSpec, resolve
from bot.templating import Template, compile_template, is_template

MAPPING_KEYS = {"item", "portal", "title", "outputs", "fields"}
OUTPUT_KEYS = {"label", "type", "rules"}
OUTPUT_TYPES = {"text", "uscc", "file"}  # what a value given by hand (run-item --output) is checked as
LEAF_KEYS = {"value", "options"}
TABLE_KEYS = {"repeat", "fields"}
MAPPING_GLOBALS = {"app", "outputs", "row", "today"}


class Pending(str):
    """An output not known yet (preview before the filing that brings it back)."""


@dataclass
class SiteField:
    """One input of the portal's form."""

    path: tuple[str, ...]
    value: Any  # a Template or a constant
    options: dict[str, str] | None
    location: Location | None
    reads: set[str] = field(default_factory=set)  # form field paths read directly
    outputs: set[str] = field(default_factory=set)  # "item.name" of outputs read

    @property
    def label(self) -> str:
        return " / ".join(self.path)


@dataclass
class SiteTable:
    """A table of the portal's form, one row per row of a form table (shareholders, seals…)."""

    path: tuple[str, ...]
    section: str
    columns: list[SiteField]
    location: Location | None


Node = SiteField | SiteTable


@dataclass
class ItemMapping:
    item: str
    portal: str
    title: str
    outputs: dict[str, str]  # name → Chinese label
    nodes: list[Node]
    path: Path
    output_types: dict[str, TypeRules] = field(default_factory=dict)  # name → its type (text when not declared)

    def outputs_read(self) -> set[str]:
        """``item.name`` of every earlier filing's output this mapping reads."""
        return {name for leaf in self.site_fields() for name in leaf.outputs}

    def site_fields(self) -> Iterator[SiteField]:
        """Every input of the portal form, a table's columns once each."""
        for node in self.nodes:
            if isinstance(node, SiteTable):
                yield from node.columns
            else:
                yield node

    def evaluate(self, app: Application, outputs: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
        """The portal form's values as a nested dict keyed by the portal's labels."""
        result: dict[str, Any] = {}
        context = {**app.context(), "outputs": outputs}
        for node in self.nodes:
            if isinstance(node, SiteTable):
                rows = [
                    _nest(
                        {col.path[len(node.path) :]: self._leaf(col, {**context, "row": row}) for col in node.columns}
                    )
                    for row in app.values[node.section]
                ]
                _put(result, node.path, rows)
            else:
                _put(result, node.path, self._leaf(node, context))
        return result

    def _leaf(self, leaf: SiteField, context: dict[str, Any]) -> Any:
        if not isinstance(leaf.value, Template):
            return leaf.value
        try:
            value = leaf.value.evaluate(context)
        except TemplateFailed as exc:
            raise MappingFailed(f"{leaf.location}: “{leaf.label}”无法计算：{exc}") from None
        if leaf.options is not None:
            value = _apply_options(value, leaf.options)
        return portal_value(value)


def _apply_options(value: Any, options: dict[str, str]) -> Any:
    if isinstance(value, list):
        return [options.get(str(v), Pending(f"〈无对应选项：{v}〉")) for v in value]
    if value is None:
        return None
    return options.get(str(value), Pending(f"〈无对应选项：{value}〉"))


def portal_value(value: Any) -> Any:
    """What a person would type or pick: text, a checkbox state, or a list of picks."""
    if value is None:
        return ""
    if isinstance(value, bool | Pending):
        return value
    if isinstance(value, Choice):
        return value.label
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [portal_value(v) for v in value]
    return str(value)


def _put(target: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for key in path[:-1]:
        target = target.setdefault(key, {})
    target[path[-1]] = value


def _nest(flat: dict[tuple[str, ...], Any]) -> dict[str, Any]:
    nested: dict[str, Any] = {}
    for path, value in flat.items():
        _put(nested, path, value)
    return nested


# --- loading --------------------------------------------------------------------------------------


def load_mappings(directory: Path, form: FormSpec) -> dict[str, ItemMapping]:
    """Load every mappings/<item>.yaml (not form.yaml, not bundles/); every problem at once."""
    files = sorted(p for p in directory.glob("*.yaml") if p.name != "form.yaml")
    headers = {}
    problems: list[Problem] = []
    for path in files:
        try:
            headers[path] = yamlio.load(path)
        except SpecError as exc:
            problems.extend(exc.problems)
    declared = {
        str(doc.get("item", path.stem)): set(doc.get("outputs") or {})
        for path, doc in headers.items()
        if isinstance(doc, Mapping)
    }
    mappings: dict[str, ItemMapping] = {}
    for path, doc in headers.items():
        loader = _MappingLoader(path, form, declared)
        mapping = loader.load(doc)
        problems.extend(loader.problems)
        if mapping is not None:
            mappings[mapping.item] = mapping
    if problems:
        raise SpecError(problems)
    return mappings


class _MappingLoader:
    def __init__(self, path: Path, form: FormSpec, declared: dict[str, set[str]]) -> None:
        self.path = path
        self.form = form
        self.problems: list[Problem] = []
        self.item = path.stem
        self.outputs_scope = {k: v for k, v in declared.items() if k != self.item}

    def problem(self, where: Location | None, message: str) -> None:
        self.problems.append(Problem(where or Location(self.path, 1, 1), message))

    def load(self, doc: Any) -> ItemMapping | None:
        if not isinstance(doc, yamlio.MDict):
            self.problem(None, "映射文件顶层应为映射（item、fields …）")
            return None
        for key in doc:
            if key not in MAPPING_KEYS:
                self.problem(doc.where(key), f"未知的键“{key}”{suggest(key, MAPPING_KEYS)}")
        item = str(doc.get("item", self.item))
        if item != self.path.stem:
            self.problem(doc.where("item"), f"item “{item}”应与文件名“{self.path.stem}”一致")
        fields = doc.get("fields")
        if not isinstance(fields, yamlio.MDict):
            self.problem(doc.where("fields"), "缺少 fields：门户表单字段 → 取值表达式")
            return None
        nodes = list(self.group((), fields, None))
        labels, types = self.outputs(doc.get("outputs"), doc.where("outputs"))
        return ItemMapping(
            item=item,
            portal=str(doc.get("portal", "")),
            title=str(doc.get("title", item)),
            outputs=labels,
            nodes=nodes,
            path=self.path,
            output_types=types,
        )

    def outputs(self, body: Any, where: Location | None) -> tuple[dict[str, str], dict[str, TypeRules]]:
        """``name: 中文名`` (text), or ``name: {label: 中文名, type: uscc|file|text, rules: {extensions: [pdf]}}``."""
        labels: dict[str, str] = {}
        types: dict[str, TypeRules] = {}
        if body is None:
            return labels, types
        if not isinstance(body, yamlio.MDict):
            self.problem(where, "outputs 应为映射：输出名 → 中文名（或 {label, type, rules}）")
            return labels, types
        for name, declared in body.items():
            at = body.where(name)
            if not isinstance(declared, yamlio.MDict):
                labels[str(name)], types[str(name)] = str(declared), TypeRules("text", {}, {})
                continue
            for key in declared:
                if key not in OUTPUT_KEYS:
                    self.problem(declared.where(key), f"输出“{name}”中未知的键“{key}”{suggest(key, OUTPUT_KEYS)}")
            kind = str(declared.get("type", "text"))
            if kind not in OUTPUT_TYPES:
                known = "、".join(sorted(OUTPUT_TYPES))
                self.problem(declared.where("type"), f"输出的 type 应为 {known}，不是“{kind}”")
            rules = declared.get("rules") or {}
            if not isinstance(rules, Mapping):
                self.problem(declared.where("rules"), "rules 应为映射，如 {extensions: [pdf], max_kb: 20480}")
                rules = {}
            labels[str(name)] = str(declared.get("label") or name)
            types[str(name)] = TypeRules(kind, dict(rules), {})
            if "label" not in declared:
                self.problem(at, f"输出“{name}”缺少 label（中文名）")
        return labels, types

    def group(self, prefix: tuple[str, ...], body: yamlio.MDict, row: SectionSpec | None) -> Iterator[Node]:
        for label, value in body.items():
            path = (*prefix, str(label))
            where = body.where(label)
            if isinstance(value, yamlio.MDict) and "repeat" in value:
                table = self.table(path, value, where, row)
                if table is not None:
                    yield table
            elif isinstance(value, yamlio.MDict) and "value" in value:
                yield self.leaf(path, value, where, row)
            elif isinstance(value, yamlio.MDict):
                if not value:
                    self.problem(where, f"“{label}”是空的分组")
                yield from self.group(path, value, row)
            elif isinstance(value, list):
                self.problem(where, f"“{label}”的值不能是列表：表格请用 repeat，多选请用模板返回列表")
            else:
                yield self.leaf(path, yamlio.MDict() if value is None else value, where, row)

    def table(
        self, path: tuple[str, ...], body: yamlio.MDict, where: Location | None, row: SectionSpec | None
    ) -> SiteTable | None:
        for key in body:
            if key not in TABLE_KEYS:
                self.problem(body.where(key), f"repeat 表格中未知的键“{key}”{suggest(key, TABLE_KEYS)}")
        if row is not None:
            self.problem(where, "repeat 不能嵌套")
            return None
        section = self.form.sections.get(str(body["repeat"]))
        if section is None or not section.table:
            tables = [s.id for s in self.form.sections.values() if s.table]
            self.problem(
                body.where("repeat"),
                f"repeat 应为表单中的表格分区，“{body['repeat']}”不是{suggest(str(body['repeat']), tables)}",
            )
            return None
        columns = body.get("fields")
        if not isinstance(columns, yamlio.MDict):
            self.problem(where, "repeat 表格缺少 fields")
            return None
        leaves = [n for n in self.group(path, columns, section) if isinstance(n, SiteField)]
        return SiteTable(path, section.id, leaves, where)

    def leaf(self, path: tuple[str, ...], body: Any, where: Location | None, row: SectionSpec | None) -> SiteField:
        options = None
        if isinstance(body, yamlio.MDict):
            for key in body:
                if key not in LEAF_KEYS:
                    self.problem(body.where(key), f"字段“{path[-1]}”中未知的键“{key}”{suggest(key, LEAF_KEYS)}")
            raw_options = body.get("options")
            if raw_options is not None:
                options = {str(k): str(v) for k, v in raw_options.items()} if isinstance(raw_options, Mapping) else {}
            source = body.get("value")
            where = body.where("value")
        else:
            source = body
        leaf = SiteField(path, source, options, yamlio.location_of(source, where))
        if is_template(source):
            try:
                leaf.value = compile_template(str(source), leaf.location)
            except SpecError as exc:
                self.problems.extend(exc.problems)
                return leaf
            self.check_leaf(
                leaf, row, raw_options_where=body.where("options") if isinstance(body, yamlio.MDict) else None
            )
        return leaf

    def check_leaf(self, leaf: SiteField, row: SectionSpec | None, raw_options_where: Location | None) -> None:
        template = leaf.value
        assert isinstance(template, Template)
        for name in sorted(template.names() - MAPPING_GLOBALS - {"range", "dict", "namespace"}):
            self.problem(leaf.location, f"模板中未知的名称“{name}”{suggest(name, MAPPING_GLOBALS)}")
        scope = Scope(row=row, outputs=self.outputs_scope)
        refs = template.references()
        for ref in refs:
            if ref.root == "this":
                self.problem(leaf.location, "映射中请用 app 或 row，不能用 this")
                continue
            paths, message = resolve(self.form, ref, scope)
            if message:
                self.problem(leaf.location, message)
            leaf.reads |= paths
            if ref.root == "outputs" and len(ref.path) >= 2:
                leaf.outputs.add(f"{ref.path[0]}.{ref.path[1]}")
        self.check_enum(leaf, row, raw_options_where)

    def check_enum(self, leaf: SiteField, row: SectionSpec | None, options_where: Location | None) -> None:
        """An enum read as a whole needs an options map covering exactly its codes."""
        assert isinstance(leaf.value, Template)
        ref = leaf.value.bare_ref()
        if ref is None:
            return
        if ref.root == "app" and len(ref.path) == 2 and ref.path[0] in self.form.sections:
            spec = self.form.sections[ref.path[0]].fields.get(ref.path[1])
        elif ref.root == "row" and len(ref.path) == 1 and row is not None:
            spec = row.fields.get(ref.path[0])
        else:
            return
        if spec is None or spec.type != "enum":
            return
        if leaf.options is None:
            self.problem(
                leaf.location, f"“{leaf.label}”取自枚举字段 {spec.path}：请写 options（代码 → 门户选项）或使用 .label"
            )
            return
        missing = [code for code in spec.options if code not in leaf.options]
        unknown = [code for code in leaf.options if code not in spec.options]
        if missing:
            self.problem(options_where, f"options 缺少 {spec.path} 的代码：{'、'.join(missing)}")
        for code in unknown:
            self.problem(options_where, f"options 中的“{code}”不是 {spec.path} 的代码{suggest(code, spec.options)}")
