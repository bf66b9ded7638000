"""Personal data at rest: the ledger's personal columns (an application's values, a hand-off's answer) encrypted.

个人信息保护法 expects personal data to be protected where it is stored: a copy of ``var/ledger.db`` or a
``pg_dump`` must not show ID or mobile numbers. The columns keep their types (JSON, text): an encrypted value
is stored as the string ``fernet:<token>`` (Fernet from the ``cryptography`` package: AES-128-CBC with an
HMAC-SHA256, a timestamp, url-safe text), so no table changes, and a row written before encryption (a plain
JSON object or text) is still read as it is, and encrypted when next written.

The key: ``BOT_LEDGER_KEY`` (a Fernet key, ``bot db key`` prints a new one), else the system keyring (service
``yijianban``, name ``LEDGER_KEY``), else a key file made once beside the ledger (``var/ledger.key``, mode 600)
so that the embedded default needs no setup; it then protects copies of the database, not of the whole
folder. Many machines sharing one PostgreSQL ledger must share the key: set ``BOT_LEDGER_KEY`` on each.
Rotation: ``BOT_LEDGER_KEY=new,old`` encrypts with the first and reads with any (MultiFernet).
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from sqlalchemy import JSON, Text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from bot.errors import LedgerKeyError
from bot.privacy.secrets import from_keyring

ENV = "BOT_LEDGER_KEY"
KEYRING_NAME = "LEDGER_KEY"
PREFIX = "fernet:"


def new_key() -> str:
    return Fernet.generate_key().decode()


@cache
def _cipher(keys: str) -> MultiFernet:
    try:
        return MultiFernet([Fernet(k.strip().encode()) for k in keys.split(",") if k.strip()])
    except ValueError:
        raise LedgerKeyError(f"{ENV} 不是有效的 Fernet 密钥（32 字节的 url-safe base64；bot db key 可生成）") from None


def cipher() -> MultiFernet:
    """The ledger's cipher, from BOT_LEDGER_KEY, the keyring, or the key file beside the ledger."""
    keys = os.environ.get(ENV) or from_keyring(KEYRING_NAME) or _from_file(_key_file())
    return _cipher(keys)


def _key_file() -> Path:
    from bot.paths import var_dir

    return var_dir() / "ledger.key"


def _from_file(path: Path) -> str:
    """The key in ``path``, written there first (exclusively, mode 600) if it does not exist yet."""
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process wrote it meanwhile
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(new_key() + "\n")
    return path.read_text(encoding="ascii").strip()


def seal(text: str) -> str:
    return PREFIX + cipher().encrypt(text.encode()).decode()


def unseal(value: str) -> str:
    if not value.startswith(PREFIX):
        return value  # written before encryption
    try:
        return cipher().decrypt(value[len(PREFIX) :].encode()).decode()
    except InvalidToken:
        raise LedgerKeyError(
            f"台账中的个人数据无法解密：现在的密钥（{ENV}、钥匙串或 var/ledger.key）不是加密时用的那个"
        ) from None


class SealedJSON(TypeDecorator[Any]):
    """A JSON column whose value is stored encrypted (as a JSON string ``fernet:…``)."""

    impl = JSON
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        return None if value is None else seal(json.dumps(value, ensure_ascii=False))

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        if isinstance(value, str):
            return json.loads(unseal(value))
        return value  # a plain object: written before encryption


class SealedText(TypeDecorator[str]):
    """A text column whose value is stored encrypted (``fernet:…``)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        return None if value is None else seal(value)

    def process_result_value(self, value: str | None, dialect: Dialect) -> str | None:
        return None if value is None else unseal(value)
