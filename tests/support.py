"""Constants shared by tests: the project's own files and a fixed "today"."""

from __future__ import annotations

import datetime as dt

from bot.paths import PROJECT_ROOT

MAPPINGS = PROJECT_ROOT / "mappings"
EXAMPLES = PROJECT_ROOT / "examples"
# A Friday: defaults that count working days or months from today are checked against it.
TODAY = dt.date(2026, 11, 20)
