"""Where the project's files are: the embedded defaults, overridable from the environment."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def mappings_dir() -> Path:
    """``BOT_MAPPINGS`` or the project's own mappings/."""
    return Path(os.environ.get("BOT_MAPPINGS", PROJECT_ROOT / "mappings"))


def recipes_dir() -> Path:
    """``BOT_RECIPES`` or the project's own recipes/."""
    return Path(os.environ.get("BOT_RECIPES", PROJECT_ROOT / "recipes"))


def var_dir() -> Path:
    """``BOT_VAR`` or the project's var/: the ledger, evidence and reports of runs on this machine."""
    return Path(os.environ.get("BOT_VAR", PROJECT_ROOT / "var"))


def portals_file() -> Path:
    """``BOT_PORTALS`` or config/portals.yaml: item → the portal's base URL."""
    return Path(os.environ.get("BOT_PORTALS", PROJECT_ROOT / "config" / "portals.yaml"))


def portal_url(item: str) -> str:
    """The base URL of an item's portal: ``BOT_PORTAL_URL_<ITEM>`` first, then the portals file."""
    override = os.environ.get("BOT_PORTAL_URL_" + item.upper().replace("-", "_"))
    if override:
        return override
    import yaml

    from bot.errors import BotError

    path = portals_file()
    try:
        table = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError as exc:
        raise BotError(f"无法读取门户地址表 {path}：{exc.strerror}") from None
    if item not in table:
        raise BotError(f"门户地址表 {path} 中没有“{item}”：请添加一行“{item}: https://…”")
    return str(table[item])
