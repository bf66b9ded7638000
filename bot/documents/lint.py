"""``bot check`` for documents: every document type (mappings/documents/*.yaml) and review file
(mappings/reviews/<bundle>.yaml) loaded as the runtime loads it, then cross-checked against the form and each
other, every problem at its file:line:col.

What only a cross-check sees: a ``fills`` naming no form field; a review file of no bundle; a rule ``for`` a
document type that does not exist, showing a field the type lacks, reading ``doc.<field>`` the type does
not read, ``app.<section>.<field>`` or ``person.<field>`` the form does not have, or a name its context lacks;
a ``documents:`` entry of an unknown type, section or upload field.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import nodes

from bot import yamlio
from bot.documents.review import parse_rules
from bot.documents.types import DocumentType, parse_type
from bot.errors import Location, Problem, SpecError, suggest
from bot.form.spec import FormSpec
from bot.templating import ENV, compile_template

CONTEXT = {"app", "doc", "person", "today"}  # what a rule's templates may read (bot/documents/review.py)
DOCUMENT_KEYS = {"type", "for", "upload"}


def check_documents(folder: Path, form: FormSpec, bundles: list[str]) -> tuple[list[Problem], list[str]]:
    """The problems of ``folder``'s documents/ and reviews/ files, and the files checked (relative names)."""
    problems: list[Problem] = []
    checked: list[str] = []
    types: dict[str, DocumentType] = {}
    for path in sorted((folder / "documents").glob("*.yaml")):
        checked.append(f"documents/{path.name}")
        body = _load(path, problems)
        found: list[Problem] = []
        kind = parse_type(path, body, found) if body is not None else None
        problems += found
        if kind is not None:
            types[kind.name] = kind
            problems += _fills(kind, body, form)
    for path in sorted((folder / "reviews").glob("*.yaml")):
        checked.append(f"reviews/{path.name}")
        body = _load(path, problems)
        if body is None:
            continue
        if path.stem not in bundles:
            hint = suggest(path.stem, bundles)
            message = f"没有名为“{path.stem}”的一件事（mappings/bundles/）{hint}：审核规则文件名应是一件事的名称"
            problems.append(Problem(Location(path, 1, 1), message))
        parse_rules(path, body, problems)
        if isinstance(body, dict):
            problems += _ReviewCheck(path, form, types).run(body)
    return problems, checked


def _load(path: Path, problems: list[Problem]) -> Any:
    try:
        return yamlio.load(path)
    except SpecError as exc:
        problems += exc.problems
        return None


def _where(body: Any, key: str) -> Location | None:
    return body.where(key) if isinstance(body, yamlio.MDict) else yamlio.location_of(body)


def _fills(kind: DocumentType, body: Any, form: FormSpec) -> list[Problem]:
    """Each ``fills`` names a form field: ``section.field`` for a document, a field of some section for a person's."""
    problems = []
    for name, spec in kind.fields.items():
        where = _where(body["fields"][name], "fills")
        for target in spec.fills:
            if kind.person:
                if not any(target in s.fields for s in form.sections.values()):
                    problems.append(Problem(where, f"字段 {name} 的 fills“{target}”不是任何人员分区的字段"))
                continue
            section, _, field = target.partition(".")
            if section not in form.sections:
                hint = suggest(section, form.sections)
                problems.append(Problem(where, f"字段 {name} 的 fills“{target}”：简表没有分区“{section}”{hint}"))
            elif field not in form.sections[section].fields:
                hint = suggest(field, form.sections[section].fields)
                problems.append(
                    Problem(where, f"字段 {name} 的 fills“{target}”：分区 {section} 没有字段“{field}”{hint}")
                )
    return problems


class _ReviewCheck:
    def __init__(self, path: Path, form: FormSpec, types: dict[str, DocumentType]) -> None:
        self.path, self.form, self.types = path, form, types
        self.problems: list[Problem] = []

    def run(self, body: dict[str, Any]) -> list[Problem]:
        for entry in body.get("documents") or []:
            if isinstance(entry, dict):
                self.document(entry)
        for entry in body.get("rules") or []:
            if isinstance(entry, dict):
                self.rule(entry)
        return self.problems

    def problem(self, where: Location | None, message: str) -> None:
        self.problems.append(Problem(where, message))

    def sections(self, entry: dict[str, Any], key: str) -> list[str]:
        """The form sections ``entry[key]`` names, each one that is not a section a problem."""
        named = entry.get(key) or []
        if not isinstance(named, list):
            self.problem(_where(entry, key), f"{key} 应是表单分区的列表，如 [legal_rep, liaison]")
            return []
        for section in named:
            if section not in self.form.sections:
                where = yamlio.location_of(section, _where(entry, key))
                self.problem(where, f"简表没有分区“{section}”{suggest(str(section), self.form.sections)}")
        return [str(s) for s in named if s in self.form.sections]

    def kind(self, entry: dict[str, Any], key: str) -> DocumentType | None:
        name = str(entry.get(key) or "")
        if name and name not in self.types:
            message = f"证照类型“{name}”不存在（mappings/documents/）{suggest(name, self.types)}"
            self.problem(_where(entry, key), message)
        return self.types.get(name)

    def document(self, entry: dict[str, Any]) -> None:
        for key in entry:
            if key not in DOCUMENT_KEYS:
                self.problem(_where(entry, key), f"documents 有未知的键“{key}”{suggest(str(key), DOCUMENT_KEYS)}")
        self.kind(entry, "type")
        sections = self.sections(entry, "for")
        upload = entry.get("upload")
        if upload and sections and not any(upload in self.form.sections[s].fields for s in sections):
            self.problem(_where(entry, "upload"), f"分区 {'、'.join(sections)} 都没有上传字段“{upload}”")

    def rule(self, entry: dict[str, Any]) -> None:
        kind = self.kind(entry, "for")
        sections = self.sections(entry, "roles")
        show = entry.get("show")
        if kind is not None and show and show not in kind.fields:
            message = (
                f"证照类型 {kind.name} 没有字段“{show}”{suggest(str(show), kind.fields)}（show 是要截取显示的字段）"
            )
            self.problem(_where(entry, "show"), message)
        people = sections or [n for n, s in self.form.sections.items() if kind and kind.person and "name" in s.fields]
        for key in ("assert", "message"):
            source = entry.get(key)
            if isinstance(source, str):
                self.template(source, _where(entry, key), kind, people)

    def template(self, source: str, where: Location | None, kind: DocumentType | None, people: list[str]) -> None:
        try:
            template = compile_template(source, where)
        except SpecError:
            return  # parse_rules has said so
        for name in sorted(template.names() - CONTEXT):
            self.problem(
                where, f"模板读取了未知的名称“{name}”（可用：app、doc、person、today）{suggest(name, CONTEXT)}"
            )
        for node in ENV.parse(source).find_all(nodes.Getattr):
            if not isinstance(node.node, nodes.Name):
                continue
            root, attr = node.node.name, node.attr
            if root == "doc" and kind is not None and attr not in kind.fields:
                self.problem(where, f"证照类型 {kind.name} 没有字段“{attr}”{suggest(attr, kind.fields)}（doc.{attr}）")
            elif root == "person" and people and not any(attr in self.form.sections[s].fields for s in people):
                self.problem(where, f"人员分区没有字段“{attr}”（person.{attr}）")
        for ref in template.references():
            if ref.root != "app" or not ref.path:
                continue
            section = ref.path[0]
            if section not in self.form.sections:
                self.problem(where, f"简表没有分区“{section}”{suggest(section, self.form.sections)}（app.{section}）")
            elif len(ref.path) > 1 and ref.path[1] not in self.form.sections[section].fields:
                fields = self.form.sections[section].fields
                self.problem(where, f"分区 {section} 没有字段“{ref.path[1]}”{suggest(ref.path[1], fields)}")
