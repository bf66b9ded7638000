"""hrss-insurance: 人力资源和社会保障局 · 单位网厅 · 社会保险单位参保登记.

Login by 统一社会信用代码 + password + image captcha; idle sessions expire back to the
login page; one long form with a 行业 tree select (nodes load by AJAX), a 所在区划 cascader
and per-insurance 参保日期; receipt 单位社保编号. Routes in :mod:`demo.hrss.views`.
"""

from __future__ import annotations

from pathlib import Path

from demo.core import PortalSpec
from demo.hrss import detail
from demo.hrss.views import router

HERE = Path(__file__).parent

SPEC = PortalSpec(
    item="hrss-insurance",
    short="hrss",
    title="人力资源和社会保障局 · 单位网厅 · 社会保险单位参保登记",
    router=router,
    templates_dirs=(HERE / "templates",),
    static_dir=HERE / "static",
    sms_sender="人力资源和社会保障局",
    shown=detail.shown,
)
