"""Exactly once across crashes: a run killed with SIGKILL at random moments, then resumed, files every
item exactly once. The kills land anywhere: in a wizard, right after a submit intent was stored,
between a click and its receipt, while an approval is polled."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.paths import PROJECT_ROOT
from bot.run.demo_admin import DemoAccounts
from bot.run.ledger import Ledger
from bot.run.states import State
from tests.demo.engine_support import EngineRig

# Up to fifteen starts of the run, ten of them killed: ~90 s quiet, 220-302 s beside a second copy of the suite (the
# 300 s default was a speed limit, not a hang detector).
pytestmark = [pytest.mark.browser, pytest.mark.timeout(1200)]

KILLS = 10
PROGRESS = {State.SUBMIT_INTENT, State.SUBMITTED, State.AWAITING, State.DONE, State.UNKNOWN}


def test_a_run_killed_ten_times_then_resumed_files_every_item_exactly_once(rig: EngineRig, tmp_path: Path) -> None:
    run_id = rig.start()
    passwords = {f"BOT_SECRET_{name}": f"pw-{name.lower()}-{os.getpid()}" for name in DemoAccounts.SECRETS}
    spec = tmp_path / "child.json"
    spec.write_text(
        json.dumps(
            {
                "ledger": rig.ledger.url,
                "run": run_id,
                "urls": rig.portals.urls,
                "token": rig.portals.admin_token,
                "environ": passwords,
                "log": str(tmp_path / "child.log"),
                "concurrency": 2,
                "lease_s": 10.0,
            }
        ),
        encoding="utf-8",
    )
    rng = random.Random(int(os.environ.get("BOT_KILL_SEED", "20261122")))
    kills: list[str] = []
    for _ in range(KILLS + 5):
        child = subprocess.Popen([sys.executable, "-m", "tests.demo.engine_child", str(spec)], cwd=PROJECT_ROOT)
        if len(kills) < KILLS and _progress_then_wait(rig.ledger, run_id, child, rng.uniform(0.0, 0.5)):
            child.send_signal(signal.SIGKILL)
            child.wait()
            kills.append(",".join(f"{f.item}:{f.state}" for f in rig.ledger.filings(run_id)))
            continue
        assert child.wait(timeout=300) == 0
        if all(f.state == State.DONE for f in rig.ledger.filings(run_id)):
            break
    assert len(kills) >= KILLS, kills
    assert {f.item: f.state for f in rig.ledger.filings(run_id)} == dict.fromkeys(rig.bundle.items, State.DONE)
    assert rig.submissions() == dict.fromkeys(rig.bundle.items, 1), kills


def _progress_then_wait(ledger: Ledger, run_id: str, child: subprocess.Popen[bytes], extra_s: float) -> bool:
    """Wait for the run to make some progress (a submit intent, a receipt…), then ``extra_s`` more:
    True if the child is still running then (to be killed), False if it finished first."""
    ids = [f.id for f in ledger.filings(run_id)]
    seen = len([e for e in ledger.events(ids) if e.target in PROGRESS])
    while child.poll() is None:
        if len([e for e in ledger.events(ids) if e.target in PROGRESS]) > seen:
            time.sleep(extra_s)
            return child.poll() is None
        time.sleep(0.05)
    return False
