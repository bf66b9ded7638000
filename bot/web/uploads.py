"""Uploads (扫描件): checked by what the bytes are, not by what the name says, and by size.

A file field's rules in form.yaml (``extensions``, ``max_kb``) decide what is allowed. The first
bytes must be those of a PDF, PNG or JPEG of an allowed kind; the file is stored in the draft's
own folder under a name of our making (``legal_rep.id_scan.png``), never the browser's; the browser's name
is remembered beside it (``names.json``) only to show it back to the applicant.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from starlette.datastructures import UploadFile

from bot.errors import UploadRefused
from bot.form.spec import FieldSpec

DEFAULT_MAX_KB = 5120
NAMES = "names.json"  # stored name → the name the applicant's file had (shown in the preview, never a path)
SIGNATURES = {  # magic bytes → kind
    b"%PDF-": "pdf",
    b"\x89PNG\r\n\x1a\n": "png",
    b"\xff\xd8\xff": "jpg",
}
SYNONYMS = {"jpeg": "jpg"}
CHUNK = 64 * 1024


@dataclass(frozen=True)
class Stored:
    name: str  # the file's name inside the draft's folder: the raw value


def sniff(head: bytes) -> str | None:
    return next((kind for magic, kind in SIGNATURES.items() if head.startswith(magic)), None)


def _size_text(max_kb: int) -> str:
    return f"{max_kb // 1024} MB" if max_kb >= 1024 and max_kb % 1024 == 0 else f"{max_kb} KB"


async def store(spec: FieldSpec, key: str, upload: UploadFile, folder: Path) -> Stored:
    """Check one upload and keep it in ``folder``; UploadRefused says why not."""
    allowed = {SYNONYMS.get(e.lower(), e.lower()) for e in spec.rules.get("extensions") or ["pdf", "jpg", "png"]}
    max_kb = int(spec.rules.get("max_kb") or DEFAULT_MAX_KB)
    data = bytearray()
    while chunk := await upload.read(CHUNK):
        data += chunk
        if len(data) > max_kb * 1024:
            raise UploadRefused(f"文件过大：不能超过 {_size_text(max_kb)}，请压缩或重新扫描后再上传")
    if not data:
        raise UploadRefused("文件是空的，请重新选择")
    kind = sniff(bytes(data[:16]))
    listed = "、".join(sorted(e.upper() for e in allowed))
    if kind is None or kind not in allowed:
        raise UploadRefused(f"文件类型不符：只接受 {listed} 格式的扫描件（按文件内容判断，改扩展名无效）")
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{key}.{kind}"
    for old in folder.glob(f"{key}.*"):
        old.unlink()
    (folder / name).write_bytes(bytes(data))
    _remember(folder, name, upload.filename or "")
    return Stored(name)


def _remember(folder: Path, name: str, original: str) -> None:
    names = original_names(folder)
    names[name] = re.split(r"[\\/]", original)[-1][:120] or name
    (folder / NAMES).write_text(json.dumps(names, ensure_ascii=False), encoding="utf-8")


def original_names(folder: Path) -> dict[str, str]:
    """The names the applicant's files had, by the name they are stored under."""
    try:
        names = json.loads((folder / NAMES).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in names.items()} if isinstance(names, dict) else {}
