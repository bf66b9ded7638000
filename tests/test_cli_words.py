"""The command line as a clerk meets it (issue 18, item 10): Typer's own words in Chinese, exit status 2 for any
wrong command line, nothing a person must copy cut short, and ``bot serve`` stopping at once on SIGTERM."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
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
from tests.web.conftest import free_port

runner = CliRunner()
EXAMPLE = str(EXAMPLES / "open-company.yaml")
USCC = "91350602MA2Y3K4L5X"
ENGLISH = re.compile(r"Usage|Options|Arguments|Commands|Missing|Error|Try '|No such|Invalid value|Show this")


@pytest.fixture
def stored_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bundle: Bundle, example_raw: dict[str, object]
) -> Iterator[tuple[Ledger, str]]:
    """A ledger the commands read (BOT_DATABASE_URL) holding one run, not driven."""
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    monkeypatch.setenv("BOT_DATABASE_URL", url)
    monkeypatch.setenv("BOT_VAR", str(tmp_path / "var"))
    ledger = Ledger(url)
    yield ledger, start_run(ledger, bundle, example_raw, base_dir=EXAMPLES, today=TODAY)
    ledger.close()


@pytest.mark.parametrize(
    "args",
    [
        ["run", EXAMPLE],  # Missing option '--bundle'
        ["run"],  # Missing argument
        ["status", "--nope"],  # No such option
        ["nope"],  # No such command
        ["run", EXAMPLE, "-b", "open-company", "--concurrency", "many"],  # a value pydantic refuses
        ["run", EXAMPLE, "-b", "open-company", "--concurrency", "99"],
        ["runs", "--limit"],  # an option without its value
        ["status", "a", "b"],  # an extra argument
    ],
)
def test_typers_own_words_are_chinese_and_a_wrong_command_line_exits_2(args: list[str]) -> None:
    result = runner.invoke(app, args, env={"COLUMNS": "200"})
    assert result.exit_code == 2, result.output
    said = result.stderr
    assert not ENGLISH.search(said), said
    assert "错误" in said and re.search(r"[\u4e00-\u9fff]{2}", said.split("错误", 1)[1]), said


def test_typers_own_words_in_chinese_say_what_was_wrong() -> None:
    missing = runner.invoke(app, ["run", EXAMPLE], env={"COLUMNS": "200"}, prog_name="bot").stderr
    assert "用法：bot run [选项]" in missing and "缺少选项 --bundle（-b）：一件事名称" in missing
    assert "查看用法：bot run --help" in missing
    assert "没有选项 --jsn；是否想写 --json？" in runner.invoke(app, ["status", "--jsn"]).stderr
    assert (
        "--concurrency（-c） 的值不对：不能大于 16"
        in runner.invoke(app, ["run", EXAMPLE, "-b", "open-company", "-c", "99"], env={"COLUMNS": "200"}).stderr
    )


@pytest.mark.parametrize("args", [["--help"], ["status", "--help"], ["users", "--help"], ["users", "add", "--help"]])
def test_help_is_chinese_to_its_headings(args: list[str]) -> None:
    result = runner.invoke(app, args, env={"COLUMNS": "200"}, prog_name="bot")
    assert result.exit_code == 0
    assert "用法：bot" in result.stdout and "选项" in result.stdout and "显示本帮助并退出。" in result.stdout
    assert not ENGLISH.search(result.stdout), result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["run", EXAMPLE, "--bundle", "no-such"], "没有名为“no-such”的一件事"),
        (["validate", EXAMPLE, "-b", "open-compnay"], "是否想写“open-company”"),
        (["form", "no-such"], "现有：open-company"),
        (["preview", EXAMPLE, "-b", "open-company", "-i", "psb"], "“psb”不是“企业开办“一件事””的事项"),
        (["status", "20991231-000000"], "没有运行 20991231-000000"),
        (["receipts", "20991231-000000"], "用 bot runs 查看最近的运行"),
        (["answer", "999", "x"], "问题 999 不存在"),
        (["answer", "999"], "请写出答案"),
        (["forget", "20991231-000000", "--yes"], "没有运行"),
        (["report", "20991231-000000"], "没有运行"),
        (["review", "20991231-000000"], "没有文件或运行“20991231-000000”"),
        (["run-item", "no-such-item", EXAMPLE], "没有哪件事包含事项“no-such-item”"),
        (["check", "--live", "no-such-item"], "没有事项“no-such-item”的映射"),
    ],
)
def test_a_command_line_naming_nothing_there_is_exits_2(
    stored_run: tuple[Ledger, str], args: list[str], message: str
) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr


def test_a_broken_project_file_still_exits_1(tmp_path: Path) -> None:
    mappings = tmp_path / "mappings"
    (mappings / "bundles").mkdir(parents=True)
    (mappings / "bundles" / "broken.yaml").write_text("items: [\n", encoding="utf-8")
    result = runner.invoke(app, ["form", "broken"], env={"BOT_MAPPINGS": str(mappings)})
    assert result.exit_code == 1, result.output
    assert "项目文件有误" in result.stderr


def _done_with_a_uscc(ledger: Ledger, run_id: str) -> None:
    registration = next(f for f in ledger.filings(run_id) if f.item == "samr-registration")
    outputs = {"receipt_no": "SAMR-20261204-000123", "uscc": USCC}
    assert ledger.move(registration.id, State.PENDING, State.DONE, "测试预置", outputs=outputs)


@pytest.mark.parametrize("columns", ["80", "60", "50"])
def test_run_ids_and_usccs_are_never_cut_at_the_terminal(stored_run: tuple[Ledger, str], columns: str) -> None:
    ledger, run_id = stored_run
    _done_with_a_uscc(ledger, run_id)
    runs = runner.invoke(app, ["runs"], env={"COLUMNS": columns})
    assert runs.exit_code == 0, runs.output
    assert run_id in runs.stdout and "…" not in runs.stdout, runs.stdout
    status = runner.invoke(app, ["status", run_id], env={"COLUMNS": columns})
    assert USCC in status.stdout and run_id in status.stdout and "…" not in status.stdout, status.stdout


def test_a_downloaded_licence_is_named_not_pathed_and_the_titles_stay_readable(stored_run: tuple[Ledger, str]) -> None:
    """A receipt that is a file (the licence PDF) shows its name, the folder once below the table: a full path
    in the never-cut column took the whole of an 80-column screen and squeezed 事项 and 状态 to nothing."""
    ledger, run_id = stored_run
    evidence = Path(ledger.run(run_id).evidence_dir) / "samr-registration"
    evidence.mkdir(parents=True)
    (evidence / "licence_pdf.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    registration = next(f for f in ledger.filings(run_id) if f.item == "samr-registration")
    outputs = {"receipt_no": "SAMR-20261204-000123", "uscc": USCC, "licence_pdf": str(evidence / "licence_pdf.pdf")}
    assert ledger.move(registration.id, State.PENDING, State.DONE, "测试预置", outputs=outputs)
    status = runner.invoke(app, ["status", run_id], env={"COLUMNS": "80"})
    shown = status.stdout
    assert "licence_pdf.pdf" in shown and str(evidence) not in shown.replace("\n", ""), shown
    assert f"下载的文件在 {ledger.run(run_id).evidence_dir}" in shown.replace("\n", ""), shown
    row = next(line for line in shown.splitlines() if "SAMR-20261204-000123" in line)
    assert "企业设立登记" in row and "已办结" in row, shown  # title and state beside the receipt, not squeezed out


def test_wide_prints_every_row_on_one_line(stored_run: tuple[Ledger, str]) -> None:
    ledger, run_id = stored_run
    _done_with_a_uscc(ledger, run_id)
    wide = runner.invoke(app, ["runs", "--wide"], env={"COLUMNS": "40"})
    row = next(line for line in wide.stdout.splitlines() if run_id in line)
    assert "漳州市云帆软件科技有限公司" in row and "open-company" in row, wide.stdout
    status = runner.invoke(app, ["status", run_id, "-w"], env={"COLUMNS": "40"})
    row = next(line for line in status.stdout.splitlines() if "企业设立登记（有限责任公司）" in line)
    assert "SAMR-20261204-000123" in row and USCC in status.stdout, status.stdout


# --- bot serve stops on SIGTERM ---------------------------------------------------------------------------------
def test_bot_serve_stops_on_sigterm_even_with_a_request_still_arriving(tmp_path: Path) -> None:
    """A phone stalled in the middle of an upload must not keep the server up: SIGTERM ends it (status 0) after
    the short grace uvicorn gives open requests. Without that grace uvicorn waits for the request forever."""
    port = free_port()
    bot = Path(sys.executable).parent / "bot"
    env = {
        **os.environ,
        "BOT_VAR": str(tmp_path / "var"),
        "BOT_DATABASE_URL": f"sqlite:///{tmp_path / 'ledger.db'}",
        "PYTHONUNBUFFERED": "1",
    }
    process = subprocess.Popen(
        [str(bot), "serve", "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env
    )
    lines: list[str] = []
    started = threading.Event()

    def read() -> None:  # drained all along: a full pipe would stall the server
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line)
            if "Uvicorn running" in line:
                started.set()
        started.set()

    threading.Thread(target=read, daemon=True).start()
    stalled = socket.create_connection(("127.0.0.1", port), timeout=60) if started.wait(120) else None
    try:
        assert stalled is not None and process.poll() is None, "".join(lines)
        stalled.sendall(
            b"POST /apply/open-company HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: yjb_csrf=t\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 4096\r\n"
            b"Expect: 100-continue\r\n\r\n"
        )
        # The server asks for the body (100 Continue) once the app reads it: the request is in flight.
        assert stalled.recv(64).startswith(b"HTTP/1.1 100"), "".join(lines)
        stalled.sendall(b"csrf_token=t&company.trade_name=")  # and the rest never comes
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=60) == 0, "".join(lines)
        assert "网页服务已停止" in "".join(lines)
    finally:
        if stalled is not None:
            stalled.close()
        if process.poll() is None:
            process.kill()
            process.wait()
