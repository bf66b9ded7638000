"""Verbs that move about the portal: ``goto`` a page, ``click`` an element."""

from __future__ import annotations

from bot.recipe.context import Context
from bot.recipe.models import Common, Locator
from bot.recipe.registry import verb


class Goto(Common):
    goto: str


class Click(Common):
    click: Locator


@verb(Goto, leaves=True)
async def goto(step: Goto, at: Context) -> None:
    await at.page.goto(at.runner.url(at.render(step.goto)))


@verb(Click, leaves=True, adds_row=True)
async def click(step: Click, at: Context) -> None:
    await at.locate(step.click).click(timeout=step.timeout)
