"""An application as the clerk's lists show it (the dashboard's 待办理, the search's results)."""

from __future__ import annotations

from typing import Any

from fastapi import Request

from bot.localtime import clock
from bot.run.ledger import Ledger
from bot.run.progress import view
from bot.run.states import State
from bot.web import tracking
from bot.web.drafts import DraftRow, Drafts

PEOPLE = ("legal_rep", "liaison", "agent", "finance", "supervisor", "manager")


def summary(request: Request, draft: DraftRow) -> dict[str, Any]:
    """One confirmed application as the clerk's lists show it."""
    assert draft.application_id is not None and draft.confirmed_at is not None
    ledger: Ledger = request.app.state.ledger
    row = ledger.application(draft.application_id)
    drafts: Drafts = request.app.state.drafts
    runs = drafts.runs_of(draft.application_id)
    state = "待办理"
    if runs:
        current = view(ledger, runs[0].id)
        done = current.count(State.DONE)
        total = len(current.filings)
        if current.settled:
            state = "已办结" if done == total else f"已停止（已办结 {done}/{total}，需人工处理）"
        else:
            state = f"办理中（已办结 {done}/{total}）"
    legal_rep = row.raw.get("legal_rep") if isinstance(row.raw.get("legal_rep"), dict) else {}
    return {
        "id": row.id,
        "number": tracking.number(row.id, draft.confirmed_at),
        "title": row.title,
        "legal_rep": str((legal_rep or {}).get("name") or ""),
        "confirmed_at": clock(draft.confirmed_at),
        "state": state,
        "run": runs[0].id if runs else None,
    }


def names(raw: dict[str, Any]) -> list[str]:
    found = []
    for section in PEOPLE:
        values = raw.get(section)
        if isinstance(values, dict) and values.get("name"):
            found.append(str(values["name"]))
    for row in raw.get("shareholders") or []:
        if isinstance(row, dict) and row.get("name"):
            found.append(str(row["name"]))
    return found
