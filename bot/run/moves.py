"""One claimed filing moved on by its state: filed, reconciled, polled for approval, or a dead
driver's move settled.

Why its own module: the engine decides which filings to take up and how many at once; what is
done to one of them, once claimed, is this (as Scrapy's engine hands a response to its scraper).
Every move is conditional on the holder's claim; the submit intent is recorded, and committed,
before the click that cannot be undone; a failure is written as bot/run/outcomes.py's table says.
Hand-offs are stored in the ledger and put to the answerer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

from loguru import logger
from playwright.async_api import Page

from bot.errors import CaptchaRefresh, HandOffTimeout, LostClaim, SessionExpired
from bot.localtime import utcnow
from bot.mapping.bundle import Bundle
from bot.privacy.masking import mask_text
from bot.recipe.runner import SESSION_ENDED, Question, Runner
from bot.run.browsers import BrowserPool
from bot.run.filing import FilingRequest, item_recipe, prepare_runner
from bot.run.ledger import FilingRow, Ledger
from bot.run.outcomes import Phase, decide
from bot.run.schedule import Schedule
from bot.run.states import State

T = TypeVar("T")

# The ledger's message when a filing a dead driver left between intent and receipt is taken over: its portal is
# asked first, it is never submitted again.
INTERRUPTED_IN_SUBMIT = "上次在提交时中断：先到门户核对"


@dataclass(frozen=True)
class Ask:
    """A question as an answerer sees it: the ledger's id, the item, and the runner's question."""

    id: int
    item: str
    question: Question


Answerer = Callable[[Ask], Awaitable[str | None]]  # None: no answer in time
REFRESH = "〈换一张〉"  # the answer to a captcha that asks for another picture (bot.errors.CaptchaRefresh)
OnDone = Callable[[str, Mapping[str, str]], Awaitable[None]]  # item, outputs


class Settings(Protocol):
    """What the mover reads of the engine's options."""

    max_attempts: int
    backoff_s: float
    headed: bool
    base_urls: Mapping[str, str]
    environ: Mapping[str, str] | None


@dataclass
class RunContext:
    """What every filing of a run is moved with: its bundle, application, and schedule."""

    run_id: str
    dry_run: bool
    bundle: Bundle
    application: Any
    schedule: Schedule


class Mover:
    """Moves claimed filings on under the claim name ``holder``, filing in ``browsers``."""

    def __init__(
        self,
        ledger: Ledger,
        options: Settings,
        browsers: BrowserPool,
        holder: str,
        answer: Answerer,
        on_done: OnDone,
    ) -> None:
        self.ledger = ledger
        self.options = options
        self.browsers = browsers
        self.holder = holder
        self.answer = answer
        self.on_done = on_done
        self._flaky: set[str] = set()  # items whose portal has answered with a transient error (transient.py)

    async def move_on(self, context: RunContext, filing: FilingRow) -> None:
        """Do what the filing's state calls for (``filing``: its row as read before the claim)."""
        state = State(filing.state)
        if state == State.RUNNING:
            self.ledger.move(filing.id, state, State.PENDING, "上次办理中断，未到提交：重新办理", holder=self.holder)
        elif state == State.SUBMIT_INTENT:
            self.ledger.move(filing.id, state, State.UNKNOWN, INTERRUPTED_IN_SUBMIT, holder=self.holder)
        elif state == State.PENDING:
            await self._file(context, filing)
        elif state == State.UNKNOWN:
            await self._reconcile(context, filing)
        elif state == State.SUBMITTED:
            await self._after_submit(self.ledger.filing(filing.id))
        elif state == State.AWAITING:
            await self._poll(context, filing)

    async def _file(self, context: RunContext, filing: FilingRow) -> None:
        attempts = filing.attempts + 1
        if not self.ledger.move(
            filing.id, State.PENDING, State.RUNNING, f"第 {attempts} 次办理", holder=self.holder, attempts=attempts
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
                holder=self.holder,
                intent_at=utcnow(),
            ):
                raise LostClaim("提交前发现办件已被接管，未提交")
            intent_recorded = True

        runner = self._runner(context, filing, record_intent)
        try:
            result = await self._in_context(filing, runner, runner.file)
        except Exception as exc:
            if not self._failed(filing, Phase.PAST_INTENT if intent_recorded else Phase.FILE, exc, runner):
                raise
            return
        if context.dry_run:
            shots = ", ".join(p.name for p in result.screenshots)
            self.ledger.move(
                filing.id, State.RUNNING, State.DONE, f"试运行：已填至提交前（{shots}）", holder=self.holder
            )
            return
        self.ledger.move(
            filing.id,
            State.SUBMIT_INTENT,
            State.SUBMITTED,
            "门户已受理",
            holder=self.holder,
            receipt=result.outputs,
            outputs=result.outputs,
            error=None,
            screenshot=None,
        )
        await self._after_submit(self.ledger.filing(filing.id))

    async def _after_submit(self, filing: FilingRow) -> None:
        if item_recipe(filing.item).approval is not None:
            self.ledger.move(filing.id, State.SUBMITTED, State.AWAITING, "等待门户审核", holder=self.holder)
            return
        if self.ledger.move(filing.id, State.SUBMITTED, State.DONE, "已办结", holder=self.holder):
            await self.on_done(filing.item, filing.outputs)

    async def _poll(self, context: RunContext, filing: FilingRow) -> None:
        runner = self._runner(context, filing, None)
        assert runner.recipe.approval is not None
        try:
            outputs = await self._in_context(filing, runner, runner.poll_approval)
        except Exception as exc:
            if not self._failed(filing, Phase.POLL, exc, runner):
                raise
            return
        if outputs is None:
            self.ledger.schedule(filing.id, _later(runner.recipe.approval.every / 1000))
            return
        merged = {**filing.outputs, **outputs}
        if self.ledger.move(filing.id, State.AWAITING, State.DONE, "门户已核准", holder=self.holder, outputs=merged):
            await self.on_done(filing.item, merged)

    async def _reconcile(self, context: RunContext, filing: FilingRow) -> None:
        runner = self._runner(context, filing, None)
        try:
            receipt = await self._in_context(filing, runner, runner.reconcile)
        except Exception as exc:
            if not self._failed(filing, Phase.RECONCILE, exc, runner, retryable=runner.recipe.reconcile is not None):
                raise
            return
        if receipt is None:
            self.ledger.move(
                filing.id,
                State.UNKNOWN,
                State.PENDING,
                "门户上没有这次提交：重新办理",
                holder=self.holder,
                intent_at=None,
            )
            return
        self.ledger.move(
            filing.id,
            State.UNKNOWN,
            State.SUBMITTED,
            "在门户“我的办件”中找到了这次提交",
            holder=self.holder,
            receipt=receipt,
            outputs=receipt,
            attempts=0,
        )
        await self._after_submit(self.ledger.filing(filing.id))

    # --- helpers ----------------------------------------------------------------------------------
    def _failed(
        self, filing: FilingRow, phase: Phase, exc: Exception, runner: Runner, *, retryable: bool = True
    ) -> bool:
        """Write what the outcome table (bot/run/outcomes.py) says ``exc`` does in ``phase``; False: it names
        no such failure, and the caller raises it. ``filing``: the row as read before this attempt."""
        decision = decide(
            exc,
            phase,
            attempt=filing.attempts + 1,
            max_attempts=self.options.max_attempts,
            backoff_s=self.options.backoff_s,
            now=utcnow(),
            flaky=runner.met_transient_error,
            repeated=isinstance(exc, SessionExpired) and SESSION_ENDED in (filing.error or ""),
            retryable=retryable,
            secrets=runner.recipe.secrets,
        )
        if decision is None:
            return False
        decision.write(self.ledger, filing.id, self.holder)
        return True

    async def _in_context(self, filing: FilingRow, runner: Runner, action: Callable[[Page], Awaitable[T]]) -> T:
        """``action`` in a context with the filing's cookies, kept after; traced from its second attempt on
        (``filing``: the row as read before this attempt)."""
        return await self.browsers.in_context(runner, action, record_trace=filing.attempts > 0, filing_id=filing.id)

    def _runner(
        self, context: RunContext, filing: FilingRow, on_intent: Callable[[], Awaitable[None]] | None
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
            text = question.question
            if question.phone:  # the person who reads the SMS box knows whose phone to look at
                text += f"（验证码已发送至 {mask_text(question.phone)}）"
            question_id = self.ledger.ask(
                filing.id, kind=question.kind, who=question.who, question=text, image=question.image
            )
            answer = await self.answer(Ask(question_id, filing.item, question))
            if answer is None:
                self.ledger.expire(question_id)
                raise HandOffTimeout(f"无人回答“{question.question}”")
            if answer == REFRESH and question.kind == "captcha":
                raise CaptchaRefresh("看不清验证码，换一张：重新打开门户页面再问")
            return answer

        return ask


def _later(seconds: float) -> dt.datetime:
    return utcnow() + dt.timedelta(seconds=seconds)
