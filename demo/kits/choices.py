"""The beds' option lists as their pages take them, and stored codes read back as labels.

Every bed defines its lists once, as ``{code: label}`` dicts and trees of ``{<key>, label, children}``
nodes (the key is ``value``, ``id`` or ``code`` as the library's widget wants it); these helpers turn them
into what a page's script takes and what its 办件详情 shows.
"""

from __future__ import annotations

from typing import Any

Tree = list[dict[str, Any]]


def pairs(codes: dict[str, str], value: str = "value", label: str = "label") -> list[dict[str, str]]:
    """``{code: label}`` as a widget's option list, in order: ``[{value: code, label: label}, …]`` (or the
    keys the widget names, e.g. a transfer's ``key``/``title``)."""
    return [{value: code, label: name} for code, name in codes.items()]


def paths(tree: Tree, key: str = "value") -> dict[str, list[str]]:
    """Every node's code → the labels of its path from the top."""
    found: dict[str, list[str]] = {}

    def walk(nodes: Tree, above: list[str]) -> None:
        for node in nodes:
            path = [*above, str(node["label"])]
            found[str(node[key])] = path
            walk(node.get("children", []), path)

    walk(tree, [])
    return found


def labels(tree: Tree, key: str = "value") -> dict[str, str]:
    """Every node's code → its label."""
    return {code: path[-1] for code, path in paths(tree, key).items()}
