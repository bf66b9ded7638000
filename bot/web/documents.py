"""证照智能录入 on the web form: ``POST /apply/<bundle>/scan`` reads uploaded documents as ``bot scan`` does.

The page posts its current values with the documents (``document`` files, each with a ``role``: the
form section it belongs to, empty for a lease or a certificate). The answer says, per form field key,
the value read and its source (“来自：法定代表人身份证”) for the applicant to confirm or correct;
fields already typed are never changed (a different value comes back as a conflict), and values that
failed their checks come back with the reason. The scan reads the uploads in a temporary folder.

The same documents travel with the form when the applicant saves it (the box's inputs belong to the form:
``document-N`` and ``document-N-role``): ``keep`` stores them in the draft's folder (``documents/``, under
names of our making) with the record of documents (``web.documents.yaml``: each file and whose it is),
which the clerk's review sheet reads (bot/web/review.py).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import yaml
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile

from bot.documents.prefill import prefill, role_label
from bot.documents.scan import read_documents
from bot.errors import BotError, InvalidIdentifier
from bot.form.spec import FormSpec
from bot.web.formview import bundle_named, form_view, raw_from_form
from bot.web.quotas import Quotas
from bot.web.uploads import sniff

router = APIRouter()
MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 12
DOCUMENT_ROWS = 3  # the box's rows (templates/_documents.html)
KEPT_DIR = "documents"
WEB_RECORD = "web.documents.yaml"  # a record naming no application file: the folder's (the draft's) own


def field_key(path: str) -> str:
    """``shareholders[1].name`` → ``shareholders.1.name``, the web form's key."""
    return path.replace("[", ".").replace("]", "")


@router.post("/apply/{bundle_name}/scan")
async def scan(request: Request, bundle_name: str) -> JSONResponse:
    try:
        bundle = bundle_named(bundle_name)
    except BotError:
        raise HTTPException(404, "没有这件事") from None
    form = await request.form()
    uploads = [u for u in form.getlist("document") if isinstance(u, UploadFile)]
    roles = [str(r) for r in form.getlist("role")]
    if not uploads or len(uploads) > MAX_FILES:
        raise HTTPException(400, f"请上传 1 至 {MAX_FILES} 份证照")
    typed = raw_from_form(form_view(bundle), form, {})
    with tempfile.TemporaryDirectory(prefix="yjb-scan-") as folder:
        files: list[tuple[Path, str | None]] = []
        for i, upload in enumerate(uploads):
            data = await upload.read(MAX_BYTES + 1)
            kind = sniff(data[:16])
            if kind is None or len(data) > MAX_BYTES:
                raise HTTPException(400, f"第{i + 1}份证照应为不超过 10 MB 的 PDF、PNG 或 JPEG 文件")
            path = Path(folder) / f"document-{i + 1}.{kind}"
            path.write_bytes(data)
            files.append((path, (roles[i] if i < len(roles) else "") or None))
        try:
            readings = await run_in_threadpool(read_documents, bundle.form, files)
        except BotError as exc:
            raise HTTPException(400, str(exc).replace(folder + "/", "")) from None
        result = prefill(bundle.form, typed, readings)
    return JSONResponse(_answer(result, readings))


def _answer(result: Any, readings: list[Any]) -> dict[str, Any]:
    return {
        "documents": [{"title": r.title, "role": r.role} for r in readings],
        "filled": {
            field_key(f.path): {"value": str(f.value), "source": f.source, "label": f.label} for f in result.filled
        },
        "conflicts": {
            field_key(c.path): {"typed": str(c.typed), "read": str(c.read), "source": c.source, "label": c.label}
            for c in result.conflicts
        },
        "rejected": [{"label": r.label, "reason": r.reason} for r in result.rejected],
    }


async def keep(form: FormData, folder: Path, spec: FormSpec, address: str, quotas: Quotas) -> int:
    """Store the documents chosen in the box with the draft, each row replacing what it held before, counted in the
    address's upload quotas as scans are; a file that is not a PDF, PNG or JPEG of at most 10 MB, or over the
    quota, is not kept (the scan has told the applicant what the file is). The number kept."""
    record = _record(folder)
    kept = 0
    for row in range(1, DOCUMENT_ROWS + 1):
        upload = form.get(f"document-{row}")
        if not isinstance(upload, UploadFile) or not upload.filename:
            continue
        data = await upload.read(MAX_BYTES + 1)
        kind = sniff(data[:16])
        if kind is None or len(data) > MAX_BYTES or quotas.upload_refusal(address, len(data)) is not None:
            continue
        quotas.took_upload(address, len(data))
        role = str(form.get(f"document-{row}-role") or "") or None
        if role:
            try:
                role_label(spec, role)
            except InvalidIdentifier:
                role = None
        (folder / KEPT_DIR).mkdir(parents=True, exist_ok=True)
        for old in (folder / KEPT_DIR).glob(f"document-{row}.*"):
            old.unlink()
        name = f"{KEPT_DIR}/document-{row}.{kind}"
        (folder / name).write_bytes(data)
        record[row] = {"file": name, "role": role}
        kept += 1
    if kept:
        body = {"documents": [record[row] for row in sorted(record)]}
        (folder / WEB_RECORD).write_text(yaml.safe_dump(body, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return kept


def _record(folder: Path) -> dict[int, dict[str, Any]]:
    """The documents kept so far, by the box's row they came from."""
    try:
        body = yaml.safe_load((folder / WEB_RECORD).read_text(encoding="utf-8")) or {}
    except OSError:
        return {}
    rows = {}
    for doc in body.get("documents") or []:
        stem = Path(str(doc.get("file", ""))).stem  # document-2
        if stem.startswith("document-") and stem[9:].isdigit():
            rows[int(stem[9:])] = {"file": str(doc["file"]), "role": doc.get("role")}
    return rows
