"""The run engine: drives one run's filings to the end, in dependency order, never filing twice.

Everything the engine knows is in the ledger; it keeps nothing between calls, so any
process can drive any run (``bot run``, ``bot resume``, a queue worker). One browser,
one context per filing, at most ``concurrency`` at a time. Each filing is claimed (a
lease with a heartbeat) before it is touched, and every move is conditional, so a
second driver of the same run finds nothing to do rather than doing it again.

What happens to a filing, by state:
  pending  → filled and submitted (the intent is stored before the click);
  unknown  → reconciled on the portal (我的办件), never submitted again;
  awaiting → polled for approval in a fresh context, no browser held in between;
  running / submit_intent left by a dead driver → pending / unknown.

The engine keeps the loop (what to start, how many at once, when to wake, when to give the
browser back) and the calls a queue worker makes; it asks the others, as Scrapy's engine asks its
scheduler, downloader and scraper: bot.run.schedule (which filings are due), bot.run.claims (who
holds a filing), bot.run.moves (what is done to a claimed filing, failures written as
bot.run.outcomes says), bot.run.browsers (the browser and each filing's context).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from loguru import logger

from bot.errors import LostClaim
from bot.localtime import utcnow
from bot.mapping.bundle import Bundle, load_bundle
from bot.paths import mappings_dir
from bot.run.browsers import BrowserPool
from bot.run.claims import held_by_live_driver, holder_name, holding
from bot.run.ledger import FilingRow, Ledger
from bot.run.moves import Answerer, Ask, Mover, OnDone, RunContext
from bot.run.schedule import Schedule, due
from bot.run.start import application_of
from bot.run.states import SETTLED, State

__all__ = ["Advance", "Answerer", "Ask", "Engine", "EngineOptions", "OnDone", "RunSummary"]


@dataclass
class EngineOptions:
    concurrency: int = 2
    max_attempts: int = 5  # technical failures of one filing before it stops as failed_technical
    backoff_s: float = 1.0  # first retry after ~1 s, then ~2 s, ~4 s (with jitter)
    lease_s: float = 30.0
    headed: bool = False
    base_urls: Mapping[str, str] = field(default_factory=dict)  # item → portal URL (default: the URL table)
    environ: Mapping[str, str] | None = None  # where secrets come from (default: the process environment)
    idle_close_s: float = 10.0  # close the browser when nothing is due for this long


@dataclass
class RunSummary:
    run_id: str
    states: dict[str, str]  # item → state

    @property
    def complete(self) -> bool:
        return all(state == State.DONE for state in self.states.values())


class Engine:
    def __init__(
        self,
        ledger: Ledger,
        options: EngineOptions | None = None,
        answerer: Answerer | None = None,
        on_done: OnDone | None = None,
    ) -> None:
        self.ledger = ledger
        self.options = options or EngineOptions()
        self.answerer = answerer
        self.on_done = on_done
        self.holder = holder_name()
        self.browsers = BrowserPool(headed=self.options.headed)
        self.mover = Mover(self.ledger, self.options, self.browsers, self.holder, self._answer, self._done)
        self._slots = asyncio.Semaphore(self.options.concurrency)
        self._idle_since: float | None = None
        self._busy = 0  # filings being worked on, across runs

    # --- the loop ---------------------------------------------------------------------------------
    async def drive(self, run_id: str) -> RunSummary:
        """Advance every filing of the run until nothing more can happen without a person."""
        [summary] = await self.drive_many([run_id])
        return summary

    async def drive_many(self, run_ids: list[str]) -> list[RunSummary]:
        """Several runs at once (a batch): one browser, at most ``concurrency`` filings in flight in all."""
        self._slots = asyncio.Semaphore(self.options.concurrency)
        async with self.browsers.running():
            return list(await asyncio.gather(*(self._drive(run_id) for run_id in run_ids)))

    async def _drive(self, run_id: str) -> RunSummary:
        context = self._context(run_id)
        in_flight: dict[int, asyncio.Task[None]] = {}
        try:
            while True:
                filings = self.ledger.filings(run_id)
                for filing in context.schedule.ready(filings, utcnow(), in_flight):
                    in_flight[filing.id] = asyncio.create_task(self._advance(context, filing))
                if not in_flight:
                    wake = context.schedule.next_wake(filings, utcnow())
                    if wake is None:
                        break
                    await self._idle(max(0.05, min(1.0, (wake - utcnow()).total_seconds())))
                    continue
                done, _ = await asyncio.wait(in_flight.values(), timeout=1.0, return_when=asyncio.FIRST_COMPLETED)
                for task in done:
                    task.result()  # a bug in the engine surfaces; portal trouble is handled inside
                in_flight = {k: t for k, t in in_flight.items() if not t.done()}
        finally:
            for task in in_flight.values():
                task.cancel()
            await asyncio.gather(*in_flight.values(), return_exceptions=True)
        self.ledger.finish_run(run_id)
        return RunSummary(run_id, {f.item: f.state for f in self.ledger.filings(run_id)})

    async def _idle(self, seconds: float) -> None:
        """Nothing is due: wait; when nothing has been in flight for a while, give the browser back."""
        loop = asyncio.get_running_loop()
        if self._busy == 0:
            self._idle_since = self._idle_since or loop.time()
            if loop.time() - self._idle_since > self.options.idle_close_s:
                await self.browsers.close_browser()  # waiting on an approval holds no browser
        else:
            self._idle_since = None
        await asyncio.sleep(seconds)

    # --- one filing -------------------------------------------------------------------------------
    async def _advance(self, context: RunContext, filing: FilingRow) -> None:
        async with self._slots:
            self._idle_since = None
            self._busy += 1
            try:
                await self._advance_claimed(context, filing)
            finally:
                self._busy -= 1

    async def _advance_claimed(self, context: RunContext, filing: FilingRow) -> bool:
        """False when another driver holds the filing (nothing was done)."""
        async with holding(self.ledger, filing, self.holder, self.options.lease_s) as mine:
            if not mine:
                return False
            try:
                await self.mover.move_on(context, filing)
            except LostClaim as exc:
                logger.warning("放弃办件 {}：{}", filing.item, exc)
        return True

    async def _answer(self, ask: Ask) -> str | None:
        return await self.answerer(ask) if self.answerer else None

    async def _done(self, item: str, outputs: Mapping[str, str]) -> None:
        if self.on_done is not None:
            await self.on_done(item, outputs)

    # --- a long-lived driver (a queue worker): one filing per call, the browser kept between calls ----
    async def open(self) -> None:
        """Start Playwright and the browser for many :meth:`advance` calls (a worker process, after the fork)."""
        await self.browsers.start()

    async def close(self) -> None:
        await self.browsers.stop()

    async def advance(self, filing_id: int, run_id: str | None = None) -> Advance:
        """Do what the filing needs now (file it, reconcile it, poll its approval, settle a dead
        driver's move), or nothing, and say which. The run gives the bundle, the application and
        the other filings' outputs (default: the newest run that holds the filing). Needs :meth:`open`.
        Idempotent: a filing settled, held by a live driver, waiting on earlier items or not yet
        due is left alone, so a task delivered twice does nothing the second time."""
        filing = self.ledger.filing(filing_id)
        if filing.state in SETTLED:
            return Advance.SETTLED
        if held_by_live_driver(filing, utcnow(), self.holder):
            return Advance.CLAIMED
        context = self._context(run_id or self.ledger.runs_of(filing_id)[0])
        if not context.schedule.actionable(filing, self.ledger.filings(context.run_id), utcnow()):
            return Advance.WAITING
        if not due(filing, utcnow()):
            return Advance.NOT_DUE
        if not await self._advance_claimed(context, filing):
            return Advance.CLAIMED
        if self.ledger.filing(filing_id).state in SETTLED:
            self.browsers.forget(filing_id)
        return Advance.ADVANCED

    def to_advance(self, run_id: str) -> list[tuple[int, dt.datetime | None]]:
        """The run's filings a driver should advance, each with when (None: now), leaving out those a
        live driver holds (it will say what comes next): what a worker enqueues after each advance."""
        return self._context(run_id).schedule.to_advance(self.ledger.filings(run_id), utcnow())

    def load_bundle(self, name: str) -> Bundle:
        """A bundle by name, read afresh (a worker keeps them while their files are unchanged)."""
        return load_bundle(mappings_dir(), name)

    def _context(self, run_id: str) -> RunContext:
        run = self.ledger.run(run_id)
        bundle = self.load_bundle(run.bundle)
        application = application_of(bundle, self.ledger.application(run.application_id))
        return RunContext(run_id, run.dry_run, bundle, application, Schedule(bundle.needs, run.dry_run, self.holder))


class Advance(StrEnum):
    """What :meth:`Engine.advance` did."""

    ADVANCED = "advanced"  # the filing moved on (filed, reconciled, polled, settled a dead driver's move)
    SETTLED = "settled"  # done or failed already: nothing to do
    CLAIMED = "claimed"  # a live driver holds it: nothing to do
    WAITING = "waiting"  # an item it needs is not done yet
    NOT_DUE = "not_due"  # its retry or next approval poll is later (next_at)
