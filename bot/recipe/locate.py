"""Recipe locators → Playwright locators, scoped by ``within``.

Label and role first, CSS last: a portal's markup changes more often than what a
person reads on it. Playwright's locators pierce open shadow roots, so the same
locator works on web-component portals.
"""

from __future__ import annotations

from typing import Any, Protocol

from playwright.async_api import FrameLocator, Locator, Page

from bot.recipe.models import Locator as LocatorSpec

Scope = Page | FrameLocator | Locator


class Render(Protocol):
    def __call__(self, source: str) -> str: ...


def locate(scope: Scope, spec: LocatorSpec, render: Render) -> Locator:
    """The Playwright locator for a recipe locator; template values are rendered first."""
    exact = spec.exact
    found: Any
    if spec.label is not None:
        found = scope.get_by_label(render(spec.label), exact=exact)
    elif spec.role is not None:
        name = render(spec.name) if spec.name is not None else None
        found = scope.get_by_role(spec.role, name=name, exact=exact)  # type: ignore[arg-type]
    elif spec.text is not None:
        found = scope.get_by_text(render(spec.text), exact=exact)
    elif spec.placeholder is not None:
        found = scope.get_by_placeholder(render(spec.placeholder), exact=exact)
    else:
        assert spec.css is not None  # the schema requires one strategy
        found = scope.locator(render(spec.css))
    if spec.nth is not None:
        found = found.last if spec.nth == -1 else found.nth(spec.nth)
    return found  # type: ignore[no-any-return]


def describe(spec: LocatorSpec) -> str:
    """How a person would name the element, for logs and error messages."""
    if spec.label is not None:
        return f"标签“{spec.label}”"
    if spec.role is not None:
        return f"{spec.role}“{spec.name or ''}”"
    if spec.text is not None:
        return f"文字“{spec.text}”"
    if spec.placeholder is not None:
        return f"提示“{spec.placeholder}”"
    return f"CSS {spec.css}"
