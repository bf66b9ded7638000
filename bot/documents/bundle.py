"""The documents a bundle expects (``documents:`` in mappings/reviews/<bundle>.yaml) and the fields they fill."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.documents.types import document_types
from bot.errors import BotError
from bot.form.spec import FormSpec


def document_fields(form: FormSpec, folder: Path, bundle: str) -> set[str]:
    """Form field paths (``legal_rep.name``, ``shareholders.id_number``) that the bundle's documents fill."""
    path = folder / "reviews" / f"{bundle}.yaml"
    if not path.exists():
        return set()
    body = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    types = document_types(folder / "documents")
    filled: set[str] = set()
    for entry in body.get("documents") or []:
        kind = types.get(entry.get("type", ""))
        if kind is None:
            raise BotError(f"{path}: 证照类型“{entry.get('type')}”不存在（mappings/documents/）")
        sections = entry.get("for") or [None]
        for section in sections:
            if section is not None and section not in form.sections:
                raise BotError(f"{path}: “{section}”不是简表的分区")
            targets = [t for f in kind.fields.values() for t in f.fills] + (
                [entry["upload"]] if entry.get("upload") else []
            )
            for target in targets:
                full = f"{section}.{target}" if kind.person and section else target
                sec, _, name = full.partition(".")
                if sec in form.sections and name in form.sections[sec].fields:
                    filled.add(full)
    return filled
