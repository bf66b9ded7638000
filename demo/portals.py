"""The one list of demo portals: item id → the module whose ``SPEC`` describes it.

The order is the launcher's port order (8701..8706). Adding a portal means one line
here and a package ``demo/<short>/`` with ``app.py`` defining ``SPEC: PortalSpec``.
"""

from __future__ import annotations

import importlib

from demo.core import PortalSpec

PORTALS: dict[str, str] = {
    "samr-registration": "demo.samr.app",
    "psb-seal": "demo.psb.app",
    "tax-registration": "demo.tax.app",
    "hrss-insurance": "demo.hrss.app",
    "hpf-deposit": "demo.hpf.app",
    "bank-account": "demo.bank.app",
}


def load_spec(item: str) -> PortalSpec:
    """Import the portal's module and return its ``SPEC`` (checked to name the same item)."""
    if item not in PORTALS:
        raise KeyError(f"未知的门户：{item}（可选：{'、'.join(PORTALS)}）")
    spec = importlib.import_module(PORTALS[item]).SPEC
    if not isinstance(spec, PortalSpec) or spec.item != item:
        raise TypeError(f"{PORTALS[item]}.SPEC 必须是 item 为 {item} 的 PortalSpec")
    return spec
