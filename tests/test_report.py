"""The run report and the receipt sheet, built from a ledger moved by hand (no browser but for the PDF).

The run imitates a real one: registration approved with its USCC and licence, the seal
filed, tax refused after a retry (its portal message echoing an ID and a mobile number),
insurance awaiting approval, the housing fund being filled, the bank still waiting.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from bot.evidence.qr import receipt_payload
from bot.evidence.report import caption, receipt_values, what_happens_next, write_receipt_sheet, write_report
from bot.evidence.timeline import Phase, spans
from bot.form.application import Application
from bot.localtime import day, duration
from bot.mapping.bundle import Bundle
from bot.mapping.item import SiteTable
from bot.run.ledger import EventRow, Ledger
from bot.run.progress import view
from bot.run.start import start_run
from bot.run.states import LABELS, State
from cli import app
from tests.support import EXAMPLES, TODAY

USCC = "91350602MA2YQ7XK0R"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
REFUSAL = "证件号码 350602198503122010 与登记信息不符，请联系 13859612345 核实"


@pytest.fixture
def ledger(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Ledger]:
    monkeypatch.setenv("BOT_VAR", str(tmp_path / "var"))  # evidence folders under the test's own tmp
    ledger = Ledger(f"sqlite:///{tmp_path}/l.db")
    yield ledger
    ledger.close()


def personal_numbers_of(application: Application) -> set[str]:
    """Every ID and mobile number of the application, found independently of bot.privacy.scrub."""
    numbers = set()
    for spec in application.form.fields():
        if spec.type in ("id_number", "mobile"):
            section = application.values.get(spec.section)
            rows = section if isinstance(section, list) else [section]
            numbers |= {str(row[spec.id]) for row in rows if isinstance(row, dict) and row.get(spec.id)}
    return numbers


def walk(ledger: Ledger, filing_id: int, *states: State, **fields: Any) -> None:
    """Move a filing through ``states`` from where it is; ``fields`` go with the last move."""
    current = State(ledger.filing(filing_id).state)
    for index, target in enumerate(states):
        extra = fields if index == len(states) - 1 else {}
        assert ledger.move(filing_id, current, target, f"到{LABELS[target]}", **extra)
        current = target


def realistic_run(ledger: Ledger, bundle: Bundle, raw: dict[str, object]) -> str:
    run_id = start_run(ledger, bundle, raw, base_dir=EXAMPLES, today=TODAY)
    filings = {f.item: f for f in ledger.filings(run_id)}
    samr = filings["samr-registration"]
    folder = Path(samr.evidence_dir)
    folder.mkdir(parents=True)
    for name in ("01-filled-名称", "02-receipt"):
        (folder / f"{name}.png").write_bytes(PNG)
    licence = folder / "licence.pdf"
    licence.write_bytes(b"%PDF-1.4\n")
    walk(ledger, samr.id, State.RUNNING, attempts=1)
    walk(ledger, samr.id, State.SUBMIT_INTENT, State.SUBMITTED, receipt={"receipt_no": "SL20261120001"})
    walk(ledger, samr.id, State.AWAITING)
    outputs = {"receipt_no": "SL20261120001", "uscc": USCC, "licence_pdf": str(licence)}
    walk(ledger, samr.id, State.DONE, outputs=outputs)
    walk(ledger, filings["psb-seal"].id, State.RUNNING, State.SUBMIT_INTENT, State.SUBMITTED, State.DONE)
    ledger.note(filings["psb-seal"].id, "已办结", outputs={"filing_no": "GA-3506-0042"})
    tax = filings["tax-registration"].id
    walk(ledger, tax, State.RUNNING, State.PENDING, error="连接超时")
    walk(ledger, tax, State.RUNNING, attempts=2)
    walk(ledger, tax, State.FAILED_BUSINESS, error=REFUSAL, screenshot=str(folder.parent / "tax" / "03-refused.png"))
    Path(filings["tax-registration"].evidence_dir).mkdir(parents=True)
    (Path(filings["tax-registration"].evidence_dir) / "trace-1.zip").write_bytes(b"PK\x05\x06" + bytes(18))
    hrss = filings["hrss-insurance"].id
    walk(ledger, hrss, State.RUNNING, State.SUBMIT_INTENT, State.SUBMITTED, receipt={"receipt_no": "SB-778"})
    walk(ledger, hrss, State.AWAITING, outputs={"receipt_no": "SB-778"})
    walk(ledger, filings["hpf-deposit"].id, State.RUNNING, attempts=1)
    return run_id


@pytest.fixture
def run_id(ledger: Ledger, bundle: Bundle, example_raw: dict[str, object]) -> str:
    return realistic_run(ledger, bundle, example_raw)


def test_the_report_shows_every_filing_its_state_and_receipts(
    ledger: Ledger, bundle: Bundle, example_app: Application, run_id: str
) -> None:
    path = write_report(ledger, run_id, bundle, example_app)
    assert path == Path(ledger.run(run_id).evidence_dir) / "report.html"
    html = path.read_text(encoding="utf-8")
    assert "漳州市云帆软件科技有限公司" in html and "企业开办“一件事”" in html and run_id in html
    for item, mapping in bundle.mappings.items():
        assert f'id="item-{item}"' in html and mapping.title in html and mapping.portal in html
    for state in (State.DONE, State.FAILED_BUSINESS, State.AWAITING, State.RUNNING, State.PENDING):
        assert LABELS[state] in html
    assert USCC in html and "SL20261120001" in html and "GA-3506-0042" in html and "SB-778" in html
    assert "统一社会信用代码" in html and "备案编号" in html  # the mappings' output labels
    assert 'href="samr-registration/licence.pdf"' in html  # a file output is a link, not a path
    assert 'src="samr-registration/02-receipt.png"' in html  # screenshots by relative path
    assert 'href="tax-registration/trace-1.zip"' in html  # a failed attempt's trace
    assert "3506**********2010 与登记信息不符" in html  # the refusal, masked


def test_the_timeline_has_one_row_per_filing_with_its_phases(
    ledger: Ledger, bundle: Bundle, example_app: Application, run_id: str
) -> None:
    html = write_report(ledger, run_id, bundle, example_app).read_text(encoding="utf-8")
    [svg] = re.findall(r'<svg class="timeline".*?</svg>', html, flags=re.S)
    rows = dict(re.findall(r'<g class="row" data-item="([^"]+)"(.*?)</g>', svg, flags=re.S))
    assert list(rows) == bundle.items
    phases = {item: re.findall(r'data-phase="(\w+)"', body) for item, body in rows.items()}
    assert phases["samr-registration"] == ["waiting", "running", "awaiting"]
    assert phases["tax-registration"] == ["waiting", "running", "backoff", "running"]
    assert phases["hrss-insurance"][-1] == "awaiting"
    assert phases["hpf-deposit"][-1] == "running"
    assert phases["bank-account"] == ["waiting"]
    assert "等待前序事项" in svg and "故障后等待重试" in svg and "等待门户审核" in svg


def test_the_report_says_which_value_went_where(
    ledger: Ledger, bundle: Bundle, example_app: Application, run_id: str
) -> None:
    html = write_report(ledger, run_id, bundle, example_app).read_text(encoding="utf-8")
    samr = html.split('id="item-samr-registration"')[1].split('id="item-psb-seal"')[0]
    rows = re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td></tr>", samr)
    table = {label: (value, source) for label, value, source in rows}
    assert table["名称 / 企业名称"] == ("漳州市云帆软件科技有限公司", "企业信息·企业名称")
    assert table["股东（发起人）第1行 / 证件号码"][0] == "3506**********2010"
    assert table["股东（发起人）第2行 / 证件号码"][0] == "3506**********152X"
    expected = sum(
        len(node.columns) * len(example_app.values[node.section]) if isinstance(node, SiteTable) else 1
        for node in bundle.mappings["samr-registration"].nodes
    )
    assert len(rows) == expected  # every site field, a table's columns once per row
    tax = html.split('id="item-tax-registration"')[1]
    assert f"<td>{USCC}</td><td>企业设立登记（有限责任公司）·统一社会信用代码</td>" in tax  # an output read


def test_no_unmasked_id_or_mobile_number_in_the_report_or_the_receipt_sheet(
    ledger: Ledger, bundle: Bundle, example_app: Application, run_id: str
) -> None:
    numbers = personal_numbers_of(example_app)
    assert len(numbers) >= 8  # the example's people: shareholders, legal rep, liaison, finance…
    report = write_report(ledger, run_id, bundle, example_app)
    sheet = write_receipt_sheet(ledger, run_id, bundle, example_app, pdf=False)
    for path in (report, sheet.html):
        text = path.read_text(encoding="utf-8")
        leaked = [n for n in numbers if n in text or n.lower() in text]
        assert not leaked, f"{path.name} shows {len(leaked)} personal number(s) unmasked"


def test_the_receipt_sheet_lists_items_receipts_the_uscc_and_a_qr_code(
    ledger: Ledger, bundle: Bundle, example_app: Application, run_id: str
) -> None:
    sheet = write_receipt_sheet(ledger, run_id, bundle, example_app, pdf=False)
    assert sheet.html.name == "receipt.html" and sheet.pdf is None
    html = sheet.html.read_text(encoding="utf-8")
    assert "企业开办“一件事”办理回执" in html and "漳州市云帆软件科技有限公司" in html
    assert USCC in html and "SL20261120001" in html and "GA-3506-0042" in html
    assert f"<td>{day(ledger.run(run_id).created_at)}</td>" in html  # 2026年11月20日, Beijing time
    assert html.count('<td class="no">') == 6 and '<svg viewBox="0 0' in html
    assert "营业执照（电子）：已取得电子文件" in html and "licence.pdf" not in html
    assert "被门户退回" in html and any("修改申请" in step for step in what_happens_next(view(ledger, run_id, bundle)))


def test_a_run_id_is_dated_in_beijing_time_as_its_pages_are(
    ledger: Ledger, bundle: Bundle, example_raw: dict[str, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Started at 01:30 on 2 January, Beijing time (17:30 UTC the day before): the run id says 2 January, as
    the receipt sheet and the pages date the run, whatever the machine's own zone."""
    monkeypatch.setattr("bot.run.ledger.utcnow", lambda: dt.datetime(2026, 1, 1, 17, 30))
    run_id = start_run(ledger, bundle, example_raw, base_dir=EXAMPLES, today=TODAY)
    assert run_id.startswith("20260102-"), run_id


def test_the_qr_payload_carries_receipts_but_no_personal_data(
    ledger: Ledger, bundle: Bundle, example_app: Application, run_id: str
) -> None:
    current = view(ledger, run_id, bundle)
    numbers = personal_numbers_of(example_app)
    payload = receipt_payload(run_id, current.title, receipt_values(current), numbers)
    data = json.loads(payload)
    assert data["run"] == run_id and data["uscc"] == USCC
    assert data["receipts"]["samr-registration"] == {"receipt_no": "SL20261120001", "uscc": USCC}
    assert not [n for n in numbers if n in payload]
    # A portal that echoes a person's numbers in an output: still masked, even unlisted.
    echoed = receipt_payload(run_id, "公司", {"x": {"a": "联系人 13906961234", "b": "350602199001084020"}})
    assert "13906961234" not in echoed and "350602199001084020" not in echoed and "139****1234" in echoed


def test_reports_are_written_for_a_dry_run_and_a_run_not_started(
    ledger: Ledger, bundle: Bundle, example_app: Application, example_raw: dict[str, object]
) -> None:
    dry = start_run(ledger, bundle, example_raw, base_dir=EXAMPLES, today=TODAY, dry_run=True)
    samr = next(f for f in ledger.filings(dry) if f.item == "samr-registration")
    walk(ledger, samr.id, State.RUNNING, State.DONE)
    ledger.finish_run(dry)
    html = write_report(ledger, dry, bundle, example_app).read_text(encoding="utf-8")
    assert "试运行" in html and "〈待取得：企业设立登记（有限责任公司）·统一社会信用代码〉" in html
    sheet = write_receipt_sheet(ledger, dry, bundle, example_app, pdf=False).html.read_text(encoding="utf-8")
    assert "试运行" in sheet and "尚未取得" in sheet
    fresh = start_run(ledger, bundle, example_raw, base_dir=EXAMPLES, today=TODAY)
    html = write_report(ledger, fresh, bundle, None).read_text(encoding="utf-8")
    assert html.count('data-phase="waiting"') == 6 and "无法重新计算填报内容" in html


def test_phases_come_from_the_moves() -> None:
    start = dt.datetime(2026, 11, 20, 2, 0, 0)
    moves = [("", "pending"), ("pending", "running"), ("running", "pending"), ("pending", "pending")]
    moves += [("pending", "running"), ("running", "submit_intent"), ("submit_intent", "submitted")]
    moves += [("submitted", "awaiting"), ("awaiting", "done")]
    events = [
        EventRow(id=i, filing_id=1, at=start + dt.timedelta(seconds=10 * i), source=s, target=t)
        for i, (s, t) in enumerate(moves)
    ]
    found = spans(events, until=start + dt.timedelta(hours=1))
    assert [s.phase for s in found] == [Phase.WAITING, Phase.RUNNING, Phase.BACKOFF, Phase.RUNNING, Phase.AWAITING]
    assert [s.seconds for s in found] == [10, 10, 20, 30, 10]  # the note (pending → pending) ends nothing
    assert [duration(s) for s in (0.4, 45, 200, 7260, -3)] == ["0 秒", "45 秒", "3 分 20 秒", "2 小时 1 分", "0 秒"]


def test_bot_report_prints_the_paths(
    ledger: Ledger, run_id: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BOT_DATABASE_URL", ledger.url)
    result = CliRunner().invoke(app, ["report", run_id, "--no-pdf", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert Path(data["report"]).is_file() and Path(data["receipt_html"]).is_file() and data["receipt_pdf"] is None
    result = CliRunner().invoke(app, ["report", "--no-pdf"])  # the latest run
    assert result.exit_code == 0 and f"办理报告：{data['report']}" in result.stdout.replace("\n", "")


@pytest.mark.browser
def test_the_receipt_sheet_prints_to_one_a4_page(
    ledger: Ledger, bundle: Bundle, example_app: Application, run_id: str
) -> None:
    sheet = write_receipt_sheet(ledger, run_id, bundle, example_app)
    assert sheet.pdf is not None
    data = sheet.pdf.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page(?!s)", data)) == 1
    [box] = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)[:1]
    assert abs(float(box[0]) - 595) < 2 and abs(float(box[1]) - 842) < 2  # A4 in points


def test_screenshot_captions_are_chinese() -> None:
    """The report names each picture as a clerk reads it, never by the runner's English file names (issue 18)."""
    assert caption("03-before-submit") == "3 提交前"
    assert caption("01-failure") == "1 出错时的页面"
    assert caption("02-filled-企业信息+股东") == "2 已填写：企业信息、股东"
    assert caption("05-reconcile-found") == "5 核对：已找到"
