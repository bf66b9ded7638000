"""When each filing ran and when it waited, from the ledger's events, laid out as a chart.

The ledger records moves, not phases: a phase is the time between two moves, named by
the state entered and, for ``pending``, by where it came from (new: waiting for its
dependencies; from ``running``: a retry's backoff). Settled states draw nothing. The
layout is computed here, in plain numbers a template turns into SVG, so it can be tested
without a browser.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from bot.localtime import duration
from bot.run.ledger import EventRow
from bot.run.states import State


class Phase(StrEnum):
    WAITING = "waiting"  # pending behind its dependencies, or for a free slot
    RUNNING = "running"  # a browser is filling, submitting or reconciling it
    AWAITING = "awaiting"  # the portal is approving it
    BACKOFF = "backoff"  # pending after a technical failure, until the retry
    PERSON = "person"  # waiting for a person (a hand-off no one answered, an outcome to check)


PHASE_LABELS = {
    Phase.WAITING: "等待前序事项",
    Phase.RUNNING: "办理中",
    Phase.AWAITING: "等待门户审核",
    Phase.BACKOFF: "故障后等待重试",
    Phase.PERSON: "等待人工处理",
}

_ENTERED = {
    State.RUNNING: Phase.RUNNING,
    State.SUBMIT_INTENT: Phase.RUNNING,
    State.SUBMITTED: Phase.RUNNING,
    State.UNKNOWN: Phase.RUNNING,  # the engine reconciles it on the portal at once
    State.AWAITING: Phase.AWAITING,
    State.NEEDS_PERSON: Phase.PERSON,
}


@dataclass(frozen=True)
class Span:
    phase: Phase
    start: dt.datetime
    end: dt.datetime

    @property
    def seconds(self) -> float:
        return (self.end - self.start).total_seconds()


def phase_after(source: str, target: str) -> Phase | None:
    """The phase a move starts; None for a settled state (nothing more happens by itself)."""
    if target == State.PENDING:
        return Phase.BACKOFF if source == State.RUNNING else Phase.WAITING
    return _ENTERED.get(State(target))


def spans(events: Sequence[EventRow], until: dt.datetime) -> list[Span]:
    """A filing's phases in order; the phase still open at the end lasts ``until``.

    Events that change no state (notes, a take-over by another run) do not end a phase, nor
    do moves that stay in the same phase.
    """
    result: list[Span] = []
    current: Phase | None = None
    since: dt.datetime | None = None
    for event in sorted(events, key=lambda e: (e.at, e.id)):
        phase = phase_after(event.source, event.target)
        if event.source == event.target or (phase == current and current is not None):
            continue  # running → submit_intent → submitted is one stretch of work
        if current is not None and since is not None:
            result.append(Span(current, since, event.at))
        current, since = phase, event.at
    if current is not None and since is not None and until > since:
        result.append(Span(current, since, until))
    return result


# --- layout -------------------------------------------------------------------------------------------
WIDTH = 960
LEFT = 210  # item titles
RIGHT = 96  # state labels
ROW = 30
TOP = 8
AXIS = 28
LEGEND = 28
_STEPS = (1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 3 * 3600, 6 * 3600, 12 * 3600, 86400)


@dataclass(frozen=True)
class Bar:
    phase: Phase
    x: float
    width: float
    tip: str  # the tooltip: phase, clock times, duration
    text: str  # the duration, when the bar is wide enough to hold it


@dataclass(frozen=True)
class Row:
    item: str
    title: str
    state: State
    state_label: str
    y: float
    bars: list[Bar]
    note: str  # why a row has no bar (settled before this run)


@dataclass(frozen=True)
class Tick:
    x: float
    text: str


@dataclass(frozen=True)
class LegendEntry:
    phase: Phase
    label: str
    x: float


@dataclass(frozen=True)
class Chart:
    width: int
    height: float
    left: int
    right: float  # x where the time axis ends
    axis_y: float
    rows: list[Row]
    ticks: list[Tick]
    legend: list[LegendEntry]
    start: dt.datetime
    end: dt.datetime


@dataclass(frozen=True)
class Lane:
    """One filing as the chart needs it."""

    item: str
    title: str
    state: State
    state_label: str
    spans: list[Span]


def chart(lanes: Sequence[Lane], start: dt.datetime, end: dt.datetime, clock: Callable[[dt.datetime], str]) -> Chart:
    """Every lane on one time axis from ``start`` to ``end`` (at least a second long)."""
    end = max(end, start + dt.timedelta(seconds=1))
    total = (end - start).total_seconds()
    right = WIDTH - RIGHT
    scale = (right - LEFT) / total

    def x_of(moment: dt.datetime) -> float:
        return LEFT + (min(max(moment, start), end) - start).total_seconds() * scale

    rows = []
    for index, lane in enumerate(lanes):
        bars = []
        for span in lane.spans:
            if span.end <= start or span.start >= end:
                continue
            x = x_of(span.start)
            width = max(x_of(span.end) - x, 2.0)
            label = duration(span.seconds)
            tip = f"{PHASE_LABELS[span.phase]}：{clock(span.start)} – {clock(span.end)}（{label}）"
            bars.append(Bar(span.phase, round(x, 1), round(width, 1), tip, label if width >= 8 * len(label) else ""))
        note = "" if bars else "本次运行前已办结" if lane.state == State.DONE else "本次运行中未办理"
        rows.append(Row(lane.item, lane.title, lane.state, lane.state_label, TOP + index * ROW, bars, note))
    axis_y = TOP + len(lanes) * ROW + 4
    step = next((s for s in _STEPS if total / s <= 8), _STEPS[-1])
    ticks = [Tick(round(LEFT + s * scale, 1), duration(s)) for s in range(0, int(total) + 1, step)]
    legend, x = [], float(LEFT)
    for phase, text in PHASE_LABELS.items():
        legend.append(LegendEntry(phase, text, x))
        x += 24 + 13 * len(text) + 20
    return Chart(WIDTH, axis_y + AXIS + LEGEND, LEFT, right, axis_y, rows, ticks, legend, start, end)
