"""A run driven in a child process, so that a test can kill it with SIGKILL at any moment.

``python -m tests.demo.engine_child SPEC.json``: the spec names the ledger URL, the run,
the portal URLs, the admin token and the demo accounts' passwords. On start it opens the
accounts that items already done would have opened, then drives the run to its end.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

from bot.mapping.bundle import load_bundle
from bot.paths import mappings_dir
from bot.privacy.log import configure
from bot.run.demo_admin import DemoAccounts, DemoAnswerer
from bot.run.engine import Engine, EngineOptions
from bot.run.ledger import Ledger
from bot.run.start import application_of
from bot.run.states import State


def main(spec_path: str) -> None:
    spec = json.loads(Path(spec_path).read_text(encoding="utf-8"))
    configure(level="WARNING", file=spec["log"])
    ledger = Ledger(spec["ledger"])
    run = ledger.run(spec["run"])
    bundle = load_bundle(mappings_dir(), run.bundle)
    application = application_of(bundle, ledger.application(run.application_id))
    accounts = DemoAccounts(spec["urls"], spec["token"], application, spec["environ"])
    accounts.catch_up({f.item: f.outputs for f in ledger.filings(run.id) if f.state == State.DONE})
    engine = Engine(
        ledger,
        EngineOptions(
            concurrency=spec.get("concurrency", 3),
            base_urls=spec["urls"],
            environ=accounts.environ,
            backoff_s=0.2,
            lease_s=spec.get("lease_s", 30.0),
        ),
        answerer=DemoAnswerer(spec["urls"], spec["token"], ledger),
        on_done=accounts.on_done,
    )
    asyncio.run(engine.drive(run.id))


if __name__ == "__main__":
    main(sys.argv[1])
