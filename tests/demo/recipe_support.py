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
from tests.support import run_async


def file_with_recipe(
    item: str,
    *,
    url: str,
    bundle: Bundle,
    app: Application,
    outputs: dict[str, dict[str, str]],
    secrets: dict[str, str],
    evidence: Path,
    hand_off: HandOff | None = None,
) -> tuple[RunResult, dict[str, Any]]:
    """Run recipes/<item>.yaml in a fresh Chromium; returns the result and the mapped values it filed."""
    recipe = load_recipe(PROJECT_ROOT / "recipes" / f"{item}.yaml")
    mapped = bundle.mappings[item].evaluate(app, outputs)
    environ = {f"BOT_SECRET_{name}": value for name, value in secrets.items()}
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
