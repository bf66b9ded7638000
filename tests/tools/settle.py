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

import yaml

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
            if not same and isinstance(node, Mapping) and part == path[-1]:  # the label names the field: 《承诺书》
                same = [v for k, v in node.items() if not isinstance(v, Mapping) and f"《{k}》" in part]
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


_APP = re.compile(r"^\{\{ app\.([\w.]+) \}\}$")
_F = re.compile(r"\bf\.([^\s|}\[\]()]+)")


def _app_refs(node: Any, at: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], str]]:
    """Each mapped field that takes a form field as it is, with that form field's path."""
    for key, value in node.items() if isinstance(node, Mapping) else []:
        if isinstance(value, Mapping) and "repeat" in value:
            continue
        plain = value.get("value") if isinstance(value, Mapping) and "value" in value else value
        if isinstance(plain, str) and (match := _APP.match(plain)):
            yield (*at, str(key)), match[1]
        elif isinstance(value, Mapping) and "value" not in value:
            yield from _app_refs(value, (*at, str(key)))


def same_fields(real: Mapping[str, Any], scaffold: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    """The real mapping's field (``联络员与财务负责人.联络员.移动电话``) → the scaffold's field taking the same form
    field: how a maintainer reads a template of the real recipe in the scaffold's own groups."""
    ours: dict[str, tuple[str, ...]] = {}
    for path, ref in _app_refs(scaffold.get("fields")):
        ours.setdefault(ref, path)
    return {".".join(path): ours[ref] for path, ref in _app_refs(real.get("fields")) if ref in ours}


def _include(line: str, real: Mapping[str, Any], fields: Mapping[str, tuple[str, ...]]) -> str:
    """A login include whose vars are a guess (TODO) → the real recipe's vars for its snippet, each field it
    reads named as the scaffold names it; a secret the scaffold's own."""
    from bot.inspect.scaffold import f_ref

    head, _, _ = line.partition("  # TODO")
    pad, _, body = head.partition("- include: ")
    ours = yaml.safe_load(body)
    theirs = next(
        s["include"]
        for s in [*_all_steps(real["steps"]), *_all_steps((real.get("reconcile") or {}).get("steps"))]
        if "include" in s and s["include"]["snippet"] == ours["snippet"]
    )
    settled = {
        key: value
        if "secrets." in value
        else _F.sub(lambda m: f_ref(fields[m[1]]) if m[1] in fields else m[0], str(theirs["vars"][key]))
        for key, value in ours.get("vars", {}).items()
    }
    return f"{pad}- include: {flow({'snippet': ours['snippet'], 'vars': settled})}"


def settle_recipe(text: str, real: Mapping[str, Any], fields: Mapping[str, tuple[str, ...]] | None = None) -> str:
    """The scaffold's TODO lines → the real recipe's: the wait after each 下一步, the submit's click, wait, refused and
    receipt's locator (under the scaffold's own output name), the reconcile's page and receipt locator, the login's
    vars (``fields``: the real mapping's fields as the scaffold names them, ``same_fields``)."""
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
    sent = [b["wait"] for a, b in itertools.pairwise(everywhere[:sms]) if a.get("click") in sends and "wait" in b]
    rows = [  # the region each table's new row is filled in
        s["within"]["region"] for s in _all_steps(real["steps"]) if "within" in s and s["within"].get("region")
    ]
    first_fill = next(n for n, s in enumerate(everywhere) if "fill_form" in s)
    ready = everywhere[first_fill - 1].get("wait") if first_fill else None  # what the real recipe waits for
    lines = text.splitlines()
    section = ""
    for index, line in enumerate(lines):
        if re.match(r"^\w", line):
            section = line.split(":")[0]
        if line.lstrip().startswith("- include: ") and TODO in line:
            lines[index] = _include(line, real, fields or {})
            continue
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
        elif section == "steps" and lead and key == "click" and "iframe" in line:  # the link opening the form
            opening = [
                a["click"]
                for a, b in itertools.pairwise(everywhere)
                if "click" in a and "frame_url" in b.get("wait", {})
            ]
            lines[index] = f"{pad}{lead}click: {flow(opening[0])}"
        elif section == "steps" and lead and key == "click":  # the button sending the SMS code
            lines[index] = f"{pad}{lead}click: {flow(sends[-1])}" if "sms" in asks and sends else _GONE
        elif section == "steps" and lead and key == "wait" and "已发送" in value:  # the page's word that it sent
            lines[index] = f"{pad}{lead}wait: {flow(sent[-1])}" if "sms" in asks and sent else _GONE
        elif section == "steps" and lead and key == "upload":  # the sign the portal shows once the file is in
            ours = yaml.safe_load(line.partition("  # TODO")[0].strip()[len("- upload: ") :])
            theirs = [s["upload"] for s in everywhere if s.get("upload", {}).get("label") == ours["label"]]
            done = {"done": theirs[0]["done"]} if theirs and "done" in theirs[0] else {}
            lines[index] = f"{pad}{lead}upload: {flow({**ours, **done})}"
        elif section == "steps" and lead and key == "press":
            pressed = [s for s in everywhere if "press" in s]
            lines[index] = f"{pad}{lead}press: {flow(pressed[0]['press'])}" if pressed else _GONE
        elif section == "steps" and lead and key == "within":
            within = yaml.safe_load(line.partition("  # TODO")[0].strip()[len("- within: ") :])
            lines[index] = f"{pad}{lead}within: {flow({**within, 'region': rows.pop(0)})}"
        elif section == "steps" and lead and key == "when" and "visible" in value:  # is the row's section there?
            when = yaml.safe_load(line.partition("  # TODO")[0].strip()[len("- when: ") :])
            lines[index] = f"{pad}{lead}when: {flow({**when, 'visible': rows[0]})}"
        elif section == "steps" and lead and key == "wait" and "visible" in value:  # the page's ready sign
            lines[index] = f"{pad}{lead}wait: {flow(ready)}" if ready else _GONE
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
