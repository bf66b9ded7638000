"""证照智能录入 on the web form: ``POST /apply/<bundle>/scan`` reads uploaded documents as ``bot scan`` does.

The page posts its current values with the documents (``document`` files, each with a ``role``: the
form section it belongs to, empty for a lease or a certificate). The answer says, per form field key,
the value read and its source (“来自：法定代表人身份证”) for the applicant to confirm or correct;
fields already typed are never changed (a different value comes back as a conflict), and values that
failed their checks come back with the reason. The uploads are read in a temporary folder and not kept.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from bot.documents.prefill import prefill
from bot.documents.scan import read_documents
from bot.errors import BotError
from bot.web.formview import bundle_named, form_view, raw_from_form
from bot.web.uploads import sniff

router = APIRouter()
MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 12


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
