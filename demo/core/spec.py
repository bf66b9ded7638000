"""What a portal engineer declares: :class:`PortalSpec`. The factory does the rest."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter

if TYPE_CHECKING:
    from demo.core.portal import Portal
    from demo.core.store import Submission, Upload

ShownView = Callable[["Submission", Sequence["Upload"]], dict[str, Any]]


@dataclass(frozen=True)
class PortalSpec:
    """One demo portal.

    ``item``: the item id (``samr-registration``); names the SQLite file and the admin API.
    ``short``: the package name (``samr``); names the session cookie (:attr:`cookie`).
    ``title``: the Chinese title shown by the launcher and, if the templates want, the pages.
    ``router``: every page and endpoint of the portal (``/__admin/`` and ``/__health`` are taken).
    ``templates_dirs``: the portal's own Jinja2 templates (first match wins); the factory
        imposes no shared template, so each portal keeps its own look.
    ``static_dir``: served at ``/static/``.
    ``login_path``: where :class:`~demo.core.portal.LoginRequired` bounces to.
    ``sms_sender``: the signature of its text messages (``【公安局】…``).
    ``schema``: extra ``CREATE TABLE IF NOT EXISTS`` DDL for the portal's own tables.
    ``seed``: called at start-up and after each reset (demo accounts, shop lists…);
        must be idempotent.
    ``shown``: the submission as the portal's 办件详情 page would show it to a person,
        computed from the stored payload (and the submission's uploads) whenever the
        admin API lists it: a nested dict keyed by the form's group titles and field
        labels, values as displayed (option labels, dates and numbers as typed,
        checkboxes true/false, files by their original name, tables as lists of rows
        keyed by column header). Fields not stored (buttons, captcha, SMS code) are left out.
    """

    item: str
    short: str
    title: str
    router: APIRouter
    templates_dirs: Sequence[Path] = ()
    static_dir: Path | None = None
    login_path: str = "/login"
    sms_sender: str = "政务服务"
    schema: str = ""
    seed: Callable[[Portal], None] | None = None
    shown: ShownView | None = None

    @property
    def cookie(self) -> str:
        """The session cookie's name (``SID_SAMR``): the portals share one host, and so one cookie jar."""
        return f"SID_{self.short.upper()}"
