"""YAML loading that remembers where every value came from.

Maintainers edit YAML by hand; every error must say file:line:col. The loader
returns plain dicts, lists and strings subclassed to carry a ``Location``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from bot.errors import Location, Problem, SpecError


class Marked:
    """Mixin for values that know where they were written."""

    location: Location | None = None


class MStr(str, Marked):
    pass


class MDict(dict[str, Any], Marked):
    """A mapping that also remembers where each key was written."""

    def __init__(self) -> None:
        super().__init__()
        self.key_locations: dict[str, Location] = {}

    def where(self, key: str) -> Location | None:
        return self.key_locations.get(key, self.location)


class MList(list[Any], Marked):
    pass


def location_of(value: object, fallback: Location | None = None) -> Location | None:
    return getattr(value, "location", None) or fallback


def strings(node: Any) -> Iterator[tuple[str, Location | None]]:
    """Every string inside a loaded document, with where it was written."""
    if isinstance(node, str):
        yield node, location_of(node)
    elif isinstance(node, dict):
        for value in node.values():
            yield from strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from strings(value)


# libyaml's parser, when PyYAML was built with it: ~10x faster than the pure-Python one, with the same marks.
_BASE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _loader_for(path: Path) -> type[yaml.SafeLoader]:
    class Loader(_BASE_LOADER):  # type: ignore[valid-type,misc]
        pass

    def mark(node: yaml.Node) -> Location:
        return Location(path, node.start_mark.line + 1, node.start_mark.column + 1)

    def construct_str(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> MStr:
        value = MStr(loader.construct_scalar(node))
        value.location = mark(node)
        return value

    def construct_map(loader: yaml.SafeLoader, node: yaml.MappingNode) -> MDict:
        result = MDict()
        result.location = mark(node)
        loader.flatten_mapping(node)
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                key = MStr(str(key))
            if key in result:
                raise SpecError([Problem(mark(key_node), f"重复的键“{key}”（duplicate key)")])
            result[key] = loader.construct_object(value_node, deep=True)
            result.key_locations[key] = mark(key_node)
        return result

    def construct_seq(loader: yaml.SafeLoader, node: yaml.SequenceNode) -> MList:
        result = MList(loader.construct_object(child, deep=True) for child in node.value)
        result.location = mark(node)
        return result

    Loader.add_constructor("tag:yaml.org,2002:str", construct_str)
    Loader.add_constructor("tag:yaml.org,2002:map", construct_map)
    Loader.add_constructor("tag:yaml.org,2002:seq", construct_seq)
    return Loader


def load(path: Path) -> Any:
    """Load one YAML file; syntax errors become a SpecError at the right line."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SpecError([Problem(None, f"{path}: 无法读取文件（{exc.strerror}）")]) from None
    try:
        return yaml.load(text, Loader=_loader_for(path))
    except yaml.MarkedYAMLError as exc:
        where = exc.problem_mark or exc.context_mark
        loc = Location(path, where.line + 1, where.column + 1) if where else None
        raise SpecError([Problem(loc, f"YAML 语法错误：{exc.problem or exc.context}")]) from None
