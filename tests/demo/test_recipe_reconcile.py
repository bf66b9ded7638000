"""After submit, on the demo portals, for each recipe: reconcile finds the filing in 我的办件 (or says it is not
there), a lost answer is settled by reconcile and never by a second submit, and a refusal is a business failure.

Every reconcile runs in a fresh browser context, as the engine's would after losing the filing's page: it logs
in again (the same hand-offs as the filing) and searches the portal's list by the USCC.
"""

from __future__ import annotations

import copy
import secrets as pysecrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from bot.errors import PortalRefused, StepFailed
from bot.form.application import Application, validate
from bot.mapping.bundle import Bundle
from bot.recipe.runner import FilingResult, Question
from bot.run.filing import FilingRequest, prepare_runner
from demo.launcher import PortalsProcess
from demo.testing import AdminClient
from tests.demo.recipe_support import filing_request, in_fresh_context, reconcile_with_recipe
from tests.support import EXAMPLES, TODAY

pytestmark = pytest.mark.browser

# The receipt each recipe reads at submit, by the name reconcile must give it too.
RECEIPT = {
    "tax-registration": "document_no",
    "hrss-insurance": "social_insurance_no",
    "hpf-deposit": "fund_account_no",
    "psb-seal": "filing_no",
}
ITEMS = list(RECEIPT)
# What logging in asks a person, on each portal (the filing asks the same, plus hpf's form captcha).
LOGIN_ASKS = {"tax-registration": [], "hrss-insurance": ["captcha"], "hpf-deposit": ["sms"], "psb-seal": ["sms"]}


@dataclass
class Portal:
    """One portal as the tests set it up: the company registered, an account where the portal needs one,
    and answers to the recipe's questions (SMS codes and captchas, read through the admin API)."""

    item: str
    url: str
    admin: AdminClient
    bundle: Bundle
    app: Application
    uscc: str = ""
    secrets: dict[str, str] = field(default_factory=dict)
    licence_pdf: str = ""
    asked: list[str] = field(default_factory=list)
    result: FilingResult = field(default_factory=FilingResult)  # the last filing's, also when it raised
    intents: list[str] = field(default_factory=list)  # submit intents recorded, as the engine would

    def set_up(self, tmp_path: Path, *, registered_name: str | None = None) -> Portal:
        company = self.app.values["company"]
        published = self.admin.publish_company(
            registered_name or company["name"],
            company["full_address"],
            self.app.values["legal_rep"]["name"],
            region=str(company["region"]),
        )
        self.uscc = str(published["uscc"])
        password = pysecrets.token_urlsafe(12)
        if self.item == "tax-registration":
            self.admin.create_account(self.uscc, password, id_number=self.app.values["tax_agent"]["id_number"])
            self.secrets = {"TAX_PASSWORD": password}
        elif self.item == "hrss-insurance":
            self.admin.create_account(self.uscc, password)
            self.secrets = {"HRSS_PASSWORD": password}
        elif self.item == "psb-seal":
            licence = tmp_path / "licence.pdf"
            licence.write_bytes(b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
            self.licence_pdf = str(licence)
        return self

    async def answer(self, question: Question) -> str:
        self.asked.append(question.kind)
        if question.kind == "sms":
            return self.admin.sms_code(self.app.values["agent"]["mobile"])
        session = next((value for name, value in question.cookies.items() if name.startswith("SID_")), None)
        return self.admin.captcha(session=session)

    def request(self, evidence: Path) -> FilingRequest:
        return filing_request(
            self.item,
            url=self.url,
            bundle=self.bundle,
            app=self.app,
            uscc=self.uscc,
            evidence=evidence,
            secrets=self.secrets,
            licence_pdf=self.licence_pdf,
        )

    def file(self, evidence: Path, *, timeout: int | None = None) -> FilingResult:
        """File through the recipe in a fresh context; ``result`` and ``intents`` tell how far it went."""

        async def intent() -> None:
            self.intents.append("intent")

        runner = prepare_runner(self.request(evidence), self.answer, on_submit_intent=intent)
        if timeout is not None:  # each step's wait, and the failure screenshot's
            runner.recipe = runner.recipe.model_copy(update={"timeout": timeout})
        try:
            in_fresh_context(runner.file)
        finally:
            self.result = runner.result
        return runner.result

    def reconcile(self, evidence: Path) -> dict[str, str] | None:
        return reconcile_with_recipe(
            self.item,
            url=self.url,
            bundle=self.bundle,
            app=self.app,
            uscc=self.uscc,
            evidence=evidence,
            secrets=self.secrets,
            hand_off=self.answer,
            licence_pdf=self.licence_pdf,
        )


@pytest.fixture(params=ITEMS)
def item(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def portal(
    item: str, portals: PortalsProcess, admin: dict[str, AdminClient], bundle: Bundle, app: Application
) -> Portal:
    return Portal(item, portals.urls[item], admin[item], bundle, app)


def test_a_lost_answer_is_settled_by_reconcile_not_by_a_second_submit(
    item: str,
    portals: PortalsProcess,
    clean_portals: dict[str, AdminClient],
    bundle: Bundle,
    example_app: Application,
    tmp_path: Path,
) -> None:
    """Reconcile finds nothing before the filing; the submit's answer is lost; reconcile then finds exactly the
    stored receipt, logging in again through the same hand-offs."""
    there = portal(item, portals, clean_portals, bundle, example_app).set_up(tmp_path)
    assert there.reconcile(tmp_path / "before") is None

    there.admin.faults(drop_responses=1)
    with pytest.raises(StepFailed):  # no receipt comes; nor does the failure's screenshot (there is no document)
        there.file(tmp_path / "filing", timeout=8000)
    # the intent was recorded and the click made: the outcome is unknown, not a failure to retry
    assert there.intents == ["intent"] and there.result.submitted
    [stored] = there.admin.submissions()

    there.asked.clear()
    assert there.reconcile(tmp_path / "reconcile") == {RECEIPT[item]: stored["receipt_no"]}
    assert there.asked == LOGIN_ASKS[item]
    assert len(there.admin.submissions()) == 1


# How each portal is made to refuse, and the words it refuses with (docs/portals.md, server-side messages).
REFUSALS = {
    "tax-registration": "新办纳税人每月最高领用数量不得超过25份",  # a bureau rule the form does not know
    "hrss-insurance": "单位名称与登记机关登记的名称不一致",  # the registry knows the company by another name
    "hpf-deposit": "单位名称与工商登记信息不符",
    "psb-seal": "单位名称与市场监管部门登记信息不一致",
}


def test_a_refusal_is_a_business_failure_in_the_portals_words(
    item: str,
    portals: PortalsProcess,
    clean_portals: dict[str, AdminClient],
    bundle: Bundle,
    example_raw: dict[str, object],
    used_fields: set[str],
    example_app: Application,
    tmp_path: Path,
) -> None:
    app, registered_name = example_app, None
    if item == "tax-registration":
        raw: dict[str, Any] = copy.deepcopy(example_raw)
        raw.setdefault("tax", {})["invoice_monthly_count"] = 30
        app = validate(bundle.form, raw, base_dir=EXAMPLES, today=TODAY, used=used_fields)
    else:
        registered_name = "漳州市云帆网络科技有限公司"
        assert registered_name != example_app.values["company"]["name"]
    there = portal(item, portals, clean_portals, bundle, app).set_up(tmp_path, registered_name=registered_name)
    with pytest.raises(PortalRefused) as caught:
        there.file(tmp_path / "filing")
    assert REFUSALS[item] in caught.value.portal_message
    assert caught.value.screenshot is not None and caught.value.screenshot.is_file()
    assert there.admin.submissions() == []
    # the tax bureau refuses on 下一步, before anything is submitted; the others refuse the submit itself
    assert there.intents == ([] if item == "tax-registration" else ["intent"])
