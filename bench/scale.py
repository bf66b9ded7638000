"""Filings per minute with one and with two `bot worker` machines, measured in one run.

The work waits on the portals, as in reality: every demo portal adds ``--latency-ms`` to each
request (the ``latency_ms`` fault), so a worker spends most of a filing waiting, and a second
worker should come close to doubling the throughput while the machine has CPU to spare.

Setup, all throwaway (bench/services.py): a redis-server, a PostgreSQL ledger (a fresh database
per round), the core test portals (demo.placeholder), and the test bundle ``scale-pair``
(tests/scale/pair: a registration with password + captcha login that issues the USCC, then a
filing on an SMS-login portal that needs it). Each round: N distinct applications
(bench.applications) enqueued with the workers already up (their browsers launched), timed
from the enqueue to the last filing settled.

    python -m bench.scale [--applications 8] [--latency-ms 300] [--concurrency 1] [--json]

Not a test: it prints numbers and asserts nothing about time. Exit 1 if a filing did not end done.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.applications import applications
from bench.services import BotWorker, PostgresServer, RedisServer
from bot.mapping.bundle import load_bundle
from bot.paths import PROJECT_ROOT
from bot.privacy.atrest import new_key
from bot.run.ledger import Ledger
from bot.run.start import start_run
from bot.run.states import SETTLED, State
from bot.scale.queue import FilingQueue
from demo.launcher import PortalsProcess
from demo.placeholder import CORE_TEST_SPECS_REF, DEMO_ACCOUNT
from demo.testing import AdminClient

PAIR = PROJECT_ROOT / "tests" / "scale" / "pair"
TOKEN = "bench-scale"


def _round(
    workers: int, args: argparse.Namespace, env: dict[str, str], redis: RedisServer, pg: PostgresServer, tmp: Path
) -> dict[str, Any]:
    database = pg.database(f"bench{workers}")
    env = {**env, "BOT_DATABASE_URL": database}
    ledger = Ledger(database)
    queue = FilingQueue(redis.url)
    queue.redis.flushdb()
    logs = [tmp / f"worker-{workers}-{i}.log" for i in range(workers)]
    running = [BotWorker(env, args.concurrency, log).start() for log in logs]
    try:
        deadline = time.monotonic() + 120
        while not all(" ready." in log.read_text(errors="replace") for log in logs if log.exists()) or not all(
            log.exists() for log in logs
        ):
            if time.monotonic() > deadline:
                raise SystemExit("workers did not start: see " + ", ".join(map(str, logs)))
            time.sleep(0.2)
        bundle = load_bundle(Path(env["BOT_MAPPINGS"]), "scale-pair")
        start = args.applications * workers  # other applicants each round: nothing is shared
        run_ids = [start_run(ledger, bundle, raw, base_dir=tmp) for raw in applications(args.applications, start=start)]
        started = time.perf_counter()
        for run_id in run_ids:
            ledger.set_queued(run_id)
            queue.enqueue_run(run_id)
        while True:
            filings = [f for run_id in run_ids for f in ledger.filings(run_id)]
            if all(f.state in SETTLED for f in filings):
                break
            if time.perf_counter() - started > 900:
                raise SystemExit("the batch did not settle in 15 minutes")
            time.sleep(0.2)
        seconds = time.perf_counter() - started
    finally:
        for worker in running:
            worker.stop()
        queue.close()
        ledger.close()
    done = sum(f.state == State.DONE for f in filings)
    return {
        "workers": workers,
        "filings": len(filings),
        "done": done,
        "seconds": round(seconds, 1),
        "per_minute": round(done / seconds * 60, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--applications", type=int, default=8, help="applications per round (two filings each)")
    parser.add_argument("--latency-ms", type=int, default=300, help="latency every portal adds to each request")
    parser.add_argument("--concurrency", type=int, default=1, help="processes (browsers) per worker")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory() as folder,
        RedisServer() as redis,
        PostgresServer() as pg,
        PortalsProcess(Path(folder) / "portals", admin_token=TOKEN, specs=CORE_TEST_SPECS_REF) as portals,
    ):
        tmp = Path(folder)
        shutil.copytree(PAIR / "mappings", tmp / "mappings")
        shutil.copy(PROJECT_ROOT / "mappings" / "form.yaml", tmp / "mappings" / "form.yaml")
        shutil.copytree(PROJECT_ROOT / "examples" / "scans", tmp / "scans")
        admins = [AdminClient(item, url, TOKEN) for item, url in portals.urls.items()]
        for admin in admins:
            admin.faults(latency_ms=args.latency_ms)
        env = {
            **os.environ,
            "BOT_BROKER_URL": redis.url,
            "BOT_MAPPINGS": str(tmp / "mappings"),
            "BOT_RECIPES": str(PAIR / "recipes"),
            "BOT_VAR": str(tmp / "var"),
            "BOT_SECRET_CORE_PASSWORD": DEMO_ACCOUNT[1],
            "BOT_DEMO_ADMIN_TOKEN": TOKEN,
            "BOT_LOG_LEVEL": "WARNING",
            "BOT_LEDGER_KEY": os.environ.setdefault("BOT_LEDGER_KEY", new_key()),  # this process stores runs too
            **{"BOT_PORTAL_URL_" + item.upper().replace("-", "_"): url for item, url in portals.urls.items()},
        }
        rounds = [_round(workers, args, env, redis, pg, tmp) for workers in (1, 2)]
        for admin in admins:
            admin.close()
    ratio = rounds[1]["per_minute"] / rounds[0]["per_minute"] if rounds[0]["per_minute"] else None
    result = {"latency_ms": args.latency_ms, "concurrency": args.concurrency, "rounds": rounds, "ratio": ratio}
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        for r in rounds:
            print(
                f"{r['workers']} 个工作进程（每个 {args.concurrency} 个浏览器）：{r['done']}/{r['filings']} 件办结，"
                f"用时 {r['seconds']} 秒，每分钟 {r['per_minute']} 件"
            )
        if ratio is not None:
            print(f"两个工作进程的吞吐为一个的 {ratio:.2f} 倍（门户延迟 {args.latency_ms} ms）")
    return 0 if all(r["done"] == r["filings"] for r in rounds) else 1


if __name__ == "__main__":
    raise SystemExit(main())
