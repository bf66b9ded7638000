"""Which filings of a run a driver may advance, and when: pure functions of the ledger's rows.

Why its own module: what is due is decided from the bundle's DAG, the filings' rows and the clock
alone, so it can be read and tested without a browser, a portal or an event loop (as Scrapy's
scheduler decides what is next apart from the engine that fetches it). The engine asks; the
ledger's conditional moves still decide who actually gets to move a filing.
"""

from __future__ import annotations

import datetime as dt
import socket
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field

from bot.run.claims import held_by_live_driver, pid_alive
from bot.run.ledger import FilingRow
from bot.run.states import SETTLED, State


@dataclass(frozen=True)
class Schedule:
    """One run as one driver sees it: the bundle's DAG, whether it is a dry run, and who is asking."""

    needs: Mapping[str, Sequence[str]]  # the bundle's DAG: item → items it needs
    dry_run: bool
    holder: str  # the asking driver's claim name (bot.run.claims.holder_name)
    host: str = field(default_factory=socket.gethostname)
    alive: Callable[[int], bool] = pid_alive

    def held(self, filing: FilingRow, now: dt.datetime) -> bool:
        return held_by_live_driver(filing, now, self.holder, host=self.host, alive=self.alive)

    def inputs_ready(self, filing: FilingRow, filings: Sequence[FilingRow]) -> bool:
        """Every item the filing needs is done (a dry run: it needs none, their outputs do not exist)."""
        by_item = {f.item: f for f in filings}
        needed = [by_item[i] for i in self.needs[filing.item] if i in by_item]
        if self.dry_run:
            return not needed
        return all(f.state == State.DONE for f in needed)

    def actionable(self, filing: FilingRow, filings: Sequence[FilingRow], now: dt.datetime) -> bool:
        """Something can be done to the filing once it is due (``next_at``), by this driver."""
        if self.held(filing, now):
            return False
        state = State(filing.state)
        if state in (State.RUNNING, State.SUBMIT_INTENT):
            return True  # left by a driver that died: its claim has lapsed
        if state == State.PENDING:
            return self.inputs_ready(filing, filings)
        return state in (State.UNKNOWN, State.SUBMITTED, State.AWAITING)

    def ready(self, filings: Sequence[FilingRow], now: dt.datetime, in_flight: Collection[int] = ()) -> list[FilingRow]:
        """What to start now: actionable, due, and not already being worked on here (``in_flight`` ids)."""
        return [f for f in filings if f.id not in in_flight and self.actionable(f, filings, now) and due(f, now)]

    def next_wake(self, filings: Sequence[FilingRow], now: dt.datetime) -> dt.datetime | None:
        """When something can next happen (a retry, a poll, a lease running out), or None: the run is over."""
        times = []
        for f in filings:
            if self.actionable(f, filings, now):
                times.append(f.next_at or now)
            elif f.state not in SETTLED and self.held(f, now) and f.lease_until is not None:
                times.append(f.lease_until)  # another driver holds it: look again when its lease ends
        return min(times) if times else None

    def to_advance(self, filings: Sequence[FilingRow], now: dt.datetime) -> list[tuple[int, dt.datetime | None]]:
        """The filings a driver should advance, each with when (None: now), leaving out those a live
        driver holds (it will say what comes next): what a queue worker enqueues after each advance."""
        return [(f.id, None if due(f, now) else f.next_at) for f in filings if self.actionable(f, filings, now)]


def due(filing: FilingRow, now: dt.datetime) -> bool:
    """Its retry or next approval poll (``next_at``) is not later than ``now``."""
    return filing.next_at is None or filing.next_at <= now
