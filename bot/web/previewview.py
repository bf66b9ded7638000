"""The preview as an applicant can read it on a phone: the values several portals receive shown once, with
the portals that receive them; each portal's own values below (folded); scans by their original name and a
thumbnail, never a server path.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.evidence.fieldvalues import display
from bot.privacy.masking import mask_text
from bot.web.uploads import original_names

THUMBNAILS = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


@dataclass(frozen=True)
class Scan:
    name: str  # its path inside the application's folder (the thumbnail's address)
    original: str  # the applicant's file name
    image: bool  # a picture (thumbnail), else a PDF


@dataclass
class Common:
    label: str
    value: Any  # text or a Scan
    portals: list[str] = field(default_factory=list)


@dataclass
class PortalValues:
    title: str
    portal: str
    short: str
    values: dict[str, Any]  # its own values (not among the common ones), nested by group


def scans_of(value: Any, folder: Path, names: Mapping[str, str]) -> Any:
    """Values with every file of the draft's folder replaced by a :class:`Scan`."""
    if isinstance(value, Mapping):
        return {k: scans_of(v, folder, names) for k, v in value.items()}
    if isinstance(value, list):
        return [scans_of(v, folder, names) for v in value]
    if isinstance(value, str | Path) and Path(value).is_absolute() and Path(value).is_relative_to(folder):
        name = Path(value).relative_to(folder).as_posix()
        original = names.get(name, Path(name).name)
        return Scan(name, mask_text(original), Path(name).suffix.lower() in THUMBNAILS)
    return value


def shown(value: Any) -> Any:
    return value if isinstance(value, Scan) else mask_text(display(value))


def split(portals: list[dict[str, Any]], folder: Path) -> tuple[list[Common], list[PortalValues]]:
    """Common values (the same label and value at two portals or more) and each portal's own."""
    names = original_names(folder)
    trees = [(p, scans_of(p["values"], folder.resolve(), names)) for p in portals]
    seen: dict[tuple[str, str], Common] = {}
    labels: dict[tuple[str, str], list[str]] = {}
    for portal, tree in trees:
        for label, value in _leaves(tree):
            key = _key(label, value)
            entry = seen.setdefault(key, Common(label, shown(value)))
            labels.setdefault(key, []).append(label)
            if _short(portal["portal"]) not in entry.portals:
                entry.portals.append(_short(portal["portal"]))
    common: list[Common] = []
    for key, found in seen.items():
        if len(found.portals) >= 2:
            called = labels[key]
            found.label = max(dict.fromkeys(called), key=called.count)  # the name most portals give it
            common.append(found)
    shared = {key for key, found in seen.items() if len(found.portals) >= 2}
    own = [PortalValues(p["title"], p["portal"], _short(p["portal"]), _without(tree, shared)) for p, tree in trees]
    return common, own


def _leaves(tree: Mapping[str, Any], group: str = "") -> list[tuple[str, Any]]:
    """(label, value) of the scalar values, a label with its group's name (法定代表人·姓名); tables are left to
    each portal."""
    found: list[tuple[str, Any]] = []
    for label, value in tree.items():
        if isinstance(value, Mapping):
            found += _leaves(value, label)
        elif not (isinstance(value, list) and value and isinstance(value[0], Mapping)):
            found.append((f"{group}·{label}" if group else label, value))
    return found


def _without(tree: Mapping[str, Any], shared: set[tuple[str, str]], group: str = "") -> dict[str, Any]:
    kept: dict[str, Any] = {}
    for label, value in tree.items():
        if isinstance(value, Mapping):
            inner = _without(value, shared, label)
            if inner:
                kept[label] = inner
        elif isinstance(value, list) and value and isinstance(value[0], Mapping):
            kept[label] = [{k: shown(v) for k, v in row.items()} for row in value]
        elif _key(f"{group}·{label}" if group else label, value) not in shared:
            kept[label] = shown(value)
    return kept


def _key(label: str, value: Any) -> tuple[str, str]:
    """What makes two portals' values the same one: a scan, or a distinctive text (a name, an address, a
    number) or a person's name, whatever the portal calls it; a short value (是, 1, 人民币) only under the same
    group and label."""
    if isinstance(value, Scan):
        return ("", f"scan:{value.name}")
    text = display(value)
    name = label.rsplit("·", 1)[-1]
    return ("", text) if len(text) >= 5 or name.endswith(("姓名", "名称")) else (label, text)


def _short(portal: str) -> str:
    """``市场监管局 · 企业开办“一网通办”`` → ``市场监管局``."""
    return portal.split(" · ")[0]
