"""The engine tests' rig (tests/demo/engine_support.py): a ledger of the test's own, the demo portals
reset, and the example application."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.mapping.bundle import Bundle
from bot.run.ledger import Ledger
from demo.launcher import PortalsProcess
from demo.testing import AdminClient
from tests.demo.engine_support import EngineRig


@pytest.fixture
def rig(
    portals: PortalsProcess,
    clean_portals: dict[str, AdminClient],
    bundle: Bundle,
    example_raw: dict[str, Any],
    tmp_path: Path,
) -> Iterator[EngineRig]:
    ledger = Ledger(f"sqlite:///{tmp_path / 'ledger.db'}")
    yield EngineRig(ledger, bundle, portals, clean_portals, dict(example_raw), tmp_path)
    ledger.close()
