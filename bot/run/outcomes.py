"""What a failure does to a filing: one table from exception to (target state, message, retry),
read alike when filing, polling an approval and reconciling.

Why a table: the phases must agree on what a refusal, a refused login, an unanswered hand-off or a
technical failure means; written as three ``except`` ladders they could drift apart unseen. Here a
difference between phases is a different cell in one row. The cells, as the ladders had them:

                    FILE (running)       PAST_INTENT           POLL (awaiting)      RECONCILE (unknown)
  PortalRefused     failed_business      failed_business       failed_business      as technical (1)
  LoginDenied       needs_person         nothing written (2)   needs_person         needs_person
  HandOffTimeout    needs_person (3)     unknown               needs_person (4)     needs_person (4)
  TemplateFailed    needs_person         unknown               raised (5)           raised (5)
  SessionExpired    pending at once,     unknown, no receipt   as technical         as technical
                    not counted (8)
  technical (6)     pending, backoff;    unknown, no receipt   a note, polled       a note, backoff;
                    then failed_technical                      again, never ends    then needs_person (7)
  anything else     raised (5)           raised (5)            raised (5)           raised (5)

(1) A refusal box while reconciling is retried as a technical failure, not a business one.
(2) Filing moves a refused login from ``running``; past the intent the filing is in ``submit_intent``,
    so that move finds nothing and nothing is written: the next driver finds ``submit_intent`` and
    reconciles it.
(3) Unless the portal showed a transient error in this attempt (the captcha image never came):
    then it is a technical failure and retried.
(4) With the whole masked message, and no ``error`` kept (filing keeps its first line as error).
(5) Not caught: a bug (or a maintainer's template) surfaces to the driver, as the ladders let it.
(6) StepFailed, ReadBackMismatch, Playwright's Error, and any other BotError (LostClaim included).
(7) Backoff with jitter counting attempts, like filing; a recipe with no reconcile section gives up
    at once. An approval poll's backoff has no jitter, counts nothing (capped at 2^5) and never ends.
(8) The portal's session ended (a step failed on its login page): log in again now, the attempt not counted;
    unless the attempt before ended the same way (``repeated``): then it is a technical failure, so a portal
    that logs the bot out every time still ends.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum, StrEnum
from typing import Any

from playwright.async_api import Error as PlaywrightError

from bot.errors import (
    BotError,
    HandOffTimeout,
    LoginDenied,
    PortalRefused,
    ReadBackMismatch,
    SessionExpired,
    StepFailed,
    TemplateFailed,
    first_line,
)
from bot.privacy.masking import mask_text
from bot.privacy.secrets import ENV_PREFIX
from bot.run.ledger import Ledger
from bot.run.states import State


class Phase(StrEnum):
    """What the driver was doing when the failure came, and so the state the filing is in."""

    FILE = "file"  # filling, before the submit intent
    PAST_INTENT = "past_intent"  # the intent is recorded: never submitted again
    POLL = "poll"  # looking whether the portal has approved
    RECONCILE = "reconcile"  # looking for the submission on the portal's 我的办件


SOURCE = {
    Phase.FILE: State.RUNNING,
    Phase.PAST_INTENT: State.SUBMIT_INTENT,
    Phase.POLL: State.AWAITING,
    Phase.RECONCILE: State.UNKNOWN,
}


class Retry(Enum):
    BACKOFF = "backoff"  # backoff_s · 2^(n−1) · U(0.8, 1.2) after attempt n, counted; ends at max_attempts
    POLL = "poll"  # backoff_s · 2^min(n−1, 5), no jitter, not counted, never ends


@dataclass(frozen=True)
class Outcome:
    """What one kind of failure does in one phase. Texts are formatted with: ``brief`` (the error's first
    line, masked), ``text`` (all of it, masked), ``portal`` (the portal's words, masked), ``secrets`` (the
    recipe's secrets' variables), ``attempt`` (the attempt that failed) and ``again`` (the next one)."""

    target: State | None  # where the filing moves; None: it stays, with a note (or nothing, without message)
    message: str  # the event's message
    error: str | None = None  # kept as the filing's error; None: left as it was
    screenshot: bool = False  # keep the exception's screenshot (None when it has none)
    retry: Retry | None = None  # tried again later (next_at)
    exhausted: Outcome | None = None  # instead, once max_attempts are used up, or the phase cannot retry
    if_flaky: Outcome | None = None  # instead, when the portal showed a transient error during the attempt
    counted: bool = True  # False: the attempt does not count, and the next one starts at once
    if_repeated: Outcome | None = None  # instead, when the attempt before ended the same way


REFUSED = Outcome(State.FAILED_BUSINESS, "{portal}", error="{portal}", screenshot=True)
_LOGIN_TEXT = (
    "门户拒绝登录（{portal}）：请核对 {secrets} 后 bot resume（或在工作台点“继续办理”）；为免账户被锁定，不自动重试"
)
LOGIN_DENIED = Outcome(State.NEEDS_PERSON, _LOGIN_TEXT, error=_LOGIN_TEXT, screenshot=True)
NOTHING = Outcome(None, "")
FILE_AGAIN = Outcome(
    State.PENDING,
    "技术故障（{brief}），稍后第 {again} 次办理",
    error="{brief}",
    screenshot=True,
    retry=Retry.BACKOFF,
    exhausted=Outcome(
        State.FAILED_TECHNICAL,
        "技术故障（{brief}），已重试 {attempt} 次：可稍后 bot resume",
        error="{brief}",
        screenshot=True,
    ),
)
LOG_IN_AGAIN = Outcome(
    State.PENDING,
    "门户会话已结束（{brief}）：立即重新登录再办，不计入重试次数",
    error="{brief}",
    counted=False,
    if_repeated=FILE_AGAIN,
)
NEEDS_VALUE = Outcome(State.NEEDS_PERSON, "{brief}", error="{brief}")  # a secret or a value is missing
UNANSWERED_FILING = Outcome(State.NEEDS_PERSON, "{brief}", error="{brief}", if_flaky=FILE_AGAIN)
UNANSWERED = Outcome(State.NEEDS_PERSON, "{text}")
LOST_AT_INTENT = Outcome(State.UNKNOWN, "{brief}", error="{brief}")
NO_RECEIPT = Outcome(State.UNKNOWN, "提交后未取得回执（{brief}）：先到门户核对，不重复提交", screenshot=True)
POLL_AGAIN = Outcome(None, "查询审核结果失败（{brief}），稍后再查", retry=Retry.POLL)
RECONCILE_AGAIN = Outcome(
    None,
    "核对失败（{brief}），稍后重试",
    retry=Retry.BACKOFF,
    exhausted=Outcome(State.NEEDS_PERSON, "无法核对是否已提交（{brief}）：请到门户“我的办件”人工核实"),
)

TECHNICAL: tuple[type[BaseException], ...] = (StepFailed, ReadBackMismatch, PlaywrightError, BotError)

RAISE = None  # not caught: the exception surfaces to the driver
PHASES = (Phase.FILE, Phase.PAST_INTENT, Phase.POLL, Phase.RECONCILE)
# The first row whose classes match wins; then the cell of the phase, in the order of PHASES.
# fmt: off
TABLE: tuple[tuple[tuple[type[BaseException], ...], tuple[Outcome | None, ...]], ...] = (
    # classes            FILE                PAST_INTENT     POLL           RECONCILE
    ((PortalRefused,),   (REFUSED,           REFUSED,        REFUSED,       RECONCILE_AGAIN)),
    ((LoginDenied,),     (LOGIN_DENIED,      NOTHING,        LOGIN_DENIED,  LOGIN_DENIED)),
    ((HandOffTimeout,),  (UNANSWERED_FILING, LOST_AT_INTENT, UNANSWERED,    UNANSWERED)),
    ((TemplateFailed,),  (NEEDS_VALUE,       LOST_AT_INTENT, RAISE,         RAISE)),
    ((SessionExpired,),  (LOG_IN_AGAIN,      NO_RECEIPT,     POLL_AGAIN,    RECONCILE_AGAIN)),
    (TECHNICAL,          (FILE_AGAIN,        NO_RECEIPT,     POLL_AGAIN,    RECONCILE_AGAIN)),
)
# fmt: on


def outcome_of(exc: BaseException, phase: Phase) -> Outcome | None:
    """The table's cell for ``exc`` in ``phase``; None: not the filing's failure, raise it."""
    for classes, cells in TABLE:
        if isinstance(exc, classes):
            return cells[PHASES.index(phase)]
    return None


@dataclass(frozen=True)
class Decision:
    """What to write to the ledger: a move (``target``), a note (``target`` None), or nothing (no message)."""

    source: State
    target: State | None
    message: str
    fields: dict[str, Any]

    def write(self, ledger: Ledger, filing_id: int, holder: str) -> None:
        """A move only while ``holder`` holds the filing and it is still in ``source``; a note regardless."""
        if self.target is not None:
            ledger.move(filing_id, self.source, self.target, self.message, holder=holder, **self.fields)
        elif self.message:
            ledger.note(filing_id, self.message, **self.fields)


def decide(
    exc: BaseException,
    phase: Phase,
    *,
    attempt: int,
    max_attempts: int,
    backoff_s: float,
    now: dt.datetime,
    flaky: bool = False,
    repeated: bool = False,
    retryable: bool = True,
    secrets: Iterable[str] = (),
    jitter: Callable[[], float] = lambda: random.uniform(0.8, 1.2),
) -> Decision | None:
    """The move or note ``exc`` calls for in ``phase`` (None: raise it). ``attempt``: the attempt that failed
    (the row's attempts + 1); ``flaky``: the portal showed a transient error in it; ``repeated``: the attempt
    before it failed the same way (its error is kept on the row); ``retryable``: the phase
    can be tried again at all (a reconcile needs the recipe's reconcile section); ``secrets``: the recipe's."""
    outcome = outcome_of(exc, phase)
    if outcome is None:
        return None
    if flaky and outcome.if_flaky is not None:
        outcome = outcome.if_flaky
    if repeated and outcome.if_repeated is not None:
        outcome = outcome.if_repeated
    if outcome.exhausted is not None and (attempt >= max_attempts or not retryable):
        outcome = outcome.exhausted
    words = {
        "brief": brief(exc),
        "text": mask_text(str(exc)),
        "portal": mask_text(getattr(exc, "portal_message", "")),
        "secrets": "、".join(f"{ENV_PREFIX}{name}" for name in secrets) or "账号",
        "attempt": attempt,
        "again": attempt + 1,
    }
    fields: dict[str, Any] = {}
    if outcome.error is not None:
        fields["error"] = outcome.error.format(**words)
    if outcome.screenshot:
        fields["screenshot"] = screenshot_of(exc)
    if not outcome.counted:
        fields["attempts"] = attempt - 1
        fields["next_at"] = now
    elif outcome.retry is Retry.BACKOFF:
        if outcome.target is None:  # a note counts the attempt; filing counted it on its move to running
            fields["attempts"] = attempt
        fields["next_at"] = now + dt.timedelta(seconds=float(backoff_s * 2 ** (attempt - 1) * jitter()))
    elif outcome.retry is Retry.POLL:
        fields["next_at"] = now + dt.timedelta(seconds=backoff_s * 2 ** min(attempt - 1, 5))
    return Decision(SOURCE[phase], outcome.target, outcome.message.format(**words), fields)


def brief(exc: BaseException) -> str:
    """The error's first line, masked: what the ledger keeps of it."""
    return mask_text(first_line(exc))


def screenshot_of(exc: BaseException) -> str | None:
    shot = getattr(exc, "screenshot", None)
    return str(shot) if shot else None
