"""form.yaml → FormSpec: the single form's sections and fields, checked at load time.

Every problem in form.yaml is collected (not just the first) with file:line:col:
unknown keys with the nearest correct one, unknown types, enums without options,
templates that do not compile or read fields that do not exist, and cycles
between defaults and derivations. The evaluation order of defaults and
derivations is computed here once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from bot import yamlio
from bot.errors import Location, Problem, SpecError, suggest
from bot.form.fieldtypes import CHOICE_ATTRIBUTES, REGION_ATTRIBUTES, SCALAR_TYPES, Option, TypeRules
from bot.templating import Ref, Template, compile_template, is_template

FIELD_KEYS = {"label", "type", "required", "rules", "default", "derive", "help", "options", "multiple"}
SECTION_KEYS = {"label", "table", "fields", "fields_from", "only", "default_from", "derive", "checks", "rules", "help"}
RULE_KEYS = {
    "min_length",
    "max_length",
    "pattern",
    "pattern_message",
    "min",
    "max",
    "decimal_places",
    "min_items",
    "max_items",
    "extensions",
    "max_kb",
}
CHECK_KEYS = {"assert", "field", "message"}
FORM_KEYS = {"version", "templates", "sections", "checks"}
# Globals a form template may read besides app and this.
FORM_GLOBALS = {"today"}
JINJA_GLOBALS = {"range", "dict", "lipsum", "cycler", "joiner", "namespace", "loop"}


@dataclass(frozen=True)
class FieldSpec:
    section: str
    id: str
    label: str
    type: str
    required: bool = False
    rules: dict[str, Any] = field(default_factory=dict)
    options: dict[str, Option] = field(default_factory=dict)
    multiple: bool = False
    default: Any = None  # a literal, a Template, or None
    derive: Template | None = None
    help: str = ""
    location: Location | None = None
    in_derived_table: bool = False  # a column of a table the form computes as a whole

    @property
    def path(self) -> str:
        return f"{self.section}.{self.id}"

    @property
    def kind(self) -> str:
        """asked, defaulted or derived: how the value reaches the application."""
        if self.derive is not None or self.in_derived_table:
            return "derived"
        if self.default is not None:
            return "defaulted"
        return "asked"

    @property
    def type_rules(self) -> TypeRules:
        return TypeRules(self.type, self.rules, self.options, self.multiple)


@dataclass(frozen=True)
class CrossCheck:
    """A cross-check (校验规则), one entry of form.yaml's ``checks``: ``expression`` must be true, else
    ``message`` at ``field``."""

    expression: Template
    field: str | None
    message: str
    location: Location | None


@dataclass
class SectionSpec:
    id: str
    label: str
    table: bool
    fields: dict[str, FieldSpec]
    rules: dict[str, Any] = field(default_factory=dict)
    derive: Template | None = None
    checks: list[CrossCheck] = field(default_factory=list)
    help: str = ""
    location: Location | None = None


@dataclass(eq=False)  # identity hash: a loaded form is cached per object
class FormSpec:
    path: Path
    sections: dict[str, SectionSpec]
    checks: list[CrossCheck]
    # Evaluation order: a FieldSpec, or a SectionSpec for a table derived as a whole.
    order: list[FieldSpec | SectionSpec] = field(default_factory=list)
    version: str = "1"  # raised by maintainers when a field changes meaning; part of the idempotency key

    def fields(self) -> Iterator[FieldSpec]:
        for section in self.sections.values():
            yield from section.fields.values()

    def field(self, path: str) -> FieldSpec:
        section, _, name = path.partition(".")
        return self.sections[section].fields[name]

    def label(self, path: str, row: int | None = None) -> str:
        """``法定代表人·证件号码``, ``股东（发起人）第2行·证件号码``: how the applicant sees a field."""
        section_id, _, name = path.partition(".")
        section = self.sections[section_id]
        head = section.label + (f"第{row + 1}行" if row is not None else "")
        return f"{head}·{section.fields[name].label}" if name else head

    def dependencies(self, template: Template, scope: Scope) -> set[str]:
        """Field paths a template reads (already checked at load time)."""
        deps: set[str] = set()
        for ref in template.references():
            deps |= resolve(self, ref, scope)[0]
        return deps


@dataclass(frozen=True)
class Scope:
    """What a template's names mean where it stands."""

    this: SectionSpec | None = None
    row: SectionSpec | None = None
    outputs: dict[str, set[str]] | None = None  # item → output names a mapping may read


def resolve(form: FormSpec, ref: Ref, scope: Scope) -> tuple[set[str], str | None]:
    """The field paths a reference reads, and a Chinese-and-English problem if it reads nothing real."""
    if ref.root == "outputs":
        return _resolve_output(ref, scope)
    if ref.root not in ("app", "this", "row"):
        return set(), None  # a name the form does not know: reported by the template's name check
    if ref.root == "app":
        if not ref.path:
            return {f.path for f in form.fields()}, None
        section = form.sections.get(ref.path[0])
        if section is None:
            return set(), _unknown("分区", ref.path[0], form.sections)
        rest = ref.path[1:]
    else:
        section = scope.this if ref.root == "this" else scope.row
        if section is None:
            return set(), f"此处不能使用“{ref.root}”"
        rest = ref.path
    if not rest:
        return {f.path for f in section.fields.values()}, None
    if rest[0] == "#rows":
        return set(), None if section.table else f"“{section.id}”不是表格，不能计算行数"
    spec = section.fields.get(rest[0])
    if spec is None:
        return set(), _unknown(f"{section.id} 的字段", rest[0], section.fields)
    problem = _attribute_problem(spec, rest[1]) if len(rest) > 1 else None
    return {spec.path}, problem


def _attribute_problem(spec: FieldSpec, attribute: str) -> str | None:
    if spec.type == "enum":
        allowed = CHOICE_ATTRIBUTES | {k for o in spec.options.values() for k in o.extra}
    elif spec.type == "region":
        allowed = REGION_ATTRIBUTES
    else:
        return None
    return None if attribute in allowed else _unknown(f"{spec.path} 的属性", attribute, allowed)


def _resolve_output(ref: Ref, scope: Scope) -> tuple[set[str], str | None]:
    if scope.outputs is None:
        return set(), "此处不能使用 outputs"
    if not ref.path:
        return set(), "outputs 后应写事项名和输出名，如 outputs['samr-registration'].uscc"
    item = ref.path[0]
    if item not in scope.outputs:
        return set(), _unknown("前序事项", item, scope.outputs)
    if len(ref.path) < 2 or ref.path[1] not in scope.outputs[item]:
        name = ref.path[1] if len(ref.path) > 1 else ""
        return set(), _unknown(f"{item} 的输出", name, scope.outputs[item])
    return set(), None


def _unknown(what: str, name: str, known: Any) -> str:
    return f"未知的{what}“{name}”{suggest(name, known)}"


# --- loading --------------------------------------------------------------------------------------


def load_form(path: Path) -> FormSpec:
    """Load and check form.yaml; raise SpecError listing every problem."""
    loader = _FormLoader(path)
    form = loader.load()
    if loader.problems:
        raise SpecError(loader.problems)
    return form


class _FormLoader:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def problem(self, where: Location | None, message: str) -> None:
        self.problems.append(Problem(where or Location(self.path, 1, 1), message))

    def load(self) -> FormSpec:
        doc = yamlio.load(self.path)
        if not isinstance(doc, yamlio.MDict):
            raise SpecError([Problem(Location(self.path, 1, 1), "form.yaml 顶层应为映射（sections: …）")])
        self.known_keys(doc, FORM_KEYS, "顶层")
        template_body = doc.get("templates") or yamlio.MDict()
        templates = {name: self.fields("", body, template_body.where(name)) for name, body in template_body.items()}
        sections: dict[str, SectionSpec] = {}
        for section_id, body in (doc.get("sections") or {}).items():
            where = doc["sections"].where(section_id)
            section = self.section(section_id, body, where, templates)
            if section is not None:
                sections[section_id] = section
        form = FormSpec(self.path, sections, [], version=str(doc.get("version", "1")))
        self.apply_default_from(doc.get("sections") or yamlio.MDict(), form)
        form.checks = self.checks(doc.get("checks") or [], None)
        self.check_templates(form)
        if not self.problems:
            form.order = self.order(form)
        return form

    def known_keys(self, body: yamlio.MDict, allowed: set[str], where: str) -> None:
        for key in body:
            if key not in allowed:
                self.problem(body.where(key), f"{where}中未知的键“{key}”{suggest(key, allowed)}")

    def section(
        self, section_id: str, body: Any, where: Location | None, templates: dict[str, dict[str, FieldSpec]]
    ) -> SectionSpec | None:
        if not isinstance(body, yamlio.MDict):
            self.problem(where, f"分区“{section_id}”应为映射")
            return None
        self.known_keys(body, SECTION_KEYS, f"分区“{section_id}”")
        self.identifier(section_id, where)
        fields: dict[str, FieldSpec] = {}
        if "fields_from" in body:
            template = templates.get(body["fields_from"])
            if template is None:
                self.problem(
                    body.where("fields_from"),
                    f"未知的字段模板“{body['fields_from']}”{suggest(body['fields_from'], templates)}",
                )
            else:
                only = body.get("only") or list(template)
                for name in only:
                    if name not in template:
                        self.problem(body.where("only"), f"模板中没有字段“{name}”{suggest(name, template)}")
                    else:
                        fields[name] = replace(template[name], section=section_id)
        if "fields" in body:
            fields.update(self.fields(section_id, body["fields"], body.where("fields")))
        section = SectionSpec(
            id=section_id,
            label=str(body.get("label", section_id)),
            table=bool(body.get("table", False)),
            fields=fields,
            rules=self.rules(body.get("rules") or {}),
            help=str(body.get("help", "")),
            location=where,
        )
        if "derive" in body:
            section.derive = self.template(body["derive"], body.where("derive"))
            section.fields = {k: replace(f, in_derived_table=True) for k, f in fields.items()}
        section.checks = self.checks(body.get("checks") or [], section)
        return section

    def identifier(self, name: str, where: Location | None) -> None:
        if not name.isidentifier() or hasattr(dict, name):
            self.problem(where, f"“{name}”不能用作标识：应为英文标识符，且不与 {name} 等内置名称冲突")

    def fields(self, section_id: str, body: Any, where: Location | None) -> dict[str, FieldSpec]:
        if not isinstance(body, yamlio.MDict):
            self.problem(where, "fields 应为映射：字段标识 → 字段定义")
            return {}
        return {
            name: spec
            for name, spec_body in body.items()
            if (spec := self.field(section_id, name, spec_body, body.where(name))) is not None
        }

    def field(self, section_id: str, name: str, body: Any, where: Location | None) -> FieldSpec | None:
        if not isinstance(body, yamlio.MDict):
            self.problem(where, f"字段“{name}”应为映射（label、type …）")
            return None
        self.identifier(name, where)
        self.known_keys(body, FIELD_KEYS, f"字段“{name}”")
        kind = str(body.get("type", "text"))
        if kind not in SCALAR_TYPES:
            self.problem(body.where("type"), f"未知的类型“{kind}”{suggest(kind, SCALAR_TYPES)}")
        options = self.options(body.get("options"), body.where("options"))
        if kind == "enum" and not options:
            self.problem(where, f"枚举字段“{name}”缺少 options")
        if "label" not in body:
            self.problem(where, f"字段“{name}”缺少 label（中文标签）")
        if "default" in body and "derive" in body:
            self.problem(body.where("derive"), f"字段“{name}”不能同时有 default 和 derive")
        default = body.get("default")
        if is_template(default):
            default = self.template(default, body.where("default"))
        return FieldSpec(
            section=section_id,
            id=name,
            label=str(body.get("label", name)),
            type=kind,
            required=bool(body.get("required", False)),
            rules=self.rules(body.get("rules") or {}),
            options=options,
            multiple=bool(body.get("multiple", False)),
            default=default,
            derive=self.template(body["derive"], body.where("derive")) if "derive" in body else None,
            help=str(body.get("help", "")),
            location=where,
        )

    def options(self, body: Any, where: Location | None) -> dict[str, Option]:
        if body is None:
            return {}
        if not isinstance(body, yamlio.MDict):
            self.problem(where, "options 应为映射：代码 → 标签")
            return {}
        options: dict[str, Option] = {}
        for code, value in body.items():
            if isinstance(value, yamlio.MDict):
                extra = {k: v for k, v in value.items() if k != "label"}
                for key in extra:
                    if hasattr(str, key) or key in CHOICE_ATTRIBUTES:
                        self.problem(value.where(key), f"选项属性“{key}”与内置名称冲突，请换一个名字")
                options[str(code)] = Option(str(code), str(value.get("label", code)), extra)
            else:
                options[str(code)] = Option(str(code), str(value))
        return options

    def rules(self, body: Any) -> dict[str, Any]:
        if not isinstance(body, yamlio.MDict):
            return {}
        self.known_keys(body, RULE_KEYS, "rules")
        return dict(body)

    def template(self, source: Any, where: Location | None) -> Template:
        try:
            return compile_template(str(source), yamlio.location_of(source, where))
        except SpecError as exc:
            self.problems.extend(exc.problems)
            return compile_template("{{ none }}", where)

    def checks(self, body: Any, section: SectionSpec | None) -> list[CrossCheck]:
        checks: list[CrossCheck] = []
        for entry in body if isinstance(body, list) else []:
            if not isinstance(entry, yamlio.MDict) or "assert" not in entry or "message" not in entry:
                self.problem(yamlio.location_of(entry), "check 应有 assert（模板）和 message（中文）")
                continue
            self.known_keys(entry, CHECK_KEYS, "check")
            target = entry.get("field")
            if section is not None and target is not None and target not in section.fields:
                self.problem(entry.where("field"), _unknown(f"{section.id} 的字段", str(target), section.fields))
            checks.append(
                CrossCheck(
                    self.template(entry["assert"], entry.where("assert")),
                    target,
                    str(entry["message"]),
                    entry.where("assert"),
                )
            )
        return checks

    def apply_default_from(self, body: yamlio.MDict, form: FormSpec) -> None:
        for section in form.sections.values():
            source_id = body[section.id].get("default_from")
            if source_id is None:
                continue
            where = body[section.id].where("default_from")
            source = form.sections.get(source_id)
            if source is None:
                self.problem(where, _unknown("分区", source_id, form.sections))
                continue
            for name, spec in list(section.fields.items()):
                if name in source.fields and spec.default is None and spec.derive is None:
                    template = compile_template(f"{{{{ app.{source_id}.{name} }}}}", where)
                    section.fields[name] = replace(spec, default=template, required=False)

    def check_templates(self, form: FormSpec) -> None:
        for section in form.sections.values():
            scope = Scope(this=section)
            for spec in section.fields.values():
                for template in (spec.default, spec.derive):
                    if isinstance(template, Template):
                        self.check_template(form, template, scope)
            if section.derive is not None:
                self.check_template(form, section.derive, Scope())
            for check in section.checks:
                self.check_template(form, check.expression, scope)
        for check in form.checks:
            self.check_template(form, check.expression, Scope())

    def check_template(self, form: FormSpec, template: Template, scope: Scope) -> None:
        allowed = {"app", "this"} | FORM_GLOBALS | JINJA_GLOBALS
        for name in sorted(template.names() - allowed):
            self.problem(template.location, f"模板中未知的名称“{name}”{suggest(name, allowed)}")
        for ref in template.references():
            _, message = resolve(form, ref, scope)
            if message:
                self.problem(template.location, message)

    def order(self, form: FormSpec) -> list[FieldSpec | SectionSpec]:
        """Topological order of every field's evaluation; a cycle is a problem at each field in it."""
        units: dict[str, FieldSpec | SectionSpec] = {}
        deps: dict[str, set[str]] = {}
        for section in form.sections.values():
            if section.derive is not None:
                units[section.id] = section
                deps[section.id] = form.dependencies(section.derive, Scope())
                continue
            for spec in section.fields.values():
                units[spec.path] = spec
                template = spec.derive or (spec.default if isinstance(spec.default, Template) else None)
                deps[spec.path] = form.dependencies(template, Scope(this=section)) if template else set()
        unit_of = {
            f.path: (s.id if s.derive is not None else f.path)
            for s in form.sections.values()
            for f in s.fields.values()
        }
        graph = {key: {unit_of[d] for d in ds} for key, ds in deps.items()}
        ordered: list[FieldSpec | SectionSpec] = []
        done: set[str] = set()
        while len(done) < len(graph):
            ready = [k for k, ds in graph.items() if k not in done and ds <= done]
            if not ready:
                for key in sorted(set(graph) - done):
                    self.problem(_template_location(units[key]), f"默认值或推导形成循环依赖：{key}")
                return []
            for key in ready:
                done.add(key)
                ordered.append(units[key])
        return ordered


def _template_location(unit: FieldSpec | SectionSpec) -> Location | None:
    """Where a unit's default or derivation is written, else where the unit is."""
    template = unit.derive if isinstance(unit, SectionSpec) else unit.derive or unit.default
    return template.location if isinstance(template, Template) else unit.location
