"""What every bed's login has in common: the demo account it seeds, ``/`` sending to the form, the login page
(with the notice a session that timed out comes back with) and ``/logout``.

How the page posts its account and password differs by bed (JSON or a form, layui's slider check first),
so each bed keeps its own ``POST`` and signs in with :func:`sign_in`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from demo.core import Portal, PortalDep, session_of
from demo.placeholder import DEMO_ACCOUNT, seed_demo_account

__all__ = ["DEMO_ACCOUNT", "login_router", "seed_demo_account", "sign_in"]

EXPIRED = "登录已超时，请重新登录"


def login_router(form: str, page: Mapping[str, Any] | None = None, *, timed_out: str = EXPIRED) -> APIRouter:
    """``/`` → ``form`` (the page behind the login), ``/login`` renders the bed's login.html with ``notice``
    (``timed_out`` when the session timed out: ``?expired=1``) and ``page``'s further context, ``/logout``
    ends the session."""
    router = APIRouter()
    context = dict(page or {})

    @router.get("/")
    def home() -> RedirectResponse:
        return RedirectResponse(form, status_code=303)

    @router.get("/login")
    def login_page(request: Request, portal: PortalDep, expired: int = 0) -> Response:
        return portal.render(request, "login.html", {"notice": timed_out if expired else "", **context})

    @router.get("/logout")
    def logout(request: Request) -> RedirectResponse:
        session_of(request).logout()
        return RedirectResponse("/login", status_code=303)

    return router


def sign_in(request: Request, portal: Portal, account: str, password: str) -> bool:
    """Start the session of ``account`` if the password is right; whether it was."""
    account = account.strip()
    if not portal.store.check_password(account, password):
        return False
    session_of(request).login(account)
    return True
