"""``bot check --live ITEM``: after the files are checked, the item's recipe and mapping against its live portal."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated, Any

import typer

from bot.commands.common import out
from bot.paths import var_dir

LiveOption = Annotated[
    str | None,
    typer.Option("--live", help="再到门户上核对此事项：按配方试填（不提交），核对每个映射字段和每个定位"),
]
ApplicationOption = Annotated[
    Path | None, typer.Option("--application", "-a", help="（--live）试填用的申请（默认 examples/open-company.yaml）")
]
OutputOption = Annotated[
    list[str] | None, typer.Option("--output", "-o", help="（--live）前序事项的输出，如 samr-registration.uscc=9135…")
]


def live_check(item: str, application: Path | None, output: list[str] | None) -> Any:
    """The live check of one item (bot/inspect/live.py), hand-offs (captcha, SMS) answered at the terminal."""
    from bot.commands.common import ask_at_terminal
    from bot.commands.drift import _parse_outputs
    from bot.errors import BotError, CommandLineError
    from bot.inspect.live import check_live
    from bot.inspect.walk import item_mapping
    from bot.paths import recipes_dir

    try:
        item_mapping(item)  # a clear error when the item has no mapping
    except BotError as exc:
        if type(exc) is BotError:  # no such item: the command line's mistake; a broken mapping stays the project's
            raise CommandLineError(str(exc)) from None
        raise
    if not (recipes_dir() / f"{item}.yaml").is_file():
        raise CommandLineError(f"没有事项“{item}”的配方 recipes/{item}.yaml")
    folder = var_dir() / "check" / item
    return asyncio.run(
        check_live(
            item,
            application=application,
            outputs=_parse_outputs(output or []),
            evidence_dir=folder,
            hand_off=ask_at_terminal(folder),
        )
    )


def print_live(report: Any) -> None:
    out.print(
        f"{report.item}：在门户上试填到提交前，查看了 {report.pages} 个填表页，核对了 {report.checked} 个映射字段",
        markup=False,
    )
    for problem in report.problems:
        out.print("  " + problem.render().replace("\n", "\n  "), markup=False)
    if report.stopped:
        out.print(f"  试填在提交前中断：{report.stopped}", markup=False)
    verdict = "门户上全部找到" if report.ok else f"发现 {len(report.problems) + bool(report.stopped)} 处问题"
    out.print(f"  {verdict}。", markup=False)
