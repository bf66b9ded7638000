"""The verbs of the recipe language, each declared once, with what the rest of the project needs to know of it.

A verb is a step model (``Common`` plus one field, named after the verb, holding its arguments)
and a handler, declared together in one module of bot/recipe/verbs/::

    class Click(Common):
        click: Locator

    @verb(Click, leaves=True, adds_row=True)
    async def click(step: Click, at: Context) -> None: ...

What lists verbs reads them here: the schema's step union (``Step``) and ``STEP_TYPES``, the
loader's nested step lists and load-time checks, ``bot check``'s filling verbs, and the runner's
dispatch and its pictures. Adding a verb is one module (imported by bot/recipe/verbs/__init__.py)
plus its test; a verb registered later (a test's) is part of the language until unregistered.
"""

from __future__ import annotations

import operator
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from functools import reduce
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Generic, Literal, TypeVar

from pydantic import BaseModel, Field, GetCoreSchemaHandler
from pydantic_core import CoreSchema

from bot import yamlio
from bot.errors import Problem
from bot.recipe.context import Context
from bot.recipe.locate import describe
from bot.recipe.models import Common, Strict
from bot.recipe.models import Locator as LocatorSpec

S = TypeVar("S", bound=Common)
Handler = Callable[[S, Context], Awaitable[None]]
LoadCheck = Callable[[yamlio.MDict, Path], Iterator[Problem]]  # the verb's arguments as written, the recipe's file

Fills = Literal["value", "group"]


@dataclass(frozen=True)
class Verb(Generic[S]):
    """One verb: its step model, its handler, and its properties."""

    step: type[S]
    handler: Handler[S]
    nested: tuple[str, ...] = ()  # keys of its arguments that hold step lists (within, repeat, when)
    # what it leaves on the page: "value", one field, whose templates name the mapped field it fills (``bot check``
    # counts it filled); "group", a mapping group named by its arguments (fill_form); None, nothing
    fills: Fills | None = None
    over: str | None = None  # the key whose template lists the rows its steps run once per (repeat)
    leaves: bool = False  # may leave the page or hide what was filled: the filled page is pictured before it
    adds_row: bool = False  # inside a repeat and followed by filling, it adds a row and stays (click)
    enters: bool = False  # runs its steps in a part of the page (within): after a row is added, as filling
    final: bool = False  # the point of no return (submit): a dry run stops before it
    check: LoadCheck | None = None  # what the loader checks beyond the model (include: the snippet exists)
    name: str = field(init=False)

    def __post_init__(self) -> None:
        own = [key for key in self.step.model_fields if key not in Common.model_fields]
        if len(own) != 1:
            raise ValueError(f"{self.step.__name__}: a step model has one field beside {list(Common.model_fields)}")
        object.__setattr__(self, "name", own[0])


_VERBS: dict[str, Verb[Any]] = {}
_BY_MODEL: dict[type[Common], Verb[Any]] = {}
STEP_TYPES: dict[str, type[Common]] = {}  # verb → its step model, in the order the verbs were registered


def verb(
    step: type[S],
    *,
    nested: tuple[str, ...] = (),
    fills: Fills | None = None,
    over: str | None = None,
    leaves: bool = False,
    adds_row: bool = False,
    enters: bool = False,
    final: bool = False,
    check: LoadCheck | None = None,
) -> Callable[[Handler[S]], Handler[S]]:
    """Declare a verb: ``@verb(Model, …)`` on its handler."""

    def declare(handler: Handler[S]) -> Handler[S]:
        register(Verb(step, handler, nested, fills, over, leaves, adds_row, enters, final, check))
        return handler

    return declare


def register(spec: Verb[Any]) -> None:
    if spec.name in _VERBS:
        raise ValueError(f"verb {spec.name} is already registered ({_VERBS[spec.name].step.__module__})")
    _VERBS[spec.name] = _BY_MODEL[spec.step] = spec
    STEP_TYPES[spec.name] = spec.step
    _rebuild()


def unregister(name: str) -> None:
    spec = _VERBS.pop(name)
    del _BY_MODEL[spec.step], STEP_TYPES[name]
    _rebuild()


def named(name: str) -> Verb[Any]:
    return _VERBS[name]


def of(step: Common) -> Verb[Any]:
    """The verb a parsed step is of."""
    return _BY_MODEL[type(step)]


def title(step: Common) -> str:
    """How a step is named when it fails: where it is written (``recipes/x.yaml:12``), its verb, and what it
    acts on (its locator, its group), or its own ``name``."""
    spec = of(step)
    args = getattr(step, spec.name, None)
    if step.name:
        what = step.name
    elif isinstance(args, LocatorSpec):
        what = describe(args)
    else:
        what = str(getattr(args, "group", None) or getattr(args, "label", None) or "")
    where = step.where
    written = f"{_shown_path(where.file)}:{where.line} " if where else ""
    return f"{written}{spec.name} {what}".strip()


def _shown_path(file: Path) -> str:
    """A recipe's path as a maintainer types it: relative to the working directory when inside it."""
    try:
        return str(file.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(file)


class _AnyStep:
    """A step of any registered verb: the union of their step models, taken when a model holding steps is built."""

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        if not STEP_TYPES:
            raise RuntimeError("no verb is registered: import bot.recipe.schema, which registers the built-in ones")
        return handler(reduce(operator.or_, STEP_TYPES.values()))


if TYPE_CHECKING:
    Step = Common
else:
    Step = Annotated[_AnyStep, Field(description="one verb per step, plus optional name, timeout, no_log")]


def _rebuild() -> None:
    """Models built before a verb came or went are built again (step lists nest: all at once, none reused)."""
    built = [model for model in _models(Strict) if model.__pydantic_complete__]
    for model in built:
        for attr in ("__pydantic_core_schema__", "__pydantic_validator__", "__pydantic_serializer__"):
            if attr in model.__dict__:
                delattr(model, attr)
        model.__pydantic_complete__ = False
    for model in built:
        model.model_rebuild(force=True)


def _models(base: type[BaseModel]) -> Iterator[type[BaseModel]]:
    for sub in base.__subclasses__():
        yield sub
        yield from _models(sub)
