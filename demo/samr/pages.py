"""After the submit: the receipt, 我的办件 and the licence download (owner only)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse
from starlette.responses import Response

from demo.core import AccountDep, Portal, PortalDep, Submission
from demo.samr import approval

router = APIRouter()


def _own(portal: Portal, account: str, receipt_no: str) -> Submission:
    found = portal.store.find_submission(receipt_no)
    if found is None or found.account != account:
        raise HTTPException(status_code=404, detail="未找到该办件")
    if approval.approve_due(portal, found.id):
        found = portal.store.get_submission(found.id) or found
    return found


@router.get("/receipt/{receipt_no}")
def receipt(request: Request, portal: PortalDep, account: AccountDep, receipt_no: str) -> Response:
    return portal.render(request, "receipt.html", {"s": _own(portal, account, receipt_no)})


@router.get("/mine")
def mine(request: Request, portal: PortalDep, account: AccountDep, q: str = "") -> Response:
    approval.approve_due(portal)
    return portal.render(request, "mine.html", {"rows": portal.my_submissions(request, q), "q": q})


@router.get("/licence/{receipt_no}")
def licence(portal: PortalDep, account: AccountDep, receipt_no: str) -> Response:
    found = _own(portal, account, receipt_no)
    path = found.outputs.get("licence_pdf")
    if found.status != approval.APPROVED or not path or not Path(path).exists():
        raise HTTPException(status_code=404, detail="营业执照尚未核发")
    return FileResponse(path, media_type="application/pdf", filename=f"营业执照-{found.uscc}.pdf")
