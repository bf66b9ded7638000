"""Each kit's fill_form against a hand-written script: ``python -m bench.kits [--only SHORT] [--rounds N] [--json]``.

For every library bed (``demo.kits.BEDS``) that has a hand-written script (``bench/kits_hand/<short>.py``),
files the bed's form two ways in one browser, alternating: A through ``bot.run.filing.file_item`` (the
bed's recipe: login, ``fill_form`` per section with the kit's read-back, submit; exactly what
tests/kits/<short>/test_recipe.py files) and B through the hand-written Playwright script (the same fills
and submit as an expert writes them for that page, the same values computed before the clock, no
read-back, no screenshots). The method is bench/overhead.py's: each round times one A and one B back to
back (the order flips every round, warm-up rounds are not counted) and the result per library is the
median of the per-round ratios A/B. Issue target: ≤ 1.15. Every filing must leave exactly one stored
submission, under the receipt it read, and both paths must store the same payload, else exit 1; the
ratio is reported, never asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import importlib
import json
import secrets
import statistics
import sys
import tempfile
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, cast

from playwright.async_api import Browser, async_playwright

from bench.overhead import (
    TARGET,
    BenchFailed,
    Filing,
    PathName,
    Report,
    Subject,
    load_subject,
    not_negative,
    positive,
    round_lines,
    same_fills,
    timed,
)
from bot.errors import BotError
from bot.mapping.item import load_mappings
from bot.paths import PROJECT_ROOT
from bot.privacy import log
from bot.recipe.browser import launch_async
from bot.run.filing import FilingRequest, file_item, item_recipe
from demo.kits import BEDS
from demo.launcher import PortalsProcess
from demo.testing import AdminClient

HAND = "bench.kits_hand"  # bench/kits_hand/<short>.py: the hand-written filing of one bed
HandFiling = Callable[[Browser, str, Mapping[str, Any], tuple[str, str]], Awaitable[str]]


@dataclass(frozen=True)
class Bed:
    """One library's test bed: its item, its demo account, the hand-written script that files it."""

    short: str  # antd, layui, elplus, elui
    item: str  # bed-<short>
    account: tuple[str, str]  # the demo account the bed seeds (user name, password)
    hand: HandFiling  # ``file(browser, base_url, f, account)`` → the receipt number (受理编号)


def find_beds(only: Sequence[str] = ()) -> tuple[list[Bed], list[str]]:
    """The beds on this branch that have a hand-written script (and are in ``only``, if given); and the
    names of those left out for want of one."""
    found: list[Bed] = []
    missing: list[str] = []
    for item, module_name in BEDS.items():
        short = item.removeprefix("bed-")  # as tests/kits/<short>/ names the bed
        if only and short not in only:
            continue
        try:
            hand = importlib.import_module(f"{HAND}.{short}")
        except ModuleNotFoundError:
            missing.append(short)
            continue
        account = importlib.import_module(module_name).DEMO_ACCOUNT
        found.append(Bed(short, item, (str(account[0]), str(account[1])), cast(HandFiling, hand.file)))
    return found, missing


@dataclass
class BedReport(Report):
    """bench.overhead's report (per-filing seconds, per-round ratios, medians) for one bed."""

    bed: str = ""
    item: str = ""

    def spread(self) -> tuple[float, float]:
        ratios = self.ratios()
        return min(ratios), max(ratios)

    def to_json(self) -> dict[str, Any]:
        low, high = self.spread()
        return {**super().to_json(), "item": self.item, "bed": self.bed, "ratio_min": low, "ratio_max": high}


def with_beds(subject: Subject) -> Subject:
    """The bundle with every bed's item beside the six (beds belong to no bundle of their own), as
    tests/kits/antd/test_recipe.py files them."""
    bundle = subject.bundle
    mappings = load_mappings(PROJECT_ROOT / "mappings", bundle.form)
    beds = {item: mappings[item] for item in BEDS}
    return Subject(
        replace(bundle, mappings={**bundle.mappings, **beds}, needs={**bundle.needs, **{item: [] for item in beds}}),
        subject.app,
    )


OUTPUTS: dict[str, dict[str, str]] = {}  # a bed's mapping uses no earlier filing's outputs


def runner_request(subject: Subject, bed: Bed, url: str, evidence: Path) -> FilingRequest:
    """Path A's input: what ``bot run-item`` would build, the password passed as the environment would."""
    names = item_recipe(bed.item).secrets
    return FilingRequest(
        bundle=subject.bundle,
        item=bed.item,
        application=subject.app,
        outputs=OUTPUTS,
        evidence_dir=evidence,
        base_url=url,
        environ={f"BOT_SECRET_{name}": bed.account[1] for name in names},
    )


@dataclass(frozen=True)
class Bench:
    subject: Subject
    bed: Bed
    url: str
    admin: AdminClient
    browser: Browser
    scratch: Path


async def one_filing(bench: Bench, round_no: int, path: PathName) -> tuple[Filing, dict[str, Any]]:
    """Reset the bed, time one filing by ``path``, check what it stored; returns the stored payload too."""
    bench.admin.reset()
    steps: dict[str, float] = {}
    screenshots = 0.0
    if path == "runner":
        evidence = bench.scratch / f"evidence-{bench.bed.short}-{round_no}"
        request = runner_request(bench.subject, bench.bed, bench.url, evidence)
        result, seconds = await timed(file_item(request, None, browser=bench.browser))
        receipt = result.outputs["receipt_no"]
        screenshots = result.screenshot_seconds
        sections = iter(fill_form_groups(bench.bed.item))
        for timing in result.timings:
            step = f"fill_form {next(sections, '?')}" if timing.step == "fill_form" else timing.step
            steps[step] = steps.get(step, 0.0) + timing.seconds
    else:
        values = bench.subject.bundle.mappings[bench.bed.item].evaluate(bench.subject.app, OUTPUTS)
        receipt, seconds = await timed(bench.bed.hand(bench.browser, bench.url, values, bench.bed.account))
    payload = stored_payload(bench.admin, receipt)
    return Filing(round_no, path, seconds, True, steps, screenshots), payload


def fill_form_groups(item: str) -> list[str]:
    """The sections the recipe's unnamed ``fill_form`` steps fill, in order (their timings are named by the verb)."""
    steps = item_recipe(item).steps
    return [str(args.group) for step in steps if not step.name and (args := getattr(step, "fill_form", None))]


def stored_payload(admin: AdminClient, receipt: str) -> dict[str, Any]:
    """The one submission since the reset, under the receipt the filing read from the page."""
    found = admin.submissions()
    if [s["receipt_no"] for s in found] != [receipt]:
        raise BenchFailed(f"{admin.item}：门户存储的提交与回执不符（{len(found)} 条提交，回执「{receipt}」）")
    payload: dict[str, Any] = found[0]["payload"]
    return payload


async def measure_bed(bench: Bench, rounds: int, warmup: int) -> BedReport:
    """Warm-up rounds are numbered 0 and not counted; the order flips every round so neither path always goes first."""
    bed = bench.bed
    filings: list[Filing] = []
    reference: dict[str, Any] | None = None
    for index in range(warmup + rounds):
        round_no = max(0, index - warmup + 1)
        order: tuple[PathName, PathName] = ("runner", "script") if index % 2 == 0 else ("script", "runner")
        for path in order:
            filing, payload = await one_filing(bench, round_no, path)
            reference = reference or payload
            try:
                same_fills(reference, payload)
            except BenchFailed as exc:
                raise BenchFailed(f"{bed.item}：{exc}") from None
            filings.append(filing)
    return BedReport(rounds, warmup, filings, bed=bed.short, item=bed.item)


async def measure(
    beds: Sequence[Bed], rounds: int, warmup: int = 1, *, today: dt.date | None = None
) -> list[BedReport]:
    """Start the beds and one browser; file each bed's rounds in turn."""
    subject = with_beds(load_subject(today or dt.date.today()))
    reports: list[BedReport] = []
    with tempfile.TemporaryDirectory(prefix="bench-kits-") as tmp:
        scratch = Path(tmp)
        token = secrets.token_urlsafe(16)
        with PortalsProcess(scratch / "portals", admin_token=token, specs="demo.kits:BED_SPECS") as portals:
            async with async_playwright() as playwright:
                browser = await launch_async(playwright)
                try:
                    for bed in beds:
                        admin = AdminClient(bed.item, portals.urls[bed.item], token)
                        try:
                            bench = Bench(subject, bed, portals.urls[bed.item], admin, browser, scratch)
                            reports.append(await measure_bed(bench, rounds, warmup))
                        finally:
                            admin.close()
                finally:
                    await browser.close()
    return reports


# --- output --------------------------------------------------------------------------------------


def render_bed(report: BedReport) -> str:
    """One bed's rounds, as bench.overhead prints them."""
    lines = [
        f"{report.item}: recipe runner (fill_form) vs hand-written Playwright, {report.rounds} rounds alternated"
        f" (+{report.warmup} warm-up, not counted); seconds per filing",
        f"{'round':>5}  {'first':<7} {'runner':>8} {'script':>8} {'ratio':>7}",
    ]
    lines += round_lines(report)
    lines += [
        f"{'median':>5}  {'':<7} {statistics.median(report.seconds('runner')):>8.2f}"
        f" {statistics.median(report.seconds('script')):>8.2f} {report.median_ratio():>7.3f}",
        f"{'min':>5}  {'':<7} {min(report.seconds('runner')):>8.2f} {min(report.seconds('script')):>8.2f}"
        f" {report.fastest_ratio():>7.3f}",
    ]
    return "\n".join(lines)


def render_summary(reports: Sequence[BedReport]) -> str:
    lines = [
        f"{'bed':<7} {'runner s':>8} {'script s':>8} {'median':>7} {'spread':>13} {'min':>6} "
        f"{'no shots':>8}  target ≤ {TARGET:.2f}",
    ]
    for r in reports:
        low, high = r.spread()
        verdict = "PASS" if r.meets_target() else "FAIL"
        lines.append(
            f"{r.bed:<7} {statistics.median(r.seconds('runner')):>8.2f} {statistics.median(r.seconds('script')):>8.2f}"
            f" {r.median_ratio():>7.3f} {low:>6.3f}-{high:<6.3f} {r.fastest_ratio():>6.3f}"
            f" {statistics.median(r.ratios_without_screenshots()):>8.3f}  {verdict}"
        )
    lines.append(
        "median: of the per-round ratios runner/script; spread: their lowest and highest; min: fastest runner over"
        " fastest script; no shots: the median without the runner's evidence screenshots. Every filing stored"
        " exactly one submission and both paths the same payload."
    )
    return "\n".join(lines)


def render_steps(report: BedReport) -> str:
    rows = [f"  {seconds:6.2f}  {step}" for step, seconds in report.step_medians().items()]
    return "\n".join([f"{report.item}: runner steps, median seconds (unnamed steps summed by verb):", *rows])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.kits", description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=positive, default=3, help="counted rounds per library (default 3)")
    parser.add_argument("--warmup", type=not_negative, default=1, help="warm-up rounds, not counted (default 1)")
    parser.add_argument("--only", action="append", default=[], metavar="SHORT", help="only this bed (antd, layui…)")
    parser.add_argument("--steps", action="store_true", help="also print the runner's median time per recipe step")
    parser.add_argument("--json", action="store_true", help="print the reports as JSON, for scripts")
    args = parser.parse_args(argv)
    beds, missing = find_beds(args.only)
    if args.only and not beds:
        known = sorted(item.removeprefix("bed-") for item in BEDS)
        print(f"no bed with a hand-written script among {args.only} (beds: {', '.join(known)})", file=sys.stderr)
        return 2
    for short in missing:
        print(f"bed-{short}: no hand-written script ({HAND}.{short}), not measured", file=sys.stderr)
    log.configure(level="WARNING")  # the runner's step log would interleave with the table
    try:
        reports = asyncio.run(measure(beds, args.rounds, args.warmup))
    except (BenchFailed, BotError) as exc:
        print(f"bench failed: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps([r.to_json() for r in reports], ensure_ascii=False, indent=2))
        return 0
    for report in reports:
        print(render_bed(report))
        if args.steps:
            print(render_steps(report))
        print()
    print(render_summary(reports))
    return 0


if __name__ == "__main__":
    sys.exit(main())
