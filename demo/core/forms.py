"""Read a posted form exactly as the browser sent it, to store as a submission's payload.

"Exactly" means: every field under the portal's own input name, empty ones included;
a name posted once gives a string, a name posted several times a list (in order);
a file field gives ``{"filename", "content_type"}`` (store the bytes with
``Portal.save_upload``). Portals served in another charset (hpf-deposit: GBK) pass
``encoding`` and must not also declare ``Form(...)`` parameters, which would consume
the body as UTF-8 first.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

from starlette.datastructures import UploadFile
from starlette.requests import Request


async def form_payload(request: Request, encoding: str = "utf-8") -> dict[str, Any]:
    """The posted fields of ``request`` (urlencoded or multipart) as a JSON-able dict."""
    content_type = request.headers.get("content-type", "")
    pairs: list[tuple[str, Any]]
    if encoding.lower() not in ("utf-8", "utf8") and content_type.startswith("application/x-www-form-urlencoded"):
        body = (await request.body()).decode("ascii", errors="replace")
        pairs = parse_qsl(body, keep_blank_values=True, encoding=encoding)
    else:
        form = await request.form()
        pairs = [
            (
                k,
                {"filename": v.filename or "", "content_type": v.content_type or ""}
                if isinstance(v, UploadFile)
                else v,
            )
            for k, v in form.multi_items()
        ]
    payload: dict[str, Any] = {}
    for key, value in pairs:
        if key not in payload:
            payload[key] = value
        elif isinstance(payload[key], list):
            payload[key].append(value)
        else:
            payload[key] = [payload[key], value]
    return payload
