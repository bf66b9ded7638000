"""The kits: one module per front-end library (bot/recipe/kits/base.py says what a kit is).

``all_kits()`` loads every module of this package that defines ``KIT``; a new library is a new
module here, nothing else changes.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from bot.recipe.kits.base import Kit, Section, Table, Target, Widget

__all__ = ["Kit", "Section", "Table", "Target", "Widget", "all_kits"]


@cache
def all_kits() -> tuple[Kit, ...]:
    """Every kit of this package, in module name order (a page drawn by two libraries uses both)."""
    kits = []
    for module in sorted(m.name for m in pkgutil.iter_modules(__path__) if m.name != "base"):
        kit = getattr(importlib.import_module(f"{__name__}.{module}"), "KIT", None)
        if isinstance(kit, Kit):
            kinds = [w.kind for w in kit.widgets]
            if len(set(kinds)) != len(kinds):  # a kind names its widget (fieldjs.widget_id): one would hide another
                twice = sorted({k for k in kinds if kinds.count(k) > 1})
                raise ValueError(f"kit {module} ({kit.name}) declares widget kinds twice: {', '.join(twice)}")
            kits.append(kit)
    return tuple(kits)
