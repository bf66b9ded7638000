"""What every verb's arguments are made of: locators, the keys every step may have, what is read from a page.

Verbs (bot/recipe/verbs/) build their argument models from these; bot/recipe/schema.py puts the
verbs together into a recipe. Every model forbids unknown keys and is frozen; each is built on
first use, once the verbs it may hold are registered (bot/recipe/registry.py).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ModelWrapValidatorHandler, PrivateAttr, model_validator

from bot import yamlio
from bot.errors import Location


class Strict(BaseModel):
    """The base of the language's models: unknown keys are mistakes; built when first used."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Locator(Strict):
    """How to find an element; the first of label, role, text, placeholder, css that is set wins.

    A plain string is shorthand for ``{label: …}``.
    """

    label: str | None = None
    role: str | None = None
    name: str | None = Field(None, description="the accessible name, with role")
    text: str | None = None
    placeholder: str | None = None
    css: str | None = Field(None, description="last resort: CSS breaks when the portal's markup changes")
    exact: bool = False
    nth: int | None = Field(None, description="0-based index when several elements match; -1 for the last")

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        return {"label": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _one_strategy(self) -> Locator:
        if not any((self.label, self.role, self.text, self.placeholder, self.css)):
            raise ValueError("定位器需要 label、role、text、placeholder 或 css 之一")
        if self.name and not self.role:
            raise ValueError("name 只能与 role 一起使用")
        return self


class Common(Strict):
    """The keys every step may have beside its verb. A step loaded from YAML knows where it is written (``where``)."""

    name: str | None = Field(None, description="what a person reads in logs and reports")
    timeout: int | None = Field(None, description="milliseconds to wait for this step (default: the recipe's)")
    no_log: bool = Field(False, description="never log or trace this step's value (secrets)")
    _where: Location | None = PrivateAttr(None)

    @property
    def where(self) -> Location | None:
        """The file:line:col the step is written at, when it was loaded from a file (bot/yamlio.py)."""
        return self._where

    @model_validator(mode="wrap")
    @classmethod
    def _remember_where(cls, data: Any, handler: ModelWrapValidatorHandler[Common]) -> Common:
        step = handler(data)
        where = yamlio.location_of(data)
        if where is not None:
            step._where = where
        return step


COMMON_KEYS = tuple(Common.model_fields)


class Extraction(Locator):
    attribute: str | None = Field(None, description="read this attribute instead of the text")
    pattern: str | None = Field(None, description="a regular expression; its first group (or whole match) is kept")
    download: bool = Field(
        False,
        description="the element is a link to a file (a licence PDF): fetch it with the page's session, "
        "keep it with the filing's evidence, and take its path as the value",
    )

    @model_validator(mode="after")
    def _download_alone(self) -> Extraction:
        if self.download and (self.attribute or self.pattern):
            raise ValueError("download 不能与 attribute 或 pattern 同用")
        return self
