"""A run's documents for ``bot review RUN``: the application's record, and the licence PDFs the run brought back."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from bot import localtime
from bot.documents.review import Finding, Rule, load_rules, review
from bot.documents.scan import RECORD_SUFFIX, load_record, read_documents, record_files
from bot.evidence.report import REVIEW_DIR, REVIEW_JSON, write_report
from bot.form.application import Application, load_values
from bot.mapping.bundle import Bundle, load_bundle
from bot.paths import mappings_dir, var_dir
from bot.privacy.masking import mask
from bot.run.ledger import Ledger
from bot.run.start import application_of, validated


def run_documents(
    run_id: str, ledger: Ledger | None = None
) -> tuple[Bundle, Application, list[tuple[Path, str | None]]]:
    ledger = ledger or Ledger()
    run = ledger.run(run_id)
    bundle = load_bundle(mappings_dir(), run.bundle)
    row = ledger.application(run.application_id)
    application = application_of(bundle, row)
    return bundle, application, documents_of(Path(row.base_dir), row.raw, run_id)


def kept_documents(base: Path, raw: dict[str, Any]) -> list[tuple[Path, str | None]]:
    """The documents recorded for an application in its folder: a record naming an application file with these
    values, or a record naming none (a web draft's folder holds one application: ``web.documents.yaml``)."""
    files: list[tuple[Path, str | None]] = []
    for record_path in sorted(base.glob("*" + RECORD_SUFFIX)):
        record = yaml.safe_load(record_path.read_text(encoding="utf-8")) or {}
        if "application" not in record:
            files += record_files(record, base)
            continue
        app_file = base / str(record.get("application", ""))
        if app_file.exists() and _same(load_values(app_file), raw):
            files += record_files(record, base)
    return files


def documents_of(base: Path, raw: dict[str, Any], run_id: str) -> list[tuple[Path, str | None]]:
    """An application's recorded documents and the licence PDFs its run brought back."""
    files = kept_documents(base, raw)
    evidence = var_dir() / "evidence" / run_id
    files += [
        (pdf, None) for pdf in sorted(evidence.glob("*/*.pdf")) if "营业执照" in pdf.name or "licence" in pdf.name
    ]
    return files


def _same(a: object, b: object) -> bool:
    return bool(json.dumps(a, sort_keys=True, default=str) == json.dumps(b, sort_keys=True, default=str))


def write_review(folder: Path, findings: list[Finding]) -> Path:
    """The findings and their crops into the run's folder (review/), where the report shows them."""
    out = folder / REVIEW_DIR
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    for i, finding in enumerate(findings, 1):
        row: dict[str, Any] = mask(finding.as_dict())
        if finding.crop_png:
            name = f"crop-{i:02d}.png"
            (out / name).write_bytes(finding.crop_png)
            row["crop"] = name
        rows.append(row)
    path = folder / REVIEW_JSON
    body = {"generated": localtime.clock(localtime.utcnow()), "findings": rows}
    path.write_text(json.dumps(body, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def rules_of(bundle: str) -> list[Rule]:
    return load_rules(mappings_dir() / "reviews" / f"{bundle}.yaml")


def review_application(path: Path, bundle: Bundle, extra: list[tuple[Path, str | None]]) -> list[Finding]:
    """The findings on an application file and the documents of its record (and ``extra``)."""
    application = validated(bundle, load_values(path), path.parent)
    files = record_files(load_record(path) or {}, path.parent) + extra
    readings = read_documents(bundle.form, files, today=application.today)
    return review(rules_of(bundle.name), application, readings, today=application.today)


def review_kept(bundle: Bundle, application: Application, base: Path, raw: dict[str, Any], out: Path) -> list[Finding]:
    """The findings on an application stored in the ledger, before any run: the documents recorded in its folder
    ``base`` (the web form's uploads), kept in ``out`` (review/) for the clerk's page."""
    readings = read_documents(bundle.form, kept_documents(base, raw), today=application.today)
    findings = review(rules_of(bundle.name), application, readings, today=application.today)
    write_review(out, findings)
    return findings


def review_run(run_id: str, extra: list[tuple[Path, str | None]], ledger: Ledger | None = None) -> list[Finding]:
    """A run's findings (its application's record and the licence it brought back), kept in its folder for the
    report, which is written again."""
    ledger = ledger or Ledger()
    bundle, application, files = run_documents(run_id, ledger)
    readings = read_documents(bundle.form, files + extra, today=application.today)
    findings = review(rules_of(bundle.name), application, readings, today=localtime.today())
    write_review(Path(ledger.run(run_id).evidence_dir), findings)
    write_report(ledger, run_id, bundle, application)
    return findings
