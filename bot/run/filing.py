"""One item filed end to end: validated application → mapped values → recipe in a browser → receipt.

The run engine adds the ledger, retries and hand-off storage around this;
``bot run-item`` uses it directly, with answers typed at the terminal. Both file in a
context of bot.run.browsers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from playwright.async_api import Browser

from bot.form.application import Application
from bot.mapping.bundle import Bundle
from bot.paths import portal_url, recipes_dir
from bot.privacy.secrets import Secrets
from bot.recipe.loader import SHARED, load_recipe, load_snippets
from bot.recipe.runner import FilingResult, HandOff, Hook, Runner
from bot.recipe.schema import Recipe
from bot.run.browsers import BrowserPool


@dataclass(frozen=True)
class FilingRequest:
    bundle: Bundle
    item: str
    application: Application
    outputs: Mapping[str, Mapping[str, str]]
    evidence_dir: Path
    dry_run: bool = False
    headed: bool = False
    base_url: str | None = None  # default: the portal URL table
    environ: Mapping[str, str] | None = None  # where secrets come from (default: the process environment)
    retry_transient: bool = False  # ask the portal again after a 5xx (bot/recipe/transient.py)
    trace: bool = False  # record a trace, kept if the filing fails (bot/evidence/trace.py)


def item_recipe(item: str) -> Recipe:
    return load_recipe(recipes_dir() / f"{item}.yaml")


def prepare_runner(
    request: FilingRequest,
    hand_off: HandOff | None,
    on_submit_intent: Hook | None = None,
    on_transient: Callable[[], None] | None = None,
) -> Runner:
    """The runner for one filing: the item's recipe with its mapped values, secrets and snippets."""
    recipe = item_recipe(request.item)
    mapping = request.bundle.mappings[request.item]
    values: dict[str, Any] = {
        "f": mapping.evaluate(request.application, request.outputs),
        "app": request.application.values,
        "outputs": request.outputs,
        "secrets": Secrets(recipe.secrets, environ=request.environ),
    }
    return Runner(
        recipe,
        base_url=request.base_url or portal_url(request.item),
        values=values,
        evidence_dir=request.evidence_dir,
        hand_off=hand_off,
        dry_run=request.dry_run,
        snippets=load_snippets(recipes_dir() / SHARED),
        on_submit_intent=on_submit_intent,
        retry_transient=request.retry_transient,
        on_transient=on_transient,
    )


async def file_item(
    request: FilingRequest, hand_off: HandOff | None, *, browser: Browser | None = None
) -> FilingResult:
    """File one item once, in a fresh browser context; returns the receipt and the evidence.

    ``browser``: an open Chromium to use (one per process, one context per filing, as
    the engine runs); without it the filing launches and closes its own.
    """
    runner = prepare_runner(request, hand_off)
    if browser is not None:
        return await BrowserPool(browser=browser).in_context(runner, runner.file, record_trace=request.trace)
    async with BrowserPool(headed=request.headed).running() as pool:
        return await pool.in_context(runner, runner.file, record_trace=request.trace)
