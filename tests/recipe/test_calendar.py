"""The date adapter on inline month grids (tests/recipe/site/calendar.html), in real headless Chromium.

A read-only field whose calendar it names (aria-controls) or sits beside it; each month's days load late
(aria-busy); days are named in full (2026年12月1日), disabled ones with the reason. The popup dialog calendar
is covered by the tax recipe's test against the demo 电子税务局.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.errors import NotOffered
from bot.recipe.runner import Runner
from bot.recipe.schema import Recipe
from tests.support import filing_page, run_async

pytestmark = pytest.mark.browser
RECIPE = """
item: test-calendar
start: /calendar.html
timeout: 5000
steps:
  - fill_form: 预约
"""


def fill(site_url: str, tmp_path: Path, dates: dict[str, str]) -> dict[str, str]:
    """Fill the group 预约 through a recipe; returns what the two fields hold afterwards."""

    async def go() -> dict[str, str]:
        async with filing_page() as page:
            runner = Runner(
                Recipe.model_validate(yaml.safe_load(RECIPE)),
                base_url=site_url,
                values={"f": {"预约": dates}, "app": {}, "outputs": {}, "secrets": {}},
                evidence_dir=tmp_path,
            )
            await runner.file(page)
            return {label: await page.get_by_label(label).input_value() for label in dates}

    return run_async(go())


def test_inline_calendars_page_to_the_month_and_pick_the_day(site_url: str, tmp_path: Path) -> None:
    dates = {"开始日期": "2027-01-05", "截止日期": "2026-11-03"}  # one month on, one month back
    assert fill(site_url, tmp_path, dates) == dates


def test_a_disabled_day_fails_with_the_reason_the_calendar_gives(site_url: str, tmp_path: Path) -> None:
    """The portal does not offer the day: the applicant's data, a business failure not retried (NotOffered, not
    StepFailed), as a run that filed past the bank's midnight found its booked "tomorrow" gone."""
    with pytest.raises(NotOffered, match="日期“2026年12月15日”不可选（已约满）"):
        fill(site_url, tmp_path, {"开始日期": "2026-12-15"})
