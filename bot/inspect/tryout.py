"""Trying a part of a recipe: ``bot run-item ITEM APP --until STEP`` (the steps up to a named one, nothing
submitted; with ``--headed`` the page stays open until Enter), ``--reconcile`` (only the reconcile section),
``--record HAR`` / ``--replay HAR`` (a dry run recorded, then replayed offline)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from playwright.async_api import Page, async_playwright

from bot.errors import BotError, UntilReached
from bot.inspect import pagejs
from bot.inspect.browser import inspecting_page
from bot.recipe import registry
from bot.recipe.browser import launch_async, new_filing_context
from bot.recipe.context import FilingResult
from bot.recipe.locate import Scope
from bot.recipe.models import Common
from bot.recipe.runner import Place, Runner
from bot.run.filing import FilingRequest, prepare_runner


class UntilRunner(Runner):
    """A dry run that stops right after the step whose name, or ``file:line``, is ``until``."""

    until: str = ""
    reached: str = ""

    async def step(self, page: Page, scope: Scope, step: Common, place: Place) -> None:
        await super().step(page, scope, step, place)
        title = registry.title(step)
        if self.until and (step.name == self.until or title.startswith(self.until + " ") or self.until in title):
            self.reached = title
            raise UntilReached


def _runner(request: FilingRequest, hand_off: Any) -> Runner:
    return prepare_runner(request, hand_off)


async def run_until(
    request: FilingRequest, until: str, hand_off: Any, *, keep_open: Callable[[], Awaitable[None]] | None = None
) -> tuple[str, list[str]]:
    """The recipe's steps up to and including the one named ``until`` (never past a submit: a dry run);
    returns the step reached and the screenshots. ``keep_open``: awaited before the browser closes."""
    base = _runner(request, hand_off)
    runner = UntilRunner(
        base.recipe,
        base_url=base.base_url,
        values={k: v for k, v in base.values.items() if k != "vars"},
        evidence_dir=request.evidence_dir,
        hand_off=hand_off,
        dry_run=True,
        snippets=base.snippets,
    )
    runner.until = until
    async with inspecting_page(headed=request.headed) as page:
        try:
            await runner.file(page)
        except UntilReached:
            await runner.screenshot(page, "until")
        if keep_open is not None:
            await keep_open()
    if not runner.reached:
        names = [s.name or registry.title(s) for s in runner.recipe.steps]
        raise BotError(f"配方中没有名为“{until}”的步骤（已试填到提交前）；步骤：{'、'.join(n for n in names if n)}")
    return runner.reached, [str(p) for p in runner.result.screenshots]


async def reconcile_only(request: FilingRequest, hand_off: Any) -> dict[str, str] | None:
    """Only the recipe's reconcile section: the receipt of the earlier filing it finds, or None."""
    runner = _runner(request, hand_off)
    async with inspecting_page(headed=request.headed) as page:
        return await runner.reconcile(page)


async def dry_run_har(
    request: FilingRequest, hand_off: Any, *, record: Path | None = None, replay: Path | None = None
) -> FilingResult:
    """A dry run recorded into a HAR (``record``), or replayed offline from one (``replay``: every request answered
    from the file through Playwright's ``route_from_har``, one it lacks aborted), so that an edit of the recipe is
    checked without touching the portal."""
    runner = prepare_runner(replace(request, dry_run=True), hand_off)
    async with async_playwright() as playwright:
        await pagejs.register(playwright)
        browser = await launch_async(playwright, headless=not request.headed)
        try:
            options: dict[str, Any] = {"record_har_path": str(record), "record_har_content": "embed"} if record else {}
            context = await new_filing_context(browser, **options)
            if replay is not None:
                if not replay.is_file():
                    raise BotError(f"找不到 HAR 文件：{replay}")
                await context.route_from_har(str(replay), not_found="abort")
            result = await runner.file(await context.new_page())
            await context.close()  # the HAR is written now
            return result
        finally:
            await browser.close()
