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
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import os
import random
import secrets
import socket
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from loguru import logger
from playwright.async_api import Browser, BrowserContext, Playwright, async_playwright
from playwright.async_api import Error as PlaywrightError

from bot.browser import launch_async, new_filing_context
from bot.errors import (
    BotError,
    HandOffTimeout,
    LoginDenied,
    LostClaim,
    PortalRefused,
    ReadBackMismatch,
    StepFailed,
    TemplateFailed,
)
from bot.evidence import trace
from bot.mapping.bundle import Bundle, load_bundle
from bot.paths import mappings_dir
from bot.privacy.masking import mask_text
from bot.privacy.secrets import ENV_PREFIX
from bot.recipe.runner import Question, Runner
from bot.run.filing import FilingRequest, item_recipe, prepare_runner
from bot.run.ledger import FilingRow, Ledger, utcnow
from bot.run.start import application_of
from bot.run.states import SETTLED, State


@dataclass(frozen=True)
class Ask:
    """A question as an answerer sees it: the ledger's id, the item, and the runner's question."""

    id: int
    item: str
    question: Question


Answerer = Callable[[Ask], Awaitable[str | None]]  # None: no answer in time
OnDone = Callable[[str, Mapping[str, str]], Awaitable[None]]  # item, outputs


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


def worker_name() -> str:
    """host:pid:nonce: lets a driver on the same host see that a claim's holder has died."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(2)}"


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
        self.worker = worker_name()
        self._playwright: Playwright | None = None
        self._browser: Browser | None = None
        self._sessions: dict[int, Any] = {}  # filing id → cookies kept for approval polls (memory only)
        self._slots = asyncio.Semaphore(self.options.concurrency)
        self._idle_since: float | None = None
        self._busy = 0  # filings being worked on, across runs
        self._flaky: set[str] = set()  # items whose portal has answered with a transient error (transient.py)

    # --- the loop ---------------------------------------------------------------------------------
    async def drive(self, run_id: str) -> RunSummary:
        """Advance every filing of the run until nothing more can happen without a person."""
        [summary] = await self.drive_many([run_id])
        return summary

    async def drive_many(self, run_ids: list[str]) -> list[RunSummary]:
        """Several runs at once (a batch): one browser, at most ``concurrency`` filings in flight in all."""
        self._slots = asyncio.Semaphore(self.options.concurrency)
        try:
            async with async_playwright() as playwright:
                self._playwright = playwright
                return list(await asyncio.gather(*(self._drive(run_id) for run_id in run_ids)))
        finally:
            await self._close_browser()
            self._playwright = None

    async def _drive(self, run_id: str) -> RunSummary:
        run = self.ledger.run(run_id)
        bundle = load_bundle(mappings_dir(), run.bundle)
        application = application_of(bundle, self.ledger.application(run.application_id))
        context = _RunContext(run_id, run.dry_run, bundle, application)
        in_flight: dict[int, asyncio.Task[None]] = {}
        try:
            while True:
                filings = self.ledger.filings(run_id)
                for filing in self._ready(context, filings, utcnow(), in_flight):
                    in_flight[filing.id] = asyncio.create_task(self._advance(context, filing))
                if not in_flight:
                    wake = self._next_wake(context, filings)
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
                await self._close_browser()  # waiting on an approval holds no browser
        else:
            self._idle_since = None
        await asyncio.sleep(seconds)

    def _ready(
        self, context: _RunContext, filings: list[FilingRow], now: dt.datetime, in_flight: Mapping[int, Any]
    ) -> list[FilingRow]:
        return [
            f
            for f in filings
            if f.id not in in_flight
            and self._actionable(context, f, filings)
            and (f.next_at is None or f.next_at <= now)
        ]

    def _next_wake(self, context: _RunContext, filings: list[FilingRow]) -> dt.datetime | None:
        """When something can next happen (a retry, a poll, a lease running out), or None: the run is over."""
        times = []
        for f in filings:
            if self._actionable(context, f, filings):
                times.append(f.next_at or utcnow())
            elif f.state not in SETTLED and self._held_by_live_driver(f) and f.lease_until is not None:
                times.append(f.lease_until)  # another driver holds it: look again when its lease ends
        return min(times) if times else None

    def _actionable(self, context: _RunContext, filing: FilingRow, filings: list[FilingRow]) -> bool:
        if self._held_by_live_driver(filing):
            return False
        state = State(filing.state)
        if state in (State.RUNNING, State.SUBMIT_INTENT):
            return True  # left by a driver that died: its claim has lapsed
        if state == State.PENDING:
            return self._inputs_ready(context, filing, filings)
        return state in (State.UNKNOWN, State.SUBMITTED, State.AWAITING)

    def _inputs_ready(self, context: _RunContext, filing: FilingRow, filings: list[FilingRow]) -> bool:
        by_item = {f.item: f for f in filings}
        needed = [by_item[i] for i in context.bundle.needs[filing.item] if i in by_item]
        if context.dry_run:  # a dry run fills only what needs no earlier outputs (they do not exist yet)
            return not needed
        return all(f.state == State.DONE for f in needed)

    def _held_by_live_driver(self, filing: FilingRow) -> bool:
        if filing.claimed_by is None or filing.lease_until is None or filing.lease_until < utcnow():
            return False
        host, pid, *_ = [*filing.claimed_by.split(":"), "", ""]
        if host == socket.gethostname() and pid.isdigit() and filing.claimed_by != self.worker:
            return _alive(int(pid))
        return True

    # --- one filing -------------------------------------------------------------------------------
    async def _advance(self, context: _RunContext, filing: FilingRow) -> None:
        async with self._slots:
            self._idle_since = None
            self._busy += 1
            try:
                await self._advance_claimed(context, filing)
            finally:
                self._busy -= 1

    async def _advance_claimed(self, context: _RunContext, filing: FilingRow) -> bool:
        """False when another driver holds the filing (nothing was done)."""
        if not self._claim(filing):
            return False
        heartbeat = asyncio.create_task(self._heartbeat(filing.id))
        try:
            state = State(filing.state)
            if state == State.RUNNING:
                self.ledger.move(
                    filing.id, state, State.PENDING, "上次办理中断，未到提交：重新办理", worker=self.worker
                )
            elif state == State.SUBMIT_INTENT:
                self.ledger.move(filing.id, state, State.UNKNOWN, "上次在提交时中断：先到门户核对", worker=self.worker)
            elif state == State.PENDING:
                await self._file(context, filing)
            elif state == State.UNKNOWN:
                await self._reconcile(context, filing)
            elif state == State.SUBMITTED:
                await self._after_submit(self.ledger.filing(filing.id))
            elif state == State.AWAITING:
                await self._poll(context, filing)
        except LostClaim as exc:
            logger.warning("放弃办件 {}：{}", filing.item, exc)
        finally:
            heartbeat.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await heartbeat
            self.ledger.release(filing.id, self.worker)
        return True

    def _claim(self, filing: FilingRow) -> bool:
        if self.ledger.claim(filing.id, self.worker, self.options.lease_s):
            return True
        if filing.claimed_by and not self._held_by_live_driver(filing):  # its holder died on this host
            return self.ledger.take_over(filing.id, filing.claimed_by, self.worker, self.options.lease_s)
        return False

    async def _heartbeat(self, filing_id: int) -> None:
        while True:
            await asyncio.sleep(self.options.lease_s / 3)
            if not self.ledger.heartbeat(filing_id, self.worker, self.options.lease_s):
                logger.warning("办件 {} 的租约已被他人接管", filing_id)
                return

    async def _file(self, context: _RunContext, filing: FilingRow) -> None:
        attempts = filing.attempts + 1
        if not self.ledger.move(
            filing.id, State.PENDING, State.RUNNING, f"第 {attempts} 次办理", worker=self.worker, attempts=attempts
        ):
            return
        intent_recorded = False

        async def record_intent() -> None:
            nonlocal intent_recorded
            if not self.ledger.move(
                filing.id,
                State.RUNNING,
                State.SUBMIT_INTENT,
                "提交意图已记录，即将点击提交",
                worker=self.worker,
                intent_at=utcnow(),
            ):
                raise LostClaim("提交前发现办件已被接管，未提交")
            intent_recorded = True

        runner = self._runner(context, filing, record_intent)
        source = State.RUNNING
        try:
            result = await self._in_context(filing, runner, runner.run, keep_session=True)
        except PortalRefused as exc:
            source = State.SUBMIT_INTENT if intent_recorded else State.RUNNING
            self._fail_business(filing, source, exc)
            return
        except LoginDenied as exc:
            self._wait_for_person(filing, State.RUNNING, exc, runner)
            return
        except (HandOffTimeout, TemplateFailed) as exc:  # nobody answered; a secret or a value is missing
            if isinstance(exc, HandOffTimeout) and runner.met_transient_error and not intent_recorded:
                self._retry_or_fail(filing, State.RUNNING, exc, attempts)  # e.g. the captcha image never came
                return
            source = State.SUBMIT_INTENT if intent_recorded else State.RUNNING
            target = State.UNKNOWN if intent_recorded else State.NEEDS_PERSON
            self.ledger.move(filing.id, source, target, _brief(exc), worker=self.worker, error=_brief(exc))
            return
        except (StepFailed, ReadBackMismatch, PlaywrightError, BotError) as exc:
            if intent_recorded:
                message = f"提交后未取得回执（{_brief(exc)}）：先到门户核对，不重复提交"
                self.ledger.move(
                    filing.id,
                    State.SUBMIT_INTENT,
                    State.UNKNOWN,
                    message,
                    worker=self.worker,
                    screenshot=_screenshot(exc),
                )
            else:
                self._retry_or_fail(filing, State.RUNNING, exc, attempts)
            return
        if context.dry_run:
            shots = ", ".join(p.name for p in result.screenshots)
            self.ledger.move(
                filing.id, State.RUNNING, State.DONE, f"试运行：已填至提交前（{shots}）", worker=self.worker
            )
            return
        self.ledger.move(
            filing.id,
            State.SUBMIT_INTENT,
            State.SUBMITTED,
            "门户已受理",
            worker=self.worker,
            receipt=result.outputs,
            outputs=result.outputs,
            error=None,
            screenshot=None,
        )
        await self._after_submit(self.ledger.filing(filing.id))

    async def _after_submit(self, filing: FilingRow) -> None:
        if item_recipe(filing.item).approval is not None:
            self.ledger.move(filing.id, State.SUBMITTED, State.AWAITING, "等待门户审核", worker=self.worker)
            return
        if self.ledger.move(filing.id, State.SUBMITTED, State.DONE, "已办结", worker=self.worker):
            await self._done(filing.item, filing.outputs)

    async def _poll(self, context: _RunContext, filing: FilingRow) -> None:
        runner = self._runner(context, filing, None)
        assert runner.recipe.approval is not None
        try:
            outputs = await self._in_context(filing, runner, runner.poll_approval, keep_session=True)
        except PortalRefused as exc:
            self._fail_business(filing, State.AWAITING, exc)
            return
        except LoginDenied as exc:
            self._wait_for_person(filing, State.AWAITING, exc, runner)
            return
        except HandOffTimeout as exc:
            self.ledger.move(filing.id, State.AWAITING, State.NEEDS_PERSON, mask_text(str(exc)), worker=self.worker)
            return
        except (StepFailed, PlaywrightError, BotError) as exc:
            delay = self.options.backoff_s * 2 ** min(filing.attempts, 5)
            self.ledger.note(filing.id, f"查询审核结果失败（{_brief(exc)}），稍后再查", next_at=_later(delay))
            return
        if outputs is None:
            self.ledger.schedule(filing.id, _later(runner.recipe.approval.every / 1000))
            return
        merged = {**filing.outputs, **outputs}
        if self.ledger.move(filing.id, State.AWAITING, State.DONE, "门户已核准", worker=self.worker, outputs=merged):
            await self._done(filing.item, merged)

    async def _reconcile(self, context: _RunContext, filing: FilingRow) -> None:
        runner = self._runner(context, filing, None)
        try:
            receipt = await self._in_context(filing, runner, runner.reconcile, keep_session=True)
        except LoginDenied as exc:
            self._wait_for_person(filing, State.UNKNOWN, exc, runner)
            return
        except HandOffTimeout as exc:
            self.ledger.move(filing.id, State.UNKNOWN, State.NEEDS_PERSON, mask_text(str(exc)), worker=self.worker)
            return
        except (StepFailed, PlaywrightError, BotError) as exc:
            attempts = filing.attempts + 1
            if runner.recipe.reconcile is None or attempts >= self.options.max_attempts:
                message = f"无法核对是否已提交（{_brief(exc)}）：请到门户“我的办件”人工核实"
                self.ledger.move(filing.id, State.UNKNOWN, State.NEEDS_PERSON, message, worker=self.worker)
            else:
                message = f"核对失败（{_brief(exc)}），稍后重试"
                self.ledger.note(filing.id, message, attempts=attempts, next_at=_later(self._backoff(attempts)))
            return
        if receipt is None:
            self.ledger.move(
                filing.id,
                State.UNKNOWN,
                State.PENDING,
                "门户上没有这次提交：重新办理",
                worker=self.worker,
                intent_at=None,
            )
            return
        self.ledger.move(
            filing.id,
            State.UNKNOWN,
            State.SUBMITTED,
            "在门户“我的办件”中找到了这次提交",
            worker=self.worker,
            receipt=receipt,
            outputs=receipt,
            attempts=0,
        )
        await self._after_submit(self.ledger.filing(filing.id))

    # --- helpers ----------------------------------------------------------------------------------
    def _retry_or_fail(self, filing: FilingRow, source: State, exc: BaseException, attempts: int) -> None:
        shot = _screenshot(exc)
        if attempts < self.options.max_attempts:
            message = f"技术故障（{_brief(exc)}），稍后第 {attempts + 1} 次办理"
            self.ledger.move(
                filing.id,
                source,
                State.PENDING,
                message,
                worker=self.worker,
                next_at=_later(self._backoff(attempts)),
                error=_brief(exc),
                screenshot=shot,
            )
        else:
            message = f"技术故障（{_brief(exc)}），已重试 {attempts} 次：可稍后 bot resume"
            self.ledger.move(
                filing.id,
                source,
                State.FAILED_TECHNICAL,
                message,
                worker=self.worker,
                error=_brief(exc),
                screenshot=shot,
            )

    def _fail_business(self, filing: FilingRow, source: State, exc: PortalRefused) -> None:
        self.ledger.move(
            filing.id,
            source,
            State.FAILED_BUSINESS,
            mask_text(exc.portal_message),
            worker=self.worker,
            error=mask_text(exc.portal_message),
            screenshot=_screenshot(exc),
        )

    def _wait_for_person(self, filing: FilingRow, source: State, exc: LoginDenied, runner: Runner) -> None:
        """A refused login is not retried: a portal locks the account after a few wrong passwords."""
        where = "、".join(f"{ENV_PREFIX}{name}" for name in runner.recipe.secrets) or "账号"
        message = (
            f"门户拒绝登录（{mask_text(exc.portal_message)}）：请核对 {where} 后 bot resume（或在工作台点“继续办理”）；"
            "为免账户被锁定，不自动重试"
        )
        shot = _screenshot(exc)
        self.ledger.move(
            filing.id, source, State.NEEDS_PERSON, message, worker=self.worker, error=message, screenshot=shot
        )

    def _backoff(self, attempts: int) -> float:
        return float(self.options.backoff_s * 2 ** (attempts - 1) * random.uniform(0.8, 1.2))

    async def _done(self, item: str, outputs: Mapping[str, str]) -> None:
        if self.on_done is not None:
            await self.on_done(item, outputs)

    def _runner(
        self, context: _RunContext, filing: FilingRow, on_intent: Callable[[], Awaitable[None]] | None
    ) -> Runner:
        filings = {f.item: f for f in self.ledger.filings(context.run_id)}
        outputs = {item: dict(f.outputs) for item, f in filings.items() if f.state == State.DONE and f.outputs}
        outputs[filing.item] = dict(filing.outputs)  # approval and reconcile read the filing's own receipt
        request = FilingRequest(
            bundle=context.bundle,
            item=filing.item,
            application=context.application,
            outputs=outputs,
            evidence_dir=Path(filing.evidence_dir),
            dry_run=context.dry_run,
            headed=self.options.headed,
            base_url=self.options.base_urls.get(filing.item),
            environ=self.options.environ,
            retry_transient=filing.item in self._flaky,
        )
        return prepare_runner(request, self._hand_off(filing), on_intent, lambda: self._portal_flaky(filing.item))

    def _portal_flaky(self, item: str) -> None:
        """The item's portal answered with a transient error: from now on its requests are asked again."""
        if item not in self._flaky:
            self._flaky.add(item)
            logger.info("{} 的门户出现瞬时故障：此后在该门户上出错的请求会自动重发", item)

    def _hand_off(self, filing: FilingRow) -> Callable[[Question], Awaitable[str]]:
        async def ask(question: Question) -> str:
            question_id = self.ledger.ask(
                filing.id, kind=question.kind, who=question.who, question=question.question, image=question.image
            )
            answer = await self.answerer(Ask(question_id, filing.item, question)) if self.answerer else None
            if answer is None:
                self.ledger.expire(question_id)
                raise HandOffTimeout(f"无人回答“{question.question}”")
            return answer

        return ask

    async def _in_context(
        self, filing: FilingRow, runner: Runner, action: Callable[[Any], Awaitable[Any]], *, keep_session: bool
    ) -> Any:
        """Run ``action(page)`` (one of ``runner``'s) in a fresh context carrying the filing's cookies, if any,
        and keep them after. A failure leaves a trace with the filing's evidence, except on the first attempt
        (``filing`` is the row as read before it): most filings pass at once, and recording has a cost."""
        browser = await self._browser_now()
        context: BrowserContext = await new_filing_context(browser, storage_state=self._sessions.get(filing.id))
        traced = filing.attempts > 0
        try:
            async with trace.kept_on_failure(context, runner.evidence_dir, lambda: runner.values, record=traced):
                page = await context.new_page()
                result = await action(page)
            if keep_session:
                self._sessions[filing.id] = await context.storage_state()
            return result
        finally:
            with contextlib.suppress(PlaywrightError):
                await context.close()

    async def _browser_now(self) -> Browser:
        if self._browser is None or not self._browser.is_connected():
            assert self._playwright is not None
            self._browser = await launch_async(self._playwright, headless=not self.options.headed)
        return self._browser

    async def _close_browser(self) -> None:
        if self._browser is not None:
            with contextlib.suppress(PlaywrightError):
                await self._browser.close()
            self._browser = None

    # --- a long-lived driver (a queue worker): one filing per call, the browser kept between calls ----
    async def open(self) -> None:
        """Start Playwright and the browser for many :meth:`advance` calls (a worker process, after the fork)."""
        if self._playwright is None:
            self._playwright = await async_playwright().start()
        await self._browser_now()

    async def close(self) -> None:
        await self._close_browser()
        if self._playwright is not None:
            await self._playwright.stop()
            self._playwright = None

    async def advance(self, filing_id: int, run_id: str | None = None) -> Step:
        """Do what the filing needs now (file it, reconcile it, poll its approval, settle a dead
        driver's move), or nothing, and say which. The run gives the bundle, the application and
        the other filings' outputs (default: the newest run that holds the filing). Needs :meth:`open`.
        Idempotent: a filing settled, held by a live driver, waiting on earlier items or not yet
        due is left alone, so a task delivered twice does nothing the second time."""
        filing = self.ledger.filing(filing_id)
        if filing.state in SETTLED:
            return Step.SETTLED
        if self._held_by_live_driver(filing):
            return Step.CLAIMED
        context = self._context(run_id or self.ledger.runs_of(filing_id)[0])
        if not self._actionable(context, filing, self.ledger.filings(context.run_id)):
            return Step.WAITING
        if filing.next_at is not None and filing.next_at > utcnow():
            return Step.NOT_DUE
        if not await self._advance_claimed(context, filing):
            return Step.CLAIMED
        if self.ledger.filing(filing_id).state in SETTLED:
            self._sessions.pop(filing_id, None)
        return Step.ADVANCED

    def next_steps(self, run_id: str) -> list[tuple[int, dt.datetime | None]]:
        """The run's filings a driver should advance, each with when (None: now), leaving out those a
        live driver holds (it will say what comes next): what a worker enqueues after each step."""
        context = self._context(run_id)
        filings = self.ledger.filings(run_id)
        now = utcnow()
        return [
            (f.id, f.next_at if f.next_at is not None and f.next_at > now else None)
            for f in filings
            if self._actionable(context, f, filings)
        ]

    def load_bundle(self, name: str) -> Bundle:
        """A bundle by name, read afresh (a worker keeps them while their files are unchanged)."""
        return load_bundle(mappings_dir(), name)

    def _context(self, run_id: str) -> _RunContext:
        run = self.ledger.run(run_id)
        bundle = self.load_bundle(run.bundle)
        application = application_of(bundle, self.ledger.application(run.application_id))
        return _RunContext(run_id, run.dry_run, bundle, application)


class Step(StrEnum):
    """What :meth:`Engine.advance` did."""

    ADVANCED = "advanced"  # the filing moved on (filed, reconciled, polled, settled a dead driver's move)
    SETTLED = "settled"  # done or failed already: nothing to do
    CLAIMED = "claimed"  # a live driver holds it: nothing to do
    WAITING = "waiting"  # an item it needs is not done yet
    NOT_DUE = "not_due"  # its retry or next approval poll is later (next_at)


@dataclass
class _RunContext:
    run_id: str
    dry_run: bool
    bundle: Bundle
    application: Any


def _later(seconds: float) -> dt.datetime:
    return utcnow() + dt.timedelta(seconds=seconds)


def _brief(exc: BaseException) -> str:
    return mask_text((str(exc).strip().splitlines() or [type(exc).__name__])[0])


def _screenshot(exc: BaseException) -> str | None:
    shot = getattr(exc, "screenshot", None)
    return str(shot) if shot else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
