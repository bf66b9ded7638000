"""Filing one item through its recipe against the demo portals, for the recipe tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.application import Application
from bot.bundle import Bundle
from bot.filing import FilingRequest, file_item
from bot.recipe.runner import HandOff, RunResult
from demo.testing import AdminClient
from tests.support import run_async


def register_example(admin: AdminClient, app: Application) -> str:
    """Publish the example company in the demo registry, as registration would; returns its USCC."""
    company = app.values["company"]
    published = admin.publish_company(
        company["name"], company["full_address"], app.values["legal_rep"]["name"], region=str(company["region"])
    )
    return str(published["uscc"])


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
) -> tuple[RunResult, dict[str, Any]]:
    """File one item through bot.filing after registration issued ``uscc``;
    returns the result and the mapped values it filed."""
    outputs = {"samr-registration": {"uscc": uscc, "licence_pdf": licence_pdf}}
    request = FilingRequest(
        bundle=bundle,
        item=item,
        application=app,
        outputs=outputs,
        evidence_dir=evidence,
        base_url=url,
        environ={f"BOT_SECRET_{name}": value for name, value in (secrets or {}).items()},
    )
    result = run_async(file_item(request, hand_off))
    return result, bundle.mappings[item].evaluate(app, outputs)
