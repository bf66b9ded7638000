"""``bot scan`` and ``bot review``: documents read for one bundle, and the application's record of them.

The record (``<application>.documents.yaml`` beside the application) lists each document with the
form section it belongs to, and which fields came from which document; ``bot review`` reads the
documents again from it (and, for a run, the licence its registration brought back).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

import yaml

from bot.documents.prefill import Prefill, prefill, role_label, source_of
from bot.documents.reading import Reading, read
from bot.documents.types import document_types
from bot.errors import BotError, InvalidIdentifier
from bot.form.spec import FormSpec
from bot.paths import mappings_dir
from bot.privacy.masking import mask

RECORD_SUFFIX = ".documents.yaml"


def parse_arg(arg: str) -> tuple[Path, str | None]:
    """``scans/id.png=legal_rep`` → the file and the form section it belongs to."""
    path, _, role = arg.partition("=")
    return Path(path), role or None


def read_documents(form: FormSpec, files: list[tuple[Path, str | None]], today: dt.date | None = None) -> list[Reading]:
    types = document_types(mappings_dir() / "documents")
    readings = []
    for path, role in files:
        if role:
            try:
                role_label(form, role)
            except InvalidIdentifier as exc:
                raise BotError(f"{path.name}：{exc}") from None
        reading = read(path, types, role=role, today=today)
        if reading.type and reading.type.person and not role:
            raise BotError(f"{path.name} 是{reading.title}：请写明是谁的证件，如 {path}=legal_rep")
        readings.append(reading)
    return readings


def reading_dict(form: FormSpec, reading: Reading, *, reveal: bool = False) -> dict[str, Any]:
    fields = [
        {"field": v.name, "label": v.label, "read": v.text, "value": v.value, "problem": v.problem}
        for v in reading.values.values()
    ]
    body = {
        "file": reading.file.name,
        "type": reading.type.name if reading.type else None,
        "title": reading.title,
        "role": reading.role,
        "source": source_of(form, reading) if reading.type else None,
        "seconds": round(reading.seconds, 2),
        "fields": fields,
    }
    return body if reveal else mask(body)


def prefill_dict(result: Prefill, *, reveal: bool = False) -> dict[str, Any]:
    body = {
        "filled": [asdict(f) for f in result.filled],
        "conflicts": [asdict(c) for c in result.conflicts],
        "rejected": [asdict(r) for r in result.rejected],
    }
    return body if reveal else mask(json.loads(json.dumps(body, ensure_ascii=False, default=str)))


def run_prefill(form: FormSpec, typed: dict[str, Any], readings: list[Reading]) -> Prefill:
    return prefill(form, typed, readings)


def write_record(application: Path, readings: list[Reading], result: Prefill) -> Path:
    """The application's record of documents, beside it (paths relative to the application's folder)."""
    out = application.with_name(application.stem + RECORD_SUFFIX)
    base = application.parent.resolve()
    docs = []
    for r in readings:
        file = r.file.resolve()
        docs.append({"file": str(file.relative_to(base)) if file.is_relative_to(base) else str(file), "role": r.role})
    body = {"application": application.name, "documents": docs, "sources": result.sources}
    out.write_text(yaml.safe_dump(body, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return out


def load_record(application: Path) -> dict[str, Any] | None:
    path = application.with_name(application.stem + RECORD_SUFFIX)
    if not path.exists():
        return None
    return yaml.safe_load(path.read_text(encoding="utf-8")) or None


def record_files(record: dict[str, Any], base: Path) -> list[tuple[Path, str | None]]:
    return [
        ((base / d["file"]) if not Path(d["file"]).is_absolute() else Path(d["file"]), d.get("role"))
        for d in record.get("documents") or []
    ]
