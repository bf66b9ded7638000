"""tax-registration: 电子税务局 · 新办纳税人“套餐”.

Login by 统一社会信用代码 + 办税人身份证号 + password (the account is the USCC, its profile
carries ``id_number``); a four-step wizard of div combo boxes, a calendar popup and a
"确认提交？" modal; receipt 文书受理号. Routes in :mod:`demo.tax.views`.
"""

from __future__ import annotations

from pathlib import Path

from demo.core import PortalSpec
from demo.tax import detail
from demo.tax.views import router

HERE = Path(__file__).parent

SPEC = PortalSpec(
    item="tax-registration",
    short="tax",
    title="电子税务局 · 新办纳税人“套餐”",
    router=router,
    templates_dirs=(HERE / "templates",),
    static_dir=HERE / "static",
    sms_sender="国家税务总局",
    shown=detail.shown,
)
