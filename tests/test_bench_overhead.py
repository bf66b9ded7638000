"""bench/overhead.py completes and reports a ratio; wall times are never asserted (the machine is shared)."""

from __future__ import annotations

import concurrent.futures
import json

import pytest

from bench.overhead import TARGET, Filing, Report, main, render


@pytest.mark.browser
def test_one_round_files_by_both_paths_and_prints_the_ratio(capsys: pytest.CaptureFixture[str]) -> None:
    # In a thread of its own: main() runs asyncio, which refuses a loop the sync browser fixtures may hold.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        code = pool.submit(main, ["--rounds", "1", "--warmup", "0", "--json"]).result()
    assert code == 0
    report = json.loads(capsys.readouterr().out)
    assert {(f["path"], f["stored"]) for f in report["filings"]} == {("runner", True), ("script", True)}
    assert report["median_ratio"] > 0
    assert report["target"] == TARGET
    assert report["runner_step_medians_s"]
    assert 0 < report["median_ratio_without_screenshots"] < report["median_ratio"]


def test_the_table_shows_each_round_the_median_ratio_and_the_verdict() -> None:
    report = Report(
        rounds=2,
        warmup=1,
        filings=[
            Filing(0, "runner", 9.0, True),
            Filing(0, "script", 9.0, True),
            Filing(1, "runner", 3.0, True, screenshot_seconds=0.6),
            Filing(1, "script", 2.0, True),
            Filing(2, "script", 2.0, True),
            Filing(2, "runner", 2.2, True, screenshot_seconds=0.2),
        ],
    )
    text = render(report)
    assert report.ratios() == pytest.approx([1.5, 1.1])
    assert "    2  script      2.20     2.00   1.100" in text  # the order of each round is shown
    assert "median of per-round ratios runner/script: 1.300" in text
    assert "  min              2.20     2.00   1.100" in text
    assert "FAIL" in text
    assert report.ratios_without_screenshots() == pytest.approx([1.2, 1.0])
    assert "without the runner's evidence screenshots (0.40 s a filing): 1.100" in text
