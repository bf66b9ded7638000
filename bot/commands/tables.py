"""Tables at the terminal that never cut what a person must copy.

A run id, a USCC or a receipt number is copied from the screen into another system: its column is never
shortened while another column can give way, and if the screen is too narrow even then it wraps, never ends
in “…”. ``--wide`` prints a table at its full width, nothing wrapped (a wide terminal, a file, a script).
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.measure import Measurement
from rich.table import Column, Table

from bot.commands.common import out

WideOption = Annotated[bool, typer.Option("--wide", "-w", help="表格按内容全宽输出，不折行（便于复制或交给其他程序）")]
_UNBOUNDED = 10_000


def copied(header: str) -> Column:
    """A column of values a person copies (run ids, USCCs, receipt numbers): kept whole while others can shrink."""
    return Column(header, no_wrap=True, overflow="fold")


def read(header: str) -> Column:
    """A column of words to read: wraps when space is short, never cut."""
    return Column(header, overflow="fold")


def show(table: Table, wide: bool = False) -> None:
    """Print ``table``; ``wide``: at its natural width, whatever the terminal's."""
    if not wide:
        out.print(table)
        return
    natural = Measurement.get(out, out.options.update_width(_UNBOUNDED), table).maximum
    Console(width=max(natural, out.width), highlight=False, soft_wrap=True).print(table)
