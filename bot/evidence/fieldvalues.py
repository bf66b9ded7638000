"""Which value went where: every site field of an item, the value it received, and where that came from.

The mapping is evaluated again with the run's outputs (an output not known yet shows as
its placeholder, as in a preview), so the report shows what the portal was, or will be,
given. Values are masked here: the report is read by people who need not see ID or
mobile numbers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.errors import MappingFailed
from bot.form.application import Application
from bot.form.preview import pending_outputs
from bot.mapping.bundle import Bundle
from bot.mapping.item import SiteField, SiteTable
from bot.privacy.masking import mask_text


@dataclass(frozen=True)
class FieldValue:
    label: str  # the portal's label path: 基本信息 / 住所, 股东（发起人）第1行 / 证件号码
    value: str  # as a person would read it, masked
    sources: list[str]  # the form fields and outputs it was computed from, in Chinese


@dataclass(frozen=True)
class ItemValues:
    rows: list[FieldValue]
    error: str | None  # the mapping could not be evaluated (a missing output, a maintainer's bug)


def run_outputs(bundle: Bundle, known: Mapping[str, Mapping[str, str]]) -> dict[str, dict[str, str]]:
    """Every item's outputs: the ones the run brought back, placeholders for the rest."""
    return {item: {**pending, **known.get(item, {})} for item, pending in pending_outputs(bundle).items()}


def item_values(bundle: Bundle, item: str, application: Application, outputs: Mapping[str, Any]) -> ItemValues:
    mapping = bundle.mappings[item]
    try:
        values = mapping.evaluate(application, outputs)
    except MappingFailed as exc:
        return ItemValues([], mask_text(str(exc)))
    rows: list[FieldValue] = []
    for node in mapping.nodes:
        if isinstance(node, SiteTable):
            table_rows = _get(values, node.path) or []
            for index, row in enumerate(table_rows):
                for column in node.columns:
                    rest = column.path[len(node.path) :]
                    label = f"{' / '.join(node.path)}第{index + 1}行 / {' / '.join(rest)}"
                    rows.append(_row(bundle, column, label, _get(row, rest), index))
        else:
            rows.append(_row(bundle, node, node.label, _get(values, node.path), None))
    return ItemValues(rows, None)


def _row(bundle: Bundle, leaf: SiteField, label: str, value: Any, row: int | None) -> FieldValue:
    sources = [_form_label(bundle, path, row) for path in sorted(leaf.reads)]
    for output in sorted(leaf.outputs):
        item, _, name = output.partition(".")
        mapping = bundle.mappings.get(item)
        sources.append(f"{mapping.title}·{mapping.outputs.get(name, name)}" if mapping else output)
    return FieldValue(label, mask_text(display(value)), sources)


def _form_label(bundle: Bundle, path: str, row: int | None) -> str:
    section = bundle.form.sections.get(path.partition(".")[0])
    if section is None:
        return path
    try:
        return bundle.form.label(path, row if section.table else None)
    except KeyError:
        return path


def display(value: Any) -> str:
    """Yes/no for a checkbox, picks joined with 、, （空） for nothing."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(display(v) for v in value) or "（空）"
    if value is None or value == "":
        return "（空）"
    return str(value)


def _get(values: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        if not isinstance(values, Mapping):
            return None
        values = values.get(key)
    return values
