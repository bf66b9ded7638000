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
