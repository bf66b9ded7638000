"""Verbs that run other steps: ``within`` a frame or region, ``repeat`` per row, ``when`` a condition holds,
``include`` a shared snippet (recipes/_shared/<name>.yaml)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from pydantic import Field, model_validator

from bot import yamlio
from bot.errors import Problem, StepFailed, suggest
from bot.recipe.context import Context, Place
from bot.recipe.locate import Scope
from bot.recipe.models import Common, Locator, Strict
from bot.recipe.registry import Step, verb
from bot.templating import truthy

SHARED = "_shared"  # the folder of shared snippets, beside the recipes


class WithinArgs(Strict):
    frame: Locator | None = Field(None, description="an iframe to step into")
    region: Locator | None = Field(None, description="an element to scope the steps to")
    steps: list[Step]


class RepeatArgs(Strict):
    over: str = Field(description="a template giving a list, e.g. {{ f.股东（发起人） }}")
    as_: str = Field("row", alias="as")
    steps: list[Step]


class WhenArgs(Strict):
    """Run steps if a template is true (``if``) or if the page shows an element now (``visible``)."""

    condition: str | None = Field(None, alias="if")
    visible: Locator | None = Field(
        None, description="a page condition, e.g. the login button: log in only when the session has expired"
    )
    steps: list[Step]
    otherwise: list[Step] = Field(default_factory=list, alias="else")

    @model_validator(mode="after")
    def _one_condition(self) -> WhenArgs:
        if (self.condition is None) == (self.visible is None):
            raise ValueError("when 需要 if 或 visible 之一（只能一个）")
        return self


class IncludeArgs(Strict):
    snippet: str = Field(description="a file under recipes/_shared/, without .yaml")
    vars: dict[str, str] = Field(default_factory=dict)


class Within(Common):
    within: WithinArgs


class Repeat(Common):
    repeat: RepeatArgs


class When(Common):
    when: WhenArgs


class Include(Common):
    include: IncludeArgs


@verb(Within, nested=("steps",), enters=True)
async def within(step: Within, at: Context) -> None:
    inner: Scope = at.scope
    if step.within.frame is not None:
        inner = at.locate(step.within.frame).content_frame
    if step.within.region is not None:
        inner = at.inside(inner).locate(step.within.region)
    await at.runner.steps(at.page, inner, step.within.steps, at.place)


@verb(Repeat, nested=("steps",), over="over")
async def repeat(step: Repeat, at: Context) -> None:
    rows = at.runner.evaluate(step.repeat.over) or []
    for index, row in enumerate(rows):
        at.runner.values[step.repeat.as_] = row  # runner.values, read again: an include in the row replaces it
        at.runner.values["loop_index"] = index
        await at.runner.steps(at.page, at.scope, step.repeat.steps, Place(in_row=True))


@verb(When, nested=("steps", "else"))
async def when(step: When, at: Context) -> None:
    spec = step.when
    if spec.visible is not None:
        holds = await at.locate(spec.visible).first.is_visible()
    else:
        holds = truthy(at.runner.evaluate(spec.condition))
    await at.runner.steps(at.page, at.scope, spec.steps if holds else spec.otherwise, at.place)


def _snippet_exists(args: yamlio.MDict, path: Path) -> Iterator[Problem]:
    """An include names a snippet of recipes/_shared/ (checked when the recipe is loaded)."""
    if not isinstance(args.get("snippet"), str):
        return
    snippets = path.parent / SHARED
    if not (snippets / f"{args['snippet']}.yaml").is_file():
        known = sorted(p.stem for p in snippets.glob("*.yaml"))
        hint = suggest(args["snippet"], known) or f"；现有：{'、'.join(known) or '无'}"
        yield Problem(args.where("snippet"), f"找不到共用片段 {SHARED}/{args['snippet']}.yaml{hint}")


@verb(Include, check=_snippet_exists)
async def include(step: Include, at: Context) -> None:
    runner = at.runner
    if step.include.snippet not in runner.snippets:
        raise StepFailed("include", f"没有加载共用片段 {step.include.snippet}")
    saved = dict(runner.values)
    runner.values.update({k: runner.evaluate(v) for k, v in step.include.vars.items()})
    await runner.steps(at.page, at.scope, runner.snippets[step.include.snippet], at.place)
    runner.values = {**saved, "vars": runner.values["vars"]}
