"""hpf-deposit: 住房公积金管理中心 · 单位缴存登记.

An old-style site: table layout, pages and posts in GBK, native 区划 selects chained by
full-page reloads, errors only after the post returns, an image captcha on submit; SMS
login (the account is the 经办人's mobile).
"""

from __future__ import annotations

from pathlib import Path

from demo.core import PortalSpec
from demo.hpf import detail, pages

HERE = Path(__file__).parent

SPEC = PortalSpec(
    item="hpf-deposit",
    short="hpf",
    title="住房公积金管理中心 · 单位缴存登记",
    router=pages.router,
    templates_dirs=(HERE / "templates",),
    static_dir=HERE / "static",
    login_path="/login.do",
    sms_sender="住房公积金管理中心",
    shown=detail.shown,
)
