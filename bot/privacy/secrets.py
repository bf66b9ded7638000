"""Secrets (portal passwords…) come from the environment or a keyring, never from files in the repo.

A recipe names the secrets it reads (``secrets: [SAMR_PASSWORD]``) and uses them as
``{{ secrets.SAMR_PASSWORD }}``. Each value is read from ``BOT_SECRET_<NAME>``, else
from the system keyring (service ``yijianban``) when the ``keyring`` package is
installed. Every value handed out is remembered so that logs can redact it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from typing import ClassVar

from bot.errors import SecretMissing

ENV_PREFIX = "BOT_SECRET_"
KEYRING_SERVICE = "yijianban"


class Secrets(Mapping[str, str]):
    """The secrets one recipe may read; reading an undeclared one is a maintainer's error."""

    _revealed: ClassVar[set[str]] = set()  # every value handed out, process-wide, for log redaction

    def __init__(self, names: list[str], environ: Mapping[str, str] | None = None) -> None:
        self._names = list(names)
        self._environ = os.environ if environ is None else environ

    def __getitem__(self, name: str) -> str:
        if name not in self._names:
            raise SecretMissing(f"配方未声明密钥 {name}：请在配方的 secrets 中列出它")
        value = self._environ.get(ENV_PREFIX + name) or from_keyring(name)
        if not value:
            raise SecretMissing(
                f"缺少密钥 {name}：请设置环境变量 {ENV_PREFIX}{name}，"
                f"或用 keyring set {KEYRING_SERVICE} {name} 存入系统钥匙串"
            )
        Secrets._revealed.add(value)
        return value

    def __getattr__(self, name: str) -> str:
        if name.startswith("_"):
            raise AttributeError(name)
        return self[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def __repr__(self) -> str:
        return f"Secrets({', '.join(self._names)})"  # never the values

    @classmethod
    def revealed(cls) -> frozenset[str]:
        return frozenset(cls._revealed)


def from_keyring(name: str) -> str | None:
    try:
        import keyring  # type: ignore[import-not-found]
    except ImportError:
        return None
    try:
        value = keyring.get_password(KEYRING_SERVICE, name)
    except Exception:  # no keyring backend on a headless server
        return None
    return value if isinstance(value, str) else None
