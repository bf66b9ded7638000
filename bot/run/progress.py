"""How a run looks to a clerk, read from the ledger alone: so ``bot status`` shows the same thing
whether the run is in this process, another one, or on a queue worker."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from bot.localtime import utcnow
from bot.mapping.bundle import Bundle
from bot.run.ledger import EventRow, FilingRow, Ledger, RunRow
from bot.run.states import LABELS, SETTLED, State


@dataclass
class FilingView:
    id: int
    item: str
    title: str  # the item's Chinese title (企业设立登记 …)
    state: State
    attempts: int
    started_at: dt.datetime | None  # first time it ran
    ended_at: dt.datetime | None  # when it settled
    message: str  # the latest event's message
    outputs: dict[str, str]
    error: str | None
    screenshot: str | None
    events: list[EventRow] = field(default_factory=list)

    @property
    def label(self) -> str:
        return LABELS[self.state]

    @property
    def seconds(self) -> float:
        if self.started_at is None:
            return 0.0
        return ((self.ended_at or utcnow()) - self.started_at).total_seconds()


@dataclass
class RunView:
    run: RunRow
    title: str  # the application's title (the company's name)
    filings: list[FilingView]

    @property
    def settled(self) -> bool:
        return all(f.state in SETTLED for f in self.filings)

    def count(self, state: State) -> int:
        return sum(f.state == state for f in self.filings)


def view(ledger: Ledger, run_id: str, bundle: Bundle | None = None) -> RunView:
    run = ledger.run(run_id)
    filings = ledger.filings(run_id)
    events = ledger.events(f.id for f in filings)
    by_filing: dict[int, list[EventRow]] = {}
    for event in events:
        by_filing.setdefault(event.filing_id, []).append(event)
    return RunView(
        run,
        ledger.application(run.application_id).title,
        [_filing_view(f, by_filing.get(f.id, []), bundle) for f in filings],
    )


def _filing_view(filing: FilingRow, events: list[EventRow], bundle: Bundle | None) -> FilingView:
    state = State(filing.state)
    started = next((e.at for e in events if e.target == State.RUNNING), None)
    ended = filing.updated_at if state in SETTLED else None
    mapping = bundle.mappings.get(filing.item) if bundle else None
    return FilingView(
        id=filing.id,
        item=filing.item,
        title=mapping.title if mapping else filing.item,
        state=state,
        attempts=filing.attempts,
        started_at=started,
        ended_at=ended,
        message=events[-1].message if events else "",
        outputs=dict(filing.outputs or {}),
        error=filing.error,
        screenshot=filing.screenshot,
        events=events,
    )
