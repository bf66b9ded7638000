"""bot check on the document types and review rules: mistakes seeded into copies of mappings/documents and
mappings/reviews, each reported at its file and line (no OCR here)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.documents.lint import check_documents
from bot.documents.review import load_rules
from bot.documents.types import load_type
from bot.errors import SpecError
from bot.form.spec import load_form
from bot.lint import check_project
from bot.paths import PROJECT_ROOT
from cli import app
from tests.test_check import seed

FRONT = "mappings/documents/id-card-front.yaml"
LEASE = "mappings/documents/lease.yaml"
REVIEW = "mappings/reviews/open-company.yaml"

# (file, old, new, message fragment); each is reported at the seeded line
FORM = load_form(PROJECT_ROOT / "mappings" / "form.yaml")
MISTAKES = [
    (FRONT, "    kind: id_number\n", "    kind: id_numbr\n", "kind“id_numbr”未知"),
    (FRONT, "    kind: address\n", "    knd: address\n", "字段 address有未知的键“knd”，是否想写“kind”？"),
    (FRONT, "    pattern: '[男女]'", "    pattern: '[男女'", "pattern 不是正确的正则表达式"),
    (FRONT, "    fills: id_number", "    fills: id_numbers", "fills“id_numbers”不是任何人员分区的字段"),
    (FRONT, "    lines: 3", "    lines: three", "lines 应是正整数"),
    (FRONT, "  name:\n    label: 姓名\n", "  name:\n    lable: 姓名\n", "未知的键“lable”"),
    (LEASE, "detect: [租赁合同, 承租方]", "detect: 租赁合同", "detect 应是文字的列表"),
    (LEASE, "company.address: detail", "company.adress: detail", "分区 company 没有字段“adress”，是否想写“address”？"),
    (LEASE, "company.region: region", "company.region: regoin", "没有“regoin”这一部分"),
    (LEASE, "    label: 承租方\n", "    label: 承租方\n   keywords: []\n", "YAML 语法错误"),
    (REVIEW, "    for: id-card-back\n", "    for: id-card-bak\n", "证照类型“id-card-bak”不存在"),
    (REVIEW, "    show: lessee", "    show: lesee", "证照类型 lease 没有字段“lesee”"),
    (
        REVIEW,
        "{{ doc.name == person.name }}",
        "{{ doc.nam == person.name }}",
        "没有字段“nam”，是否想写“name”？（doc.nam）",
    ),
    (REVIEW, "{{ doc.name == person.name }}", "{{ doc.name == persn.name }}", "未知的名称“persn”"),
    (REVIEW, "{{ doc.name == person.name }}", "{{ doc.name == person.nme }}", "人员分区没有字段“nme”"),
    (REVIEW, "[app.company.name, app.legal_rep.name]", "[app.company.nam, app.legal_rep.name]", "没有字段“nam”"),
    (REVIEW, "{{ doc.id_number == person.id_number }}", "{{ doc.id_number == }}", "模板语法错误"),
    (REVIEW, "    show: name\n", "    shwo: name\n", "未知的键“shwo”，是否想写“show”？"),
    (REVIEW, "  - {type: lease}", "  - {type: leese}", "证照类型“leese”不存在"),
    (REVIEW, "liaison, finance], upload: id_scan}", "liason, finance], upload: id_scan}", "简表没有分区“liason”"),
    (REVIEW, "  - name: 身份证姓名与填报一致\n", "  - nme: 身份证姓名与填报一致\n", "缺少“name”"),
]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(PROJECT_ROOT / "mappings", tmp_path / "mappings")
    shutil.copytree(PROJECT_ROOT / "recipes", tmp_path / "recipes")
    return tmp_path


def test_the_project_checks_its_documents_and_reviews(project: Path) -> None:
    report = check_project(project / "mappings", project / "recipes")
    assert report.ok, [p.render() for p in report.problems]
    assert "documents/id-card-front.yaml" in report.checked
    assert "reviews/open-company.yaml" in report.checked


@pytest.mark.parametrize(("file", "old", "new", "fragment"), MISTAKES, ids=[m[3][:24] for m in MISTAKES])
def test_each_seeded_mistake_is_reported_at_its_file_and_line(
    project: Path, file: str, old: str, new: str, fragment: str
) -> None:
    path = project / file
    differ = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), min(len(old), len(new)))
    line = seed(path, old, new) + old[:differ].count("\n")  # the line of the first changed character
    problems, _checked = check_documents(project / "mappings", FORM, ["open-company"])
    found = [p for p in problems if fragment in p.message]
    assert found, [p.render() for p in problems]
    assert found[0].location is not None and found[0].location.file == path
    assert found[0].location.line == line, found[0].render()


def test_a_review_file_of_no_bundle(project: Path) -> None:
    shutil.copy(project / REVIEW, project / "mappings/reviews/open-compnay.yaml")
    report = check_project(project / "mappings", project / "recipes")
    [problem] = report.problems
    assert "没有名为“open-compnay”的一件事" in problem.message and "是否想写“open-company”" in problem.message
    assert problem.location is not None and (problem.location.line, problem.location.column) == (1, 1)


def test_the_runtime_loaders_report_every_mistake_at_once(project: Path) -> None:
    seed(project / FRONT, "    kind: id_number\n", "    kind: id_numbr\n")
    seed(project / FRONT, "    lines: 3", "    lines: 0")
    with pytest.raises(SpecError) as caught:
        load_type(project / FRONT)
    assert [p.location.line for p in caught.value.problems if p.location] == [24, 28]
    assert f"{project / FRONT}:28:" in str(caught.value)
    seed(project / REVIEW, "    for: id-card-back\n", "    fr: id-card-back\n")
    with pytest.raises(SpecError, match="缺少“for”"):
        load_rules(project / REVIEW)


def test_the_command_fails_on_a_broken_document_type(project: Path) -> None:
    seed(project / FRONT, "    kind: id_number\n", "    kind: id_numbr\n")
    env = {"BOT_MAPPINGS": str(project / "mappings"), "BOT_RECIPES": str(project / "recipes")}
    result = CliRunner().invoke(app, ["check"], env=env)
    assert result.exit_code == 1
    assert f"{project / FRONT}:28:" in result.output and "id_numbr" in result.output
