"""Which days and time slots of a branch can still be booked.

Rules, as the bank states them: appointments from tomorrow for :data:`WINDOW_DAYS` days;
no weekends; no full days (by default the 15th of each month, 网点盘点, plus any dates
an operator lists); each slot takes :data:`DEFAULT_CAPACITY` appointments per branch and
day, and an operator may close a slot outright. The operator's settings live in the
portal's ``settings`` table (so ``/__admin/reset`` restores the defaults) and are set by
``POST /__admin/bank/calendar``.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from demo.bank.codes import SLOTS
from demo.core import Portal

TZ = ZoneInfo("Asia/Shanghai")
WINDOW_DAYS = 30
DEFAULT_CAPACITY = 3
SETTING_KEY = "bank_calendar"

SCHEMA = """
CREATE TABLE IF NOT EXISTS bank_bookings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    submission_id INTEGER NOT NULL,
    branch TEXT NOT NULL,
    day TEXT NOT NULL,
    slot TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS bank_bookings_day ON bank_bookings(branch, day);
"""

DayStatus = Literal["open", "weekend", "full", "past", "closed"]


@dataclass(frozen=True)
class CalendarSettings:
    """What an operator can change: the monthly stock-taking day, extra full dates,
    closed slots (``{"date", "slot", "branch"?}``) and the capacity of a slot."""

    monthly_full_day: int | None = 15
    full_dates: tuple[str, ...] = ()
    full_slots: tuple[dict[str, str], ...] = ()
    slot_capacity: int = DEFAULT_CAPACITY

    def to_json(self) -> dict[str, Any]:
        return {
            "monthly_full_day": self.monthly_full_day,
            "full_dates": list(self.full_dates),
            "full_slots": [dict(s) for s in self.full_slots],
            "slot_capacity": self.slot_capacity,
        }


def today() -> date:
    return datetime.now(TZ).date()


def settings(portal: Portal) -> CalendarSettings:
    raw = portal.store.get_setting(SETTING_KEY)
    if not isinstance(raw, dict):
        return CalendarSettings()
    return CalendarSettings(
        monthly_full_day=raw.get("monthly_full_day"),
        full_dates=tuple(raw.get("full_dates", ())),
        full_slots=tuple(raw.get("full_slots", ())),
        slot_capacity=int(raw.get("slot_capacity", DEFAULT_CAPACITY)),
    )


def save_settings(portal: Portal, value: CalendarSettings) -> None:
    portal.store.put_setting(SETTING_KEY, value.to_json())


def parse_day(text: str) -> date | None:
    """A ``YYYY-MM-DD`` date, or None."""
    try:
        return datetime.strptime(text.strip(), "%Y-%m-%d").date() if len(text.strip()) == 10 else None
    except ValueError:
        return None


def _booked(portal: Portal, branch: str, day: date) -> dict[str, int]:
    with portal.store.connect() as conn:
        rows = conn.execute(
            "SELECT slot, COUNT(*) AS n FROM bank_bookings WHERE branch = ? AND day = ? GROUP BY slot",
            (branch, day.isoformat()),
        ).fetchall()
    return {str(r["slot"]): int(r["n"]) for r in rows}


def slots_left(portal: Portal, branch: str, day: date) -> dict[str, int]:
    """Appointments still free per slot code (0 = 已约满)."""
    conf = settings(portal)
    booked = _booked(portal, branch, day)
    closed = {
        s.get("slot")
        for s in conf.full_slots
        if s.get("date") == day.isoformat() and s.get("branch") in (None, "", branch)
    }
    return {code: 0 if code in closed else max(conf.slot_capacity - booked.get(code, 0), 0) for code in SLOTS}


def day_status(portal: Portal, branch: str, day: date) -> DayStatus:
    """Why a day can or cannot be booked at this branch."""
    first = today() + timedelta(days=1)
    if day < first:
        return "past"
    if day > today() + timedelta(days=WINDOW_DAYS):
        return "closed"
    if day.weekday() >= 5:
        return "weekend"
    conf = settings(portal)
    if day.isoformat() in conf.full_dates or day.day == conf.monthly_full_day:
        return "full"
    if not any(slots_left(portal, branch, day).values()):
        return "full"
    return "open"


def month_days(portal: Portal, branch: str, year: int, month: int) -> list[dict[str, str]]:
    """Every day of a month with its status, for the calendar widget."""
    count = calendar.monthrange(year, month)[1]
    days = [date(year, month, d) for d in range(1, count + 1)]
    return [{"date": d.isoformat(), "status": day_status(portal, branch, d)} for d in days]


def book(portal: Portal, submission_id: int, branch: str, day: date, slot: str) -> None:
    with portal.store.connect() as conn:
        conn.execute(
            "INSERT INTO bank_bookings(submission_id, branch, day, slot) VALUES (?, ?, ?, ?)",
            (submission_id, branch, day.isoformat(), slot),
        )
