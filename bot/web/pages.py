"""Rendering pages: the Jinja2 templates, 适老 mode, and the few filters the templates use."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from bot.localtime import clock
from bot.privacy.masking import mask_text

TEMPLATES = Path(__file__).parent / "templates"
ELDER_COOKIE = "yjb_elder"

templates = Jinja2Templates(
    env=Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined)
)
templates.env.filters["mask"] = mask_text
templates.env.filters["clock"] = clock


def elder(request: Request) -> bool:
    """适老 mode: large text and high contrast, chosen once and kept in a cookie."""
    return request.cookies.get(ELDER_COOKIE) == "1"


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    context.update(
        elder=elder(request),
        csrf_token=request.state.csrf_token,
        here=request.url.path,
    )
    return templates.TemplateResponse(request, template, context, status_code=status_code)


def local_path(target: str) -> str:
    """Only a path of this site (``/apply/…``), never another site: for redirects after a form."""
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target
