"""A file → its document type and its fields, each value checked as the form checks it.

Lines read from a page are put in rows (boxes whose vertical middles are close), left to right.
A field is looked for after its keyword in the first row that has it, then on the rows below
(``lines``), cut where another caption starts. Nothing read is trusted: each value goes through
the validator of its kind (the ID number's check digit, birth date and area code; the USCC's check
character; real dates) and, for the fields it fills, through the form field's own type; a value that
fails keeps its reason (``problem``) and fills nothing.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot import localtime
from bot.documents.engine import Line, Page, read_pages
from bot.documents.types import DocumentType, FieldType
from bot.errors import InvalidIdentifier
from bot.form.identifiers import check_id_number, check_uscc, county_regions, id_birth_date, id_sex

_SPACES = re.compile(r"\s+")
_LEAD = "：:）)]】 ，,"


@dataclass(frozen=True)
class Row:
    text: str  # without spaces
    box: tuple[int, int, int, int]


@dataclass
class ReadValue:
    """One field of a document as read: its value (normalised, JSON-safe) or why it cannot be used."""

    name: str
    label: str
    text: str  # as printed (read)
    value: Any = None
    parts: dict[str, Any] = field(default_factory=dict)  # an address's region and detail
    problem: str | None = None
    page: int = 0
    box: tuple[int, int, int, int] | None = None  # where it was read, for the review's crop

    def part(self, name: str) -> Any:
        return self.parts[name] if name else self.value


@dataclass
class Reading:
    """What one file gave: its type (None if unknown), its fields, and the pages to crop from."""

    file: Path
    type: DocumentType | None
    values: dict[str, ReadValue]
    pages: list[Page]
    seconds: float
    role: str | None = None  # the form section it belongs to (legal_rep, shareholders[1]) for a person's document

    @property
    def title(self) -> str:
        return self.type.title if self.type else "未识别的文件"

    def get(self, name: str) -> Any:
        found = self.values.get(name)
        return found.value if found and found.problem is None else None


def rows_of(lines: list[Line]) -> list[Row]:
    """Lines grouped into rows by their vertical middles, each row's lines left to right."""
    rows: list[list[Line]] = []
    for line in sorted(lines, key=lambda ln: (ln.box[1] + ln.box[3]) / 2):
        middle, height = (line.box[1] + line.box[3]) / 2, max(line.box[3] - line.box[1], 1)
        last = rows[-1] if rows else None
        if last and abs(middle - (last[-1].box[1] + last[-1].box[3]) / 2) < height * 0.5 and line.box != (0, 0, 0, 0):
            last.append(line)
        else:
            rows.append([line])
    result = []
    for row in rows:
        row.sort(key=lambda ln: ln.box[0])
        box = (
            min(r.box[0] for r in row),
            min(r.box[1] for r in row),
            max(r.box[2] for r in row),
            max(r.box[3] for r in row),
        )
        result.append(Row(_SPACES.sub("", "".join(r.text for r in row)), box))
    return result


def detect(pages: list[Page], types: dict[str, DocumentType]) -> DocumentType | None:
    """The type whose printed words are all on the pages, the one with most of its keywords found."""
    text = _SPACES.sub("", "".join(line.text for page in pages for line in page.lines))
    found = [t for t in types.values() if t.detect and all(word in text for word in t.detect)]
    return max(found, key=lambda t: sum(k in text for k in t.keywords()), default=None)


def read(
    path: Path, types: dict[str, DocumentType], *, role: str | None = None, today: dt.date | None = None
) -> Reading:
    started = time.perf_counter()
    pages = read_pages(path)
    kind = detect(pages, types)
    values = extract(pages, kind, today=today or localtime.today()) if kind else {}
    return Reading(path, kind, values, pages, time.perf_counter() - started, role)


def extract(pages: list[Page], kind: DocumentType, *, today: dt.date) -> dict[str, ReadValue]:
    values: dict[str, ReadValue] = {}
    for number, page in enumerate(pages):
        rows = rows_of(page.lines)
        for spec in kind.fields.values():
            if spec.name in values:
                continue
            others = (kind.keywords() - set(spec.keywords)) | set(kind.stop)
            found = _find(rows, spec, others)
            if found:
                text, box = found
                values[spec.name] = _checked(spec, text, box, number, today)
    _consistent(kind, values)
    return values


def _find(rows: list[Row], spec: FieldType, others: set[str]) -> tuple[str, tuple[int, int, int, int]] | None:
    for i, row in enumerate(rows):
        for keyword in spec.keywords:
            at = row.text.find(keyword)
            if at < 0:
                continue
            text, used = _cut(row.text[at + len(keyword) :].lstrip(_LEAD), others), [row]
            for below in rows[i + 1 : i + spec.lines if text else i + 1 + spec.lines]:
                if any(word in below.text for word in others | set(spec.keywords)):
                    break
                text += below.text
                used.append(below)
            match = spec.pattern.search(text)
            if match:
                box = (min(r.box[0] for r in used), min(r.box[1] for r in used),
                       max(r.box[2] for r in used), max(r.box[3] for r in used))  # fmt: skip
                return match.group(0), box
    return None


def _cut(text: str, others: set[str]) -> str:
    ends = [text.find(word) for word in others if word and text.find(word) > 0]
    return text[: min(ends)] if ends else text


def _checked(spec: FieldType, text: str, box: tuple[int, int, int, int], page: int, today: dt.date) -> ReadValue:
    value = ReadValue(spec.name, spec.label, text, page=page, box=box)
    try:
        value.value, value.parts = normalise(spec.kind, text, today)
    except InvalidIdentifier as exc:
        value.problem = str(exc)
    return value


_DATE = re.compile(r"(\d{4})\s*[年.\-/]\s*(\d{1,2})\s*[月.\-/]\s*(\d{1,2})")


def parse_date(text: str) -> dt.date:
    match = _DATE.search(text)
    if not match:
        raise InvalidIdentifier(f"“{text}”不是日期")
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise InvalidIdentifier(f"日期“{match[0]}”不存在") from None


def normalise(kind: str, text: str, today: dt.date) -> tuple[Any, dict[str, Any]]:
    """The value of a read text by its kind, or InvalidIdentifier with the applicant's reason."""
    if kind == "id_number":
        return check_id_number(text, today=today), {}
    if kind == "uscc":
        return check_uscc(text), {}
    if kind == "date":
        return parse_date(text).isoformat(), {}
    if kind == "period":
        dates = [parse_date(m[0]) for m in _DATE.finditer(text)]
        if not dates or (len(dates) < 2 and "长期" not in text):
            raise InvalidIdentifier(f"“{text}”不是起止日期")
        end = dates[1] if len(dates) > 1 else None
        if end and end <= dates[0]:
            raise InvalidIdentifier(f"截止日期早于起始日期：“{text}”")
        parts = {"start": dates[0].isoformat(), "end": end.isoformat() if end else None}
        return parts, parts
    if kind == "address":  # a misread division name is put right from the known list
        parts = split_address(text)
        return (f"{parts['region_name']}{parts['detail']}" if parts["region"] else text), parts
    if kind == "authority":
        return _authority(text), {}
    if kind == "sex":
        return {"男": "male", "女": "female"}[text], {}
    if kind == "number":
        return text, {}
    return text, {}


def split_address(text: str) -> dict[str, Any]:
    """``福建省漳州市芗城区胜利西路28号`` → region 350602 and detail 胜利西路28号 (the longest name that starts it)."""
    best = max(
        (r for r in county_regions() if text.startswith(r.full_name)), key=lambda r: len(r.full_name), default=None
    )
    if best is None:  # one character misread (芗→梦): the known division whose name differs by it
        near = [r for r in county_regions() if len(r.full_name) >= 6 and _differ(text, r.full_name) == 1]
        if len(near) == 1:
            best = near[0]
    if best is None:
        return {"region": None, "detail": text}
    return {"region": best.code, "detail": text[len(best.full_name) :], "region_name": best.full_name}


_POLICE = re.compile(r"^(.+?[市州盟])公安局(.*)分局$")


def _authority(text: str) -> str:
    """``漳州市公安局城分局`` / ``…艺城分局`` → ``漳州市公安局芗城分局``: a district of that city whose name differs by
    one character (misread or lost), when exactly one does."""
    match = _POLICE.match(text)
    if not match:
        return text
    city, short = match[1], match[2]
    names = {r.district[:-1] for r in county_regions() if r.city == city and len(r.district) > 2}
    if not short or short in names:
        return text
    near = [n for n in names if _one_off(short, n)]
    return f"{city}公安局{near[0]}分局" if len(near) == 1 else text


def _one_off(a: str, b: str) -> bool:
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    if len(a) + 1 == len(b):
        return any(b[:i] + b[i + 1 :] == a for i in range(len(b)))
    return False


def _differ(text: str, name: str) -> int:
    if len(text) <= len(name):
        return len(name)
    return sum(a != b for a, b in zip(text, name, strict=False))


def _consistent(kind: DocumentType, values: dict[str, ReadValue]) -> None:
    """An ID card's birth date and sex must agree with its number (a misread digit shows here)."""
    number = values.get("id_number")
    if not number or number.problem:
        return
    birth, sex = values.get("birth"), values.get("sex")
    if birth and birth.problem is None and birth.value != id_birth_date(number.value).isoformat():
        number.problem = f"出生日期“{birth.text}”与号码不符，请核对"
    if sex and sex.problem is None and sex.value != id_sex(number.value):
        number.problem = f"性别“{sex.text}”与号码第17位不符，请核对"
