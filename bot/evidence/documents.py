"""A run's documents written together: the clerk's report, the applicant's receipt sheet, and its PDF.

``bot report``, ``bot run``, ``bot demo`` and the clerk's dashboard all write them through
:func:`write_documents`, from the ledger alone. The PDF is printed by Chromium; when that fails
the HTML files are still written and the reason comes back beside them, masked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from loguru import logger
from playwright.async_api import Error as PlaywrightError

from bot.errors import ApplicationInvalid, BrowserNotFound, first_line
from bot.evidence.pdf import html_to_pdf
from bot.evidence.report import RECEIPT_PDF, write_receipt_sheet, write_report
from bot.form.application import Application
from bot.mapping.bundle import Bundle, load_bundle
from bot.paths import mappings_dir
from bot.privacy.masking import mask_text
from bot.run.ledger import Ledger
from bot.run.start import application_of


@dataclass(frozen=True)
class Documents:
    report: Path
    receipt_html: Path
    receipt_pdf: Path | None


def write_documents(
    ledger: Ledger, run_id: str, *, pdf: bool = True, warn: Callable[[str], None] = logger.warning
) -> tuple[Documents, str | None]:
    """The run's report and receipt sheet (and its PDF); a PDF that fails gives its reason, the HTML stays.

    ``warn`` is told when the run's application no longer validates (its values are then left out).
    """
    run = ledger.run(run_id)
    bundle = load_bundle(mappings_dir(), run.bundle)
    application = _application(ledger, bundle, run.application_id, warn)
    report_path = write_report(ledger, run_id, bundle, application)
    sheet = write_receipt_sheet(ledger, run_id, bundle, application, pdf=False)
    pdf_path, problem = _print_pdf(sheet.html) if pdf else (None, None)
    return Documents(report_path, sheet.html, pdf_path), problem


def _application(
    ledger: Ledger, bundle: Bundle, application_id: int, warn: Callable[[str], None]
) -> Application | None:
    """The run's application, validated again; None (and a warning) when it no longer validates."""
    try:
        return application_of(bundle, ledger.application(application_id))
    except ApplicationInvalid as exc:
        warn(f"申请已无法通过校验（{len(exc.errors)} 处问题），报告中不含填报内容。")
        return None


def _print_pdf(html: Path) -> tuple[Path | None, str | None]:
    """The receipt sheet printed beside its HTML; on failure, the reason (the HTML stays)."""
    try:
        return html_to_pdf(html, html.with_name(RECEIPT_PDF)), None
    except (BrowserNotFound, PlaywrightError) as exc:
        return None, mask_text(first_line(exc))
