"""bot drift: walk an item's recipe on its live portal (a dry run) and report what changed since it was written."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated, Any

import typer

from bot.commands.common import JsonOption, out, print_json, reported_errors
from bot.errors import CommandLineError, ExitCode
from bot.paths import var_dir


def drift(
    item: Annotated[str | None, typer.Argument(help="事项，如 samr-registration")] = None,
    all_items: Annotated[bool, typer.Option("--all", help="检查每个有配方的事项")] = False,
    application: Annotated[
        Path | None, typer.Option("--application", "-a", help="试填用的申请（默认 examples/open-company.yaml）")
    ] = None,
    output: Annotated[
        list[str] | None, typer.Option("--output", "-o", help="前序事项的输出，如 samr-registration.uscc=9135…")
    ] = None,
    save: Annotated[bool, typer.Option("--save", help="把这次看到的页面存为基线（首次运行时自动保存）")] = False,
    as_json: JsonOption = False,
) -> None:
    """检查门户是否变了：按配方试填（不提交），在每个填表页查看字段，与映射、配方和上次的基线比较。

    报告新增、删除、改名（给出相近的标签）、移到别页的字段，控件、必填和选项的变化，并指出要改的映射行和配方步骤。
    退出码：0 没有变化；1 门户有变化（可定时运行）。
    """
    from bot.commands.common import ask_at_terminal
    from bot.inspect.drift_run import drift_of
    from bot.mapping.item import load_mappings
    from bot.paths import mappings_dir, recipes_dir
    from bot.privacy.log import configure

    results: dict[str, Any] = {}
    with reported_errors():
        configure(level="WARNING")
        if all_items:
            items = sorted(p.stem for p in recipes_dir().glob("*.yaml"))
        elif item:
            items = [item]
        else:
            raise CommandLineError("请指定事项，或用 --all 检查全部")
        known = set(load_mappings(mappings_dir(), _form()))
        for name in items:
            if name not in known:
                raise CommandLineError(f"没有事项“{name}”的映射")
        parsed = _parse_outputs(output or [])
        for name in items:
            hand_off = ask_at_terminal(var_dir() / "drift" / name)
            findings, walked, saved = asyncio.run(
                drift_of(name, application=application, outputs=parsed, save=save, hand_off=hand_off)
            )
            results[name] = {"findings": findings, "pages": walked, "saved": saved}
    drifted = any(r["findings"] for r in results.values())
    if as_json:
        from bot.inspect.drift import as_json as findings_json

        print_json({name: {**r, "findings": findings_json(r["findings"])} for name, r in results.items()})
    else:
        for name, r in results.items():
            verdict = f"发现 {len(r['findings'])} 处变化" if r["findings"] else "没有变化"
            out.print(f"{name}：查看了 {r['pages']} 个填表页，{verdict}", markup=False)
            for finding in r["findings"]:
                out.print("  " + finding.render().replace("\n", "\n  "), markup=False)
            if r["saved"]:
                out.print(f"  已保存基线：{var_dir() / 'drift' / (name + '.json')}", markup=False)
    raise typer.Exit(ExitCode.PROJECT if drifted else ExitCode.OK)


def _parse_outputs(pairs: list[str]) -> dict[str, dict[str, str]]:
    outputs: dict[str, dict[str, str]] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        source, dot, name = key.partition(".")
        if not sep or not dot:
            raise CommandLineError(f"--output 应写成 事项.输出=值，如 samr-registration.uscc=91350602…，而不是“{pair}”")
        outputs.setdefault(source, {})[name] = value
    return outputs


def _form() -> Any:
    from bot.form.spec import load_form
    from bot.paths import mappings_dir

    return load_form(mappings_dir() / "form.yaml")
