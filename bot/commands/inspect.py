"""bot inspect: list a live form's fields as fill_form finds them, and scaffold an item's mapping and recipe."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

import typer

from bot.commands.common import JsonOption, ask_at_terminal, out, print_json, reported_errors
from bot.errors import CommandLineError
from bot.inspect.model import Inspection
from bot.paths import var_dir


def _variables(pairs: list[str]) -> dict[str, str]:
    found = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            raise CommandLineError(f"--var 应写成 名称=值，而不是“{pair}”")
        found[key] = value
    return found


def inspect(
    url: Annotated[str, typer.Argument(help="要查看的表单页网址")],
    login: Annotated[
        str | None, typer.Option("--login", help="先执行的登录片段（recipes/_shared/ 下的名称，如 samr-login）")
    ] = None,
    steps: Annotated[Path | None, typer.Option("--steps", help="登录后再执行的步骤文件（YAML，steps: 列表）")] = None,
    var: Annotated[list[str] | None, typer.Option("--var", help="片段的变量，如 username=demo（可重复）")] = None,
    shots: Annotated[Path | None, typer.Option("--shots", help="编号截图存放目录（默认 var/inspect）")] = None,
    scaffold: Annotated[
        str | None, typer.Option("--scaffold", help="据此生成 mappings/ITEM.yaml 与 recipes/ITEM.yaml")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖已有的映射与配方")] = False,
    headed: Annotated[bool, typer.Option("--headed", help="显示浏览器窗口")] = False,
    as_json: JsonOption = False,
) -> None:
    """查看门户表单：按分组列出每个字段（标签、控件类型与组件库、必填、选项、fill_form 的定位方式），并截取编号截图。

    --login 先执行登录片段（验证码、短信在终端回答；密钥取自 BOT_SECRET_<名称>）；--scaffold 据此生成映射与配方草稿。
    """
    from bot.inspect.browser import inspecting_page
    from bot.inspect.listing import inspect_page
    from bot.inspect.picture import numbered_picture
    from bot.inspect.report import lines
    from bot.inspect.walk import prepare
    from bot.privacy.log import configure

    folder = shots or var_dir() / "inspect"

    async def go() -> Inspection:
        async with inspecting_page(headed=headed) as page:
            await prepare(
                page,
                url,
                login=login,
                steps_file=steps,
                variables=_variables(var or []),
                hand_off=ask_at_terminal(folder),
                evidence_dir=folder,
            )
            inspection = await inspect_page(page)
            picture = await numbered_picture(page, folder / "fields.png")
            inspection.screenshot = str(picture) if picture else None
            return inspection

    with reported_errors():
        configure(level="WARNING")
        if scaffold:
            from bot.inspect.scaffold import check_free

            check_free(scaffold, force)  # before any browser starts
        inspection = asyncio.run(go())
        written: list[Path] = []
        if scaffold:
            from bot.inspect.scaffold import write_scaffold

            written = write_scaffold(
                scaffold, [inspection], url=url, login=login, variables=_variables(var or []), force=force
            )
    if as_json:
        print_json({**inspection.json(), "written": [str(p) for p in written]})
        return
    for line in lines(inspection):
        out.print(line, markup=False)
    for path in written:
        out.print(f"已写入 {path}", markup=False)
