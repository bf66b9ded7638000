"""Settling a scaffold's TODO lines as a maintainer would, done mechanically for the tests: each line marked TODO
in the scaffolded mapping or recipe gets the value the item's real mapping or recipe has there, and no other line
is touched (``todo_only`` says whether a settled text differs from the scaffold on TODO lines alone)."""

from __future__ import annotations

import difflib
import itertools
import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

TODO = "TODO"
_GONE = "\0"  # a line deleted
_KEY = re.compile(r"^(?P<pad>\s*)(?P<key>\"[^\"]*\"|[^\s:#][^:#]*?):(?:\s+(?P<value>.*?))?\s*(?:#.*)?$")


def flow(value: Any) -> str:
    """A value as one line of YAML (JSON is YAML)."""
    return json.dumps(value, ensure_ascii=False)


def _key(text: str) -> str:
    return str(json.loads(text)) if text.startswith('"') else text.strip()


def settle_mapping(text: str, real: Mapping[str, Any]) -> str:
    """Each ``label: TODO`` under ``fields:`` → the real mapping's value for that path; ``portal:`` (TODO) → the real
    portal's name."""
    lines = text.splitlines()
    stack: list[tuple[int, str]] = []
    for index, line in enumerate(lines):
        match = _KEY.match(line)
        if match is None:
            continue
        depth, key = len(match["pad"]), _key(match["key"])
        while stack and stack[-1][0] >= depth:
            stack.pop()
        stack.append((depth, key))
        if TODO not in line:
            continue
        path = [k for _, k in stack]
        if path == ["portal"]:
            lines[index] = f"{match['pad']}portal: {flow(real['portal'])}"
        elif path[0] == "fields" and match["value"] == TODO:
            found = _at(real["fields"], path[1:])
            lines[index] = f"{match['pad']}{match['key']}: {flow(found[0])}" if found else _GONE
    return "\n".join(line for line in lines if line != _GONE) + "\n"


def _at(fields: Mapping[str, Any], path: list[str]) -> list[Any]:
    """The real mapping's value for a scaffold's path: at that path, else the one leaf of that label (the portal's
    field placed in another group); none when the item does not fill it (the line is deleted)."""
    node: Any = fields
    for part in path:
        if isinstance(node, Mapping) and "repeat" in node and part not in node:
            node = node["fields"]
        if not isinstance(node, Mapping) or part not in node:
            same = list(_leaves(fields, path[-1]))
            return same if len(same) == 1 else []
        node = node[part]
    return [node]


def _leaves(node: Any, label: str) -> Iterator[Any]:
    for key, value in node.items() if isinstance(node, Mapping) else []:
        if key == label and not (isinstance(value, Mapping) and ("fields" in value or "repeat" in value)):
            yield value
        elif isinstance(value, Mapping) and "value" not in value:
            yield from _leaves(value, label)


def _steps(steps: list[Any]) -> Iterator[Mapping[str, Any]]:
    for step in steps:
        if isinstance(step, Mapping):
            yield step


def settle_recipe(text: str, real: Mapping[str, Any]) -> str:
    """The scaffold's TODO lines → the real recipe's: the wait after each 下一步, the submit's click, wait, refused and
    receipt's locator (under the scaffold's own output name), the reconcile's page and receipt locator."""
    steps = list(_steps(real["steps"]))
    submit = next(s["submit"] for s in _all_steps(real["steps"]) if "submit" in s)
    after_clicks = [b["wait"] for a, b in itertools.pairwise(steps) if "click" in a and "wait" in b]
    reconcile = real.get("reconcile") or {}
    gotos = [s["goto"] for s in _steps(reconcile.get("steps", [])) if "goto" in s]
    next_pages = iter(after_clicks)
    everywhere = list(_all_steps(real["steps"]))
    asks = {s["ask"]["kind"]: s["ask"] for s in everywhere if "ask" in s}
    sms = next((n for n, s in enumerate(everywhere) if s.get("ask", {}).get("kind") == "sms"), 0)
    sends = [s["click"] for s in everywhere[:sms] if "click" in s][-1:]  # the click just before the SMS is asked
    lines = text.splitlines()
    section = ""
    for index, line in enumerate(lines):
        if re.match(r"^\w", line):
            section = line.split(":")[0]
        if line.strip().startswith("# confirm:") and TODO in line:  # the scaffold's guess of a confirm modal
            if "confirm" in submit:
                lines[index] = f"{line[: line.index('#')]}confirm: {flow(submit['confirm'])}"
            continue
        match = _KEY.match(line.replace("- ", "  ", 1))
        if TODO not in line or match is None:
            continue
        pad, key, value = line[: len(line) - len(line.lstrip())], _key(match["key"]), match["value"] or ""
        lead = "- " if line.lstrip().startswith("- ") else ""
        if section == "steps" and lead and key == "ask":
            kind = "sms" if "sms" in value else "captcha"
            lines[index] = f"{pad}{lead}ask: {flow(asks[kind])}" if kind in asks else _GONE
        elif section == "steps" and lead and key == "click":  # the button sending the SMS code
            lines[index] = f"{pad}{lead}click: {flow(sends[-1])}" if "sms" in asks and sends else _GONE
        elif section == "steps" and key == "wait" and "**/TODO" in value:
            lines[index] = f"{pad}{lead}wait: {flow(next(next_pages))}"
        elif section == "steps" and key in ("click", "wait", "refused") and key in submit:
            lines[index] = f"{pad}{key}: {flow(submit[key])}"
        elif section == "steps" and key in ("receipt_no",):
            lines[index] = f"{pad}{key}: {flow(next(iter(submit['receipt'].values())))}"
        elif section == "reconcile" and key == "goto" and gotos:
            lines[index] = f"{pad}{lead}goto: {flow(gotos[0])}"
        elif section == "reconcile" and key == "receipt_no" and reconcile.get("receipt"):
            lines[index] = f"{pad}{key}: {flow(next(iter(reconcile['receipt'].values())))}"
    return "\n".join(line for line in lines if line != _GONE) + "\n"


def _all_steps(steps: Any) -> Iterator[Mapping[str, Any]]:
    """Every step, nested ones too (a when's, a within's), in order."""
    for step in _steps(steps if isinstance(steps, list) else []):
        yield step
        for value in step.values():
            if isinstance(value, Mapping):
                for key in ("steps", "else"):
                    yield from _all_steps(value.get(key))


def todo_only(scaffolded: str, settled: str) -> list[str]:
    """The scaffold's lines the settled text changed or deleted that are not TODO lines, and lines it added rather
    than replaced: none, when only TODO lines were settled (given a value, or deleted as a person does with a field
    the item does not fill)."""
    wrong = []
    matcher = difflib.SequenceMatcher(None, scaffolded.splitlines(), settled.splitlines(), autojunk=False)
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal":
            continue
        old = scaffolded.splitlines()[a0:a1]
        if tag == "insert" or (tag == "replace" and a1 - a0 < b1 - b0):
            wrong.append(f"{tag}: {settled.splitlines()[b0]}")  # a line added, not a TODO settled
        wrong += [line for line in old if TODO not in line]
    return wrong
