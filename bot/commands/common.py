"""What every command shares: the consoles, the common options, and errors turned into exit codes.

Exit status: each error's ``exit_code`` in bot/errors.py (``ExitCode`` says what each means).
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from bot.errors import ApplicationInvalid, BotError, CommandLineError, SpecError, suggest
from bot.mapping.bundle import Bundle, available_bundles, load_bundle
from bot.paths import mappings_dir
from bot.privacy.masking import mask
from bot.run.ledger import Ledger

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

BundleOption = Annotated[str, typer.Option("--bundle", "-b", help="一件事名称，如 open-company")]
JsonOption = Annotated[bool, typer.Option("--json", help="输出 JSON，供脚本读取")]
RunArgument = Annotated[str | None, typer.Argument(help="运行编号（默认：最近一次）")]


@contextmanager
def reported_errors() -> Iterator[None]:
    """Turn the project's errors into Chinese messages and meaningful exit codes."""
    try:
        yield
    except SpecError as exc:
        err.print("[bold red]项目文件有误[/]（请维护人员修改后重试）：", markup=True)
        for problem in exc.problems:
            err.print(problem.render(), markup=False)
        raise typer.Exit(exc.exit_code) from None
    except ApplicationInvalid as exc:
        print_field_errors(exc, f"申请有 {len(exc.errors)} 处问题，未开始办理：")
        raise typer.Exit(exc.exit_code) from None
    except BotError as exc:
        err.print(f"错误：{exc}", markup=False)
        raise typer.Exit(exc.exit_code) from None


def print_field_errors(exc: ApplicationInvalid, heading: str | None = None) -> None:
    """An application's problems, one a line, ID and mobile numbers masked."""
    if heading:
        err.print(heading, markup=False)
    for error in exc.errors:
        err.print(f"  · {mask(error.render())}", markup=False)


def load(bundle: str) -> Bundle:
    """The bundle named on the command line: a name that is no bundle is the command line's mistake (exit 2), a
    bundle file that is wrong the project's (exit 1)."""
    known = available_bundles(mappings_dir())
    if bundle not in known:
        raise CommandLineError(f"没有名为“{bundle}”的一件事{suggest(bundle, known)}；现有：{'、'.join(known) or '无'}")
    return load_bundle(mappings_dir(), bundle)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def warn(text: str) -> None:
    """A warning for the person at the terminal (stderr), printed as it is."""
    err.print(text, markup=False)


def run_or_latest(ledger: Ledger, run_id: str | None) -> str:
    if run_id is not None:
        try:
            return ledger.run(run_id).id
        except KeyError:
            raise CommandLineError(f"没有运行 {run_id}：用 bot runs 查看最近的运行") from None
    latest = ledger.runs(1)
    if not latest:
        raise CommandLineError("台账中还没有运行：先用 bot run 申请文件 --bundle 一件事")
    return latest[0].id


def ask_at_terminal(folder: Path) -> Any:
    """Hand-offs answered at this terminal: a captcha is saved as an image in ``folder`` whose path is shown."""

    async def ask(question: Any) -> str:
        if question.image:
            folder.mkdir(parents=True, exist_ok=True)
            image = folder / "question.png"
            image.write_bytes(question.image)
            err.print(f"图片：{image}", markup=False)
        answer: str = await asyncio.to_thread(typer.prompt, question.question)
        return answer

    return ask
