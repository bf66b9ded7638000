"""What a verb's handler is given: the page and scope it acts in, and the few services of the runner it may use.

The runner (bot/recipe/runner.py) keeps the step loop; a handler (bot/recipe/verbs/) does one
step. It gets a ``Context``: the page, the scope (the page, a frame or a region, from ``within``),
where the step stands (``Place``), and ``runner``, the runner seen through ``Services``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from playwright.async_api import Locator, Page

from bot.recipe.locate import Scope, locate
from bot.recipe.models import Common
from bot.recipe.models import Locator as LocatorSpec
from bot.recipe.transient import TransientRetry


@dataclass(frozen=True)
class Question:
    """A hand-off: what the bot asks a person.

    ``cookies`` are the portal session's, for an answerer that can look the answer up by
    session (the demo portals' admin API); they are never stored, logged or shown.
    """

    kind: str
    question: str
    who: str
    image: bytes | None
    phone: str | None = None
    cookies: Mapping[str, str] = field(default_factory=dict, repr=False)


HandOff = Callable[[Question], Awaitable[str]]
Hook = Callable[[], Awaitable[None]]


@dataclass
class StepTiming:
    step: str
    seconds: float


@dataclass
class FilingResult:
    """What filing one item through its recipe brought back, and what it cost."""

    outputs: dict[str, str] = field(default_factory=dict)
    variables: dict[str, str] = field(default_factory=dict)
    timings: list[StepTiming] = field(default_factory=list)
    screenshots: list[Path] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)  # messages of native dialogs, accepted
    submitted: bool = False
    screenshot_seconds: float = 0.0  # what the evidence cost the filing (bench/overhead.py)


@dataclass(frozen=True)
class Place:
    """Where a step stands, for the evidence: a filled page is pictured before a step that may leave it or hide
    what was filled (a wizard's 下一步, a tab), but not before a click that adds a row of a ``repeat`` and is
    followed by filling it (one picture of the page then shows every row)."""

    in_row: bool = False  # among the steps of a ``repeat``
    then: Any = None  # the step after this one, also past the end of an enclosing within/when/include


class Services(Protocol):
    """What of the runner a verb's handler may use."""

    values: dict[str, Any]  # f, app, outputs, secrets, vars; row and loop_index inside a repeat
    result: FilingResult
    snippets: Mapping[str, list[Common]]
    hand_off: HandOff | None
    on_submit_intent: Hook | None
    transient: TransientRetry
    evidence_dir: Path
    filled_here: bool  # a step filled something since the last step that may leave the page
    unshot: list[str]  # groups filled since the last picture of the page

    @property
    def timeout(self) -> int:
        """The recipe's default milliseconds a step may wait."""
        ...

    def evaluate(self, source: Any) -> Any: ...

    def render(self, source: str) -> str: ...

    def url(self, target: str) -> str: ...

    async def screenshot(self, page: Page, what: str) -> Path | None: ...

    async def evidence_of_filled(self, page: Page) -> None:
        """Picture the page if something was filled on it since its last picture (before it is left or hidden)."""
        ...

    async def steps(self, page: Page, scope: Scope, steps: list[Common], place: Place = ...) -> None: ...


@dataclass(frozen=True, slots=True)
class Context:
    """One step's surroundings: its page, its scope, its place, and the runner's services."""

    runner: Services
    page: Page
    scope: Scope
    place: Place

    def render(self, source: str) -> str:
        return self.runner.render(source)

    def locate(self, spec: LocatorSpec) -> Locator:
        """The element a recipe locator names, in this step's scope."""
        return locate(self.scope, spec, self.runner.render)

    def inside(self, scope: Scope) -> Context:
        """The same step's context, scoped to ``scope`` (a frame, a region, the whole page)."""
        return Context(self.runner, self.page, scope, self.place)
