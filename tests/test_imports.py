"""The shape of bot/: who may import whom, read from the source with ``ast`` (imports inside functions too).

- only the commands (bot/commands and cli.py) import bot.commands: the library never reaches into its CLI,
  and tests and benchmarks reach the commands through ``cli.app``;
- bot/ imports nothing from demo/: the demo portals are the other side of the wire (DESIGN.md); only the
  CLI's demo commands start them (demo.launcher), and the bot talks to them over HTTP (bot.run.demo_admin);
- the modules of bot/ import one another without a cycle, not even through an import inside a function.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cache
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BOT = ROOT / "bot"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def _modules() -> dict[str, Path]:
    """Every module of bot/ (and cli.py) by its dotted name."""
    found = {_module_name(path): path for path in BOT.rglob("*.py")}
    found["cli"] = ROOT / "cli.py"
    return found


def _imported(name: str, path: Path) -> Iterator[tuple[str, int]]:
    """Each module an import statement of ``path`` names (``from a import b`` names a.b when b is a module)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                yield (submodule if submodule in _modules() else base), node.lineno


def _owner(target: str) -> str | None:
    """The module of bot/ an import loads last (bot.run.ledger for ``bot.run.ledger``), None outside bot/."""
    while target and target not in _modules():
        target = target.rpartition(".")[0]
    return target or None


@cache
def _graph() -> dict[str, dict[str, int]]:
    """module → {module of bot/ it imports: line of the first such import}."""
    graph: dict[str, dict[str, int]] = {}
    for name, path in _modules().items():
        edges: dict[str, int] = {}
        for target, line in _imported(name, path):
            owner = _owner(target)
            if owner is not None and owner != name:
                edges.setdefault(owner, line)
        graph[name] = edges
    return graph


def _is_command(name: str) -> bool:
    return name == "cli" or name == "bot.commands" or name.startswith("bot.commands.")


def test_only_the_commands_import_bot_commands() -> None:
    offenders = [
        f"{_modules()[name].relative_to(ROOT)}:{line} imports {target}"
        for name, edges in _graph().items()
        if not _is_command(name)
        for target, line in edges.items()
        if _is_command(target)
    ]
    assert offenders == []


def test_tests_and_benchmarks_reach_the_commands_only_through_the_cli() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{line} imports {target}"
        for folder in ("tests", "bench")
        for path in sorted((ROOT / folder).rglob("*.py"))
        for target, line in _imported(_module_name(path), path)
        if _is_command(_owner(target) or "") and target != "cli"
    ]
    assert offenders == []


def test_bot_imports_nothing_from_demo() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{line} imports {target}"
        for name, path in _modules().items()
        for target, line in _imported(name, path)
        if (target == "demo" or target.startswith("demo."))
        and not (_is_command(name) and target == "demo.launcher")  # the CLI's demo commands start the portals
    ]
    assert offenders == []


def _cycles(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """One cycle per strongly connected component of more than one module (Tarjan), each as a closed path."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return [_closed_path(graph, set(component)) for component in components]


def _closed_path(graph: dict[str, dict[str, int]], component: set[str]) -> list[str]:
    """A shortest cycle through the component's first module, found breadth-first inside the component."""
    start = min(component)
    came_from: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for nxt in sorted(graph[node]):
                if nxt not in component:
                    continue
                if nxt == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(came_from[path[-1]])
                    return [*reversed(path), start]
                if nxt not in came_from:
                    came_from[nxt] = node
                    following.append(nxt)
        frontier = following
    raise AssertionError(f"no cycle through {start}")  # a strongly connected component always has one


def _render(graph: dict[str, dict[str, int]], cycle: list[str]) -> str:
    steps = [f"{_modules()[a].relative_to(ROOT)}:{graph[a][b]} imports {b}" for a, b in pairwise(cycle)]
    return " → ".join(cycle) + "\n    " + "\n    ".join(steps)


def test_bot_has_no_import_cycle() -> None:
    graph = _graph()
    cycles = [_render(graph, cycle) for cycle in _cycles(graph)]
    assert cycles == [], "import cycles:\n" + "\n".join(cycles)


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": {"b": 1}, "b": {"c": 2}, "c": {"a": 3, "d": 4}, "d": {}}
    assert _cycles(graph) == [["a", "b", "c", "a"]]
    assert _cycles({"a": {"b": 1}, "b": {}}) == []
