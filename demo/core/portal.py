"""The running portal: what a route handler reaches through ``PortalDep``.

One :class:`Portal` per app (``request.app.state.portal``) bundles the portal's store,
sessions, faults, the shared SMS inbox and registry, and its Jinja2 templates, with the
few helpers every portal needs: render a page, issue/check a captcha, send/verify an
SMS code, store a submission (arming the drop-response fault), list "我的办件".

Handlers take these as FastAPI dependencies::

    @router.get("/form")
    def form(request: Request, portal: PortalDep, account: AccountDep) -> Response:
        return portal.render(request, "form.html", {"account": account})
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated, Any

import jinja2
from fastapi import Depends, UploadFile
from starlette.requests import Request
from starlette.responses import Response

from demo.core import captcha
from demo.core.drift import DriftState
from demo.core.faults import FLAGS_KEY, FaultState, RequestFlags
from demo.core.registry import Company, Registry
from demo.core.sessions import SCOPE_KEY, Session, SessionStore
from demo.core.sms import SmsInbox
from demo.core.spec import PortalSpec
from demo.core.store import PortalStore, Submission, Upload

LAST_CAPTCHA_KEY = "last_captcha"


class LoginRequired(Exception):
    """Raised by :func:`require_login`; the app answers with a redirect to the login page
    (``?expired=1`` when the session idled out), or 401 JSON for ``fetch``/XHR calls."""

    def __init__(self, expired: bool) -> None:
        super().__init__("login required")
        self.expired = expired


class Portal:
    def __init__(self, spec: PortalSpec, data_dir: Path, admin_token: str) -> None:
        self.spec = spec
        self.item = spec.item
        self.data_dir = data_dir
        self.admin_token = admin_token
        self.store = PortalStore(data_dir, spec.item, spec.schema)
        self.sessions = SessionStore(self.store)
        self.faults = FaultState(self.store)
        self.drift = DriftState(self.store)
        self.sms = SmsInbox(data_dir)
        self.registry = Registry(data_dir)
        self.templates = jinja2.Environment(
            loader=jinja2.FileSystemLoader([str(d) for d in spec.templates_dirs]),
            autoescape=jinja2.select_autoescape(["html", "htm"]),
            undefined=jinja2.StrictUndefined,
        )
        if spec.seed:
            spec.seed(self)

    # -- pages -------------------------------------------------------------------

    def render(
        self,
        request: Request,
        name: str,
        context: dict[str, Any] | None = None,
        *,
        status_code: int = 200,
        charset: str = "utf-8",
    ) -> Response:
        """Render one of the portal's templates. The context always has ``request``,
        ``portal`` (the spec: ``portal.title``, ``portal.item``) and ``account`` (or None)."""
        session = request.scope.get(SCOPE_KEY)
        ctx: dict[str, Any] = {
            "request": request,
            "portal": self.spec,
            "account": session.account if isinstance(session, Session) else None,
        }
        ctx.update(context or {})
        html = self.templates.get_template(name).render(ctx)
        return Response(
            html.encode(charset, errors="xmlcharrefreplace"),
            status_code=status_code,
            media_type=f"text/html; charset={charset}",
        )

    # -- captcha -----------------------------------------------------------------

    def captcha_image(self, request: Request) -> Response:
        """Issue a new captcha for this session and answer its PNG (mount it at any path)."""
        session = session_of(request)
        answer = captcha.new_answer()
        session.set(captcha.SESSION_KEY, captcha.record(answer))
        self.store.put_setting(LAST_CAPTCHA_KEY, {"answer": answer, "session": session.id, "issued_at": time.time()})
        return Response(captcha.draw(answer), media_type="image/png", headers={"Cache-Control": "no-store"})

    def check_captcha(self, request: Request, given: str) -> bool:
        """True if ``given`` matches this session's captcha (or the captcha fault is off).
        The answer is consumed either way: after one try the page must show a new image."""
        session = session_of(request)
        issued = session.pop(captcha.SESSION_KEY)
        if not self.faults.current.captcha:
            return True
        return isinstance(issued, dict) and captcha.matches(issued.get("answer"), given)

    # -- SMS ---------------------------------------------------------------------

    def send_sms_code(self, phone: str) -> None:
        """Send a 6-digit code to ``phone``'s simulated inbox, signed with ``spec.sms_sender``."""
        logged_in = self.sessions.logged_in(phone, self.faults.current.session_ttl_s)
        self.sms.send_code(phone, self.item, self.spec.sms_sender, logged_in=logged_in)

    def verify_sms_code(self, phone: str, code: str) -> bool:
        return self.sms.verify(phone, self.item, code)

    # -- submissions -------------------------------------------------------------

    def submit(
        self,
        request: Request,
        *,
        account: str,
        payload: dict[str, Any],
        receipt_prefix: str = "",
        receipt_no: str | None = None,
        uscc: str = "",
        name: str = "",
        status: str = "已受理",
        outputs: dict[str, Any] | None = None,
    ) -> Submission:
        """Store a submission. Its receipt number is ``receipt_no`` if given (a portal with
        its own format), else ``receipt_prefix`` + date + a 6-digit sequence.

        Call it in the submit handler once the form is valid. It marks the request as a
        submit, so a pending ``drop_responses`` fault drops this handler's response
        (if it is < 400) after the submission is committed.
        """
        submission = self.store.insert_submission(
            account=account,
            receipt_no=receipt_no or self.store.next_receipt_no(receipt_prefix),
            payload=payload,
            uscc=uscc,
            name=name,
            status=status,
            outputs=outputs,
        )
        flags = request.scope.get(FLAGS_KEY)
        if isinstance(flags, RequestFlags):
            flags.submitted = True
        return submission

    def my_submissions(self, request: Request, query: str | None = None) -> list[Submission]:
        """我的办件: the logged-in account's submissions, newest first; ``query`` matches
        the 统一社会信用代码 exactly or any part of the name. Raises LoginRequired."""
        return self.store.list_submissions(account=require_login(request), query=query)

    async def save_upload(
        self, request: Request, field: str, upload: UploadFile, *, submission_id: int | None = None
    ) -> Upload:
        """Store an uploaded file (sha256, size, type recorded) for the logged-in account."""
        session = request.scope.get(SCOPE_KEY)
        data = await upload.read()
        return self.store.save_upload(
            field=field,
            filename=upload.filename or "",
            content_type=upload.content_type or "application/octet-stream",
            data=data,
            account=(session.account or "") if isinstance(session, Session) else "",
            submission_id=submission_id,
        )

    # -- registry ----------------------------------------------------------------

    def company(self, uscc: str) -> Company | None:
        """The registered company with this USCC, or None (portals 2–6 check before accepting)."""
        return self.registry.lookup(uscc)

    # -- admin -------------------------------------------------------------------

    def reset(self) -> None:
        """Wipe this portal: its SQLite tables, uploads, SMS it sent, companies it published,
        faults back to defaults; then run ``spec.seed`` again."""
        self.store.wipe()
        self.sms.wipe(self.item)
        self.registry.wipe(self.item)
        self.faults.reset()
        self.drift.reset()
        if self.spec.seed:
            self.spec.seed(self)


# -- dependencies ------------------------------------------------------------------


def get_portal(request: Request) -> Portal:
    portal = request.app.state.portal
    assert isinstance(portal, Portal)
    return portal


def session_of(request: Request) -> Session:
    """The request's session (created empty if none; saved only if changed)."""
    session = request.scope.get(SCOPE_KEY)
    if not isinstance(session, Session):
        session = Session(None, {})
        request.scope[SCOPE_KEY] = session
    return session


def require_login(request: Request) -> str:
    """The logged-in account, or raise :class:`LoginRequired`."""
    session = session_of(request)
    if session.account is None:
        raise LoginRequired(expired=session.expired)
    return session.account


PortalDep = Annotated[Portal, Depends(get_portal)]
SessionDep = Annotated[Session, Depends(session_of)]
AccountDep = Annotated[str, Depends(require_login)]
