"""What a failure does to a filing, cell by cell of bot/run/outcomes.py's table: no browser, no portal.

These pin the three ladders the engine had (filing, approval polls, reconcile), differences included.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Error as PlaywrightError

from bot.errors import (
    HandOffTimeout,
    LoginDenied,
    LostClaim,
    PortalRefused,
    ReadBackMismatch,
    StepFailed,
    TemplateFailed,
)
from bot.run.ledger import Ledger
from bot.run.outcomes import PHASES, TABLE, Decision, Phase, decide
from bot.run.states import MOVES, State

NOW = dt.datetime(2026, 12, 4, 9, 0, 0)
SHOT = Path("/evidence/failure.png")
ID = "350602198503122010"


def after(seconds: float) -> dt.datetime:
    return NOW + dt.timedelta(seconds=seconds)


def decision(exc: BaseException, phase: Phase, attempt: int = 1, **options: Any) -> Decision | None:
    settings: dict[str, Any] = {"max_attempts": 5, "backoff_s": 2.0, "now": NOW, "jitter": lambda: 1.0}
    return decide(exc, phase, attempt=attempt, **(settings | options))


def moved(exc: BaseException, phase: Phase, attempt: int = 1, **options: Any) -> tuple[State, State | None, str]:
    got = decision(exc, phase, attempt, **options)
    assert got is not None
    return got.source, got.target, got.message


def test_every_cell_is_a_move_the_state_machine_allows() -> None:
    for _classes, cells in TABLE:
        for phase, outcome in zip(PHASES, cells, strict=True):
            for cell in (outcome, outcome and outcome.exhausted, outcome and outcome.if_flaky):
                if cell is not None and cell.target is not None:
                    assert cell.target in MOVES[_source(phase)], (phase, cell)


def _source(phase: Phase) -> State:
    return {
        Phase.FILE: State.RUNNING,
        Phase.PAST_INTENT: State.SUBMIT_INTENT,
        Phase.POLL: State.AWAITING,
        Phase.RECONCILE: State.UNKNOWN,
    }[phase]


def fields(exc: BaseException, phase: Phase, attempt: int, **options: Any) -> dict[str, Any]:
    got = decision(exc, phase, attempt, **options)
    assert got is not None
    return got.fields


# --- a portal's refusal ---------------------------------------------------------------------------
def test_a_refusal_is_a_business_failure_with_the_portals_words_masked_when_filing_or_polling() -> None:
    refused = PortalRefused(f"法定代表人 {ID} 不一致", SHOT)
    masked = "法定代表人 3506**********2010 不一致"
    for phase, source in [
        (Phase.FILE, State.RUNNING),
        (Phase.PAST_INTENT, State.SUBMIT_INTENT),
        (Phase.POLL, State.AWAITING),
    ]:
        got = decision(refused, phase)
        assert got == Decision(source, State.FAILED_BUSINESS, masked, {"error": masked, "screenshot": str(SHOT)})


def test_a_refusal_while_reconciling_is_retried_as_a_technical_failure() -> None:
    """Difference kept from the ladders: reconcile had no PortalRefused branch, its BotError branch took it."""
    got = decision(PortalRefused("系统繁忙", SHOT), Phase.RECONCILE, attempt=2)
    assert got == Decision(
        State.UNKNOWN, None, "核对失败（门户拒绝了提交：系统繁忙），稍后重试", {"attempts": 2, "next_at": after(4.0)}
    )


# --- a refused login ------------------------------------------------------------------------------
def test_a_refused_login_waits_for_a_person_naming_the_secrets_to_check() -> None:
    denied = LoginDenied("用户名或密码错误", SHOT)
    for phase in (Phase.FILE, Phase.POLL, Phase.RECONCILE):
        got = decision(denied, phase, attempt=1, secrets=["TAX_USER", "TAX_PASSWORD"])
        assert got is not None and got.target == State.NEEDS_PERSON and got.source == _source(phase)
        assert got.message == (
            "门户拒绝登录（用户名或密码错误）：请核对 BOT_SECRET_TAX_USER、BOT_SECRET_TAX_PASSWORD 后 bot resume"
            "（或在工作台点“继续办理”）；为免账户被锁定，不自动重试"
        )
        assert got.fields == {"error": got.message, "screenshot": str(SHOT)}
    assert "请核对 账号 后" in moved(denied, Phase.FILE)[2]  # a recipe without secrets


def test_a_refused_login_past_the_intent_writes_nothing() -> None:
    """Difference kept: filing moved it from running, which finds nothing once the filing is in submit_intent."""
    assert decision(LoginDenied("密码错误", SHOT), Phase.PAST_INTENT, attempt=5) == Decision(
        State.SUBMIT_INTENT, None, "", {}
    )


# --- a hand-off nobody answered, a template that failed -------------------------------------------
def test_an_unanswered_hand_off_waits_for_a_person() -> None:
    unanswered = HandOffTimeout("无人回答“请输入验证码”\n第二行")
    assert decision(unanswered, Phase.FILE) == Decision(
        State.RUNNING, State.NEEDS_PERSON, "无人回答“请输入验证码”", {"error": "无人回答“请输入验证码”"}
    )
    # polls and reconcile: the whole message, masked, and no error kept (difference kept from the ladders)
    for phase in (Phase.POLL, Phase.RECONCILE):
        assert decision(unanswered, phase) == Decision(
            _source(phase), State.NEEDS_PERSON, "无人回答“请输入验证码”\n第二行", {}
        )


def test_an_unanswered_hand_off_on_a_flaky_portal_is_retried_before_the_intent_only() -> None:
    """The captcha image never came: a technical failure, retried, until the attempts are used up."""
    unanswered = HandOffTimeout("无人回答“请输入验证码”")
    assert decision(unanswered, Phase.FILE, attempt=2, flaky=True) == Decision(
        State.RUNNING,
        State.PENDING,
        "技术故障（无人回答“请输入验证码”），稍后第 3 次办理",
        {"error": "无人回答“请输入验证码”", "screenshot": None, "next_at": after(4.0)},
    )
    assert moved(unanswered, Phase.FILE, attempt=5, flaky=True)[1] == State.FAILED_TECHNICAL
    assert moved(unanswered, Phase.PAST_INTENT, flaky=True) == (
        State.SUBMIT_INTENT,
        State.UNKNOWN,
        "无人回答“请输入验证码”",
    )
    assert moved(unanswered, Phase.POLL, flaky=True)[1] == State.NEEDS_PERSON


def test_a_failed_template_waits_for_a_person_when_filing_and_is_raised_elsewhere() -> None:
    failed = TemplateFailed("'secrets' has no attribute 'TAX_PASSWORD'")
    assert moved(failed, Phase.FILE, flaky=True) == (
        State.RUNNING,
        State.NEEDS_PERSON,
        "'secrets' has no attribute 'TAX_PASSWORD'",
    )
    assert moved(failed, Phase.PAST_INTENT)[1] == State.UNKNOWN
    assert decision(failed, Phase.POLL) is None and decision(failed, Phase.RECONCILE) is None


# --- technical failures ---------------------------------------------------------------------------
TECHNICAL = [
    StepFailed("点击“下一步”", "Timeout 15000ms exceeded", SHOT),
    ReadBackMismatch([("电话", "1", "2")], SHOT),
    PlaywrightError("Target page, context or browser has been closed"),
    LostClaim("提交前发现办件已被接管，未提交"),
]


@pytest.mark.parametrize("exc", TECHNICAL, ids=lambda e: type(e).__name__)
def test_a_technical_failure_before_the_intent_is_retried_with_backoff_then_stops_resumable(
    exc: BaseException,
) -> None:
    first = decision(exc, Phase.FILE, attempt=1)
    assert first is not None and (first.source, first.target) == (State.RUNNING, State.PENDING)
    assert first.message.startswith("技术故障（") and first.message.endswith("），稍后第 2 次办理")
    assert first.fields["next_at"] == after(2.0) and "attempts" not in first.fields  # counted on the move to running
    assert fields(exc, Phase.FILE, 3, jitter=lambda: 1.2)["next_at"] == after(2.0 * 4 * 1.2)
    last = decision(exc, Phase.FILE, attempt=5)
    assert last is not None and last.target == State.FAILED_TECHNICAL
    assert last.message.endswith("，已重试 5 次：可稍后 bot resume") and "next_at" not in last.fields
    assert set(last.fields) == {"error", "screenshot"}


def test_a_technical_failure_past_the_intent_is_reconciled_never_retried() -> None:
    exc = StepFailed("提交", "门户没有正常答复（HTTP 502），是否已受理未知", SHOT)
    assert decision(exc, Phase.PAST_INTENT, attempt=1) == Decision(
        State.SUBMIT_INTENT,
        State.UNKNOWN,
        "提交后未取得回执（步骤“提交”失败：门户没有正常答复（HTTP 502），是否已受理未知）：先到门户核对，不重复提交",
        {"screenshot": str(SHOT)},
    )
    assert moved(exc, Phase.PAST_INTENT, attempt=5)[1] == State.UNKNOWN  # attempts play no part


def test_a_poll_that_failed_is_a_note_polled_again_without_jitter_and_never_gives_up() -> None:
    exc = PlaywrightError("net::ERR_CONNECTION_RESET")
    assert decision(exc, Phase.POLL, attempt=1) == Decision(
        State.AWAITING,
        None,
        "查询审核结果失败（net::ERR_CONNECTION_RESET），稍后再查",
        {"next_at": after(2.0)},
    )
    assert fields(exc, Phase.POLL, 50, jitter=lambda: 9.0) == {"next_at": after(2.0 * 32)}  # capped, no jitter


def test_a_reconcile_that_failed_is_retried_counting_attempts_then_waits_for_a_person() -> None:
    exc = StepFailed("打开我的办件", "Timeout", SHOT)
    assert decision(exc, Phase.RECONCILE, attempt=2) == Decision(
        State.UNKNOWN,
        None,
        "核对失败（步骤“打开我的办件”失败：Timeout），稍后重试",
        {"attempts": 2, "next_at": after(4.0)},
    )
    gave_up = "无法核对是否已提交（步骤“打开我的办件”失败：Timeout）：请到门户“我的办件”人工核实"
    assert decision(exc, Phase.RECONCILE, attempt=5) == Decision(State.UNKNOWN, State.NEEDS_PERSON, gave_up, {})
    assert decision(exc, Phase.RECONCILE, attempt=1, retryable=False) == Decision(  # no reconcile section
        State.UNKNOWN, State.NEEDS_PERSON, gave_up, {}
    )


@pytest.mark.parametrize("phase", list(Phase))
def test_anything_else_is_not_a_filings_failure_and_is_raised(phase: Phase) -> None:
    assert decision(ValueError("a bug"), phase) is None
    assert decision(KeyError("samr"), phase) is None


# --- writing a decision ---------------------------------------------------------------------------
def test_a_move_is_written_only_while_the_holder_holds_the_filing_a_note_always(tmp_path: Path) -> None:
    ledger = Ledger(f"sqlite:///{tmp_path / 'ledger.db'}")
    try:
        application = ledger.add_application(
            bundle="b", identity="i", title="t", raw={}, base_dir=tmp_path, today=NOW.date()
        )
        run_id = ledger.create_run(
            application_id=application, bundle="b", keys={"tax": "k"}, dry_run=False, evidence_root=tmp_path
        )
        [filing] = ledger.filings(run_id)
        assert ledger.claim(filing.id, "here:1:aaaa", 60)
        assert ledger.move(filing.id, State.PENDING, State.RUNNING, "第 1 次办理", holder="here:1:aaaa", attempts=1)
        failed = decision(StepFailed("下一步", "Timeout", SHOT), Phase.FILE, attempt=1)
        assert failed is not None
        failed.write(ledger, filing.id, "there:2:bbbb")  # not the holder: nothing moves
        assert ledger.filing(filing.id).state == State.RUNNING
        failed.write(ledger, filing.id, "here:1:aaaa")
        row = ledger.filing(filing.id)
        assert (row.state, row.attempts, row.error, row.screenshot) == (
            State.PENDING,
            1,
            "步骤“下一步”失败：Timeout",
            str(SHOT),
        )
        assert row.next_at == after(2.0)

        note = decision(StepFailed("我的办件", "Timeout"), Phase.RECONCILE, attempt=2)
        assert note is not None
        note.write(ledger, filing.id, "there:2:bbbb")  # a note changes no state: written by whoever looked
        row = ledger.filing(filing.id)
        assert (row.state, row.attempts) == (State.PENDING, 2)
        assert ledger.events([filing.id])[-1].message == "核对失败（步骤“我的办件”失败：Timeout），稍后重试"
    finally:
        ledger.close()


# --- the portal's session ended (issue 19) ----------------------------------------------------------------------
def test_a_session_that_ended_logs_in_again_at_once_without_counting_the_attempt_but_not_twice_in_a_row() -> None:
    from bot.errors import SessionExpired

    ended = SessionExpired("fill", "门户会话已结束（页面回到了登录页）", SHOT)
    got = decision(ended, Phase.FILE, attempt=3)
    assert got is not None and got.target == State.PENDING and "不计入重试次数" in got.message
    assert got.fields["attempts"] == 2 and got.fields["next_at"] == NOW
    again = decision(ended, Phase.FILE, attempt=3, repeated=True)  # the attempt before ended the same way
    assert again is not None and again.target == State.PENDING and again.fields["next_at"] == after(2.0 * 4)
    assert "attempts" not in again.fields  # counted: the move to running wrote it
    last = decision(ended, Phase.FILE, attempt=5, repeated=True)
    assert last is not None and last.target == State.FAILED_TECHNICAL
    past = decision(ended, Phase.PAST_INTENT, attempt=1)
    assert past is not None and past.target == State.UNKNOWN  # past the intent: reconciled, never filed blindly
