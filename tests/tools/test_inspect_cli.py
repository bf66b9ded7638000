"""The command itself on the layui bed: ``bot inspect URL --login SNIPPET --var … --json --scaffold ITEM`` logs in
through the recipe snippet, lists the form, takes the numbered picture and writes a mapping and recipe that
``bot check`` loads, with every unmatched field a TODO warning and no error."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.lint import check_project
from demo.kits.layui.app import DEMO_ACCOUNT
from demo.launcher import PortalsProcess
from tests.support import MAPPINGS

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def bed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with PortalsProcess(tmp_path_factory.mktemp("bed"), admin_token="t", specs="demo.kits.layui.app:SPECS") as p:
        yield p.urls["bed-layui"]


def test_inspect_logs_in_lists_and_scaffolds(bed: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cli import app

    mappings, recipes = tmp_path / "mappings", tmp_path / "recipes"
    shutil.copytree(MAPPINGS, mappings)
    shutil.copytree(MAPPINGS.parent / "recipes", recipes)
    monkeypatch.setenv("BOT_MAPPINGS", str(mappings))
    monkeypatch.setenv("BOT_RECIPES", str(recipes))
    argv = [
        "inspect",
        f"{bed}/apply",
        "--login",
        "bed-layui-login",
        "--var",
        f"username={DEMO_ACCOUNT[0]}",
        "--var",
        f"password={DEMO_ACCOUNT[1]}",
        "--shots",
        str(tmp_path / "shots"),
        "--json",
        "--scaffold",
        "city-permit",
    ]
    result = CliRunner().invoke(app, argv)
    assert result.exit_code == 0, result.output
    listed = json.loads(result.stdout)
    assert listed["kits"] == ["layui"] and len(listed["fields"]) >= 30
    first = listed["fields"][0]
    assert (
        first["label"] == "企业名称"
        and first["found"]
        and first["locator"] == "fill_form 企业基本信息 → {label: 企业名称}"
    )
    assert Path(listed["screenshot"]).is_file()
    recipe = (recipes / "city-permit.yaml").read_text(encoding="utf-8")
    assert "include: {snippet: bed-layui-login, vars: {username: " in recipe
    assert "secrets.CITY_PERMIT_PASSWORD" in recipe and "fill_form: 企业基本信息" in recipe
    report = check_project(mappings, recipes)
    assert report.ok, [p.render() for p in report.problems]
    todo = [w for w in report.warnings if "city-permit.yaml" in str(w.location)]
    assert todo and all("TODO" in w.message for w in todo)
    again = CliRunner().invoke(app, argv)
    assert again.exit_code == 1 and "已存在" in again.output
