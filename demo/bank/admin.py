"""``/__admin/bank/calendar``: the operator's (and the tests') control over full days and slots.

Token-protected like the core admin API. ``GET`` shows the settings; ``POST`` changes any
of ``monthly_full_day`` (1–31 or null), ``full_dates`` (``YYYY-MM-DD`` list),
``full_slots`` (``[{"date", "slot", "branch"?}]``) and ``slot_capacity`` (1–99).
"""

from __future__ import annotations

import secrets
from dataclasses import replace
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, HTTPException
from pydantic import BaseModel, Field

from demo.bank import schedule
from demo.bank.codes import SLOTS
from demo.core import Portal, PortalDep


class FullSlot(BaseModel):
    date: str
    slot: str
    branch: str = ""


class CalendarPatch(BaseModel):
    monthly_full_day: int | None = Field(default=15, ge=1, le=31)
    full_dates: list[str] | None = None
    full_slots: list[FullSlot] | None = None
    slot_capacity: int | None = Field(default=None, ge=1, le=99)


def check_token(portal: PortalDep, x_admin_token: Annotated[str | None, Header()] = None) -> None:
    if not x_admin_token or not secrets.compare_digest(x_admin_token, portal.admin_token):
        raise HTTPException(status_code=401, detail="管理令牌缺失或错误（请求头 X-Admin-Token）")


router = APIRouter(prefix="/__admin/bank", dependencies=[Depends(check_token)])


def _apply(portal: Portal, patch: CalendarPatch) -> schedule.CalendarSettings:
    conf = schedule.settings(portal)
    if "monthly_full_day" in patch.model_fields_set:
        conf = replace(conf, monthly_full_day=patch.monthly_full_day)
    if patch.full_dates is not None:
        bad = [d for d in patch.full_dates if schedule.parse_day(d) is None]
        if bad:
            raise HTTPException(status_code=422, detail=f"日期格式应为YYYY-MM-DD：{'、'.join(bad)}")
        conf = replace(conf, full_dates=tuple(patch.full_dates))
    if patch.full_slots is not None:
        bad = [s.slot for s in patch.full_slots if s.slot not in SLOTS or schedule.parse_day(s.date) is None]
        if bad:
            raise HTTPException(status_code=422, detail=f"时段代码应为{'、'.join(SLOTS)}，日期应为YYYY-MM-DD")
        conf = replace(conf, full_slots=tuple(s.model_dump() for s in patch.full_slots))
    if patch.slot_capacity is not None:
        conf = replace(conf, slot_capacity=patch.slot_capacity)
    schedule.save_settings(portal, conf)
    return conf


@router.get("/calendar")
def get_calendar(portal: PortalDep) -> dict[str, Any]:
    return schedule.settings(portal).to_json()


@router.post("/calendar")
def set_calendar(portal: PortalDep, patch: CalendarPatch) -> dict[str, Any]:
    return _apply(portal, patch).to_json()
