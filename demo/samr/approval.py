"""Approval of a filing after the ``approval_delay_s`` fault: USCC, registry, licence PDF.

A filing is scheduled at submit (``due_at`` in the portal's own table, so it survives a
restart). A daemon thread per portal approves what is due; pages that read a filing
also approve it lazily, so a reader never sees a stale 审核中 past its due time. Each
filing is claimed with one atomic UPDATE, so the thread and a page never approve twice.
"""

from __future__ import annotations

import logging
import threading
import time
import weakref
from datetime import date, timedelta

from demo.core import Portal, Submission
from demo.samr import codes
from demo.samr.fields import text, texts
from demo.samr.licence import LicenceData, render_pdf
from demo.samr.regions import DISTRICTS

SCHEMA = """
CREATE TABLE IF NOT EXISTS samr_approvals (
    submission_id INTEGER PRIMARY KEY,
    due_at REAL NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending'
);
"""
PENDING, APPROVED = "审核中", "已核准"
POLL_S = 0.25
_log = logging.getLogger(__name__)
_workers: weakref.WeakSet[Portal] = weakref.WeakSet()
_workers_lock = threading.Lock()


def schedule(portal: Portal, submission_id: int) -> None:
    """Record that this filing is due for approval after the current delay."""
    due = time.time() + portal.faults.current.approval_delay_s
    with portal.store.connect() as conn:
        conn.execute(
            "INSERT OR REPLACE INTO samr_approvals(submission_id, due_at, state) VALUES (?, ?, 'pending')",
            (submission_id, due),
        )


def approve_due(portal: Portal, submission_id: int | None = None) -> int:
    """Approve every due filing (or just ``submission_id`` if due); returns how many."""
    sql = "SELECT submission_id FROM samr_approvals WHERE state = 'pending' AND due_at <= ?"
    args: list[object] = [time.time()]
    if submission_id is not None:
        sql += " AND submission_id = ?"
        args.append(submission_id)
    with portal.store.connect() as conn:
        due = [int(r[0]) for r in conn.execute(sql, args).fetchall()]
    done = 0
    for sid in due:
        with portal.store.connect() as conn:
            claimed = conn.execute(
                "UPDATE samr_approvals SET state = 'working' WHERE submission_id = ? AND state = 'pending'", (sid,)
            ).rowcount
        if not claimed:
            continue
        submission = portal.store.get_submission(sid)
        if submission is not None and submission.status == PENDING:
            approve(portal, submission)
            done += 1
        with portal.store.connect() as conn:
            conn.execute("UPDATE samr_approvals SET state = 'done' WHERE submission_id = ?", (sid,))
    return done


def approve(portal: Portal, submission: Submission) -> Submission:
    """Issue the USCC (registry), draw the licence, store both in the filing's outputs."""
    p = submission.payload
    district = DISTRICTS[text(p, "domAreaCode")]
    address = district.full_name + text(p, "domDetail")
    ent_type = codes.ENT_TYPES.get(text(p, "entType"), "有限责任公司")
    company = portal.registry.publish(
        name=submission.name,
        address=address,
        legal_rep=text(p, "lerepName"),
        source=portal.item,
        region=district.code,
        extra={"ent_type": ent_type, "reg_cap": text(p, "regCap"), "receipt_no": submission.receipt_no},
    )
    today = date.today()
    founded = f"{today.year}年{today.month}月{today.day}日"
    term = "长期"
    if text(p, "opTermType") == codes.TERM_YEARS and text(p, "opTermYears").isdigit():
        years = int(text(p, "opTermYears"))
        end = today.replace(year=today.year + years, day=min(today.day, 28)) - timedelta(days=1)
        term = f"{founded} 至 {end.year}年{end.month}月{end.day}日"
    pdf = render_pdf(
        LicenceData(
            uscc=company.uscc,
            name=submission.name,
            ent_type=ent_type,
            legal_rep=text(p, "lerepName"),
            capital=text(p, "regCap"),
            founded=founded,
            term=term,
            address=address,
            scope="；".join(texts(p, "busScope")),
        )
    )
    upload = portal.store.save_upload(
        field="licence",
        filename=f"营业执照-{company.uscc}.pdf",
        content_type="application/pdf",
        data=pdf,
        account=submission.account,
        submission_id=submission.id,
    )
    outputs = {"uscc": company.uscc, "licence_pdf": upload.path, "licence_upload_id": upload.id}
    return portal.store.update(submission.id, status=APPROVED, uscc=company.uscc, outputs=outputs)


def start_worker(portal: Portal) -> None:
    """Start this portal's approval thread once (seed runs again after every reset)."""
    with _workers_lock:
        if portal in _workers:
            return
        _workers.add(portal)
    with portal.store.connect() as conn:  # a claim interrupted by a stop is retried
        conn.execute("UPDATE samr_approvals SET state = 'pending' WHERE state = 'working'")
    ref = weakref.ref(portal)
    threading.Thread(target=_run, args=(ref,), name=f"{portal.item}-approval", daemon=True).start()


def _run(ref: weakref.ref[Portal]) -> None:
    while True:
        portal = ref()
        if portal is None or not portal.data_dir.exists():
            return
        try:
            approve_due(portal)
        except Exception:
            _log.exception("审批任务出错")
        del portal
        time.sleep(POLL_S)
