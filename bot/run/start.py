"""Starting a run: an application is validated, stored in the ledger, and given one filing per item.

Nothing reaches the ledger unvalidated: bad data fails here, before any browser starts.
The idempotency key of a filing is a hash of who applies (the bundle's ``identity``),
the item and the form's version, so it carries no personal data and a second run of the
same application finds, and takes over, the filings of the first.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from bot.form.application import Application, load_values, validate
from bot.form.reduction import reduce
from bot.mapping.bundle import Bundle
from bot.paths import var_dir
from bot.run.ledger import ApplicationRow, Ledger
from bot.run.states import State


def validated(bundle: Bundle, raw: Mapping[str, Any], base_dir: Path, today: dt.date | None = None) -> Application:
    """The application checked against the bundle's form (raises ApplicationInvalid with every problem)."""
    used = {f.spec.path for f in reduce(bundle).fields}
    return validate(bundle.form, raw, base_dir=base_dir, today=today, used=used)


def identity_of(bundle: Bundle, application: Application) -> str:
    """A hash of who applies, by the bundle's identity template (e.g. company name and legal rep)."""
    assert bundle.identity is not None  # the bundle loader requires it
    text = str(bundle.identity.evaluate(application.context()))
    return hashlib.sha256(f"{bundle.name}|{text}".encode()).hexdigest()


def filing_key(identity: str, item: str, form_version: str) -> str:
    return hashlib.sha256(f"{identity}|{item}|form v{form_version}".encode()).hexdigest()


def start_run(
    ledger: Ledger,
    bundle: Bundle,
    raw: Mapping[str, Any],
    *,
    base_dir: Path,
    today: dt.date | None = None,
    dry_run: bool = False,
    source: str = "",
    evidence_root: Path | None = None,
) -> str:
    """Validate, store, and create a run; returns the run's id. A dry run's filings have no key:
    they never stand for, nor block, a real filing."""
    application_id = store_application(ledger, bundle, raw, base_dir=base_dir, today=today, source=source)
    return start_stored_run(ledger, bundle, application_id, dry_run=dry_run, evidence_root=evidence_root)


def store_application(
    ledger: Ledger,
    bundle: Bundle,
    raw: Mapping[str, Any],
    *,
    base_dir: Path,
    today: dt.date | None = None,
    source: str = "",
) -> int:
    """Validate and store an application (raises ApplicationInvalid); returns its id in the ledger."""
    application = validated(bundle, raw, base_dir, today)
    return ledger.add_application(
        bundle=bundle.name,
        identity=identity_of(bundle, application),
        title=str(application.values.get("company", {}).get("name", "")),
        raw=_plain(raw),
        base_dir=base_dir.resolve(),
        today=application.today,
        source=source,
    )


def start_stored_run(
    ledger: Ledger, bundle: Bundle, application_id: int, *, dry_run: bool = False, evidence_root: Path | None = None
) -> str:
    """A run of an application already in the ledger (e.g. one an applicant confirmed on the web form)."""
    identity = ledger.application(application_id).identity
    keys = {item: None if dry_run else filing_key(identity, item, bundle.form.version) for item in bundle.items}
    return ledger.create_run(
        application_id=application_id,
        bundle=bundle.name,
        keys=keys,
        dry_run=dry_run,
        evidence_root=evidence_root or var_dir() / "evidence",
    )


def start_run_from_file(
    ledger: Ledger, bundle: Bundle, path: Path, *, dry_run: bool = False, evidence_root: Path | None = None
) -> str:
    raw = load_values(path)
    source = str(path.resolve())
    return start_run(
        ledger, bundle, raw, base_dir=path.parent, dry_run=dry_run, source=source, evidence_root=evidence_root
    )


def reopen(ledger: Ledger, run_id: str, by: str) -> list[str]:
    """A run's stopped filings back to work, as ``bot resume`` or the dashboard's button does: technical failures
    and filings waiting for a person are tried again (one past its submit intent is checked on the portal, never
    submitted again). ``by`` (bot resume, 工作台) says where it was asked, in the events. Returns the items reopened."""
    reopened = []
    for filing in ledger.filings(run_id):
        state = State(filing.state)
        if state == State.FAILED_TECHNICAL:
            moved = ledger.move(filing.id, state, State.PENDING, f"{by}：重新办理", attempts=0, next_at=None)
        elif state == State.NEEDS_PERSON:
            target = State.UNKNOWN if filing.intent_at else State.PENDING
            moved = ledger.move(filing.id, state, target, f"{by}：继续", attempts=0, next_at=None)
        else:
            continue
        if moved:
            reopened.append(filing.item)
    return reopened


def application_of(bundle: Bundle, row: ApplicationRow) -> Application:
    """The stored application, validated again with the day it was first validated on (same result)."""
    return validated(bundle, row.raw, Path(row.base_dir), row.today)


def _plain(value: Any) -> Any:
    """JSON-safe raw values (YAML gives dates)."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
