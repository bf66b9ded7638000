"""Which filings are due, from ledger rows alone (bot/run/schedule.py, bot/run/claims.py): no browser, no portal."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bot.run.claims import held_by_live_driver
from bot.run.ledger import FilingRow, Ledger
from bot.run.schedule import Schedule
from bot.run.states import State

NOW = dt.datetime(2026, 12, 4, 9, 0, 0)
NEEDS = {"samr": [], "tax": ["samr"], "hrss": ["samr", "tax"], "seal": []}
ME = "here:100:aaaa"


def row(id: int, item: str, state: State = State.PENDING, **fields: object) -> FilingRow:
    return FilingRow(id=id, item=item, state=state, attempts=0, **fields)


def schedule(*, dry_run: bool = False, alive: bool = True) -> Schedule:
    return Schedule(NEEDS, dry_run, ME, host="here", alive=lambda pid: alive)


def ids(filings: list[FilingRow]) -> list[int]:
    return [f.id for f in filings]


def test_an_item_starts_when_every_item_it_needs_is_done() -> None:
    filings = [row(1, "samr"), row(2, "tax"), row(3, "hrss"), row(4, "seal")]
    assert ids(schedule().ready(filings, NOW)) == [1, 4]
    filings[0].state = State.DONE
    assert ids(schedule().ready(filings, NOW)) == [2, 4]
    filings[1].state = State.DONE
    assert ids(schedule().ready(filings, NOW)) == [3, 4]


def test_an_item_the_run_does_not_hold_is_not_waited_for() -> None:
    """A run may hold some of the bundle's items only: what it needs outside the run does not block it."""
    assert ids(schedule().ready([row(2, "tax")], NOW)) == [2]


def test_a_dry_run_fills_only_what_needs_no_earlier_outputs() -> None:
    filings = [row(1, "samr", State.DONE), row(2, "tax"), row(4, "seal")]
    assert ids(schedule(dry_run=True).ready(filings, NOW)) == [4]
    assert schedule(dry_run=True).inputs_ready(filings[1], filings) is False
    assert schedule(dry_run=False).inputs_ready(filings[1], filings) is True


def test_a_retry_or_poll_not_yet_due_waits_and_says_when() -> None:
    later = NOW + dt.timedelta(seconds=30)
    filings = [row(1, "samr", State.AWAITING, next_at=later), row(4, "seal", State.DONE)]
    assert schedule().ready(filings, NOW) == []
    assert schedule().next_wake(filings, NOW) == later
    assert schedule().to_advance(filings, NOW) == [(1, later)]
    assert ids(schedule().ready(filings, later)) == [1]
    assert schedule().to_advance(filings, later) == [(1, None)]  # due: now


def test_a_filing_another_live_driver_holds_is_left_alone_until_its_lease_ends() -> None:
    lease = NOW + dt.timedelta(seconds=20)
    held = row(1, "samr", claimed_by="elsewhere:7:beef", lease_until=lease)
    filings = [held, row(4, "seal", State.DONE)]
    assert held_by_live_driver(held, NOW, ME, host="here")
    assert schedule().ready(filings, NOW) == [] and schedule().to_advance(filings, NOW) == []
    assert schedule().next_wake(filings, NOW) == lease  # look again when the lease ends
    after = lease + dt.timedelta(seconds=1)
    assert ids(schedule().ready(filings, after)) == [1]


def test_a_claim_of_a_process_gone_from_this_host_is_not_waited_for() -> None:
    lease = NOW + dt.timedelta(seconds=20)
    dead = row(1, "samr", State.RUNNING, claimed_by="here:4242:beef", lease_until=lease)
    assert ids(schedule(alive=False).ready([dead], NOW)) == [1]  # left running by a driver that died
    assert schedule(alive=True).ready([dead], NOW) == []
    assert not held_by_live_driver(dead, NOW, ME, host="here", alive=lambda pid: pid != 4242)


def test_the_drivers_own_unexpired_claim_counts_as_held() -> None:
    mine = row(1, "samr", claimed_by=ME, lease_until=NOW + dt.timedelta(seconds=5))
    assert held_by_live_driver(mine, NOW, ME, host="here", alive=lambda pid: False)
    assert schedule().ready([mine], NOW) == []


def test_what_a_dead_driver_left_past_or_before_the_intent_is_taken_up() -> None:
    filings = [row(1, "samr", State.RUNNING), row(2, "tax", State.SUBMIT_INTENT), row(3, "hrss", State.UNKNOWN)]
    assert ids(schedule().ready(filings, NOW)) == [1, 2, 3]  # unknown needs no inputs: it is only reconciled


def test_settled_filings_end_the_run_and_in_flight_ones_are_not_started_twice() -> None:
    settled = [
        row(1, "samr", State.DONE),
        row(2, "tax", State.FAILED_BUSINESS),
        row(3, "hrss", State.NEEDS_PERSON),
        row(4, "seal", State.FAILED_TECHNICAL),
    ]
    assert schedule().ready(settled, NOW) == [] and schedule().next_wake(settled, NOW) is None
    filings = [row(1, "samr", State.SUBMITTED), row(4, "seal")]
    assert ids(schedule().ready(filings, NOW, in_flight={4})) == [1]
    assert schedule().next_wake(filings, NOW) == NOW


def test_the_same_answers_from_a_ledgers_rows(tmp_path: Path) -> None:
    """As the engine asks: rows read back from a SQLite ledger, a lease taken through the ledger."""
    ledger = Ledger(f"sqlite:///{tmp_path / 'ledger.db'}")
    try:
        application = ledger.add_application(
            bundle="b", identity="i", title="t", raw={}, base_dir=tmp_path, today=NOW.date()
        )
        keys = {"samr": "k1", "tax": "k2", "hrss": "k3", "seal": "k4"}
        run_id = ledger.create_run(
            application_id=application, bundle="b", keys=keys, dry_run=False, evidence_root=tmp_path
        )
        filings = ledger.filings(run_id)
        by_item = {f.item: f.id for f in filings}
        now = filings[0].updated_at
        assert ids(schedule().ready(filings, now)) == [by_item["samr"], by_item["seal"]]
        assert ledger.claim(by_item["seal"], "elsewhere:7:beef", 60)
        assert ledger.move(by_item["samr"], State.PENDING, State.DONE, "预置")
        filings = ledger.filings(run_id)
        assert ids(schedule().ready(filings, now)) == [by_item["tax"]]  # seal is held; tax's input is done
    finally:
        ledger.close()
