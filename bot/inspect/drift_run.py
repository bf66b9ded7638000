"""One item's drift: its recipe walked on the live portal (a dry run), compared with its mapping and baseline."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from bot.paths import var_dir


async def drift_of(
    item: str,
    *,
    application: Path | None,
    outputs: Mapping[str, Mapping[str, str]],
    base_url: str | None = None,
    environ: Mapping[str, str] | None = None,
    hand_off: Any = None,
    baseline: Path | None = None,
    save: bool = False,
    evidence_dir: Path | None = None,
) -> tuple[list[Any], int, bool]:
    """(findings, pages walked, baseline saved now) for one item."""
    from bot.inspect import drift
    from bot.inspect.walk import item_mapping, walk_item

    folder = evidence_dir or var_dir() / "drift" / item
    baseline = baseline or var_dir() / "drift" / f"{item}.json"
    _, walked = await walk_item(
        item,
        application_path=application,
        outputs=outputs,
        evidence_dir=folder,
        hand_off=hand_off,
        base_url=base_url,
        environ=environ,
    )
    pages = walked.pages
    before = drift.load(baseline)
    findings = drift.dedupe(drift.compare(item_mapping(item), pages, before))
    if walked.stopped:
        last = pages[-1].page if pages else ""
        findings.append(drift.Finding("stopped", "", last, f"试填在此后停止：{walked.stopped}"))
    saved = save or (before is None and not walked.stopped)
    if saved:
        drift.save(baseline, pages)
    return findings, len(pages), saved
