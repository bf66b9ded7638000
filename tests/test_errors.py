"""The exception tree of bot/errors.py is the only one, documented, and the only source of exit codes."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path
from typing import Any

import pytest

from bot import errors
from bot.paths import PROJECT_ROOT as ROOT

SOURCES = sorted((ROOT / "bot").rglob("*.py"))


def _exception_classes() -> list[type[BaseException]]:
    return [
        obj
        for _, obj in inspect.getmembers(errors, inspect.isclass)
        if issubclass(obj, BaseException) and obj.__module__ == errors.__name__
    ]


def test_no_exception_is_defined_outside_bot_errors() -> None:
    known = {cls.__name__ for cls in _exception_classes()}
    strays = []
    for path in SOURCES:
        if path == ROOT / "bot" / "errors.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and any(
                isinstance(b, ast.Name) and (b.id in known or b.id.endswith(("Error", "Exception"))) for b in node.bases
            ):
                strays.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}")
    assert not strays, "exceptions belong in bot/errors.py: " + ", ".join(strays)


@pytest.mark.parametrize("cls", _exception_classes(), ids=lambda c: c.__name__)
def test_every_exception_is_in_the_documented_tree(cls: type[BaseException]) -> None:
    assert cls.__name__ in (errors.__doc__ or "")


def test_every_bot_error_declares_an_exit_code_with_a_meaning() -> None:
    for cls in _exception_classes():
        if issubclass(cls, errors.BotError):
            assert isinstance(cls.exit_code, errors.ExitCode), cls
    assert errors.PortalRefused.exit_code == 3
    assert errors.StepFailed.exit_code == errors.ReadBackMismatch.exit_code == 4
    assert errors.LoginDenied.exit_code == errors.HandOffTimeout.exit_code == 5
    assert errors.ApplicationInvalid.exit_code == 2 and errors.SpecError.exit_code == 1


def test_a_page_error_carries_its_screenshot(tmp_path: Path) -> None:
    shot = tmp_path / "failure.png"
    for exc in (
        errors.StepFailed("点击 提交", "没有找到", shot),
        errors.ReadBackMismatch([("名称", "甲", "乙")], shot),
        errors.PortalRefused("名称已被占用", shot),
        errors.LoginDenied("密码错误", shot),
    ):
        assert isinstance(exc, errors.PageError) and exc.screenshot == shot


def test_commands_take_exit_codes_from_the_tree_not_literals() -> None:
    literal = []
    for path in [ROOT / "cli.py", *sorted((ROOT / "bot" / "commands").glob("*.py"))]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "Exit"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                literal.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not literal, "use bot.errors.ExitCode or an error's exit_code: " + ", ".join(literal)


# --- a Playwright timeout in a person's words ----------------------------------------------------------------
OVERLAID = """<button id="go">下一步</button><input id="off" disabled>
<div class="layui-layer-shade" style="position:fixed;inset:0;background:#0003"></div>"""


@pytest.mark.browser
@pytest.mark.parametrize(
    ("act", "said"),
    [
        (
            lambda p: p.locator("#go").click(timeout=3000),
            '点击操作等了 3 秒仍未完成：被页面上的 <div class="layui-layer-shade"',
        ),
        (lambda p: p.locator("#off").fill("x", timeout=3000), "填写操作等了 3 秒仍未完成：控件不可用"),
        (
            lambda p: p.get_by_label("单位名称").input_value(timeout=300),
            '读取操作等了 0.3 秒仍未完成：页面上一直没有 get_by_label("单位名称")',
        ),
    ],
    ids=["overlay", "disabled", "absent"],
)
def test_a_playwright_timeout_says_what_stood_in_the_way(page: Any, act: Any, said: str) -> None:
    """Real Chromium's own call log, not a copy of one: a click under a layui shade, a disabled box, a label
    not on the page (before: ``Locator.click: Timeout 15000ms exceeded.`` and nothing more). 3 s, not 0.3: on a
    loaded machine 300 ms ran out before Chromium's first look at what covered the button."""
    from playwright.sync_api import Error as PlaywrightError

    page.set_content(OVERLAID)
    with pytest.raises(PlaywrightError) as raised:
        act(page)
    assert errors.in_words(raised.value).startswith(said), str(raised.value)


def test_a_control_found_but_not_ready_in_time_is_not_called_absent() -> None:
    """The call log of the 300 ms click above on a loaded machine: the button was found and nothing named stood
    in its way before the time ran out. Before, the first line of the log (waiting for …) was taken: 页面上一直没有."""
    log = """Locator.click: Timeout 300ms exceeded.
Call log:
  - waiting for locator("#go")
    - locator resolved to <button id="go">下一步</button>
  - attempting click action
    - waiting for element to be visible, enabled and stable
    - element is visible, enabled and stable
    - scrolling into view if needed
    - done scrolling
"""
    assert errors.in_words(Exception(log)) == (
        '点击操作等了 0.3 秒仍未完成：已找到 <button id="go">，但它在时限内没有就绪（页面可能很忙）'
    )


def test_a_control_found_hidden_is_called_hidden_not_absent() -> None:
    """Named, so the maintainer knows which control: in load run 29 it was Element UI's month table, kept hidden
    while the date panel still showed its years (before: a bare 控件不可见)."""
    log = """Locator.wait_for: Timeout 500ms exceeded.
Call log:
  - waiting for locator("#a") to be visible
    6 × locator resolved to hidden <input id="a"/>
"""
    assert errors.in_words(Exception(log)) == '等待操作等了 0.5 秒仍未完成：<input id="a"/> 在页面上但不可见'


def test_a_hidden_container_is_named_by_its_opening_tag() -> None:
    log = """Locator.wait_for: Timeout 15000ms exceeded.
Call log:
  - waiting for locator(".el-picker-panel .el-month-table") to be visible
    42 × locator resolved to hidden <table class="el-month-table">…</table>
"""
    assert errors.in_words(Exception(log)) == (
        '等待操作等了 15 秒仍未完成：<table class="el-month-table"> 在页面上但不可见'
    )
