"""Masking of personal data: ID numbers and mobile numbers never leave unmasked.

Used by previews (unless --reveal), by the log sink and by reports. Masking works
on text, so that a number inside a sentence or an exception message is caught too.
"""

from __future__ import annotations

import re
from typing import Any

_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(\d{4})\d{10}(\d{3}[\dXx])(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")


def mask_text(text: str) -> str:
    """``350602198503122010`` → ``3506**********2010``; ``13859612345`` → ``138****2345``."""
    text = _ID_NUMBER.sub(lambda m: f"{m[1]}{'*' * 10}{m[2]}", text)
    return _MOBILE.sub(lambda m: f"{m[1]}****{m[2]}", text)


def mask(value: Any) -> Any:
    """Mask every string inside nested dicts and lists; other values pass through."""
    if isinstance(value, str):
        return type(value)(mask_text(value)) if type(value) is not str else mask_text(value)
    if isinstance(value, dict):
        return {k: mask(v) for k, v in value.items()}
    if isinstance(value, list):
        return [mask(v) for v in value]
    return value
