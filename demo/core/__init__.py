"""What the six demo portals share. A portal engineer needs only these names:

* :class:`PortalSpec` and :func:`make_portal_app`: declare a portal, get its app;
* :class:`Portal` (dependency ``PortalDep``): render, captcha, SMS, submit, 我的办件, uploads, registry;
* ``SessionDep`` / ``AccountDep`` / :func:`require_login` / :class:`LoginRequired`: sessions and login;
* :func:`form_payload`: a posted form, every field under its own name, for ``Portal.submit``;
* :mod:`demo.core.uscc`, :mod:`demo.core.idcard`: the demo's own GB 32100 and GB 11643 checks.
"""

from demo.core import idcard, uscc
from demo.core.app import make_portal_app
from demo.core.forms import form_payload
from demo.core.portal import (
    AccountDep,
    LoginRequired,
    Portal,
    PortalDep,
    SessionDep,
    get_portal,
    require_login,
    session_of,
)
from demo.core.registry import Company
from demo.core.sessions import Session
from demo.core.spec import PortalSpec
from demo.core.store import PortalStore, Submission, Upload

__all__ = [
    "AccountDep",
    "Company",
    "LoginRequired",
    "Portal",
    "PortalDep",
    "PortalSpec",
    "PortalStore",
    "Session",
    "SessionDep",
    "Submission",
    "Upload",
    "form_payload",
    "get_portal",
    "idcard",
    "make_portal_app",
    "require_login",
    "session_of",
    "uscc",
]
