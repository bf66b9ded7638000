"""The day the form calls ``today`` is Beijing's, whatever the server's clock zone.

At 07:30 on 7 December in Beijing, a server on UTC is still on the 6th: an appointment for the 7th is for
today, and the form must refuse it ("预约日期应晚于今天").
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from bot import localtime
from bot.errors import ApplicationInvalid
from bot.form.application import validate
from bot.mapping.bundle import Bundle
from tests.support import EXAMPLES

# 23:30 UTC on the 6th, the server's own zone UTC (time-machine sets TZ): 07:30 on Monday the 7th in Beijing
MORNING_IN_BEIJING = dt.datetime(2026, 12, 6, 23, 30, tzinfo=ZoneInfo("UTC"))


@time_machine.travel(MORNING_IN_BEIJING, tick=False)
def test_today_is_the_day_in_beijing_on_a_server_on_utc() -> None:
    assert dt.date.today() == dt.date(2026, 12, 6)  # the server's own day
    assert localtime.today() == dt.date(2026, 12, 7)


@time_machine.travel(MORNING_IN_BEIJING, tick=False)
def test_an_application_checked_early_in_the_morning_uses_beijings_day(
    bundle: Bundle, example_raw: dict[str, Any], used_fields: set[str]
) -> None:
    raw = copy.deepcopy(example_raw)
    raw["bank"]["appointment_date"] = "2026-12-07"  # a Monday: only "later than today" can refuse it
    with pytest.raises(ApplicationInvalid) as caught:
        validate(bundle.form, raw, base_dir=EXAMPLES, used=used_fields)
    assert {e.label: e.message for e in caught.value.errors} == {"银行开户·预约日期": "预约日期应晚于今天"}

    raw["bank"]["appointment_date"] = "2026-12-08"
    assert validate(bundle.form, raw, base_dir=EXAMPLES, used=used_fields).today == dt.date(2026, 12, 7)
