"""A filing's states and the only moves between them, written down in one place.

The line that matters is ``SUBMIT_INTENT``: it is stored before the click that cannot be
undone, so after any crash a filing past it is never filed again, only reconciled
(looked up on the portal's 我的办件) or polled for approval.
"""

from __future__ import annotations

from enum import StrEnum

from bot.errors import IllegalMove


class State(StrEnum):
    PENDING = "pending"  # waiting for its turn (dependencies, retry backoff)
    RUNNING = "running"  # a browser is filling it; nothing sent yet
    SUBMIT_INTENT = "submit_intent"  # recorded just before the submit click
    SUBMITTED = "submitted"  # the portal gave a receipt
    AWAITING = "awaiting"  # the portal is still approving (polled, no browser held)
    DONE = "done"
    FAILED_BUSINESS = "failed_business"  # the portal refused the data: not retried
    FAILED_TECHNICAL = "failed_technical"  # retries used up: resumable
    UNKNOWN = "unknown"  # a submit's outcome was lost: to reconcile, never to resubmit
    NEEDS_PERSON = "needs_person"  # a hand-off timed out, or reconcile could not decide


LABELS = {
    State.PENDING: "待办理",
    State.RUNNING: "填报中",
    State.SUBMIT_INTENT: "正在提交",
    State.SUBMITTED: "已提交",
    State.AWAITING: "待审核",
    State.DONE: "已办结",
    State.FAILED_BUSINESS: "被门户退回",
    State.FAILED_TECHNICAL: "技术故障",
    State.UNKNOWN: "结果待核对",
    State.NEEDS_PERSON: "待人工处理",
}

MOVES: dict[State, frozenset[State]] = {
    State.PENDING: frozenset({State.RUNNING, State.DONE}),  # DONE: adopted from an earlier identical filing
    State.RUNNING: frozenset(
        {
            State.PENDING,
            State.SUBMIT_INTENT,
            State.DONE,
            State.FAILED_BUSINESS,
            State.FAILED_TECHNICAL,
            State.NEEDS_PERSON,
        }
    ),  # RUNNING → DONE only for a dry run, which never reaches the intent
    State.SUBMIT_INTENT: frozenset({State.SUBMITTED, State.UNKNOWN, State.FAILED_BUSINESS}),
    State.SUBMITTED: frozenset({State.AWAITING, State.DONE}),
    State.AWAITING: frozenset({State.DONE, State.FAILED_BUSINESS, State.NEEDS_PERSON}),
    State.UNKNOWN: frozenset({State.SUBMITTED, State.PENDING, State.NEEDS_PERSON}),
    State.NEEDS_PERSON: frozenset({State.PENDING, State.UNKNOWN, State.AWAITING}),
    State.FAILED_TECHNICAL: frozenset({State.PENDING}),
    State.FAILED_BUSINESS: frozenset({State.PENDING}),  # only when a corrected application is run again
    State.DONE: frozenset(),
}

# Nothing more happens without a person (resume, a corrected application).
SETTLED = frozenset({State.DONE, State.FAILED_BUSINESS, State.FAILED_TECHNICAL, State.NEEDS_PERSON})
# What bot resume (and the dashboard's 继续办理) takes up again: bot.run.start.reopen.
RESUMABLE = frozenset({State.FAILED_TECHNICAL, State.NEEDS_PERSON})


def check_move(current: State, target: State) -> None:
    if target not in MOVES[current]:
        raise IllegalMove(f"filing cannot move from {current} to {target}")
