"""The QR code on the applicant's receipt sheet: what it says, and its picture as inline SVG.

It says which run this was and what came back (company, USCC, receipt numbers), as compact
JSON a service centre's scanner can read. It never says who the people are: a value that
reads as an ID or mobile number is masked, unless it is a valid USCC that is not also a
valid ID number, and any number the application itself lists as personal is masked always.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Set

import segno

from bot.errors import InvalidIdentifier
from bot.form.identifiers import check_id_number, check_uscc
from bot.privacy.masking import mask_text
from bot.privacy.scrub import scrub

FORMAT = "yijianban-receipt/1"


def receipt_payload(
    run_id: str,
    company: str,
    receipts: Mapping[str, Mapping[str, str]],
    personal: Set[str] = frozenset(),
) -> str:
    """``{"v": …, "run": …, "company": …, "uscc": …, "receipts": {item: {name: value}}}``, no spaces.

    ``receipts``: item → the outputs to show (file outputs left out by the caller);
    ``personal``: the application's own ID and mobile numbers (``bot.privacy.scrub.personal_numbers``).
    """
    cleaned = {
        item: {name: _safe(value, personal) for name, value in outputs.items()}
        for item, outputs in receipts.items()
        if outputs
    }
    uscc = next((o["uscc"] for o in cleaned.values() if o.get("uscc")), None)
    payload = {"v": FORMAT, "run": run_id, "company": _safe(company, personal), "uscc": uscc, "receipts": cleaned}
    return json.dumps({k: v for k, v in payload.items() if v}, ensure_ascii=False, separators=(",", ":"))


def _safe(value: str, personal: Set[str]) -> str:
    text = scrub(str(value), personal)
    if _is_uscc(text) and not _is_id_number(text):
        return text
    return mask_text(text)


def _is_uscc(text: str) -> bool:
    try:
        check_uscc(text)
    except InvalidIdentifier:
        return False
    return True


def _is_id_number(text: str) -> bool:
    try:
        check_id_number(text)
    except InvalidIdentifier:
        return False
    return True


def qr_svg(text: str) -> str:
    """The QR code as an ``<svg>`` element sized by CSS (a viewBox, no width or height)."""
    code = segno.make_qr(text, error="m")  # never a Micro QR: phones' scanners often cannot read them
    svg: str = code.svg_inline(scale=1, border=4, omitsize=True, dark="#000", light="#fff")
    return svg
