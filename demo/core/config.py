"""Where the demo keeps its data and which admin token it expects: both from the environment."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

DATA_DIR_ENV = "DEMO_DATA_DIR"
ADMIN_TOKEN_ENV = "DEMO_ADMIN_TOKEN"
DEFAULT_DATA_DIR = Path("var/demo")


def data_dir(explicit: Path | str | None = None) -> Path:
    """``explicit``, else ``$DEMO_DATA_DIR``, else ``var/demo/`` (relative to the working dir)."""
    if explicit is not None:
        return Path(explicit)
    env = os.environ.get(DATA_DIR_ENV)
    return Path(env) if env else DEFAULT_DATA_DIR


def admin_token(explicit: str | None = None) -> tuple[str, bool]:
    """The admin token and whether it was generated here (the launcher then prints it)."""
    if explicit:
        return explicit, False
    env = os.environ.get(ADMIN_TOKEN_ENV)
    if env:
        return env, False
    return secrets.token_urlsafe(18), True
