"""Prefill never overwrites, review rules pass and fail, nothing from a document is printed unmasked."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.documents import synthetic as syn
from bot.documents.prefill import prefill
from bot.documents.review import FAILED, PASSED, load_rules, review
from bot.form.application import Application, load_values
from bot.mapping.bundle import load_bundle
from bot.paths import examples_dir, mappings_dir
from bot.run.start import validated
from cli import app as cli_app

from .conftest import TODAY

LR = syn.EXAMPLE_PEOPLE["legal_rep"]


@pytest.fixture(scope="module")
def bundle():  # type: ignore[no-untyped-def]
    return load_bundle(mappings_dir(), "open-company")


def _application(bundle, **changes) -> Application:  # type: ignore[no-untyped-def]
    raw = load_values(examples_dir() / "open-company.yaml")
    for path, value in changes.items():
        section, name = path.split("__")
        raw[section][name] = value
    return validated(bundle, raw, examples_dir(), today=TODAY)


def test_prefill_fills_empty_fields_with_their_source(bundle, reading) -> None:  # type: ignore[no-untyped-def]
    result = prefill(
        bundle.form, {"company": {"trade_name": "云帆"}}, [reading("front.png", "legal_rep"), reading("lease.png")]
    )
    assert {f.path: (f.value, f.source) for f in result.filled} == {
        "legal_rep.name": ("林志远", "来自：法定代表人身份证"),
        "legal_rep.id_number": (LR.id_number, "来自：法定代表人身份证"),
        "company.region": ("350602", "来自：房屋租赁合同"),
        "company.address": ("胜利西路28号1203室", "来自：房屋租赁合同"),
    }
    assert result.values["company"]["trade_name"] == "云帆" and not result.conflicts


def test_a_contradiction_is_flagged_never_overwritten(bundle, reading) -> None:  # type: ignore[no-untyped-def]
    typed = {"legal_rep": {"name": "林志达", "id_number": LR.id_number}}
    result = prefill(bundle.form, typed, [reading("front.png", "legal_rep")])
    assert result.values["legal_rep"]["name"] == "林志达"
    assert [(c.path, c.typed, c.read) for c in result.conflicts] == [("legal_rep.name", "林志达", "林志远")]
    assert not result.filled  # the number agreed, the name was typed


def test_a_misread_value_fills_nothing(bundle, reading) -> None:  # type: ignore[no-untyped-def]
    result = prefill(bundle.form, {}, [reading("front-misread.png", "legal_rep")])
    assert [f.path for f in result.filled] == ["legal_rep.name"]
    assert [r.reason for r in result.rejected] == ["校验位不正确，请核对号码是否抄错"]


def _findings(bundle, application, readings):  # type: ignore[no-untyped-def]
    rules = load_rules(mappings_dir() / "reviews" / "open-company.yaml")
    return {f.rule: f for f in review(rules, application, readings, today=TODAY)}


def test_review_rules_pass_on_matching_documents(bundle, reading) -> None:  # type: ignore[no-untyped-def]
    docs = [reading("front.png", "legal_rep"), reading("back.png", "legal_rep"), reading("lease.png")]
    found = _findings(bundle, _application(bundle), docs)
    person = ("身份证姓名与填报一致", "身份证号码与填报一致", "身份证在办理之日有效")
    lease = ("承租方为本企业或其法定代表人", "租期自今日起不少于12个月", "租赁房屋坐落与住所一致")
    for rule in [f"{r}（法定代表人）" for r in person] + list(lease):
        assert found[rule].status == PASSED, found[rule].message
    assert "营业执照名称与申请一致" not in found and "不动产坐落与住所一致" not in found  # optional: none given
    assert found["身份证号码与填报一致（法定代表人）"].crop_png  # the region, its middle digits blacked out


def test_review_rules_fail_with_their_message(bundle, reading) -> None:  # type: ignore[no-untyped-def]
    application = _application(bundle, legal_rep__name="林志达", company__address="胜利西路 30 号")
    expired, lease = reading("back-expired.png", "legal_rep"), reading("lease.png")
    short = dataclasses.replace(lease, values=dict(lease.values))
    short.values["term"] = dataclasses.replace(lease.values["term"], value={"start": "2026-12-01", "end": "2027-05-31"})
    short.values["lessee"] = dataclasses.replace(lease.values["lessee"], value="漳州市海风贸易有限公司")
    found = _findings(bundle, application, [reading("front.png", "legal_rep"), expired, short])
    assert found["身份证姓名与填报一致（法定代表人）"].message == "身份证上的姓名“林志远”与填报的“林志达”不一致"
    assert found["身份证在办理之日有效（法定代表人）"].message == "身份证有效期至2026-05-20，早于办理日期2026-12-04"
    assert found["租期自今日起不少于12个月"].status == FAILED
    assert found["租赁房屋坐落与住所一致"].status == FAILED
    assert found["承租方为本企业或其法定代表人"].status == FAILED


def test_scan_prints_nothing_unmasked(docs: Path) -> None:
    runner = CliRunner()
    text = runner.invoke(cli_app, ["scan", f"{docs / 'front.png'}=legal_rep"])
    assert text.exit_code == 0, text.output
    as_json = runner.invoke(cli_app, ["scan", f"{docs / 'front.png'}=legal_rep", "--json"])
    assert "3506**********2010" in text.output and "3506**********2010" in as_json.output
    assert LR.id_number not in text.output + as_json.output
    assert json.loads(as_json.output)["filled"][1]["path"] == "legal_rep.id_number"


def test_form_json_counts_typed_fields_left_once_documents_fill_theirs() -> None:
    result = CliRunner().invoke(cli_app, ["form", "open-company", "--json"])
    body = json.loads(result.output)
    assert body["asked_fields"] == 32 and body["typed_fields"] == 18
    from_documents = {f["path"] for f in body["fields"] if f.get("from_documents")}
    assert {"legal_rep.id_number", "shareholders.name", "company.region", "liaison.id_scan"} <= from_documents
