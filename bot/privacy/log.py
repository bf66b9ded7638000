"""Logging through loguru, with personal data and secrets masked in every line.

Masking happens in a patcher, so no sink (console, file, report) can see an
unmasked ID number, mobile number or a secret that a recipe read. Tracebacks are
not masked by a patcher: log an exception as ``logger.error(str(exc))`` (the
message is masked), never with ``logger.exception``.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from loguru import logger

from bot.privacy.masking import mask_text
from bot.privacy.secrets import Secrets

if TYPE_CHECKING:
    from loguru import Record

REDACTED = "******"


def redact(text: str) -> str:
    """Mask ID and mobile numbers and replace every secret handed out so far."""
    for secret in Secrets.revealed():
        if len(secret) >= 4:  # a one-letter "secret" would blank out ordinary words
            text = text.replace(secret, REDACTED)
    return mask_text(text)


def _patch(record: Record) -> None:
    record["message"] = redact(record["message"])
    for key, value in list(record["extra"].items()):
        if isinstance(value, str):
            record["extra"][key] = redact(value)


def configure(*, level: str = "INFO", file: Any | None = None) -> None:
    """One place that decides where logs go; every sink gets masked records."""
    logger.remove()
    logger.configure(patcher=_patch)
    logger.add(
        sys.stderr,
        level=level,
        format="<green>{time:HH:mm:ss}</green> {level: <7} {message}",
        backtrace=False,
        diagnose=False,
    )
    if file is not None:
        logger.add(
            file,
            level="DEBUG",
            format="{time:YYYY-MM-DD HH:mm:ss.SSS} {level} {message}",
            backtrace=False,
            diagnose=False,
            encoding="utf-8",
        )
