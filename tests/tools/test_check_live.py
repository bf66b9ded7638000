"""bot check --live: the recipe walked on the live portal (a dry run) and every mapped field found there, in its
group, with a widget that can take its value. On samr (captcha login, a five-page wizard): nothing on the portal
as it is; a relabelled field named with its near match and the mapping's line; an explicit step whose locator
finds nothing stops the walk with its file:line. On the Element UI bed, the command itself: --json, exit codes."""

from __future__ import annotations

import json
import secrets as pysecrets
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.form.application import Application
from bot.inspect.live import LiveCheck, check_live
from demo.launcher import PortalsProcess
from demo.testing import AdminClient
from tests.support import EXAMPLES, run_async
from tests.tools.test_drift import SAMR, answerer

pytestmark = pytest.mark.browser


def test_samr_checked_live_then_a_relabelled_field_and_a_lost_button(
    portals: PortalsProcess, clean_portals: dict[str, AdminClient], example_app: Application, tmp_path: Path
) -> None:
    admin = clean_portals[SAMR]
    password = pysecrets.token_urlsafe(12)
    admin.create_account(example_app.values["liaison"]["mobile"], password)
    url, token = portals.urls[SAMR], portals.admin_token

    def live() -> LiveCheck:
        return run_async(
            check_live(
                SAMR,
                application=EXAMPLES / "open-company.yaml",
                outputs={},
                evidence_dir=tmp_path / "evidence",
                base_url=url,
                environ={"BOT_SECRET_SAMR_PASSWORD": password},
                hand_off=answerer(url, token),
            )
        )

    clean = live()
    assert clean.ok, [p.render() for p in clean.problems] + [clean.stopped]
    assert clean.pages >= 4 and clean.checked >= 30
    admin.drift(
        {"path": "/apply/step/1", "find": ">字号</label>", "replace": ">企业字号</label>"},
        {"path": "/apply/step/4", "find": ">下一步<", "replace": ">暂存<"},
    )
    broken = live()
    assert not broken.ok
    (relabelled,) = [p for p in broken.problems if p.label.endswith("字号")]
    assert "企业字号" in relabelled.detail and "samr-registration.yaml:" in relabelled.mapping
    assert "samr-registration.yaml:" in relabelled.recipe
    assert "samr-registration.yaml:" in broken.stopped and "下一步" in broken.stopped


def test_cli_check_live_on_the_elui_bed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cli import app
    from demo.kits.elui.app import DEMO_ACCOUNT

    with PortalsProcess(tmp_path / "bed", admin_token="t", specs="demo.kits.elui.app:SPECS") as bed:
        monkeypatch.setenv("BOT_PORTAL_URL_BED_ELUI", bed.urls["bed-elui"])
        monkeypatch.setenv("BOT_SECRET_ELUI_PASSWORD", DEMO_ACCOUNT[1])
        monkeypatch.setenv("BOT_VAR", str(tmp_path / "var"))
        result = CliRunner().invoke(app, ["check", "--live", "bed-elui", "--json"])
        assert result.exit_code == 0, result.output
        report = json.loads(result.stdout)
        assert report["ok"] and report["live"]["ok"] and report["live"]["checked"] >= 20
        monkeypatch.setenv("BOT_SECRET_ELUI_PASSWORD", "wrong")  # the login step fails: reported, exit 1
        result = CliRunner().invoke(app, ["check", "--live", "bed-elui"])
    assert result.exit_code == 1, result.output
    assert "试填在提交前中断" in result.stdout and "账号或密码错误" in result.stdout
