"""What the recipe runner costs over a hand-written script: ``python -m bench.overhead [--rounds N] [--json]``.

Files the example application's tax-registration on the demo 电子税务局 two ways, in one
browser, alternating: A through ``bot.run.filing.file_item`` (recipe, mapping, adapters,
read-back, screenshots: exactly what the product runs) and B through
:mod:`bench.handwritten` (the same fills, no extras). Timings on a shared machine drift,
so each round times one A and one B back to back (the order flips every round) and the
result is the median of the per-round ratios A/B. Issue target: ≤ 1.15. Every filing
must leave exactly one stored submission whose receipt the filing read; the ratio is
reported, never asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal, TypeVar

from playwright.async_api import Browser, async_playwright

from bench.handwritten import Login, file_tax_registration
from bot.errors import BotError
from bot.form.application import Application, load_values, validate
from bot.form.reduction import reduce
from bot.mapping.bundle import Bundle, load_bundle
from bot.paths import PROJECT_ROOT
from bot.privacy import log
from bot.recipe.browser import launch_async
from bot.run.filing import FilingRequest, file_item
from demo.launcher import PortalsProcess
from demo.testing import AdminClient

ITEM = "tax-registration"
BUNDLE = "open-company"
EXAMPLE = PROJECT_ROOT / "examples" / "open-company.yaml"
TARGET = 1.15
PathName = Literal["runner", "script"]
T = TypeVar("T")


class BenchFailed(Exception):
    """A filing did not complete or did not store what it claimed: no ratio is worth printing."""


@dataclass(frozen=True)
class Subject:
    """What both paths file: the bundle (with the mapping) and the validated example application."""

    bundle: Bundle
    app: Application


@dataclass(frozen=True)
class Filing:
    round: int  # 0 = warm-up, not counted
    path: PathName
    seconds: float
    stored: bool  # the portal held exactly one submission, under the receipt this filing read
    steps: dict[str, float] = field(default_factory=dict)  # runner only: seconds per step name (or verb)
    screenshot_seconds: float = 0.0  # runner only: of ``seconds``, the evidence screenshots'


@dataclass
class Report:
    rounds: int
    warmup: int
    filings: list[Filing]

    def seconds(self, path: PathName) -> list[float]:
        return [f.seconds for f in self._counted() if f.path == path]

    def ratios(self) -> list[float]:
        return [a / b for a, b in zip(self.seconds("runner"), self.seconds("script"), strict=True)]

    def median_ratio(self) -> float:
        return statistics.median(self.ratios())

    def ratios_without_screenshots(self) -> list[float]:
        """The runner's own work: each runner filing less the time its evidence screenshots took."""
        runner = [f.seconds - f.screenshot_seconds for f in self._counted() if f.path == "runner"]
        return [a / b for a, b in zip(runner, self.seconds("script"), strict=True)]

    def fastest_ratio(self) -> float:
        """Fastest runner over fastest script: the least disturbed filings, a check on a noisy median."""
        return min(self.seconds("runner")) / min(self.seconds("script"))

    def meets_target(self) -> bool:
        return self.median_ratio() <= TARGET

    def step_medians(self) -> dict[str, float]:
        """Median seconds of each runner step across counted rounds, in recipe order (unnamed steps by verb)."""
        runs = [f.steps for f in self._counted() if f.path == "runner"]
        return {step: statistics.median(r.get(step, 0.0) for r in runs) for step in runs[0]} if runs else {}

    def _counted(self) -> list[Filing]:
        return [f for f in self.filings if f.round > 0]

    def to_json(self) -> dict[str, Any]:
        return {
            "item": ITEM,
            "rounds": self.rounds,
            "warmup": self.warmup,
            "filings": [asdict(f) for f in self.filings],
            "median_runner_s": statistics.median(self.seconds("runner")),
            "median_script_s": statistics.median(self.seconds("script")),
            "ratios": self.ratios(),
            "median_ratio": self.median_ratio(),
            "median_ratio_without_screenshots": statistics.median(self.ratios_without_screenshots()),
            "target": TARGET,
            "meets_target": self.meets_target(),
            "fastest_ratio": self.fastest_ratio(),
            "runner_step_medians_s": self.step_medians(),
        }


def load_subject(today: dt.date) -> Subject:
    """The example application, validated as the tests do (tests/conftest.py)."""
    bundle = load_bundle(PROJECT_ROOT / "mappings", BUNDLE)
    used = {f.spec.path for f in reduce(bundle).fields}
    app = validate(bundle.form, load_values(EXAMPLE), base_dir=EXAMPLE.parent, today=today, used=used)
    return Subject(bundle, app)


def prepare(admin: AdminClient, app: Application) -> Login:
    """A clean portal that accepts the filing again: wiped, the company registered, an account for it."""
    admin.reset()
    company = app.values["company"]
    published = admin.publish_company(
        company["name"], company["full_address"], app.values["legal_rep"]["name"], region=str(company["region"])
    )
    login = Login(str(published["uscc"]), str(app.values["tax_agent"]["id_number"]), secrets.token_urlsafe(12))
    admin.create_account(login.uscc, login.password, id_number=login.id_number)
    return login


def outputs_for(login: Login) -> dict[str, dict[str, str]]:
    """What samr-registration would have brought back, as both paths' mapping input."""
    return {"samr-registration": {"uscc": login.uscc, "licence_pdf": ""}}


async def timed(work: Awaitable[T]) -> tuple[T, float]:
    """Wall time of one filing only: the portal's preparation and the mapping for B stay outside."""
    start = time.perf_counter()
    result = await work
    return result, time.perf_counter() - start


def runner_request(subject: Subject, url: str, login: Login, evidence: Path) -> FilingRequest:
    """Path A's input: what ``bot run-item`` would build, the password passed as the environment would."""
    return FilingRequest(
        bundle=subject.bundle,
        item=ITEM,
        application=subject.app,
        outputs=outputs_for(login),
        evidence_dir=evidence,
        base_url=url,
        environ={"BOT_SECRET_TAX_PASSWORD": login.password},
    )


@dataclass(frozen=True)
class Bench:
    """Everything one filing needs: the portal, its admin API, one browser, the subject, a scratch dir."""

    subject: Subject
    url: str
    admin: AdminClient
    browser: Browser
    scratch: Path


async def one_filing(bench: Bench, round_no: int, path: PathName) -> tuple[Filing, dict[str, Any]]:
    """Prepare the portal, time one filing by ``path``, check what it stored; returns the stored payload too."""
    login = prepare(bench.admin, bench.subject.app)
    steps: dict[str, float] = {}
    screenshots = 0.0
    if path == "runner":
        evidence = bench.scratch / f"evidence-{round_no}"
        request = runner_request(bench.subject, bench.url, login, evidence)
        result, seconds = await timed(file_item(request, None, browser=bench.browser))
        receipt = result.outputs["document_no"]
        screenshots = result.screenshot_seconds
        for timing in result.timings:
            steps[timing.step] = steps.get(timing.step, 0.0) + timing.seconds
    else:
        values = bench.subject.bundle.mappings[ITEM].evaluate(bench.subject.app, outputs_for(login))
        receipt, seconds = await timed(file_tax_registration(bench.browser, bench.url, values, login))
    payload = stored_payload(bench.admin, receipt)  # raises unless the portal holds exactly this filing
    return Filing(round_no, path, seconds, True, steps, screenshots), payload


def stored_payload(admin: AdminClient, receipt: str) -> dict[str, Any]:
    """The one submission since the reset, under the receipt the filing read from the page."""
    found = admin.submissions()
    if [s["receipt_no"] for s in found] != [receipt]:
        raise BenchFailed(f"门户存储的提交与回执不符（{len(found)} 条提交）")
    payload: dict[str, Any] = found[0]["payload"]
    return payload


def same_fills(reference: Mapping[str, Any], payload: Mapping[str, Any]) -> None:
    """Both paths must have filed the same values, or the comparison is between different jobs."""
    differ = sorted(k for k in reference.keys() | payload.keys() if reference.get(k) != payload.get(k))
    if differ:
        raise BenchFailed("两种方式提交的数据不同，字段：" + "、".join(differ))


async def measure(rounds: int, warmup: int = 1, *, today: dt.date | None = None) -> Report:
    """Start the portals and one browser, then alternate the two paths for warm-up and counted rounds."""
    subject = load_subject(today or dt.date.today())
    filings: list[Filing] = []
    with tempfile.TemporaryDirectory(prefix="bench-overhead-") as tmp:
        scratch = Path(tmp)
        with PortalsProcess(scratch / "portals", admin_token=secrets.token_urlsafe(16)) as portals:
            admin = AdminClient(ITEM, portals.urls[ITEM], portals.admin_token)
            try:
                async with async_playwright() as playwright:
                    browser = await launch_async(playwright)
                    try:
                        bench = Bench(subject, portals.urls[ITEM], admin, browser, scratch)
                        await _alternate(bench, rounds, warmup, filings)
                    finally:
                        await browser.close()
            finally:
                admin.close()
    return Report(rounds, warmup, filings)


async def _alternate(bench: Bench, rounds: int, warmup: int, filings: list[Filing]) -> None:
    """Warm-up rounds are numbered 0 and not counted; the order flips every round so neither path always goes first."""
    reference: dict[str, Any] | None = None
    for index in range(warmup + rounds):
        round_no = max(0, index - warmup + 1)
        order: tuple[PathName, PathName] = ("runner", "script") if index % 2 == 0 else ("script", "runner")
        for path in order:
            filing, payload = await one_filing(bench, round_no, path)
            reference = reference or payload
            same_fills(reference, payload)
            filings.append(filing)


# --- output --------------------------------------------------------------------------------------


def round_lines(report: Report) -> list[str]:
    """One line per counted round (which path went first, both times, their ratio); bench.kits prints them too."""
    counted = [f for f in report.filings if f.round > 0]
    lines = []
    for n, ratio in enumerate(report.ratios(), start=1):
        pair = [f for f in counted if f.round == n]
        runner = next(f.seconds for f in pair if f.path == "runner")
        script = next(f.seconds for f in pair if f.path == "script")
        lines.append(f"{n:>5}  {pair[0].path:<7} {runner:>8.2f} {script:>8.2f} {ratio:>7.3f}")
    return lines


def render(report: Report) -> str:
    """A table a person reads: one line per counted round, then the medians and the verdict."""
    lines = [
        f"{ITEM}: recipe runner (bot.run.filing.file_item) vs hand-written Playwright, one browser,",
        f"{report.rounds} rounds alternated (+{report.warmup} warm-up, not counted); seconds per filing",
        "",
        f"{'round':>5}  {'first':<7} {'runner':>8} {'script':>8} {'ratio':>7}",
    ]
    counted = [f for f in report.filings if f.round > 0]
    lines += round_lines(report)
    median_runner = statistics.median(report.seconds("runner"))
    median_script = statistics.median(report.seconds("script"))
    verdict = "PASS" if report.meets_target() else "FAIL"
    shots = statistics.median(f.screenshot_seconds for f in counted if f.path == "runner")
    lines += [
        f"{'median':>5}  {'':<7} {median_runner:>8.2f} {median_script:>8.2f} {report.median_ratio():>7.3f}",
        f"{'min':>5}  {'':<7} {min(report.seconds('runner')):>8.2f} {min(report.seconds('script')):>8.2f}"
        f" {report.fastest_ratio():>7.3f}",
        "",
        f"median of per-round ratios runner/script: {report.median_ratio():.3f}"
        f"  (target ≤ {TARGET:.2f}: {verdict}); every filing stored exactly one submission",
        f"the same without the runner's evidence screenshots ({shots:.2f} s a filing):"
        f" {statistics.median(report.ratios_without_screenshots()):.3f}",
    ]
    return "\n".join(lines)


def render_steps(report: Report) -> str:
    """Where the runner's time goes, by recipe step (median seconds)."""
    rows = [f"  {seconds:6.2f}  {step}" for step, seconds in report.step_medians().items()]
    return "\n".join(["runner steps, median seconds (unnamed steps summed by verb):", *rows])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.overhead", description=__doc__.splitlines()[0])
    # 21: on two busy cores the median of 11 rounds still swings by ±0.05 from run to run (bench/README.md)
    parser.add_argument("--rounds", type=positive, default=21, help="counted rounds (default 21)")
    parser.add_argument("--warmup", type=not_negative, default=1, help="warm-up rounds, not counted (default 1)")
    parser.add_argument("--steps", action="store_true", help="also print the runner's median time per recipe step")
    parser.add_argument("--json", action="store_true", help="print the report as JSON, for scripts")
    args = parser.parse_args(argv)
    log.configure(level="WARNING")  # the runner's step log would interleave with the table
    try:
        report = asyncio.run(measure(args.rounds, args.warmup))
    except (BenchFailed, BotError) as exc:
        print(f"bench failed: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        print(render(report))
        if args.steps:
            print(render_steps(report))
    return 0


def positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def not_negative(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must not be negative")
    return value


if __name__ == "__main__":
    sys.exit(main())
