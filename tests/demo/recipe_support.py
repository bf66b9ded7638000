"""Filing one item through its recipe against the demo portals, and reconciling it, for the recipe tests."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

from playwright.async_api import Page

from bot.form.application import Application
from bot.mapping.bundle import Bundle
from bot.recipe.runner import FilingResult, HandOff
from bot.run.filing import FilingRequest, file_item, prepare_runner
from demo.testing import AdminClient
from tests.support import filing_page, run_async

T = TypeVar("T")


def register_example(admin: AdminClient, app: Application) -> str:
    """Publish the example company in the demo registry, as registration would; returns its USCC."""
    company = app.values["company"]
    published = admin.publish_company(
        company["name"], company["full_address"], app.values["legal_rep"]["name"], region=str(company["region"])
    )
    return str(published["uscc"])


def filing_request(
    item: str,
    *,
    url: str,
    bundle: Bundle,
    app: Application,
    uscc: str,
    evidence: Path,
    secrets: dict[str, str] | None = None,
    licence_pdf: str = "",
) -> FilingRequest:
    """The request bot.run.filing gets for ``item`` once registration has issued ``uscc``."""
    return FilingRequest(
        bundle=bundle,
        item=item,
        application=app,
        outputs={"samr-registration": {"uscc": uscc, "licence_pdf": licence_pdf}},
        evidence_dir=evidence,
        base_url=url,
        environ={f"BOT_SECRET_{name}": value for name, value in (secrets or {}).items()},
    )


def file_with_recipe(
    item: str,
    *,
    url: str,
    bundle: Bundle,
    app: Application,
    uscc: str,
    evidence: Path,
    secrets: dict[str, str] | None = None,
    hand_off: HandOff | None = None,
    licence_pdf: str = "",
) -> tuple[FilingResult, dict[str, Any]]:
    """File one item through bot.run.filing after registration issued ``uscc``;
    returns the result and the mapped values it filed."""
    request = filing_request(
        item, url=url, bundle=bundle, app=app, uscc=uscc, evidence=evidence, secrets=secrets, licence_pdf=licence_pdf
    )
    result = run_async(file_item(request, hand_off))
    return result, bundle.mappings[item].evaluate(app, request.outputs)


def in_fresh_context(action: Callable[[Page], Awaitable[T]]) -> T:
    """``action(page)`` in a page of a fresh browser context (no cookies), as the engine runs it."""

    async def go() -> T:
        async with filing_page() as page:
            return await action(page)

    return run_async(go())


def reconcile_with_recipe(
    item: str,
    *,
    url: str,
    bundle: Bundle,
    app: Application,
    uscc: str,
    evidence: Path,
    secrets: dict[str, str] | None = None,
    hand_off: HandOff | None = None,
    licence_pdf: str = "",
) -> dict[str, str] | None:
    """Run the recipe's reconcile section in a fresh browser context: the receipt of the filing the
    portal lists (我的办件), or None when it lists none."""
    request = filing_request(
        item, url=url, bundle=bundle, app=app, uscc=uscc, evidence=evidence, secrets=secrets, licence_pdf=licence_pdf
    )
    return in_fresh_context(prepare_runner(request, hand_off).reconcile)
