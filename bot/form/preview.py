"""What each portal will receive, before anything is sent.

Outputs of earlier filings are not known before the run: they show as
placeholders naming what will fill them.
"""

from __future__ import annotations

from typing import Any

from bot.form.application import Application
from bot.mapping.bundle import Bundle
from bot.mapping.item import Pending


def pending_outputs(bundle: Bundle) -> dict[str, dict[str, Pending]]:
    """``outputs['samr-registration'].uscc`` → 〈待取得：企业设立登记·统一社会信用代码〉."""
    return {
        item: {name: Pending(f"〈待取得：{mapping.title}·{label}〉") for name, label in mapping.outputs.items()}
        for item, mapping in bundle.mappings.items()
    }


def preview(bundle: Bundle, app: Application, items: list[str] | None = None) -> dict[str, dict[str, Any]]:
    """Item → the nested values its portal form will receive."""
    outputs = pending_outputs(bundle)
    chosen = items or bundle.items
    return {item: bundle.mappings[item].evaluate(app, outputs) for item in chosen}
