"""bot drift against demo portals that change themselves (the admin API's drift switch, demo/core/drift.py):
nothing on an unchanged portal; each seeded change (relabel, new option, new required field, moved field)
reported with the mapping's line and the recipe's step."""

from __future__ import annotations

import secrets as pysecrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.commands.drift import drift_of
from bot.form.application import Application
from bot.inspect.drift import Finding
from bot.recipe.context import Question
from demo.launcher import PortalsProcess
from demo.testing import AdminClient
from tests.support import EXAMPLES, run_async

pytestmark = pytest.mark.browser
SAMR = "samr-registration"


def answerer(url: str, token: str) -> Any:
    async def answer(question: Question) -> str:
        for value in question.cookies.values():
            got = httpx.get(f"{url}/__admin/captcha", params={"session": value}, headers={"X-Admin-Token": token})
            if got.status_code == 200:
                return str(got.json()["answer"])
        return ""

    return answer


def drift(item: str, url: str, token: str, tmp_path: Path, environ: dict[str, str]) -> list[Finding]:
    findings, pages, _ = run_async(
        drift_of(
            item,
            application=EXAMPLES / "open-company.yaml",
            outputs={},
            base_url=url,
            environ=environ,
            hand_off=answerer(url, token),
            baseline=tmp_path / f"{item}.json",
            evidence_dir=tmp_path / "evidence",
        )
    )
    assert pages
    return findings


@pytest.fixture
def samr(
    portals: PortalsProcess, clean_portals: dict[str, AdminClient], example_app: Application
) -> Iterator[tuple[AdminClient, dict[str, str]]]:
    admin = clean_portals[SAMR]
    password = pysecrets.token_urlsafe(12)
    admin.create_account(example_app.values["liaison"]["mobile"], password)
    yield admin, {"BOT_SECRET_SAMR_PASSWORD": password}


def kinds(findings: list[Finding]) -> dict[tuple[str, str], Finding]:
    return {(f.kind, f.label): f for f in findings}


def test_samr_unchanged_then_each_seeded_change_reported(
    portals: PortalsProcess, samr: tuple[AdminClient, dict[str, str]], tmp_path: Path
) -> None:
    admin, environ = samr
    url, token = portals.urls[SAMR], portals.admin_token
    assert drift(SAMR, url, token, tmp_path, environ) == []  # and the baseline is saved
    email_row = '<label for="lerepEmail">电子邮箱</label>'
    moved_here = (
        '</fieldset><fieldset class="group"><legend>法定代表人</legend><div class="frow">'
        '<label for="lerepEmail">电子邮箱</label><div class="fctl"><input id="lerepEmail" name="lerepEmail"></div>'
        "</div></fieldset>"
    )
    new_required = (
        '<div class="frow"><label for="liaTel" class="req">联络员固定电话</label><div class="fctl">'
        '<input id="liaTel" name="liaTel" required></div></div></fieldset>'
    )
    admin.drift(
        {"path": "/apply/step/1", "find": ">字号</label>", "replace": ">企业字号</label>"},
        {
            "path": "/apply/step/4",
            "find": ">经理</option>",
            "replace": '>经理</option><option value="09">总经理</option>',
        },
        {"path": "/apply/step/4", "find": email_row, "replace": ""},
        {
            "path": "/apply/step/4",
            "find": 'id="lerepEmail" name="lerepEmail" type="text"',
            "replace": 'id="lerepEmail" name="lerepEmail" type="hidden"',
        },
        {"path": "/apply/step/5", "find": "</fieldset>", "replace": new_required},
        {"path": "/apply/step/5", "find": "</fieldset>", "replace": moved_here},
    )
    findings = drift(SAMR, url, token, tmp_path, environ)
    found = kinds(findings)
    relabel = found[("relabelled", "字号")]
    assert "企业字号" in relabel.detail
    assert "samr-registration.yaml:" in relabel.mapping and "samr-registration.yaml:" in relabel.recipe
    assert "总经理" in found[("options-added", "职务")].detail
    assert "必填" in found[("added", "联络员固定电话")].detail
    assert ("moved", "电子邮箱") in found
    assert not [f for f in found.values() if f.kind == "stopped"]
