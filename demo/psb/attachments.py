"""附件 uploads: checked by their bytes, not their names, as the real system's gateway does.

Each file is uploaded by AJAX as soon as it is chosen; the form then posts only the
upload's id (hidden input), so a form sent back with errors keeps its attachments.
"""

from __future__ import annotations

from demo.core import Portal, Upload

MAX_BYTES = 5 * 1024 * 1024
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)
MSG_EMPTY = "请选择要上传的文件"
MSG_TOO_BIG = "文件大小超过5MB，请压缩后重新上传"
MSG_BAD_TYPE = "文件格式不正确，仅支持PDF、JPG、PNG格式"


def sniff(data: bytes) -> str | None:
    """The content type the bytes really have, or None if not PDF/JPG/PNG."""
    return next((kind for magic, kind in _MAGIC if data.startswith(magic)), None)


def problem(data: bytes) -> str | None:
    """Why the file is refused, or None."""
    if not data:
        return MSG_EMPTY
    if len(data) > MAX_BYTES:
        return MSG_TOO_BIG
    if sniff(data) is None:
        return MSG_BAD_TYPE
    return None


def size_text(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{max(1, round(size / 1024))} KB"


def pending(portal: Portal, account: str, field: str, upload_id: str) -> Upload | None:
    """The account's not-yet-filed upload for ``field`` with this id, or None."""
    if not upload_id.strip().isdigit():
        return None
    found = portal.store.get_upload(int(upload_id))
    if found is None or found.account != account or found.field != field or found.submission_id is not None:
        return None
    return found
