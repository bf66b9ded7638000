"""A run's report for the clerk and its receipt sheet for the applicant, written next to its evidence.

``report.html`` is the whole story of a run, read from the ledger alone: each filing's
state, receipts and outputs, error and screenshots, a timeline of when each filing ran
and waited, and for every site field which value went where. ``receipt.html`` and
``receipt.pdf`` are the one page the applicant takes home. Both are self-contained
(inline CSS and SVG; screenshots linked by relative path), both work for dry runs and
runs still under way, and neither shows an ID or mobile number unmasked: values are
masked as they are put in, and the finished text is scrubbed of the application's own
numbers (``bot.privacy.scrub``).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from bot.evidence.fieldvalues import ItemValues, item_values, run_outputs
from bot.evidence.nextsteps import next_steps
from bot.evidence.pdf import html_to_pdf
from bot.evidence.qr import qr_svg, receipt_payload
from bot.evidence.timeline import Chart, Lane, chart, spans
from bot.form.application import Application
from bot.localtime import clock, day, duration, utcnow
from bot.mapping.bundle import Bundle
from bot.privacy.masking import mask_text
from bot.privacy.scrub import personal_numbers, scrub
from bot.run.ledger import FilingRow, Ledger, RunRow
from bot.run.progress import FilingView, RunView, view
from bot.run.states import LABELS, SETTLED, State

TEMPLATES = Path(__file__).parent / "templates"
REVIEW_DIR = "review"  # 辅助审核: bot review RUN writes review.json and the crops here
REVIEW_JSON = f"{REVIEW_DIR}/review.json"
REPORT = "report.html"
RECEIPT_HTML = "receipt.html"
RECEIPT_PDF = "receipt.pdf"
COMMON_LABELS = {"receipt_no": "受理编号"}  # a receipt a recipe reads that its mapping does not declare


@dataclass(frozen=True)
class Link:
    text: str
    href: str  # relative to the document


@dataclass(frozen=True)
class Output:
    name: str
    label: str  # the mapping's Chinese label (受理编号, 统一社会信用代码 …)
    value: str
    file: Link | None  # a downloaded file (a licence PDF): linked, never printed as a path


@dataclass(frozen=True)
class FilingReport:
    item: str
    title: str
    portal: str
    state: State
    label: str
    attempts: int
    started_at: str
    seconds: str
    message: str
    error: str | None
    outputs: list[Output]
    screenshots: list[Link]
    traces: list[Link]  # bot.evidence.trace: a failed attempt's calls, nothing personal in them
    values: ItemValues | None  # None: the application could not be read again


@dataclass(frozen=True)
class ReceiptLine:
    """One item as the applicant's receipt sheet lists it."""

    title: str
    portal: str
    state: State
    label: str
    outputs: list[Output]


@dataclass(frozen=True)
class ReceiptSheet:
    html: Path
    pdf: Path | None  # None when asked not to print it


def write_report(
    ledger: Ledger, run_id: str, bundle: Bundle, application: Application | None, out_dir: Path | None = None
) -> Path:
    """Write ``report.html`` into ``out_dir`` (default: the run's evidence folder) and return its path."""
    run = ledger.run(run_id)
    folder = _folder(run, out_dir)
    current = view(ledger, run_id, bundle)
    filings = _filings(ledger, current, bundle, application, folder)
    context = {
        "run": run,
        "title": current.title,
        "bundle": bundle,
        "filings": filings,
        "summary": _summary(current),
        "chart": _chart(current),
        "started": clock(run.created_at),
        "finished": clock(run.finished_at) if run.finished_at and (current.settled or run.dry_run) else "尚未结束",
        "generated": clock(utcnow()),
        "review": kept_review(folder),
    }
    return _write(folder / REPORT, _render("report.html.j2", context), _personal(ledger, run, bundle, application))


def write_receipt_sheet(
    ledger: Ledger,
    run_id: str,
    bundle: Bundle,
    application: Application | None,
    out_dir: Path | None = None,
    *,
    pdf: bool = True,
) -> ReceiptSheet:
    """Write ``receipt.html`` and, through Chromium, ``receipt.pdf`` (one A4 page) for the applicant."""
    run = ledger.run(run_id)
    folder = _folder(run, out_dir)
    current = view(ledger, run_id, bundle)
    personal = _personal(ledger, run, bundle, application)
    items = [
        ReceiptLine(
            filing.title,
            bundle.mappings[filing.item].portal if filing.item in bundle.mappings else "",
            filing.state,
            filing.label,
            _outputs(filing, bundle, folder),
        )
        for filing in current.filings
    ]
    payload = receipt_payload(run_id, current.title, receipt_values(current), personal)
    context = {
        "run": run,
        "title": current.title,
        "bundle": bundle,
        "items": items,
        "uscc": next((o.value for i in items for o in i.outputs if o.name == "uscc" and not o.file), None),
        "date": day(run.created_at),
        "generated": clock(utcnow()),
        "qr": Markup(qr_svg(payload)),
        "what_happens_next": what_happens_next(current),
        "next_steps": next_steps(current, bundle, application),
    }
    html = _write(folder / RECEIPT_HTML, _render("receipt.html.j2", context), personal)
    return ReceiptSheet(html, html_to_pdf(html, folder / RECEIPT_PDF) if pdf else None)


def receipt_values(current: RunView) -> dict[str, dict[str, str]]:
    """What the QR code carries for each filing: its outputs that are numbers and codes, not files."""
    return {
        f.item: {name: value for name, value in f.outputs.items() if not _is_file(value)}
        for f in current.filings
        if f.outputs
    }


def what_happens_next(current: RunView) -> list[str]:
    """What happens next, for the applicant, by the states the filings are in."""
    states = {f.state for f in current.filings}
    if current.run.dry_run:
        return ["本次为试运行：各事项只填写到提交前，没有向任何部门提交申请，以下没有回执。"]
    steps = []
    if states <= {State.DONE}:
        steps.append("全部事项已办结。营业执照、印章等实物请按各部门的通知领取。")
    if State.AWAITING in states:
        steps.append("标为“待审核”的事项正在由部门审核，审核通过后窗口工作人员会把结果告知您。")
    if State.FAILED_BUSINESS in states:
        steps.append("标为“被门户退回”的事项需要修改申请内容，窗口工作人员会与您联系，修改后再次办理。")
    if states - {State.DONE, State.AWAITING, State.FAILED_BUSINESS}:
        steps.append("其余未办结的事项由窗口工作人员继续办理；已提交的事项不会重复提交。")
    steps.append("请妥善保管本回执：凭受理编号可在各部门网站查询办理进度。")
    return steps


# --- gathering -----------------------------------------------------------------------------------------
def kept_review(folder: Path) -> dict[str, Any] | None:
    """The findings ``bot review RUN`` kept beside the report (review/review.json), crops linked; None if never run."""
    path = folder / REVIEW_JSON
    if not path.exists():
        return None
    body: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    for finding in body.get("findings", []):
        crop = finding.get("crop")
        finding["crop"] = f"{REVIEW_DIR}/{crop}" if crop and (folder / REVIEW_DIR / crop).exists() else None
    return body


def _folder(run: RunRow, out_dir: Path | None) -> Path:
    folder = out_dir or Path(run.evidence_dir)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _filings(
    ledger: Ledger, current: RunView, bundle: Bundle, application: Application | None, folder: Path
) -> list[FilingReport]:
    rows = {f.id: f for f in ledger.filings(current.run.id)}
    outputs = run_outputs(bundle, {f.item: f.outputs for f in current.filings})
    result = []
    for filing in current.filings:
        mapping = bundle.mappings.get(filing.item)
        values = None
        if application is not None and mapping is not None:
            values = item_values(bundle, filing.item, application, outputs)
        result.append(
            FilingReport(
                item=filing.item,
                title=filing.title,
                portal=mapping.portal if mapping else "",
                state=filing.state,
                label=filing.label,
                attempts=filing.attempts,
                started_at=clock(filing.started_at),
                seconds=duration(filing.seconds) if filing.started_at else "—",
                message=mask_text(filing.message),
                error=mask_text(filing.error) if filing.error else None,
                outputs=_outputs(filing, bundle, folder),
                screenshots=_screenshots(rows[filing.id], folder),
                traces=_traces(rows[filing.id], folder),
                values=values,
            )
        )
    return result


def _outputs(filing: FilingView, bundle: Bundle, folder: Path) -> list[Output]:
    labels = bundle.mappings[filing.item].outputs if filing.item in bundle.mappings else {}
    names = [*labels, *(n for n in filing.outputs if n not in labels)]
    result = []
    for name in names:
        if name not in filing.outputs:
            continue
        value = str(filing.outputs[name])
        file = Link(Path(value).name, _href(Path(value), folder)) if _is_file(value) else None
        result.append(Output(name, labels.get(name) or COMMON_LABELS.get(name, name), value, file))
    return result


def _is_file(value: str) -> bool:
    """A downloaded output (the runner stores the absolute path of the file in the evidence folder)."""
    return os.path.isabs(value) and bool(Path(value).suffix)


_SCREENSHOTS = {".jpg", ".png"}  # the runner's JPEGs; PNGs in evidence kept before it took JPEGs


def _screenshots(row: FilingRow, folder: Path) -> list[Link]:
    evidence = Path(row.evidence_dir) if row.evidence_dir else None
    shots = sorted(p for p in evidence.glob("*") if p.suffix in _SCREENSHOTS) if evidence else []
    if row.screenshot and Path(row.screenshot) not in shots and Path(row.screenshot).exists():
        shots.append(Path(row.screenshot))
    return [Link(caption(p.stem), _href(p, folder)) for p in shots]


SHOT_CAPTIONS = {  # the runner's names for its pictures (bot/recipe), as a clerk reads them
    "failure": "出错时的页面",
    "refused": "门户退回",
    "denied": "登录被拒",
    "read-back": "回读不一致",
    "before-submit": "提交前",
    "receipt": "回执页",
    "reconcile-not-found": "核对：未找到",
    "reconcile-found": "核对：已找到",
    "approved": "审核通过",
    "dry-run-before-submit": "试运行·提交前",
}


def caption(stem: str) -> str:
    """``03-before-submit`` → ``3 提交前``; ``02-filled-企业信息`` → ``2 已填写：企业信息``."""
    number, _, what = stem.partition("-")
    if not number.isdigit():
        return SHOT_CAPTIONS.get(stem, stem)
    if what.startswith("filled-"):
        text = "已填写：" + what.removeprefix("filled-").replace("+", "、")
    else:
        text = SHOT_CAPTIONS.get(what, what)
    return f"{int(number)} {text}"


def _traces(row: FilingRow, folder: Path) -> list[Link]:
    traces = sorted(Path(row.evidence_dir).glob("trace-*.zip")) if row.evidence_dir else []
    return [Link(p.name, _href(p, folder)) for p in traces]


def _href(path: Path, folder: Path) -> str:
    return quote(Path(os.path.relpath(path, folder)).as_posix(), safe="/")


def _summary(current: RunView) -> list[dict[str, Any]]:
    return [
        {"state": state, "label": LABELS[state], "count": current.count(state)}
        for state in State
        if current.count(state)
    ]


def _chart(current: RunView) -> Chart:
    """Every filing on the run's time axis: from its start to its end (now, while it is under way)."""
    last = max((e.at for f in current.filings for e in f.events), default=current.run.created_at)
    finished = current.run.finished_at
    if finished is not None and finished >= last:
        end = finished  # the drive is over: what is still pending waits for a person (or is a dry run's)
    elif all(f.state in SETTLED for f in current.filings):
        end = last
    else:
        end = utcnow()  # under way, or its driver died: open phases last until now
    lanes = [Lane(f.item, f.title, f.state, f.label, spans(f.events, end)) for f in current.filings]
    return chart(lanes, current.run.created_at, end, lambda moment: clock(moment)[11:])


def _personal(ledger: Ledger, run: RunRow, bundle: Bundle, application: Application | None) -> set[str]:
    raw = ledger.application(run.application_id).raw
    return personal_numbers(bundle.form, raw, application.values if application else {})


# --- rendering -----------------------------------------------------------------------------------------
_environment = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


def _render(template: str, context: dict[str, Any]) -> str:
    return _environment.get_template(template).render(**context)


def _write(path: Path, text: str, personal: set[str]) -> Path:
    path.write_text(scrub(text, personal), encoding="utf-8")
    return path


__all__ = ["ReceiptSheet", "receipt_values", "what_happens_next", "write_receipt_sheet", "write_report"]
