"""YAML loading that remembers where every value came from, and refuses what a person did not mean.

Maintainers edit YAML by hand; every error must say file:line:col. ``load`` returns plain
dicts, lists and strings subclassed to carry a ``Location``; ``parse_plain`` reads an
applicant's YAML into plain dicts, lists and scalars (keys always strings).

Both refuse, with the line: a key written twice in one mapping (YAML's spec forbids it,
PyYAML would keep the last: ``employees: 8`` then ``employees: 80`` must not validate),
nesting deeper than ``MAX_DEPTH``, a document that expands past ``MAX_NODES`` values
through aliases, and an integer longer than ``MAX_INT_DIGITS`` digits (Python refuses to
convert those, after spending time on it). Depth and size are checked on the parser's
events first, which takes no recursion, so a file of 20 000 ``[`` is refused at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from bot.errors import Location, Malformed, Problem, SpecError

MAX_DEPTH = 50  # mappings and lists inside each other; form.yaml needs 7, an application 4
MAX_NODES = 500_000  # values in a document once its aliases are expanded
MAX_INT_DIGITS = 100


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


def _loader_for(path: Path, marked: bool = True) -> type[yaml.SafeLoader]:
    class Loader(_BASE_LOADER):  # type: ignore[valid-type,misc]
        pass

    def mark(node: yaml.Node) -> Location:
        return Location(path, node.start_mark.line + 1, node.start_mark.column + 1)

    def construct_str(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> MStr:
        value = MStr(loader.construct_scalar(node))
        value.location = mark(node)
        return value

    def construct_map(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[str, Any]:
        result: dict[str, Any] = MDict() if marked else {}
        if isinstance(result, MDict):
            result.location = mark(node)
        loader.flatten_mapping(node)
        first_seen: dict[str, Location] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                key = MStr(str(key)) if marked else str(key)
            if key in first_seen:
                first = first_seen[key]
                message = f"重复的键“{key}”（duplicate key；第 {first.line} 行已写过）：同一个键只能写一次"
                raise Malformed(mark(key_node), message)
            first_seen[key] = mark(key_node)
            result[key] = loader.construct_object(value_node, deep=True)
            if isinstance(result, MDict):
                result.key_locations[key] = mark(key_node)
        return result

    def construct_seq(loader: yaml.SafeLoader, node: yaml.SequenceNode) -> list[Any]:
        result = [loader.construct_object(child, deep=True) for child in node.value]
        if not marked:
            return result
        marked_list = MList(result)
        marked_list.location = mark(node)
        return marked_list

    def construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
        digits = sum(ch.isalnum() for ch in str(node.value))
        if digits > MAX_INT_DIGITS:
            raise Malformed(
                mark(node), f"数字过长（{digits} 位，最多 {MAX_INT_DIGITS} 位）；如果是编号，请加引号写成文字"
            )
        return int(yaml.constructor.SafeConstructor.construct_yaml_int(loader, node))

    if marked:
        Loader.add_constructor("tag:yaml.org,2002:str", construct_str)
    Loader.add_constructor("tag:yaml.org,2002:map", construct_map)
    Loader.add_constructor("tag:yaml.org,2002:seq", construct_seq)
    Loader.add_constructor("tag:yaml.org,2002:int", construct_int)
    return Loader


def _check_shape(text: str, path: Path) -> None:
    """Refuse nesting deeper than MAX_DEPTH and more than MAX_NODES values (aliases expanded), from the
    parser's events: no recursion, and it stops at the first level too deep."""
    depth = 0
    count = 0  # values so far, an alias counting as the values of what it names
    opened: list[tuple[str | None, int]] = []  # each open collection's anchor and the count when it opened
    sizes: dict[str, int] = {}
    for event in yaml.parse(text, Loader=_BASE_LOADER):
        where = Location(path, event.start_mark.line + 1, event.start_mark.column + 1) if event.start_mark else None
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise Malformed(where, f"嵌套超过 {MAX_DEPTH} 层（映射和列表套得太深）")
            opened.append((event.anchor, count))
            count += 1
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
            anchor, start = opened.pop()
            if anchor is not None:
                sizes[anchor] = count - start
        elif isinstance(event, yaml.ScalarEvent):
            count += 1
            if event.anchor is not None:
                sizes[event.anchor] = 1
        elif isinstance(event, yaml.AliasEvent):
            count += sizes.get(str(event.anchor), 1)
        if count > MAX_NODES:
            raise Malformed(where, f"内容过多：展开别名（*）后超过 {MAX_NODES} 个值")


def _parse(text: str, path: Path, marked: bool) -> Any:
    """The document in ``text``; every refusal is a Malformed at its line."""
    try:
        _check_shape(text, path)
        return yaml.load(text, Loader=_loader_for(path, marked))
    except yaml.MarkedYAMLError as exc:
        where = exc.problem_mark or exc.context_mark
        loc = Location(path, where.line + 1, where.column + 1) if where else None
        problem = str(exc.problem or exc.context)
        if "nesting depth" in problem:  # libyaml's own limit, met before ours in flow collections
            raise Malformed(loc, f"嵌套超过 {MAX_DEPTH} 层（映射和列表套得太深）") from None
        raise Malformed(loc, f"YAML 语法错误：{problem}") from None
    except yaml.YAMLError as exc:  # a reader error (a control character) carries no mark
        raise Malformed(Location(path, 1, 1), f"YAML 语法错误：{exc}") from None


def parse_plain(text: str, path: Path) -> Any:
    """An applicant's YAML as plain dicts (string keys), lists and scalars; refusals raise Malformed."""
    return _parse(text, path, marked=False)


def load(path: Path) -> Any:
    """Load one of the project's YAML files; syntax errors and refusals become a SpecError at the right line."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SpecError([Problem(None, f"{path}: 无法读取文件（{exc.strerror}）")]) from None
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise SpecError([Problem(Location(path, line, 1), "不是 UTF-8 编码的文本：请另存为 UTF-8")]) from None
    try:
        return _parse(text, path, marked=True)
    except Malformed as exc:
        raise SpecError([Problem(exc.location, exc.message)]) from None
