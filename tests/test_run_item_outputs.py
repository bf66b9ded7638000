"""`bot run-item --output`: earlier filings' outputs typed by a clerk are checked by what they are before any browser
starts (exit 2, every problem at once): a USCC by its check digit, a file by its kind, content and folder; a missing
output the mapping needs is named with the option to pass, never a MappingFailed traceback."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.errors import ApplicationInvalid, SpecError
from bot.form.identifiers import uscc_check_char
from bot.mapping.bundle import Bundle, load_bundle
from bot.mapping.outputs import given_outputs
from cli import app
from tests.support import EXAMPLES

runner = CliRunner()
EXAMPLE = str(EXAMPLES / "open-company.yaml")
USCC = "91350602MA2Y1A2B3" + uscc_check_char("91350602MA2Y1A2B3")
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def var(tmp_path: Path) -> Path:
    folder = tmp_path / "var"
    (folder / "evidence" / "run1").mkdir(parents=True)
    return folder


def run_item(var: Path, *args: str) -> tuple[int, str]:
    """`bot run-item psb-seal` with these options; no portal is running, so only refusals can end well."""
    result = runner.invoke(app, ["run-item", "psb-seal", EXAMPLE, "--dry-run", *args], env={"BOT_VAR": str(var)})
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result.exit_code, result.stderr


def licence(var: Path, content: bytes = PDF, name: str = "licence_pdf.pdf") -> Path:
    path = var / "evidence" / "run1" / name
    path.write_bytes(content)
    return path


CASES = [
    (
        "a USCC that is not one",
        lambda v: ["samr-registration.uscc=hello", f"samr-registration.licence_pdf={licence(v)}"],
        r"企业设立登记（有限责任公司）·统一社会信用代码（--output samr-registration.uscc）：应为18位",
    ),
    (
        "a USCC with a wrong check digit",
        lambda v: [
            f"samr-registration.uscc={USCC[:-1]}0" if USCC[-1] != "0" else f"samr-registration.uscc={USCC[:-1]}1",
            f"samr-registration.licence_pdf={licence(v)}",
        ],
        r"校验码不正确",
    ),
    (
        "/etc/passwd",
        lambda v: [f"samr-registration.uscc={USCC}", "samr-registration.licence_pdf=/etc/passwd"],
        r"营业执照（电子）（--output samr-registration.licence_pdf）：应为 PDF 文件，“/etc/passwd”不是",
    ),
    (
        "a link to /etc/passwd named .pdf",
        lambda v: [f"samr-registration.uscc={USCC}", f"samr-registration.licence_pdf={_link(v, Path('/etc/passwd'))}"],
        r"应为 PDF 文件",
    ),
    (
        "a text file named .pdf",
        lambda v: [f"samr-registration.uscc={USCC}", f"samr-registration.licence_pdf={licence(v, b'root:x:0:0:root')}"],
        r"内容不是 PDF（只有扩展名像）",
    ),
    (
        "a missing file",
        lambda v: [f"samr-registration.uscc={USCC}", f"samr-registration.licence_pdf={v}/none.pdf"],
        r"找不到文件",
    ),
    ("a folder", lambda v: [f"samr-registration.uscc={USCC}", f"samr-registration.licence_pdf={v}"], r"不是普通文件"),
    (
        "a PDF outside the data folder",
        lambda v: [f"samr-registration.uscc={USCC}", f"samr-registration.licence_pdf={_outside(v)}"],
        r"不在一键办的数据目录 .* 中.*--allow-file",
    ),
    (
        "a misspelt output",
        lambda v: [f"samr-registration.usc={USCC}"],
        r"samr-registration 没有输出“usc”，是否想写“uscc”",
    ),
    ("an unknown item", lambda v: [f"samr.uscc={USCC}"], r"“samr”不是.*的事项"),
    ("no equals sign", lambda v: ["samr-registration.uscc"], r"应写成 事项.输出=值"),
    ("its own output", lambda v: ["psb-seal.filing_no=1"], r"不能给 psb-seal 自己的输出"),
    (
        "nothing given",
        lambda v: [],
        r"(?=.*企业设立登记（有限责任公司）·统一社会信用代码：缺少：请加上 --output samr-registration.uscc=…)"
        r"(?=.*营业执照（电子）：缺少：请加上 --output samr-registration.licence_pdf=…)",
    ),
    ("one of two given", lambda v: [f"samr-registration.uscc={USCC}"], r"--output samr-registration.licence_pdf=…"),
]


def _link(var: Path, target: Path) -> Path:
    link = var / "evidence" / "run1" / "licence.pdf"
    link.symlink_to(target)
    return link


def _outside(var: Path) -> Path:
    path = var.parent / "elsewhere" / "licence.pdf"
    path.parent.mkdir()
    path.write_bytes(PDF)
    return path


@pytest.mark.parametrize(("name", "outputs", "message"), CASES, ids=[c[0] for c in CASES])
def test_outputs_given_by_hand_are_checked_before_any_browser(var: Path, name: str, outputs, message: str) -> None:  # type: ignore[no-untyped-def]
    args = [arg for pair in outputs(var) for arg in ("--output", pair)]
    code, stderr = run_item(var, *args)
    assert code == 2, stderr
    assert re.search(message, stderr, re.S), stderr
    assert "Traceback" not in stderr and "MappingFailed" not in stderr


def test_valid_outputs_pass_and_a_file_outside_needs_allow_file(bundle: Bundle, var: Path) -> None:
    given = given_outputs(
        bundle,
        "psb-seal",
        [f"samr-registration.uscc= {USCC} ", f"samr-registration.licence_pdf={licence(var)}"],
        data_dir=var,
    )
    assert given == {"samr-registration": {"uscc": USCC, "licence_pdf": str(licence(var).resolve())}}
    outside = _outside(var)
    pairs = [f"samr-registration.uscc={USCC}", f"samr-registration.licence_pdf={outside}"]
    with pytest.raises(ApplicationInvalid, match="--allow-file"):
        given_outputs(bundle, "psb-seal", pairs, data_dir=var)
    assert given_outputs(bundle, "psb-seal", pairs, data_dir=var, allow_file=True)["samr-registration"][
        "licence_pdf"
    ] == str(outside.resolve())
    assert given_outputs(bundle, "samr-registration", [], data_dir=var) == {}  # it reads no output


def test_a_mapping_declares_each_output_type(project_copy: Path) -> None:
    path = project_copy / "samr-registration.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("type: uscc}", "type: usc}", 1), encoding="utf-8")
    with pytest.raises(SpecError, match=r"samr-registration\.yaml:7:\d+: 输出的 type 应为 file、text、uscc，不是“usc”"):
        load_bundle(project_copy, "open-company")
