"""bot demo: the whole product on the embedded default, from a fresh clone, in one command.

It starts the six demo portals (the CLI's demo commands are the one bridge to demo/),
gives the example applicant the portal accounts a real one would already have, moves the bank
appointment off a day the branch cannot take (as the clerk would, from the branch's calendar), files
examples/open-company.yaml through open-company with the run engine (hand-offs answered
from the portals' admin API, as a clerk reading the screen would), prints the receipts and
the USCC, and then checks, against each portal's own records, that every item was filed
exactly once with the values its mapping computed.
"""

from __future__ import annotations

import asyncio
import contextlib
import secrets
import shutil
import signal
from typing import Annotated

import typer

from bot.commands.common import JsonOption, err, load, out, print_json, reported_errors, warn
from bot.commands.report import print_documents
from bot.commands.runs import run_table, watched
from bot.commands.tables import show
from bot.errors import ExitCode
from bot.evidence.documents import write_documents
from bot.form.application import load_values
from bot.paths import examples_dir, var_dir
from bot.privacy.log import configure
from bot.run.demo_admin import DemoAccounts, DemoAnswerer, verify, with_bookable_appointment
from bot.run.engine import Engine, EngineOptions
from bot.run.ledger import Ledger
from bot.run.progress import view
from bot.run.start import application_of, start_run

EXAMPLE = examples_dir() / "open-company.yaml"


def demo(
    concurrency: Annotated[int, typer.Option("--concurrency", "-c", min=1, max=8, help="同时办理的事项数")] = 3,
    keep: Annotated[bool, typer.Option("--keep", help="办完后门户继续运行，按 Ctrl-C 结束")] = False,
    as_json: JsonOption = False,
) -> None:
    """演示：启动六个演示门户，用示例申请一键办理“企业开办”，打印回执和统一社会信用代码，并核对每项只提交一次、所填即所映射。"""
    from demo.launcher import PortalsProcess  # the CLI's demo command is the one bridge to demo/

    with reported_errors():
        bundle = load("open-company")
        home = var_dir() / "demo"
        shutil.rmtree(home, ignore_errors=True)  # fresh portals, so a fresh ledger: nothing filed yet
        home.mkdir(parents=True)
        configure(level="WARNING", file=home / "demo.log")
        token = secrets.token_urlsafe(16)
        with PortalsProcess(home / "portals", admin_token=token, base_port=None) as portals:
            if not as_json:
                out.print("演示门户已启动：", markup=False)
                for item, url in portals.urls.items():
                    out.print(f"  {bundle.mappings[item].portal}  {url}", markup=False)
            ledger = Ledger(f"sqlite:///{home / 'ledger.db'}")
            raw, moved = with_bookable_appointment(
                portals.urls["bank-account"], bundle, load_values(EXAMPLE), EXAMPLE.parent
            )
            if moved and not as_json:
                out.print(moved, markup=False)
            run_id = start_run(
                ledger,
                bundle,
                raw,
                base_dir=EXAMPLE.parent,
                source=str(EXAMPLE.resolve()),
                evidence_root=home / "evidence",
            )
            application = application_of(bundle, ledger.application(ledger.run(run_id).application_id))
            accounts = DemoAccounts(portals.urls, token, application)
            accounts.before_run()
            engine = Engine(
                ledger,
                EngineOptions(concurrency=concurrency, base_urls=portals.urls, environ=accounts.environ),
                answerer=DemoAnswerer(portals.urls, token, ledger),
                on_done=accounts.on_done,
            )
            wrapped = watched(ledger, run_id, show=not as_json, live=out.is_terminal)
            asyncio.run(wrapped(engine.drive(run_id)))
            current = view(ledger, run_id, bundle)
            documents, _ = write_documents(ledger, run_id, warn=warn)
            problems = verify(portals.urls, token, bundle, application, {f.item: f.outputs for f in current.filings})
            if as_json:
                print_json(
                    {
                        "run": run_id,
                        "outputs": {f.item: f.outputs for f in current.filings},
                        "states": {f.item: f.state.value for f in current.filings},
                        "problems": problems,
                    }
                )
            else:
                show(run_table(current))
                uscc = current.filings[0].outputs.get("uscc")
                out.print(f"统一社会信用代码：{uscc}", markup=False)
                for problem in problems:
                    err.print(f"核对不符：{problem}", markup=False)
                if not problems:
                    out.print("核对通过：六个门户各收到一次提交，所填即映射所算。", markup=False)
                print_documents(documents)
            if keep:
                out.print("门户仍在运行，按 Ctrl-C 结束。", markup=False)
                with contextlib.suppress(KeyboardInterrupt):
                    signal.pause()
    if problems or not all(f.state == "done" for f in current.filings):
        raise typer.Exit(ExitCode.PROJECT)
