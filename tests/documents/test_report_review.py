"""The run report's 辅助审核 section: each finding with its crop, the ID number masked."""

from __future__ import annotations

from pathlib import Path

from bot.documents.review import load_rules, review
from bot.documents.runs import write_review
from bot.evidence.report import write_report
from bot.form.application import Application
from bot.mapping.bundle import Bundle
from bot.paths import mappings_dir
from bot.run.ledger import Ledger
from tests.test_report import ledger, realistic_run  # noqa: F401  (the fixture)

from .conftest import TODAY


def test_the_report_shows_the_review_with_crops(
    ledger: Ledger,  # noqa: F811
    bundle: Bundle,
    example_app: Application,
    example_raw: dict[str, object],
    reading,  # type: ignore[no-untyped-def]
) -> None:
    run_id = realistic_run(ledger, bundle, example_raw)
    rules = load_rules(mappings_dir() / "reviews" / "open-company.yaml")
    docs = [reading("front.png", "legal_rep"), reading("back-expired.png", "legal_rep")]
    folder = Path(ledger.run(run_id).evidence_dir)
    write_review(folder, review(rules, example_app, docs, today=TODAY))
    html = write_report(ledger, run_id, bundle, example_app).read_text(encoding="utf-8")
    assert "辅助审核" in html and "身份证有效期至2026-05-20，早于办理日期2026-12-04" in html
    assert 'src="review/crop-01.png"' in html and (folder / "review" / "crop-01.png").exists()
    assert "未提供材料" in html  # no lease: the clerk sees what is missing
    assert "350602198503122010" not in html + (folder / "review" / "review.json").read_text(encoding="utf-8")


def test_review_of_a_run_reads_the_licence_it_brought_back(
    ledger: Ledger,  # noqa: F811
    bundle: Bundle,
    example_raw: dict[str, object],
) -> None:
    from bot.documents.runs import review_run
    from demo.samr.licence import LicenceData, render_pdf

    run_id = realistic_run(ledger, bundle, example_raw)
    samr = next(f for f in ledger.filings(run_id) if f.item == "samr-registration")
    data = LicenceData(
        "91350602MA2Y0K1X3B", "漳州市云帆软件科技有限公司", "有限责任公司（自然人投资或控股）", "林志远", "100",
        "2026年12月04日", "长期", "福建省漳州市芗城区胜利西路28号1203室", "软件开发；信息技术咨询服务。",
    )  # fmt: skip
    (Path(samr.evidence_dir) / "licence.pdf").write_bytes(render_pdf(data))
    found = {f.rule: f for f in review_run(run_id, [], ledger)}
    for rule in (
        "营业执照名称与申请一致",
        "营业执照法定代表人与申请一致",
        "营业执照住所与申请一致",
        "营业执照注册资本与申请一致",
    ):
        assert found[rule].status == "passed", found[rule].message
    html = (Path(ledger.run(run_id).evidence_dir) / "report.html").read_text(encoding="utf-8")
    assert "营业执照住所与申请一致" in html and 'src="review/crop-' in html
