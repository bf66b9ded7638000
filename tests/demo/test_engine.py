"""The run engine against the demo portals: dependency order, exactly once, hand-offs and resume."""

from __future__ import annotations

from pathlib import Path

import pytest

import bot.run.filing
from bot.evidence.documents import write_documents
from bot.privacy.log import configure
from bot.privacy.scrub import personal_numbers
from bot.run.demo_admin import DemoAccounts
from bot.run.states import State
from tests.demo.engine_support import EngineRig, never_answered
from tests.support import run_async

pytestmark = pytest.mark.browser

QUICK = ("psb-seal", "hpf-deposit", "bank-account")  # seeded done: these tests file tax and hrss only


def test_a_second_run_of_the_same_application_files_nothing(rig: EngineRig) -> None:
    first = rig.start()
    rig.seed_registration(first, *QUICK)
    assert set(rig.drive(first).values()) == {State.DONE}
    filed = rig.submissions()
    assert filed["tax-registration"] == 1 and filed["hrss-insurance"] == 1
    receipts = {f.item: f.outputs for f in rig.ledger.filings(first)}

    second = rig.start()
    assert set(rig.drive(second).values()) == {State.DONE}
    assert rig.submissions() == filed
    assert {f.item: f.outputs for f in rig.ledger.filings(second)} == receipts
    assert [f.id for f in rig.ledger.filings(second)] == [f.id for f in rig.ledger.filings(first)]


def test_items_wait_for_what_they_need(rig: EngineRig) -> None:
    """Nothing that needs registration's USCC starts before registration is done."""
    run_id = rig.start()
    rig.environ["BOT_SECRET_SAMR_PASSWORD"] = "any"
    states_after = rig.drive(run_id, never_answered())  # registration cannot log in: nobody reads the captcha
    assert states_after["samr-registration"] == State.NEEDS_PERSON
    assert all(state == State.PENDING for item, state in states_after.items() if item != "samr-registration")
    assert sum(rig.submissions().values()) == 0


def test_a_hand_off_nobody_answers_waits_for_a_person_then_resumes(rig: EngineRig) -> None:
    run_id = rig.start()
    rig.seed_registration(run_id, *QUICK, "tax-registration")
    assert rig.drive(run_id, never_answered())["hrss-insurance"] == State.NEEDS_PERSON
    [question] = rig.ledger.questions(run_id, state="expired")
    assert question.kind == "captcha" and question.image  # the clerk would have seen the captcha
    assert rig.submissions()["hrss-insurance"] == 0

    hrss = next(f for f in rig.ledger.filings(run_id) if f.item == "hrss-insurance")
    assert rig.ledger.move(hrss.id, State.NEEDS_PERSON, State.PENDING, "resume")  # what bot resume does
    assert rig.drive(run_id)["hrss-insurance"] == State.DONE
    assert rig.submissions()["hrss-insurance"] == 1


def test_a_technical_failure_is_retried_and_then_stops_resumable(
    rig: EngineRig, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_id = rig.start()
    rig.seed_registration(run_id, *QUICK, "hrss-insurance")
    rig.admin["tax-registration"].faults(fail_next={"/static/widgets.js": 1000})  # the wizard's combo boxes never work
    recipe_of = bot.run.filing.item_recipe
    quick = recipe_of("tax-registration").model_copy(update={"timeout": 2000})  # a step gives up after 2 s, not 15
    monkeypatch.setattr(bot.run.filing, "item_recipe", lambda item: quick if item == quick.item else recipe_of(item))
    final = rig.drive(run_id, max_attempts=2)
    assert final["tax-registration"] == State.FAILED_TECHNICAL
    tax = next(f for f in rig.ledger.filings(run_id) if f.item == "tax-registration")
    assert tax.attempts == 2 and tax.error and tax.screenshot and Path(tax.screenshot).is_file()
    traces = sorted(p.name for p in Path(tax.screenshot).parent.glob("trace-*.zip"))
    assert traces == ["trace-1.zip"]  # the second attempt's: the first records none (bot.evidence.trace)
    assert rig.submissions()["tax-registration"] == 0


def test_a_refused_login_waits_for_a_person_at_once_and_resumes_once_the_password_is_right(rig: EngineRig) -> None:
    """Never tried again by itself: a portal locks an account after a few wrong passwords."""
    run_id = rig.start()
    rig.seed_registration(run_id, *QUICK, "hrss-insurance")
    right = rig.environ["BOT_SECRET_TAX_PASSWORD"]
    rig.environ["BOT_SECRET_TAX_PASSWORD"] = "wrong-password"
    assert rig.drive(run_id, max_attempts=5)["tax-registration"] == State.NEEDS_PERSON
    tax = next(f for f in rig.ledger.filings(run_id) if f.item == "tax-registration")
    assert tax.attempts == 1
    assert tax.error and "密码错误" in tax.error and "BOT_SECRET_TAX_PASSWORD" in tax.error
    assert tax.screenshot and Path(tax.screenshot).is_file()

    rig.environ["BOT_SECRET_TAX_PASSWORD"] = right
    assert rig.ledger.move(tax.id, State.NEEDS_PERSON, State.PENDING, "resume")  # what bot resume does
    assert rig.drive(run_id)["tax-registration"] == State.DONE
    assert rig.submissions()["tax-registration"] == 1


def test_a_lost_answer_to_the_submit_is_reconciled_never_filed_again(rig: EngineRig) -> None:
    run_id = rig.start()
    rig.seed_registration(run_id, *QUICK, "hrss-insurance")
    rig.admin["tax-registration"].faults(drop_responses=1)  # stored, but the answer never arrives
    assert rig.drive(run_id)["tax-registration"] == State.DONE
    [stored] = rig.admin["tax-registration"].submissions()
    tax = next(f for f in rig.ledger.filings(run_id) if f.item == "tax-registration")
    assert tax.outputs == {"document_no": stored["receipt_no"]}  # read back from 我的办件
    moves = [(e.source, e.target) for e in rig.ledger.events([tax.id]) if e.target]
    assert (State.SUBMIT_INTENT, State.UNKNOWN) in moves and (State.UNKNOWN, State.SUBMITTED) in moves
    assert (State.UNKNOWN, State.PENDING) not in moves  # never filed again


def test_a_refusal_is_a_business_failure_with_the_portals_words_and_is_not_retried(rig: EngineRig) -> None:
    """Social insurance refuses the submit itself, after the intent (the tax bureau's refusal on 下一步, before
    it, is the same PortalRefused: test_recipe_reconcile)."""
    run_id = rig.start()
    rig.seed_registration(run_id, *QUICK, "tax-registration", registered_name="漳州市云帆网络科技有限公司")
    assert rig.drive(run_id, max_attempts=3)["hrss-insurance"] == State.FAILED_BUSINESS
    hrss = next(f for f in rig.ledger.filings(run_id) if f.item == "hrss-insurance")
    assert hrss.attempts == 1  # not retried
    assert hrss.error and "单位名称与登记机关登记的名称不一致" in hrss.error
    assert hrss.screenshot and Path(hrss.screenshot).is_file()
    moves = [(e.source, e.target) for e in rig.ledger.events([hrss.id]) if e.source != e.target]
    assert moves[-1] == (State.SUBMIT_INTENT, State.FAILED_BUSINESS)
    assert rig.submissions()["hrss-insurance"] == 0


@pytest.mark.timeout(600)  # six filings, the wizards long: ~60 s quiet, 173 s beside a second copy of the suite
def test_the_whole_bundle_files_in_dependency_order_and_brings_back_every_receipt(rig: EngineRig) -> None:
    """... through portals that answer a fifth of all requests with 500/502/503 (pages, scripts, posts)."""
    run_id = rig.start()
    for admin in rig.admin.values():
        admin.faults(error_rate=0.2)
    accounts = DemoAccounts(rig.portals.urls, rig.portals.admin_token, rig.application(run_id))
    accounts.before_run()
    rig.environ.update(accounts.environ)
    engine = rig.engine(concurrency=3)
    engine.on_done = accounts.on_done
    log = rig.tmp / "run.log"
    configure(level="WARNING", file=log)
    try:
        summary = run_async(engine.drive(run_id))
    finally:
        configure()
    filings = {f.item: f for f in rig.ledger.filings(run_id)}
    unfinished = [f.id for f in filings.values() if f.state != State.DONE]
    assert summary.complete, [(e.source, e.target, e.message) for e in rig.ledger.events(unfinished)]
    assert rig.submissions() == dict.fromkeys(rig.bundle.items, 1)
    uscc = filings["samr-registration"].outputs["uscc"]
    assert rig.admin["samr-registration"].registry(uscc)  # approval published the company
    assert Path(filings["samr-registration"].outputs["licence_pdf"]).read_bytes().startswith(b"%PDF")
    for item, filing in filings.items():
        assert set(filing.outputs) >= set(rig.bundle.mappings[item].outputs) - {"licence_pdf"}, item
    registered = rig.ledger.events([filings["samr-registration"].id])[-1].at
    for item in rig.bundle.items[1:]:  # nothing that needs the USCC started before registration was done
        started = next(e.at for e in rig.ledger.events([filings[item].id]) if e.target == State.RUNNING)
        assert started >= registered, item

    documents, _ = write_documents(rig.ledger, run_id, pdf=False)
    assert documents.report.is_file() and documents.receipt_html.is_file()
    personal = personal_numbers(rig.bundle.form, rig.application(run_id).values)
    assert len(personal) >= 4
    evidence = Path(rig.ledger.run(run_id).evidence_dir)
    texts = [log, *(p for p in evidence.rglob("*") if p.suffix in {".log", ".html", ".json", ".txt"})]
    texts_read = "\n".join(p.read_text(encoding="utf-8") for p in texts)
    texts_read += "\n".join(e.message for e in rig.ledger.events(f.id for f in filings.values()))
    assert "步骤完成" in texts_read  # the log did record the run
    assert "门户暂时出错" in texts_read  # and the portals' errors, asked again
    leaked = [number for number in personal if number in texts_read]
    assert not leaked
