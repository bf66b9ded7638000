"""How fast a bundle files, measured against the demo portals in one process run.

1. One run of the example through open-company: its wall time against the sum of the
   durations of the filings on its critical path (registration, then the longest of the
   others). A ratio near 1 means the engine adds little beyond what the portals take.
2. A batch of applications (the example under different company names) at concurrency
   1, 2 and 4: filings per minute and peak memory (this process and its browsers), with
   each level's throughput as a ratio of concurrency 1's, measured in the same run.

    python bench/bundle.py [--batch 3] [--levels 1,2,4] [--latency-ms 0] [--json]

Not a test: it prints numbers and asserts nothing about time.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import sys
import tempfile
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.applications import applications
from bench.services import descendants
from bot.mapping.bundle import load_bundle
from bot.paths import PROJECT_ROOT, mappings_dir
from bot.privacy.log import configure
from bot.run.demo_admin import DemoAccounts, DemoAnswerer
from bot.run.engine import Engine, EngineOptions, OnDone
from bot.run.ledger import Ledger
from bot.run.progress import view
from bot.run.start import application_of, start_run
from bot.run.states import State
from demo.launcher import PortalsProcess
from demo.testing import AdminClient

EXAMPLE = PROJECT_ROOT / "examples" / "open-company.yaml"


class PeakMemory:
    """Samples the resident memory of this process and all its descendants (the browsers)."""

    def __init__(self) -> None:
        self.peak_kib = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        while not self._stop.wait(0.2):
            self.peak_kib = max(self.peak_kib, sum(_rss_kib(pid) for pid in descendants(os.getpid())))


def _rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _applications(count: int, round_: int) -> list[dict[str, Any]]:
    """``count`` distinct applicants (bench.applications), another set each round."""
    return applications(count, start=round_ * count + 1)


def _drive(portals: PortalsProcess, ledger: Ledger, run_ids: list[str], concurrency: int) -> float:
    bundle = load_bundle(mappings_dir(), "open-company")
    environ = {f"BOT_SECRET_{name}": secrets.token_urlsafe(12) for name in DemoAccounts.SECRETS}
    accounts = [
        DemoAccounts(
            portals.urls, portals.admin_token, application_of(bundle, ledger.application(run.application_id)), environ
        )
        for run in (ledger.run(run_id) for run_id in run_ids)
    ]
    for account in accounts:
        account.before_run()  # the samr account is the liaison's own mobile
    engine = Engine(
        ledger,
        EngineOptions(concurrency=concurrency, base_urls=portals.urls, environ=environ),
        answerer=DemoAnswerer(portals.urls, portals.admin_token, ledger),
        on_done=_accounts_by_run(ledger, dict(zip(run_ids, accounts, strict=True))),
    )
    started = time.perf_counter()
    asyncio.run(engine.drive_many(run_ids))
    return time.perf_counter() - started


def _accounts_by_run(ledger: Ledger, accounts: dict[str, DemoAccounts]) -> OnDone:
    """Registration done: open the tax and hrss accounts of the applicant whose run it was (each
    applicant has its own tax agent, whose ID number the tax account's profile carries)."""

    async def on_done(item: str, outputs: Mapping[str, str]) -> None:
        for run_id, account in accounts.items():
            if any(f.item == item and f.outputs.get("uscc") == outputs.get("uscc") for f in ledger.filings(run_id)):
                account.item_done(item, outputs)
                return

    return on_done


def _critical_path_seconds(ledger: Ledger, run_id: str) -> tuple[float, dict[str, float]]:
    """Registration's duration plus the longest of the items that need it (open-company's DAG)."""
    durations: dict[str, float] = {}
    for filing in view(ledger, run_id).filings:
        moves = [e for e in filing.events if e.target in (State.RUNNING, State.DONE)]
        if moves:
            durations[filing.item] = (moves[-1].at - moves[0].at).total_seconds()
    rest = [s for item, s in durations.items() if item != "samr-registration"]
    return durations.get("samr-registration", 0.0) + max(rest, default=0.0), durations


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--batch", type=int, default=3, help="applications per batch")
    parser.add_argument("--levels", default="1,2,4", help="concurrency levels")
    parser.add_argument("--latency-ms", type=int, default=0, help="latency added by every portal")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    configure(level="ERROR")
    results: dict[str, Any] = {"batch": args.batch}
    with tempfile.TemporaryDirectory() as tmp, PortalsProcess(Path(tmp) / "portals", admin_token="bench") as portals:
        admins = [AdminClient(item, url, "bench") for item, url in portals.urls.items()]
        for admin in admins:
            admin.faults(latency_ms=args.latency_ms)
        # Every applicant of a batch books the same day and slot at the bank; its branch takes them all.
        next(a for a in admins if a.item == "bank-account").bank_calendar(slot_capacity=99)
        os.environ["BOT_VAR"] = str(Path(tmp) / "var")
        ledger = Ledger(f"sqlite:///{tmp}/ledger.db")
        bundle = load_bundle(mappings_dir(), "open-company")

        [raw] = applications(1, start=0)
        run_id = start_run(ledger, bundle, raw, base_dir=EXAMPLE.parent)
        wall = _drive(portals, ledger, [run_id], concurrency=6)
        critical, durations = _critical_path_seconds(ledger, run_id)
        results["single_run"] = {
            "wall_s": round(wall, 1),
            "critical_path_s": round(critical, 1),
            "ratio": round(wall / critical, 2) if critical else None,
            "filings_s": {k: round(v, 1) for k, v in durations.items()},
        }
        if not args.json:
            print(
                f"一次运行：总用时 {wall:.1f} 秒，"
                f"关键路径上各办件用时之和 {critical:.1f} 秒，比值 {wall / critical:.2f}"
            )

        levels: list[dict[str, Any]] = []
        for round_, concurrency in enumerate(int(c) for c in args.levels.split(",")):
            run_ids = [
                start_run(ledger, bundle, raw, base_dir=EXAMPLE.parent) for raw in _applications(args.batch, round_)
            ]
            with PeakMemory() as memory:
                seconds = _drive(portals, ledger, run_ids, concurrency)
            filings = [f for run_id in run_ids for f in ledger.filings(run_id)]
            done = sum(f.state == State.DONE for f in filings)
            for f in filings:
                if f.state != State.DONE and not args.json:
                    print(f"  未办结：{f.item} {f.state} {f.error or ''}")
            levels.append(
                {
                    "concurrency": concurrency,
                    "filings": len(filings),
                    "done": done,
                    "seconds": round(seconds, 1),
                    "per_minute": round(done / seconds * 60, 1),
                    "peak_memory_mib": round(memory.peak_kib / 1024),
                }
            )
        base = levels[0]["per_minute"] or 1
        for level in levels:
            level["vs_concurrency_1"] = round(level["per_minute"] / base, 2)
            if not args.json:
                print(
                    f"并发 {level['concurrency']}：{level['done']}/{level['filings']} 件办结，"
                    f"用时 {level['seconds']} 秒，"
                    f"每分钟 {level['per_minute']} 件（为并发 1 的 {level['vs_concurrency_1']} 倍），"
                    f"内存峰值 {level['peak_memory_mib']} MiB"
                )
        results["levels"] = levels
        for admin in admins:
            admin.close()
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
