"""``bot worker``: a Celery worker that files with the same engine as ``bot run``.

Each worker process (``--concurrency`` of them, forked by Celery's prefork pool) opens its
own ledger connection, Playwright and Chromium right after the fork (``worker_process_init``)
and keeps the browser across filings: one advance of a filing per task, one browser context per
filing. Tasks carry ids only; the ledger decides:

* ``bot.advance_filing(filing_id, run_id)``: :meth:`Engine.advance` does what the filing needs
  now (file, reconcile, poll an approval) under the ledger's claim, or nothing when it is
  settled, held by a live worker, waiting for an earlier item or not yet due. A redelivered
  message therefore never files twice. After an advance the worker enqueues what the run can do
  next: the items that became ready, a retry or the next approval poll with a countdown
  (``next_at``), so an approval that takes minutes holds no worker process in between.
* ``bot.advance_run(run_id)``: enqueue what the run can do now (``bot run --queue``, resume).
* A sweep, in every worker's main process every ``BOT_SWEEP_S`` seconds (30): each queued,
  unfinished run's filings that nobody holds and that are due are enqueued unless a reminder
  is queued already (or was due more than four sweeps ago: its countdown message died with
  a worker). It picks up the work of a worker that died (its claims lapse after the lease)
  without waiting for Redis to redeliver its messages.

Hand-offs wait in the ledger for ``bot answer`` (``BOT_ANSWER_TIMEOUT`` seconds, default 600,
then the filing waits for a person); with ``BOT_DEMO_ADMIN_TOKEN`` set they are answered from
the demo portals' admin API, as ``bot demo`` does.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from collections.abc import Coroutine, Iterator, Mapping
from pathlib import Path
from typing import Any, ClassVar, TypeVar

from celery import bootsteps
from celery.signals import worker_process_init, worker_process_shutdown
from loguru import logger

from bot.localtime import utcnow
from bot.mapping.bundle import Bundle, load_bundle
from bot.paths import mappings_dir, portal_table, portal_url
from bot.privacy.log import configure
from bot.run.demo_admin import DemoAnswerer
from bot.run.engine import Advance, Answerer, Engine, EngineOptions
from bot.run.handoff import LedgerAnswerer
from bot.run.ledger import Ledger
from bot.run.states import SETTLED
from bot.scale.queue import ADVANCE_FILING, ADVANCE_RUN, QUEUE, FilingQueue, broker_url, make_app

T = TypeVar("T")
# httpx logs each request line at INFO, URL included: the demo SMS inbox's URL carries a phone number
logging.getLogger("httpx").setLevel(logging.WARNING)

app = make_app(broker_url() or "redis://localhost:6379/0")


class WorkerEngine(Engine):
    """The engine with bundles kept in memory while the mapping files are unchanged (each advance needs
    one, and loading one takes a fifth of a second); a changed file is read at the next advance."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._bundles: dict[str, tuple[tuple[tuple[str, float], ...], Bundle]] = {}

    def load_bundle(self, name: str) -> Bundle:
        stamp = tuple(sorted((str(p), p.stat().st_mtime) for p in Path(mappings_dir()).rglob("*.yaml")))
        cached = self._bundles.get(name)
        if cached is None or cached[0] != stamp:
            cached = (stamp, load_bundle(mappings_dir(), name))
            self._bundles[name] = cached
        return cached[1]


class _PortalUrls(Mapping[str, str]):
    """item → portal URL, looked up when asked (BOT_PORTAL_URL_<ITEM>, then the URL table)."""

    def __getitem__(self, item: str) -> str:
        return portal_url(item)

    def __iter__(self) -> Iterator[str]:
        return iter(portal_table())

    def __len__(self) -> int:
        return sum(1 for _ in self)


class WorkerProcess:
    """What one worker process keeps between tasks: its ledger, queue, event loop, engine and browser."""

    def __init__(self, *, with_browser: bool) -> None:
        configure(level=os.environ.get("BOT_LOG_LEVEL", "INFO"))  # masked; the recipe's step log is DEBUG
        self.ledger = Ledger()
        self.queue = FilingQueue()
        self.loop = asyncio.new_event_loop()
        lease_s = float(os.environ.get("BOT_LEASE_S", "30"))
        self.engine = WorkerEngine(
            self.ledger, EngineOptions(concurrency=1, lease_s=lease_s), answerer=self._answerer()
        )
        if with_browser:
            self.run(self.engine.open())

    def _answerer(self) -> Answerer:
        token = os.environ.get("BOT_DEMO_ADMIN_TOKEN")
        if token:
            return DemoAnswerer(_PortalUrls(), token, self.ledger)
        return LedgerAnswerer(self.ledger, float(os.environ.get("BOT_ANSWER_TIMEOUT", "600")))

    def run(self, work: Coroutine[Any, Any, T]) -> T:
        return self.loop.run_until_complete(work)

    def advance(self, filing_id: int, run_id: str | None) -> Advance:
        self.queue.started(filing_id)
        advanced = self.run(self.engine.advance(filing_id, run_id))
        if advanced in (Advance.ADVANCED, Advance.NOT_DUE):
            for queued_run in self.ledger.runs_of(filing_id):
                if self.ledger.run(queued_run).queued:
                    self.follow_up(queued_run)
        return advanced

    def follow_up(self, run_id: str, *, overdue_s: float | None = None) -> int:
        """Enqueue what the run can do next; mark it finished when every filing has settled.

        ``overdue_s`` (sweeps): a filing whose retry or poll was due that long ago and that nobody
        holds lost its reminder (an ETA message held by a worker that died): send a new one even
        though its marker is still there. A second copy would find nothing to do."""
        filings = {f.id: f for f in self.ledger.filings(run_id)}
        sent = 0
        now = utcnow()
        for filing_id, when in self.engine.to_advance(run_id):
            due = filings[filing_id].next_at
            if overdue_s is not None and when is None and due is not None and (now - due).total_seconds() > overdue_s:
                self.queue.started(filing_id)
            sent += self.queue.enqueue_filing(filing_id, run_id, eta=when)
        if all(f.state in SETTLED for f in self.ledger.filings(run_id)):
            self.ledger.finish_run(run_id)
        return sent

    def sweep(self) -> int:
        """Every queued, unfinished run: enqueue its due filings that nobody holds or has queued."""
        sent = 0
        overdue_s = 4 * float(os.environ.get("BOT_SWEEP_S", "30"))
        for run_id in self.ledger.queued_runs():
            try:
                sent += self.follow_up(run_id, overdue_s=overdue_s)
            except Exception as exc:  # one broken run (a bundle deleted) must not stop the sweep of the others
                logger.warning("巡检运行 {} 失败：{}", run_id, type(exc).__name__)
        return sent

    def close(self) -> None:
        try:
            self.run(self.engine.close())
        finally:
            self.loop.close()
            self.queue.close()
            self.ledger.close()


_process: WorkerProcess | None = None


def current() -> WorkerProcess:
    global _process
    if _process is None:  # a task run outside a prefork child (the solo pool)
        _process = WorkerProcess(with_browser=True)
    return _process


@worker_process_init.connect
def _start_process(**_: Any) -> None:
    global _process
    _Sweeper.forget()  # the parent's sweep connections belong to the parent
    _process = WorkerProcess(with_browser=True)
    logger.info("工作进程 {} 已启动浏览器", os.getpid())


@worker_process_shutdown.connect
def _stop_process(**_: Any) -> None:
    global _process
    if _process is not None:
        _process.close()
        _process = None


@app.task(name=ADVANCE_FILING)
def advance_filing(filing_id: int, run_id: str | None = None) -> str:
    """Advance one filing now, or do nothing if the ledger says so (see the module's docstring)."""
    return current().advance(filing_id, run_id).value


@app.task(name=ADVANCE_RUN)
def advance_run(run_id: str) -> int:
    """Enqueue what a run can do now; returns how many reminders were sent."""
    return current().follow_up(run_id)


class _Sweeper(bootsteps.StartStopStep):
    """Runs :meth:`WorkerProcess.sweep` in the worker's main process on Celery's own timer."""

    requires = ("celery.worker.components:Timer",)
    _process: ClassVar[WorkerProcess | None] = None

    def __init__(self, parent: Any, **kwargs: Any) -> None:
        super().__init__(parent, **kwargs)
        self.tref: Any = None

    def start(self, parent: Any) -> None:
        interval = float(os.environ.get("BOT_SWEEP_S", "30"))
        self.tref = parent.timer.call_repeatedly(interval, self.sweep, priority=10)

    def stop(self, parent: Any) -> None:
        if self.tref is not None:
            self.tref.cancel()
        if _Sweeper._process is not None:
            _Sweeper._process.close()
            _Sweeper._process = None

    def sweep(self) -> None:
        if _Sweeper._process is None:
            _Sweeper._process = WorkerProcess(with_browser=False)
        try:
            sent = _Sweeper._process.sweep()
        except Exception as exc:  # the ledger or Redis is away for a moment: the next sweep tries again
            logger.warning("巡检失败：{}", type(exc).__name__)
            return
        if sent:
            logger.info("巡检：补发 {} 个办件提醒", sent)

    @classmethod
    def forget(cls) -> None:
        """In a forked child: drop the parent's connections without closing them (they are the parent's)."""
        if cls._process is not None:
            cls._process.ledger.engine.dispose(close=False)
            cls._process = None


app.steps["worker"].add(_Sweeper)


def main(concurrency: int, loglevel: str = "INFO") -> None:
    """Start the worker (blocks): ``concurrency`` processes, each with its own browser."""
    name = f"bot-{os.getpid()}@{socket.gethostname()}"
    app.worker_main(
        [
            "worker",
            f"--concurrency={concurrency}",
            "--pool=prefork",
            f"--queues={QUEUE}",
            f"--hostname={name}",
            f"--loglevel={loglevel}",
            "--without-gossip",
            "--without-mingle",
        ]
    )
