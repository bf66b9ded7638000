"""What the six demo portals share. A portal engineer needs only these names:

* :class:`PortalSpec` and :func:`make_portal_app`: declare a portal, get its app;
* :class:`Portal` (dependency ``PortalDep``): render, captcha, SMS, submit, 我的办件, uploads, registry;
* ``SessionDep`` / ``AccountDep`` / :func:`require_login` / :class:`LoginRequired`: sessions and login;
* :func:`form_payload`: a posted form, every field under its own name, for ``Portal.submit``;
* :mod:`demo.core.uscc`: the demo's own GB 32100 generator and validator.
"""

from demo.core import uscc
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
    "make_portal_app",
    "require_login",
    "session_of",
    "uscc",
]
