"""Filing one item through its recipe against the demo portals, for the recipe tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.async_api import async_playwright

from bot.application import Application
from bot.browser import launch_async
from bot.bundle import Bundle
from bot.paths import PROJECT_ROOT
from bot.recipe.loader import load_recipe
from bot.recipe.runner import HandOff, Runner, RunResult
from bot.secrets import Secrets
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
    """Run recipes/<item>.yaml in a fresh Chromium, after registration issued ``uscc``;
    returns the result and the mapped values it filed."""
    outputs = {"samr-registration": {"uscc": uscc, "licence_pdf": licence_pdf}}
    recipe = load_recipe(PROJECT_ROOT / "recipes" / f"{item}.yaml")
    mapped = bundle.mappings[item].evaluate(app, outputs)
    environ = {f"BOT_SECRET_{name}": value for name, value in (secrets or {}).items()}
    values = {"f": mapped, "app": app.values, "outputs": outputs, "secrets": Secrets(recipe.secrets, environ=environ)}

    async def run() -> RunResult:
        async with async_playwright() as playwright:
            browser = await launch_async(playwright)
            try:
                page = await browser.new_page()
                runner = Runner(recipe, base_url=url, values=values, evidence_dir=evidence, hand_off=hand_off)
                return await runner.run(page)
            finally:
                await browser.close()

    return run_async(run()), mapped
