"""Mistakes a maintainer makes in form.yaml, mappings and bundles: each reported at its file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import SpecError
from bot.mapping.bundle import load_bundle


def seed(path: Path, old: str, new: str) -> int:
    """Replace ``old`` by ``new`` once; return the 1-based line where ``new`` starts."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, old
    index = text.index(old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[:index].count("\n") + 1 + new[: len(new) - len(new.lstrip("\n"))].count("\n")


def problems(mappings: Path) -> list[str]:
    with pytest.raises(SpecError) as caught:
        load_bundle(mappings, "open-company")
    return [
        f"{p.location.file.name}:{p.location.line}: {p.message}" if p.location else p.message
        for p in caught.value.problems
    ]


CASES = [
    # (file, old, new, expected message fragment)
    ("form.yaml", "        type: postcode", "        type: postcod", "未知的类型“postcod”，是否想写“postcode”？"),
    (
        "form.yaml",
        "        required: true\n        rules: {min: 1, max: 31}",
        "        requird: true\n        rules: {min: 1, max: 31}",
        "未知的键“requird”，是否想写“required”？",
    ),
    (
        "form.yaml",
        'derive: "{{ app.company.region.city }}"',
        'derive: "{{ app.company.regoin.city }}"',
        "未知的company 的字段“regoin”，是否想写“region”？",
    ),
    (
        "form.yaml",
        'derive: "{{ app.company.industry.risk_class }}"',
        'derive: "{{ app.company.industry.risk }}"',
        "未知的company.industry 的属性“risk”",
    ),
    ("form.yaml", 'derive: "{{ app.company.region.city }}"', 'derive: "{{ app.company.region.city }"', "模板语法错误"),
    (
        "form.yaml",
        "    default_from: liaison\n    help: 默认由联络员办理",
        "    default_from: liason\n    help: 默认由联络员办理",
        "未知的分区“liason”，是否想写“liaison”？",
    ),
    (
        "samr-registration.yaml",
        '字号: "{{ app.company.trade_name }}"',
        '字号: "{{ app.company.tradename }}"',
        "未知的company 的字段“tradename”，是否想写“trade_name”？",
    ),
    (
        "samr-registration.yaml",
        "        options: {currency: 货币, in_kind: 实物, ip: 知识产权, land: 土地使用权}",
        "        options: {currency: 货币, in_kind: 实物, ip: 知识产权}",
        "options 缺少 shareholders.method 的代码：land",
    ),
    (
        "hpf-deposit.yaml",
        "ccb: 中国建设银行, icbc",
        "cbc: 中国建设银行, icbc",
        "options 中的“cbc”不是 housing_fund.trustee_bank 的代码",
    ),
    (
        "tax-registration.yaml",
        '      value: "{{ app.company.accounting }}"\n'
        "      options: {independent: 独立核算, non_independent: 非独立核算}",
        '      value: "{{ app.company.accounting }}"',
        "取自枚举字段 company.accounting：请写 options",
    ),
    (
        "psb-seal.yaml",
        "outputs['samr-registration'].uscc",
        "outputs['samr-registration'].usc",
        "未知的samr-registration 的输出“usc”，是否想写“uscc”？",
    ),
    (
        "bank-account.yaml",
        "    repeat: beneficial_owners",
        "    repeat: beneficial_owner",
        "repeat 应为表单中的表格分区",
    ),
    ("bank-account.yaml", '网点: "{{ app.bank.branch }}"', '网点: "{{ ap.bank.branch }}"', "模板中未知的名称“ap”"),
    (
        "bundles/open-company.yaml",
        "  psb-seal: {needs: [samr-registration]}",
        "  psb-seal: {needs: [samr-registraton]}",
        "needs 中的“samr-registraton”不是本一件事的事项",
    ),
    (
        "bundles/open-company.yaml",
        "  samr-registration: {}",
        "  samr-registration: {needs: [psb-seal]}",
        "needs 形成循环依赖",
    ),
    (
        "form.yaml",
        'default: "{{ app.company.full_address }}"\n      postcode:',
        'default: "{{ app.company.office_address }}"\n      postcode:',
        "默认值或推导形成循环依赖：company.business_address",
    ),
    (
        "form.yaml",
        "      trade_name:\n        label: 字号",
        "      trade_name:\n          label: 字号\n        label: 字号",
        "YAML 语法错误",
    ),
]


@pytest.mark.parametrize(("file", "old", "new", "message"), CASES, ids=[c[3][:24] for c in CASES])
def test_each_mistake_is_reported_at_its_line(project_copy: Path, file: str, old: str, new: str, message: str) -> None:
    target = project_copy / file
    line = seed(target, old, new)
    found = problems(project_copy)
    name = Path(file).name
    matching = [p for p in found if message in p]
    assert matching, found
    lines = {int(p.split(":")[1]) for p in matching if p.startswith(name + ":")}
    assert lines and all(abs(n - line) <= 2 for n in lines), (line, matching)


def test_reading_an_output_without_needing_its_item_is_reported_at_the_mapping(project_copy: Path) -> None:
    seed(project_copy / "bundles" / "open-company.yaml", "  psb-seal: {needs: [samr-registration]}", "  psb-seal: {}")
    line = (project_copy / "psb-seal.yaml").read_text(encoding="utf-8").splitlines().index(
        "    统一社会信用代码: \"{{ outputs['samr-registration'].uscc }}\""
    ) + 1
    message = (
        f"psb-seal.yaml:{line}: “单位信息 / 统一社会信用代码”读取 samr-registration 的输出，"
        "但 open-company.yaml 中 psb-seal 没有 needs: [samr-registration]"
    )
    assert message in problems(project_copy)


def test_every_problem_is_listed_at_once(project_copy: Path) -> None:
    seed(project_copy / "form.yaml", "        type: postcode", "        type: postcod")
    seed(project_copy / "form.yaml", "      trade_name:\n        label: 字号", "      trade_name:\n        labl: 字号")
    found = problems(project_copy)
    assert any("postcod" in p for p in found) and any("labl" in p for p in found)


def test_problem_render_quotes_the_line_with_a_caret(project_copy: Path) -> None:
    seed(
        project_copy / "samr-registration.yaml",
        '字号: "{{ app.company.trade_name }}"',
        '字号: "{{ app.company.tradename }}"',
    )
    with pytest.raises(SpecError) as caught:
        load_bundle(project_copy, "open-company")
    rendered = caught.value.problems[0].render()
    assert 'tradename }}"' in rendered.splitlines()[1]
    assert rendered.splitlines()[2].strip() == "^"


def test_unknown_bundle_lists_the_known_ones(project_copy: Path) -> None:
    with pytest.raises(SpecError, match=r"没有名为“open-compnay”的一件事.*是否想写“open-company”"):
        load_bundle(project_copy, "open-compnay")
