"""Runs started from the dashboard, driven in the server's own event loop.

The clerk's button stores nothing new: the applicant's confirmed application is already in
the ledger, so a run of it is created (``bot.run.start.start_stored_run``) and driven by the run
engine in a background task, hand-offs waiting in the ledger (``LedgerAnswerer``) for the
dashboard or the applicant's page to answer them. When the engine stops, the run's report
and receipt sheet are written (``bot.evidence.documents.write_documents``), as ``bot run`` does.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from loguru import logger

from bot.evidence.documents import write_documents
from bot.mapping.bundle import load_bundle
from bot.paths import mappings_dir
from bot.privacy.masking import mask_text
from bot.run.engine import Engine, EngineOptions
from bot.run.handoff import LedgerAnswerer
from bot.run.ledger import Ledger
from bot.run.start import reopen, start_stored_run

RunOnDone = Callable[[str, str, Mapping[str, str]], Awaitable[None]]  # run id, item, outputs


@dataclass
class RunSettings:
    engine: EngineOptions
    answer_timeout_s: float = 600.0
    evidence_root: Path | None = None  # default: var/evidence
    on_done: RunOnDone | None = None  # with the run's id: e.g. the demo's accounts opened when registration is done
    before_run: Callable[[str], None] | None = None  # with the run's id, before the engine starts (demo accounts)
    pdf: bool = True  # print the receipt sheet when the run stops


class RunManager:
    def __init__(self, ledger: Ledger, settings: RunSettings) -> None:
        self.ledger = ledger
        self.settings = settings
        self.tasks: dict[str, asyncio.Task[None]] = {}

    def start(self, application_id: int) -> str:
        """Create a run of a stored application and start driving it; returns the run's id."""
        row = self.ledger.application(application_id)
        bundle = load_bundle(mappings_dir(), row.bundle)
        run_id = start_stored_run(self.ledger, bundle, application_id, evidence_root=self.settings.evidence_root)
        if self.settings.before_run is not None:
            self.settings.before_run(run_id)
        self.tasks[run_id] = asyncio.create_task(self._drive(run_id), name=f"run {run_id}")
        return run_id

    def resume(self, run_id: str) -> list[str]:
        """The dashboard's 继续办理: the run's stopped filings back to work (``bot.run.start.reopen``), driven here."""
        if self.busy(run_id):
            return []
        reopened = reopen(self.ledger, run_id, "工作台")
        if reopened:
            self.tasks[run_id] = asyncio.create_task(self._drive(run_id), name=f"run {run_id}")
        return reopened

    def busy(self, run_id: str) -> bool:
        task = self.tasks.get(run_id)
        return task is not None and not task.done()

    async def _drive(self, run_id: str) -> None:
        evidence = Path(self.ledger.run(run_id).evidence_dir)
        evidence.mkdir(parents=True, exist_ok=True)
        engine = Engine(
            self.ledger,
            self.settings.engine,
            answerer=LedgerAnswerer(self.ledger, self.settings.answer_timeout_s),
            on_done=functools.partial(self.settings.on_done, run_id) if self.settings.on_done else None,
        )
        try:
            await engine.drive(run_id)
        except Exception as exc:  # the ledger keeps the filings' states; the dashboard shows them
            logger.error(f"运行 {run_id} 中断：{mask_text(str(exc))}")
        try:
            _, problem = await asyncio.to_thread(write_documents, self.ledger, run_id, pdf=self.settings.pdf)
        except Exception as exc:
            logger.error(f"运行 {run_id} 的办理报告未生成：{mask_text(str(exc))}")
            return
        if problem:
            logger.warning(f"运行 {run_id} 的回执单 PDF 未生成：{problem}")

    async def shutdown(self) -> None:
        for task in self.tasks.values():
            task.cancel()
        for task in self.tasks.values():
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
