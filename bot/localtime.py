"""Times as a clerk or an applicant in China reads them.

The ledger stores naive UTC (:func:`utcnow`); reports and receipt sheets
show Beijing time, so a filing made at 07:30 in the morning is not dated the day before.
China keeps no daylight saving time, so a fixed offset is exact.
"""

from __future__ import annotations

import datetime as dt

BEIJING = dt.timezone(dt.timedelta(hours=8), "北京时间")


def utcnow() -> dt.datetime:
    """Now in naive UTC, as the ledger keeps times: what SQLite and PostgreSQL both store and give back alike."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def today() -> dt.date:
    """Today in Beijing: the day an applicant, a clerk or a portal means by 今天, whatever the machine's time zone
    (a server on UTC is still on yesterday until 08:00 in the morning)."""
    return dt.datetime.now(BEIJING).date()


def local(moment: dt.datetime) -> dt.datetime:
    """A ledger time (naive UTC) in Beijing time."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)
    return aware.astimezone(BEIJING)


def clock(moment: dt.datetime | None) -> str:
    """``2026-11-20 10:32:05`` in Beijing time; ``—`` when there is no time yet."""
    return "—" if moment is None else f"{local(moment):%Y-%m-%d %H:%M:%S}"


def day(moment: dt.datetime) -> str:
    """``2026年11月20日`` in Beijing time: the date printed on a receipt sheet."""
    shown = local(moment)
    return f"{shown.year}年{shown.month}月{shown.day}日"


def duration(seconds: float) -> str:
    """``45 秒``, ``3 分 20 秒``, ``2 小时 5 分``: short, in Chinese, to the second."""
    total = max(0, round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} 小时" + (f" {minutes} 分" if minutes else "")
    if minutes:
        return f"{minutes} 分" + (f" {secs} 秒" if secs else "")
    return f"{secs} 秒"
