"""The filing queue: Celery over Redis, as seen by whoever enqueues (``bot run --queue``) and by workers.

Messages carry ids only (a filing's id and its run's id, or a run's id): the ledger is the
truth, a message is only a reminder that a filing may have something to do. Losing one is
survivable (every worker sweeps the ledger for queued runs whose filings nobody is working
on), delivering one twice is harmless (:meth:`bot.run.engine.Engine.advance` does nothing for a
filing that is settled, claimed by a live worker, waiting or not due).

Settings for work that must not be lost or doubled (see docs/operations.md):

* ``task_acks_late`` + ``task_reject_on_worker_lost``: a message is acknowledged only after
  its task ran; a worker process that dies mid-task puts it back on the queue.
* ``worker_prefetch_multiplier=1``: a worker holds no more messages than it has processes,
  so a dead worker strands as few as possible.
* Redis ``visibility_timeout`` (``BOT_VISIBILITY_TIMEOUT``, default 3600 s): a message taken
  but never acknowledged (its whole worker machine died) is delivered again after it. It
  must be longer than the slowest advance of a filing (a hand-off waits up to its answer timeout)
  and than any countdown, or a message still being worked on would be delivered twice.
* Enqueue markers: a Redis key per filing (``yijianban:queued:<id>``) set when a message is
  sent and cleared when a worker starts it, so sweeps and follow-ups never pile up copies
  of the same reminder.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

from celery import Celery
from redis import Redis

from bot.errors import BotError
from bot.localtime import utcnow

QUEUE = "filings"
ADVANCE_FILING = "bot.advance_filing"
ADVANCE_RUN = "bot.advance_run"
MARKER = "yijianban:queued:{}"


def broker_url() -> str | None:
    """``BOT_BROKER_URL`` (``redis://host:6379/0``): set, ``bot run``/``bot batch`` enqueue instead of filing."""
    return os.environ.get("BOT_BROKER_URL") or None


def visibility_timeout() -> float:
    return float(os.environ.get("BOT_VISIBILITY_TIMEOUT", "3600"))


def make_app(broker: str) -> Celery:
    """The Celery app with the settings that keep filings from being lost or doubled."""
    app = Celery("yijianban", broker=broker, backend=broker, set_as_current=False)
    transport = {"visibility_timeout": visibility_timeout()}
    app.conf.update(
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        broker_transport_options=transport,
        result_backend_transport_options=transport,
        result_expires=3600,
        task_default_queue=QUEUE,
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        broker_connection_retry_on_startup=True,
        worker_proc_alive_timeout=120,  # a worker process launches Chromium before it takes work
        worker_hijack_root_logger=False,
        enable_utc=True,
    )
    return app


class FilingQueue:
    """Sends reminders to the workers: "advance filing F of run R" (at a time), "look at run R"."""

    def __init__(self, broker: str | None = None) -> None:
        url = broker or broker_url()
        if not url:
            raise BotError("未设置队列地址：请设置环境变量 BOT_BROKER_URL（例如 redis://localhost:6379/0）")
        self.url = url
        self.app = make_app(url)
        self.redis: Redis = Redis.from_url(url)

    def enqueue_filing(self, filing_id: int, run_id: str | None = None, *, eta: dt.datetime | None = None) -> bool:
        """Remind the workers of a filing (not before ``eta``, naive UTC); False if a reminder is queued already."""
        delay = max(0.0, (eta - utcnow()).total_seconds()) if eta is not None else 0.0
        ttl = int(visibility_timeout() + delay) + 1
        if not self.redis.set(MARKER.format(filing_id), "1", nx=True, ex=ttl):
            return False
        options: dict[str, Any] = {"countdown": delay} if delay > 0 else {}
        self.app.send_task(ADVANCE_FILING, args=[filing_id, run_id], queue=QUEUE, **options)
        return True

    def enqueue_run(self, run_id: str) -> Any:
        """Ask a worker to enqueue whatever the run can do now (its first items, or where it stopped)."""
        return self.app.send_task(ADVANCE_RUN, args=[run_id], queue=QUEUE)

    def started(self, filing_id: int) -> None:
        """A worker took the reminder: a later one may be queued again."""
        self.redis.delete(MARKER.format(filing_id))

    def depth(self) -> int:
        """Messages waiting in the queue (not counting those workers hold or that wait for their time)."""
        return int(self.redis.llen(QUEUE))

    def close(self) -> None:
        self.redis.close()
        self.app.close()
