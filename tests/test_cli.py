"""The commands a clerk or a script runs: output, JSON, masking and exit codes."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.mapping.bundle import Bundle
from bot.run.ledger import Ledger
from bot.run.start import start_run
from bot.run.states import State
from cli import app
from tests.support import EXAMPLES, TODAY

runner = CliRunner()
EXAMPLE = str(EXAMPLES / "open-company.yaml")
INVALID = str(EXAMPLES / "invalid" / "many-mistakes.yaml")


def test_form_json_has_the_reduction_keys() -> None:
    result = runner.invoke(app, ["form", "open-company", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    for key in (
        "bundle",
        "items",
        "site_fields",
        "form_fields",
        "asked_fields",
        "defaulted_fields",
        "derived_fields",
        "output_fields",
    ):
        assert key in data
    assert data["bundle"] == "open-company" and len(data["items"]) == 6
    assert data["asked_fields"] <= 0.3 * data["site_fields"]
    payday = next(f for f in data["fields"] if f["path"] == "housing_fund.payday")
    assert payday == {
        "path": "housing_fund.payday",
        "section": "住房公积金",
        "label": "发薪日",
        "kind": "asked",
        "items": ["hpf-deposit"],
    }


def test_form_prints_sections_and_the_reduction() -> None:
    result = runner.invoke(app, ["form", "open-company"])
    assert result.exit_code == 0
    assert "股东（发起人）" in result.stdout and "认缴出资额（万元）" in result.stdout
    assert "门户表单字段共 152 个" in result.stdout


def test_validate_accepts_the_example() -> None:
    result = runner.invoke(app, ["validate", EXAMPLE, "--bundle", "open-company"])
    assert result.exit_code == 0
    assert "申请校验通过" in result.stdout


def test_validate_lists_every_problem_and_exits_2() -> None:
    result = runner.invoke(app, ["validate", INVALID, "--bundle", "open-company"])
    assert result.exit_code == 2
    assert "申请有 14 处问题" in result.stderr
    assert "股东（发起人）第2行·证件号码：校验位不正确" in result.stderr
    assert "监事：“id_nubmer”不是本表的字段，是否想写“id_number”？" in result.stderr


def test_validate_json_for_scripts() -> None:
    result = runner.invoke(app, ["validate", INVALID, "--bundle", "open-company", "--json"])
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert data["valid"] is False and len(data["errors"]) == 14
    assert {
        "path": "shareholders[1].id_number",
        "label": "股东（发起人）第2行·证件号码",
        "message": "校验位不正确，请核对号码是否抄错",
    } in data["errors"]


def test_error_messages_mask_personal_numbers(tmp_path: Path) -> None:
    bad = tmp_path / "app.yaml"
    bad.write_text("company:\n  industry: '350602198503122010'\n  affiliation: '13859612345'\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", str(bad), "--bundle", "open-company"])
    assert result.exit_code == 2
    assert "企业信息·所属行业：“3506**********2010”不是可选项" in result.stderr
    assert "企业信息·隶属关系：“138****2345”不是可选项" in result.stderr
    assert "350602198503122010" not in result.stderr and "13859612345" not in result.stderr


def test_preview_masks_unless_revealed() -> None:
    masked = runner.invoke(app, ["preview", EXAMPLE, "--bundle", "open-company", "--item", "bank-account"])
    assert masked.exit_code == 0, masked.output
    assert "3506**********2010" in masked.stdout and "138****2345" in masked.stdout
    assert "350602198503122010" not in masked.stdout and "13859612345" not in masked.stdout
    revealed = runner.invoke(app, ["preview", EXAMPLE, "-b", "open-company", "-i", "bank-account", "--reveal"])
    assert "350602198503122010" in revealed.stdout


def test_preview_json_per_item() -> None:
    result = runner.invoke(app, ["preview", EXAMPLE, "-b", "open-company", "--json"])
    data = json.loads(result.stdout)
    assert list(data) == [
        "samr-registration",
        "psb-seal",
        "tax-registration",
        "hrss-insurance",
        "hpf-deposit",
        "bank-account",
    ]
    assert data["samr-registration"]["名称"]["企业名称"] == "漳州市云帆软件科技有限公司"
    assert data["hpf-deposit"]["法定代表人"]["证件号码"] == "3506**********2010"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["preview", EXAMPLE, "-b", "open-company", "-i", "psb"], 2, "“psb”不是“企业开办“一件事””的事项"),
        (["form", "open-compnay"], 2, "是否想写“open-company”"),
        (["validate", "/nonexistent.yaml", "-b", "open-company"], 1, "无法读取申请文件"),
        (["preview", INVALID, "-b", "open-company"], 2, "无法预览"),
    ],
)
def test_errors_say_what_to_do_with_meaningful_exit_codes(args: list[str], code: int, message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == code
    assert message in result.stderr


def test_a_broken_mapping_is_reported_with_file_and_line(tmp_path: Path) -> None:
    mappings = tmp_path / "mappings"
    shutil.copytree(EXAMPLES.parent / "mappings", mappings)
    path = mappings / "hpf-deposit.yaml"
    text = path.read_text(encoding="utf-8")
    line = text[: text.index("app.housing_fund.payday")].count("\n") + 1
    path.write_text(text.replace("app.housing_fund.payday", "app.housing_fund.pay_day"), encoding="utf-8")
    result = runner.invoke(app, ["form", "open-company"], env={"BOT_MAPPINGS": str(mappings)})
    assert result.exit_code == 1
    assert "项目文件有误" in result.stderr
    assert f"hpf-deposit.yaml:{line}:" in result.stderr and "是否想写“payday”" in result.stderr


def test_every_command_has_help_in_chinese() -> None:
    for command in ("form", "validate", "preview"):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0
    assert "校验申请" in runner.invoke(app, ["--help"]).stdout


def test_the_console_script_runs() -> None:
    bot = Path(sys.executable).parent / "bot"
    result = subprocess.run(
        [str(bot), "form", "open-company", "--json"], capture_output=True, text=True, env={**os.environ}, check=False
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["site_fields"] == 152


def test_portals_command_starts_the_six_portals_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    import signal

    import httpx

    bot = Path(sys.executable).parent / "bot"
    env = {**os.environ, "DEMO_ADMIN_TOKEN": "token-from-the-environment"}
    process = subprocess.Popen(
        [str(bot), "portals", "--base-port", "0", "--data-dir", str(tmp_path)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert process.stdout is not None
        lines = []
        for line in process.stdout:
            lines.append(line)
            if "按 Ctrl-C 停止" in line:
                break
        urls = [word for line in lines for word in line.split() if word.startswith("http://")]
        assert len(urls) == 6
        assert all(httpx.get(f"{url}/__health", timeout=5).status_code == 200 for url in urls)
        assert "token-from-the-environment" not in "".join(lines)  # a token from the environment is not shown
    finally:
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=20) == 0


@pytest.fixture
def stored_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bundle: Bundle, example_raw: dict[str, object]
) -> Iterator[tuple[Ledger, str]]:
    """A ledger the commands read (BOT_DATABASE_URL) holding one run stored but not driven, as a queued run."""
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    monkeypatch.setenv("BOT_DATABASE_URL", url)
    ledger = Ledger(url)
    yield ledger, start_run(ledger, bundle, example_raw, base_dir=EXAMPLES, today=TODAY)
    ledger.close()


def test_runs_lists_each_run_started_in_beijing_time(stored_run: tuple[Ledger, str]) -> None:
    ledger, run_id = stored_run
    started = ledger.run(run_id).created_at  # naive UTC
    table = runner.invoke(app, ["runs"], env={"COLUMNS": "200"})
    assert table.exit_code == 0, table.output
    assert run_id in table.stdout and "北京时间" in table.stdout
    assert f"{started + dt.timedelta(hours=8):%Y-%m-%d %H:%M}" in table.stdout


def test_status_exit_codes_say_whether_a_run_is_still_being_filed_or_waits_for_a_person(
    stored_run: tuple[Ledger, str],
) -> None:
    ledger, run_id = stored_run
    codes = [runner.invoke(app, ["status", run_id, "--json"]).exit_code]
    filings = ledger.filings(run_id)
    assert ledger.move(filings[0].id, State.PENDING, State.RUNNING, "开始")
    codes.append(runner.invoke(app, ["status", run_id, "--json"]).exit_code)
    assert ledger.move(filings[0].id, State.RUNNING, State.NEEDS_PERSON, "验证码无人回答")
    codes.append(runner.invoke(app, ["status", run_id, "--json"]).exit_code)
    assert codes == [6, 6, 5]
