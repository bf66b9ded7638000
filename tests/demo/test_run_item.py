"""bot run-item files one item end to end against the demo portals, as a clerk would run it."""

from __future__ import annotations

import json
import os
import re
import secrets as pysecrets
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import quote

import pytest

from demo.launcher import PortalsProcess
from demo.testing import AdminClient
from tests.support import EXAMPLES

pytestmark = pytest.mark.browser
ITEM = "tax-registration"
BOT = str(Path(sys.executable).parent / "bot")


def prepare(portals: PortalsProcess, tax: AdminClient, tmp_path: Path) -> tuple[dict[str, str], str]:
    company = tax.publish_company(
        "漳州市云帆软件科技有限公司", "福建省漳州市芗城区胜利西路 28 号 1203 室", "林志远", region="350602"
    )
    password = pysecrets.token_urlsafe(12)
    tax.create_account(company["uscc"], password, id_number="350602199001084020")
    env = {**os.environ, "BOT_PORTAL_URL_TAX_REGISTRATION": portals.urls[ITEM], "BOT_SECRET_TAX_PASSWORD": password}
    return env, company["uscc"]


def run_item(env: dict[str, str], uscc: str, tmp_path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            BOT,
            "run-item",
            ITEM,
            str(EXAMPLES / "open-company.yaml"),
            "--output",
            f"samr-registration.uscc={uscc}",
            "--evidence",
            str(tmp_path / "evidence"),
            *extra,
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=180,
    )


def test_run_item_files_and_prints_the_receipt(
    portals: PortalsProcess, clean_portals: dict[str, AdminClient], tmp_path: Path
) -> None:
    tax = clean_portals[ITEM]
    env, uscc = prepare(portals, tax, tmp_path)
    result = run_item(env, uscc, tmp_path, "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    [stored] = tax.submissions()
    assert data["submitted"] is True and data["outputs"] == {"document_no": stored["receipt_no"]}
    assert stored["payload"]["nsrmc"] == "漳州市云帆软件科技有限公司"
    assert any(path.endswith("receipt.jpg") for path in data["screenshots"])
    assert env["BOT_SECRET_TAX_PASSWORD"] not in result.stdout + result.stderr


def test_dry_run_fills_everything_and_submits_nothing(
    portals: PortalsProcess, clean_portals: dict[str, AdminClient], tmp_path: Path
) -> None:
    tax = clean_portals[ITEM]
    env, uscc = prepare(portals, tax, tmp_path)
    result = run_item(env, uscc, tmp_path, "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "试运行完成" in result.stdout
    assert tax.submissions() == []
    shots = sorted(p.name for p in (tmp_path / "evidence").glob("*.jpg"))
    assert shots[-1].endswith("dry-run-before-submit.jpg") and any("filled-" in s for s in shots)


def test_a_failed_step_exits_4_with_a_screenshot_and_a_trace_with_nothing_personal_in_it(
    portals: PortalsProcess, clean_portals: dict[str, AdminClient], tmp_path: Path
) -> None:
    env, uscc = prepare(portals, clean_portals[ITEM], tmp_path)
    clean_portals[ITEM].faults(fail_next={"/static/widgets.js": 1000})  # the wizard's combo boxes never open
    result = run_item(env, uscc, tmp_path, "--trace")
    assert result.returncode == 4
    assert "失败" in result.stderr and "截图：" in result.stderr
    assert clean_portals[ITEM].submissions() == []

    [trace] = (tmp_path / "evidence").glob("trace-*.zip")
    assert f"操作记录（trace）：{trace}" in result.stderr
    assert sorted(p.name for p in trace.parent.iterdir() if not p.name.endswith(".jpg")) == [trace.name]
    with zipfile.ZipFile(trace) as archive:
        entries = {name: archive.read(name).decode() for name in archive.namelist()}
    calls = [json.loads(line) for line in entries["trace.trace"].splitlines()]  # each line still an event
    filled = [c["params"]["selector"] for c in calls if c.get("method") == "fill"]
    login = ["统一社会信用代码", "办税人身份证号", "密码"]  # the calls are there, what they typed is not
    assert [label for label in login if any(label in selector for selector in filled)] == login
    assert any("Timeout" in c.get("error", {}).get("message", "") for c in calls if c["type"] == "after")
    example = (EXAMPLES / "open-company.yaml").read_text(encoding="utf-8")
    personal = set(re.findall(r"\b\d{17}[\dX]\b|\b1\d{10}\b", example)) | {"350602199001084020"}
    personal |= {"林志远", "黄丽娟", "胜利西路 28 号 1203 室", env["BOT_SECRET_TAX_PASSWORD"], uscc}
    everything = "\n".join(entries.values())
    assert len(personal) > 8 and not [value for value in personal if value in everything]
    assert not [value for value in personal if quote(value) in everything]  # nor URL-encoded


def test_a_refused_login_exits_5_at_once_with_the_portals_words(
    portals: PortalsProcess, clean_portals: dict[str, AdminClient], tmp_path: Path
) -> None:
    env, uscc = prepare(portals, clean_portals[ITEM], tmp_path)
    env["BOT_SECRET_TAX_PASSWORD"] = "wrong-password"
    result = run_item(env, uscc, tmp_path)
    assert result.returncode == 5
    assert "门户拒绝登录" in result.stderr and "密码错误" in result.stderr
    assert "wrong-password" not in result.stdout + result.stderr
