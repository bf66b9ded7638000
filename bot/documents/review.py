"""辅助审核: a bundle's review rules (``mappings/reviews/<bundle>.yaml``) over the application and its documents.

A rule is written for one document type (``for``) and checked on every document of that type:
``assert`` is a Jinja expression over ``app`` (the validated application), ``doc`` (the values the
document gave, None where a value failed its check), ``person`` (the values of the section a person's
document belongs to) and ``today`` (the filing date); ``message`` says in Chinese what the clerk
should look at; ``show`` names the document field whose region is cropped for the sheet. A failed
rule never blocks a filing: the clerk decides.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import ImageDraw

from bot import yamlio
from bot.documents.prefill import role_label
from bot.documents.reading import Reading
from bot.errors import Location, Problem, SpecError, TemplateFailed, suggest
from bot.form.application import Application
from bot.templating import Template, compile_template, truthy
from bot.yamlio import location_of

PASSED, FAILED, MISSING = "passed", "failed", "missing"
STATUS_LABELS = {PASSED: "通过", FAILED: "不一致", MISSING: "未提供材料"}


@dataclass(frozen=True)
class Rule:
    name: str
    document: str  # a document type's name (id-card-front)
    check: Template
    message: Template
    show: str | None
    roles: tuple[str, ...] = ()  # only documents of these sections (empty: every document of the type)
    optional: bool = False  # no such document is no finding (a 不动产权证书 where a lease proves the address)


@dataclass
class Finding:
    rule: str
    status: str
    message: str  # the rule's message (failed), or the rule's name (passed)
    document: str | None  # the file's name
    crop_png: bytes | None = None  # the document's region the rule looked at

    def as_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "status": self.status, "status_label": STATUS_LABELS[self.status],
                "message": self.message, "document": self.document, "has_crop": self.crop_png is not None}  # fmt: skip

    def crop_data_uri(self) -> str | None:
        return "data:image/png;base64," + base64.b64encode(self.crop_png).decode() if self.crop_png else None


RULE_KEYS = {"name", "for", "roles", "assert", "message", "show", "optional"}
REVIEW_KEYS = {"documents", "rules"}


def load_rules(path: Path) -> list[Rule]:
    """A bundle's review rules (none when it has no review file); every mistake at its line (SpecError)."""
    if not path.exists():
        return []
    problems: list[Problem] = []
    rules = parse_rules(path, yamlio.load(path), problems)
    if problems:
        raise SpecError(problems)
    return rules


def parse_rules(path: Path, body: Any, problems: list[Problem]) -> list[Rule]:
    """The rules of a loaded review file; what is wrong goes to ``problems`` with its file:line:col."""
    if body is None:
        return []
    top = location_of(body, Location(path, 1, 1))
    if not isinstance(body, dict):
        problems.append(Problem(top, "审核规则文件应是一个映射（documents、rules）"))
        return []
    for key in body:
        if key not in REVIEW_KEYS:
            problems.append(Problem(_where(body, key), f"未知的键“{key}”{suggest(str(key), REVIEW_KEYS)}"))
    entries = body.get("rules") or []
    if not isinstance(entries, list):
        problems.append(Problem(_where(body, "rules"), "rules 应是规则的列表"))
        return []
    rules = []
    for i, entry in enumerate(entries):
        rule = _rule(i, entry, location_of(entry, top), problems)
        if rule is not None:
            rules.append(rule)
    return rules


def _rule(i: int, entry: Any, where: Location | None, problems: list[Problem]) -> Rule | None:
    if not isinstance(entry, dict):
        problems.append(Problem(where, f"第{i + 1}条规则应是映射（name、for、assert、message、show）"))
        return None
    before = len(problems)
    for key in entry:
        if key not in RULE_KEYS:
            problems.append(
                Problem(_where(entry, key), f"第{i + 1}条规则有未知的键“{key}”" + suggest(str(key), RULE_KEYS))
            )
    for key in ("name", "for", "assert", "message"):
        if not isinstance(entry.get(key), str) or not entry[key]:
            problems.append(Problem(_where(entry, key), f"第{i + 1}条规则缺少“{key}”（文字）"))
    roles = entry.get("roles") or []
    if not isinstance(roles, list):
        problems.append(Problem(_where(entry, "roles"), f"第{i + 1}条规则的 roles 应是表单分区的列表"))
    templates = []
    for key in ("assert", "message"):
        try:
            templates.append(compile_template(str(entry.get(key) or ""), _where(entry, key)))
        except SpecError as exc:
            problems += exc.problems
    if len(problems) > before:
        return None
    show = entry.get("show")
    return Rule(str(entry["name"]), str(entry["for"]), templates[0], templates[1], str(show) if show else None,
                tuple(str(r) for r in roles), bool(entry.get("optional")))  # fmt: skip


def _where(body: Any, key: Any) -> Location | None:
    return body.where(str(key)) if isinstance(body, yamlio.MDict) else location_of(body)


def review(
    rules: list[Rule], application: Application, readings: list[Reading], *, today: dt.date | None = None
) -> list[Finding]:
    """Every rule on every document of its type; a rule with no such document is ``missing``."""
    findings = []
    day = today or application.today
    for rule in rules:
        docs = [r for r in readings if r.type and r.type.name == rule.document and _role_ok(rule, r)]
        if not docs:
            if rule.optional:
                continue
            findings.append(Finding(rule.name, MISSING, f"{rule.name}：未提供材料", None))
            continue
        for reading in docs:
            context = {
                "app": application.values,
                "doc": {name: reading.get(name) for name in (reading.type.fields if reading.type else {})},
                "person": _person(application.values, reading.role),
                "today": day,
            }
            who = f"（{role_label(application.form, reading.role)}）" if reading.role else ""
            try:
                ok = truthy(rule.check.evaluate(context))
                message = str(rule.message.evaluate(context)) if not ok else rule.name + who
            except TemplateFailed as exc:
                ok, message = False, f"{rule.name}：无法核对（{exc}）"
            findings.append(
                Finding(rule.name + who, PASSED if ok else FAILED, message, reading.file.name, crop(reading, rule.show))
            )
    return findings


def _role_ok(rule: Rule, reading: Reading) -> bool:
    return not rule.roles or (reading.role or "").split("[")[0] in rule.roles


def _person(values: dict[str, Any], role: str | None) -> Any:
    if not role:
        return {}
    section, _, row = role.partition("[")
    found = values.get(section, {})
    return (
        found[int(row.rstrip("]"))] if row and isinstance(found, list) and len(found) > int(row.rstrip("]")) else found
    )


def crop(reading: Reading, field_name: str | None, margin: int = 16) -> bytes | None:
    """The region of the document where a field was read, as PNG; an ID number's middle digits blacked out."""
    read = reading.values.get(field_name or "")
    if read is None or read.box is None or read.page >= len(reading.pages):
        return None
    image = reading.pages[read.page].image
    if image is None or read.box == (0, 0, 0, 0):
        return None
    x0, y0, x1, y1 = read.box
    box = (max(x0 - margin, 0), max(y0 - margin, 0), min(x1 + margin, image.width), min(y1 + margin, image.height))
    piece = image.crop(box).copy()
    spec = reading.type.fields.get(field_name or "") if reading.type else None
    if spec and spec.kind == "id_number":
        _mask_number(piece, reading.pages[read.page].lines, box)
    out = io.BytesIO()
    piece.save(out, "PNG")
    return out.getvalue()


def _mask_number(piece: Any, lines: list[Any], box: tuple[int, int, int, int]) -> None:
    """Black out digits 5–14 of every 18-character number in the crop (as text is masked: 3506**********2010)."""
    draw = ImageDraw.Draw(piece)
    for line in lines:
        at = next((i for i in range(len(line.text) - 17) if line.text[i : i + 17].isdigit()), None)
        if at is None:
            continue
        x0, y0, x1, y1 = line.box
        char = (x1 - x0) / max(len(line.text), 1)
        left, right = x0 + char * (at + 4), x0 + char * (at + 14)
        draw.rectangle((left - box[0], y0 - box[1], right - box[0], y1 - box[1]), fill=(0, 0, 0))
