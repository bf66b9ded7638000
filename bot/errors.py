"""The project's exceptions, in one place.

BotError                      anything the bot reports to a person instead of a traceback
├── SpecError                 a maintainer's YAML (form, mapping, bundle, recipe) is wrong;
│                             carries every Problem found, each with file:line:col
└── ApplicationInvalid        an applicant's values break the form's rules; carries every
                              FieldError, each naming the field's Chinese label (and row)
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


def suggest(name: str, known: Iterable[object]) -> str:
    """``，是否想写“payday”？`` when a known name is close to the misspelt one, else nothing."""
    close = difflib.get_close_matches(name, [str(k) for k in known], n=1)
    return f"，是否想写“{close[0]}”？" if close else ""


class BotError(Exception):
    """Base of every error meant for a person rather than a traceback."""


@dataclass(frozen=True)
class Location:
    file: Path
    line: int  # 1-based
    column: int  # 1-based

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"

    def quote(self) -> str:
        """The offending line with a caret under the column, as compilers show it."""
        try:
            text = self.file.read_text(encoding="utf-8").splitlines()[self.line - 1]
        except (OSError, IndexError):
            return ""
        return f"    {text}\n    {' ' * _display_width(text[: self.column - 1])}^"


def _display_width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a maintainer's file."""

    location: Location | None
    message: str

    def render(self) -> str:
        if self.location is None:
            return self.message
        quoted = self.location.quote()
        return f"{self.location}: {self.message}" + (f"\n{quoted}" if quoted else "")


class SpecError(BotError):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(p.render() for p in problems))


@dataclass(frozen=True)
class FieldError:
    """One thing wrong in an application, in the applicant's words."""

    path: str  # e.g. "shareholders[1].id_number"
    label: str  # e.g. "股东（发起人）第2行·证件号码"
    message: str

    def render(self) -> str:
        return f"{self.label}：{self.message}"


class ApplicationInvalid(BotError):
    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = errors
        super().__init__("\n".join(e.render() for e in errors))
