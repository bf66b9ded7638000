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
import copy
import datetime as dt
import secrets
import shutil
import signal
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any

import httpx
import typer

from bot.commands.common import JsonOption, err, load, out, print_json, reported_errors
from bot.commands.report import print_documents, write_documents
from bot.commands.runs import run_table, watched
from bot.errors import BotError, ExitCode
from bot.form.application import load_values
from bot.mapping.bundle import Bundle
from bot.paths import PROJECT_ROOT, var_dir
from bot.privacy.log import configure
from bot.run.engine import Engine, EngineOptions
from bot.run.handoff import DemoAnswerer
from bot.run.ledger import Ledger
from bot.run.progress import view
from bot.run.start import application_of, start_run, validated

EXAMPLE = PROJECT_ROOT / "examples" / "open-company.yaml"


class DemoAccounts:
    """The portal accounts the example applicant holds: samr before the run, tax and hrss (keyed by
    the USCC) as soon as registration issues it. Passwords are random, handed over as secrets."""

    SECRETS = ("SAMR_PASSWORD", "TAX_PASSWORD", "HRSS_PASSWORD")

    def __init__(
        self, urls: Mapping[str, str], token: str, application: Any, environ: Mapping[str, str] | None = None
    ) -> None:
        self.urls = urls
        self.token = token
        self.app = application
        self.environ = dict(environ or {f"BOT_SECRET_{name}": secrets.token_urlsafe(12) for name in self.SECRETS})

    def catch_up(self, done: Mapping[str, Mapping[str, str]]) -> None:
        """After a restart: the accounts that items already done would have opened (creating is idempotent)."""
        self.before_run()
        for item, outputs in done.items():
            self.item_done(item, outputs)

    def _admin(self, item: str, path: str, body: Mapping[str, Any]) -> Any:
        response = httpx.post(
            f"{self.urls[item]}/__admin{path}", json=dict(body), headers={"X-Admin-Token": self.token}, timeout=10
        )
        response.raise_for_status()
        return response.json()

    def before_run(self) -> None:
        liaison_mobile = self.app.values["liaison"]["mobile"]
        self._account("samr-registration", liaison_mobile, "SAMR_PASSWORD")

    async def on_done(self, item: str, outputs: Mapping[str, str]) -> None:
        self.item_done(item, outputs)

    def item_done(self, item: str, outputs: Mapping[str, str]) -> None:
        if item != "samr-registration":
            return
        uscc = outputs["uscc"]
        tax_agent = self.app.values["tax_agent"]["id_number"]
        self._account("tax-registration", uscc, "TAX_PASSWORD", id_number=tax_agent)
        self._account("hrss-insurance", uscc, "HRSS_PASSWORD")

    def _account(self, item: str, account: str, secret: str, **profile: str) -> None:
        password = self.environ[f"BOT_SECRET_{secret}"]
        self._admin(item, "/accounts", {"account": account, "password": password, "profile": profile})


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
            documents, _ = write_documents(ledger, run_id)
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
                out.print(run_table(current))
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


def with_bookable_appointment(
    bank_url: str, bundle: Bundle, raw: Mapping[str, Any], base_dir: Path, today: dt.date | None = None
) -> tuple[dict[str, Any], str | None]:
    """``raw`` with its bank appointment on the first day from the wanted one that the branch's calendar offers,
    and what was moved (None: nothing). The form's default, three working days ahead, can fall on a day the
    branch cannot take (its monthly stock-taking, 网点盘点; booked out): the help text tells the clerk to
    book another, which is what the demo's clerk does, from the same calendar the portal's page shows."""
    bank = validated(bundle, raw, base_dir, today).values["bank"]
    wanted: dt.date = bank["appointment_date"]
    day = bookable_day(bank_url, str(bank["branch"]), wanted)
    if day == wanted:
        return dict(raw), None
    moved = copy.deepcopy(dict(raw))
    moved["bank"]["appointment_date"] = day.isoformat()
    return moved, f"开户预约：{wanted} 网点不可预约，已改约 {day}"


def bookable_day(bank_url: str, branch: str, wanted: dt.date) -> dt.date:
    """The first day on or after ``wanted`` (or the first at all, if ``wanted`` has passed) that the demo bank's
    public calendar offers at ``branch`` (its name), this month or the next."""
    from demo.bank.codes import BRANCHES

    code = next((b.code for b in BRANCHES if b.name == branch), None)
    if code is None:
        raise BotError(f"演示银行没有网点“{branch}”")
    with httpx.Client(base_url=bank_url, trust_env=False, timeout=10) as http:
        first = http.get("/api/calendar", params={"brchNo": code}).json()["data"]  # the month of tomorrow
        month = dt.date.fromisoformat(first["month"] + "-01")
        following = (month + dt.timedelta(days=31)).replace(day=1)
        second = http.get("/api/calendar", params={"brchNo": code, "month": f"{following:%Y-%m}"}).json()["data"]
    days = [dt.date.fromisoformat(d["date"]) for data in (first, second) for d in data["days"] if d["status"] == "open"]
    for day in days:
        if day >= wanted:
            return day
    raise BotError(f"演示银行“{branch}”在 {wanted} 之后没有可预约的日期")


def verify(urls: Mapping[str, str], token: str, bundle: Any, application: Any, outputs: Mapping[str, Any]) -> list[str]:
    """Each portal holds exactly one submission, whose receipt is the one brought back, and which the
    portal itself shows (its admin API's ``shown`` view: its own labels, option labels, file names)
    with every value the mapping computed."""
    problems: list[str] = []
    for item, mapping in bundle.mappings.items():
        response = httpx.get(f"{urls[item]}/__admin/submissions", headers={"X-Admin-Token": token}, timeout=10)
        stored = response.json()
        if len(stored) != 1:
            problems.append(f"{mapping.title}：门户记录了 {len(stored)} 次提交（应为 1 次）")
            continue
        receipt = stored[0].get("receipt_no")
        if receipt and receipt not in outputs.get(item, {}).values():
            problems.append(f"{mapping.title}：取回的回执与门户记录的受理编号 {receipt} 不一致")
        shown = _leaves(stored[0].get("shown") or {})
        for where, value in _leaves(mapping.evaluate(application, outputs)).items():
            if where not in shown:
                problems.append(f"{mapping.title}：门户未显示“{' / '.join(where)}”")
            elif _shown(value) != _shown(shown[where]):
                problems.append(f"{mapping.title}：“{' / '.join(where)}”门户显示的值与映射不一致")
    return problems


def _leaves(node: Mapping[str, Any], parent: str = "") -> dict[tuple[str, str], Any]:
    """(group, label) → value, tables as the list of each column's values. A field is named by its
    own group and label: the portal's page and the mapping may nest groups differently (tax)."""
    found: dict[tuple[str, str], Any] = {}
    for label, value in node.items():
        if isinstance(value, Mapping):
            found |= _leaves(value, label)
        elif isinstance(value, list) and value and all(isinstance(row, Mapping) for row in value):
            for row in value:
                for column, cell in _leaves(row, label).items():
                    found.setdefault(column, []).append(cell)
        else:
            found[(parent, label)] = value
    return found


def _shown(value: Any) -> Any:
    """A value as a person compares it: text, a file by its name, a list item by item."""
    if isinstance(value, list):
        return [_shown(v) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    text = str(value).strip()
    return Path(text).name if "/" in text and Path(text).suffix else text
