"""The recipe language: one verb per step, locators by label and role first, CSS last.

Each step is a mapping with exactly one verb key and, optionally, ``name`` (what a
person reads in logs and reports), ``timeout`` (ms) and ``no_log`` (never log the
value). Values are Jinja2 templates over ``f`` (the item's mapped fields, keyed by
the portal's labels), ``app``, ``outputs``, ``secrets`` and, inside ``repeat``, ``row``.
The verbs are declared in bot/recipe/verbs/ and registered (bot/recipe/registry.py);
a recipe is made of them here. These models are the schema: ``bot schema`` writes their
JSON Schema for editors.
"""

from __future__ import annotations

from pydantic import Field

from bot.recipe import verbs as verbs  # the built-in verbs, registered on import
from bot.recipe.models import COMMON_KEYS as COMMON_KEYS
from bot.recipe.models import Extraction, Locator, Strict
from bot.recipe.registry import STEP_TYPES as STEP_TYPES
from bot.recipe.registry import Step

SECTIONS = ("reconcile", "approval")  # parts of a recipe beside ``steps`` with steps of their own


class ReconcileArgs(Strict):
    """How to find an earlier submission on the portal's 我的办件 page, instead of submitting again.

    Runs from ``start`` when a submit's outcome is unknown (the answer was lost): the steps
    open the list; ``found`` is the earlier submission's entry (absent: it was never filed);
    ``receipt`` is read inside that entry and stands for the lost receipt.
    """

    steps: list[Step]
    frame: Locator | None = Field(
        None,
        description="the iframe that holds the list (as within: frame): found is looked for, and receipt read, "
        "inside it",
    )
    found: Locator = Field(description="the earlier submission's entry, e.g. its row; absent when it was never filed")
    receipt: dict[str, Extraction] = Field(description="read inside the found entry: the same outputs as submit's")


class ApprovalArgs(Strict):
    """For portals that approve later: how to see whether they have, and read what approval brings.

    Polled from ``start`` in a fresh page with the filing's cookies kept (no browser held
    between polls); ``outputs['<item>']`` holds the receipt read at submit.
    """

    steps: list[Step]
    approved: Locator = Field(description="shown once the portal has approved, e.g. {text: 已核准}")
    refused: Locator | None = Field(None, description="shown when the portal has refused; its text is the reason")
    outputs: dict[str, Extraction] = Field(default_factory=dict, description="read once approved, e.g. the USCC")
    every: int = Field(2000, description="milliseconds between two polls")


class Recipe(Strict):
    item: str
    start: str = Field(description="the portal's first page: a path under the portal's base URL, or a URL")
    timeout: int = Field(15000, description="default milliseconds each step may wait")
    secrets: list[str] = Field(default_factory=list, description="names of the secrets the recipe reads")
    logged_out: Locator | None = Field(
        None,
        description="what the portal shows once its session is gone, e.g. its login button: a step that fails "
        "while it is shown means the session expired, and the filing starts again at once, logging in again, "
        "without spending an attempt",
    )
    steps: list[Step]
    reconcile: ReconcileArgs | None = None
    approval: ApprovalArgs | None = None


class Snippet(Strict):
    """recipes/_shared/<name>.yaml: steps several recipes include (a common login)."""

    steps: list[Step]
