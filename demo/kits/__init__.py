"""The kits' test bed: one government-style form per front-end library real portals are built with.

Each bed is a demo portal like the six (own origin, admin API storing what was posted, fault
injection), in its own package ``demo/kits/<short>/`` whose ``app.py`` defines ``SPEC``. Its page is
built from the library's published browser bundle, installed from the npm registry by ``make
frontend`` (package-lock.json) and served as published from ``/vendor/`` (:mod:`demo.kits.vendor`).

``BEDS`` lists them (item → module), in the launcher's port order after the six (8707…);
``bot portals --beds`` serves them too. ``BED_SPECS`` is the list the launcher's ``--specs`` takes.
"""

from __future__ import annotations

import importlib

from demo.core import PortalSpec

BEDS: dict[str, str] = {
    "bed-antd": "demo.kits.antd.app",
    "bed-layui": "demo.kits.layui.app",
    "bed-elplus": "demo.kits.elplus.app",
    "bed-elui": "demo.kits.elui.app",
}


def bed_specs() -> list[PortalSpec]:
    return [importlib.import_module(module).SPEC for module in BEDS.values()]


def __getattr__(name: str) -> list[PortalSpec]:
    if name == "BED_SPECS":  # imported lazily: a bed's module imports demo.core, as this package does
        return bed_specs()
    raise AttributeError(name)
