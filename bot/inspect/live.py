"""``bot check --live ITEM``: the item's recipe and mapping checked against the live portal, not only read.

The recipe is walked as ``bot drift`` walks it (walk.py: a dry run with the example application, up to just before
``submit``, each page inspected before its first step filling a mapped field). So every explicit step's locator is
tried for real: one that finds nothing, or more than one element, stops the walk with the runner's own message (the
step's file:line, its locator, the near matches on the page). On each page, every field the mapping fills there must
be listed by ``bot inspect`` (listing.py) in its group, found by fill_form's own lookup, classified, and of a widget
kind that can take what the mapping gives it (options: a widget to choose with; a file: an upload; true/false: a
checkbox, switch or choice); a table's column, by its header (its cells' widgets show only once its rows are added).
Each problem names the mapping's line and the recipe's step.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bot.form.spec import FormSpec
from bot.inspect.drift import expected_on, find, leaves_of, near_label
from bot.inspect.model import Field, Inspection
from bot.mapping.item import ItemMapping, SiteField

# Kinds that take typed text only: not a choice, a file or a yes/no.
TYPED = {"input", "textarea", "number", "readonly", "date", "month", "year", "date-range", "time", "datetime"}


@dataclass
class LiveProblem:
    label: str  # the mapping's field, 分组 / 标签
    page: str  # the recipe step before which the page was inspected
    detail: str  # what is wrong, in Chinese
    mapping: str = ""  # file:line of the mapping's field
    recipe: str = ""  # the recipe's step filling it

    def render(self) -> str:
        where = "；".join(x for x in (f"映射 {self.mapping}" if self.mapping else "", f"配方 {self.recipe}") if x)
        return f"「{self.label}」：{self.detail}" + (f"\n    改：{where}" if self.recipe or self.mapping else "")


@dataclass
class LiveCheck:
    item: str
    pages: int = 0  # pages where fill_form ran, inspected
    checked: int = 0  # mapped fields looked for
    problems: list[LiveProblem] = field(default_factory=list)
    stopped: str = ""  # the walk ended before the submit: the failing step's message

    @property
    def ok(self) -> bool:
        return not self.problems and not self.stopped

    def json(self) -> dict[str, Any]:
        return {**asdict(self), "ok": self.ok}


def problems_on(mapping: ItemMapping, form: FormSpec, pages: list[Inspection], values: Mapping[str, Any]) -> LiveCheck:
    """What is wrong with the mapping on the pages walked (``values``: the mapping evaluated, ``f``)."""
    report = LiveCheck(mapping.item, pages=len(pages))
    leaves = leaves_of(mapping)
    for page in pages:
        expected = expected_on(leaves, page)
        mapped = {leaf.path[-1] for leaf, _ in expected}
        for leaf, step in expected:
            report.checked += 1
            where = str(leaf.location) if leaf.location else str(mapping.path)
            detail = _problem(leaf, find(page, leaf.path), page, form, _value(values, leaf.path), mapped)
            if detail:
                report.problems.append(LiveProblem(" / ".join(leaf.path), page.page, detail, where, step))
    return report


def _problem(
    leaf: SiteField, found: Field | None, page: Inspection, form: FormSpec, value: Any, mapped: set[str]
) -> str:
    if found is None:
        near = near_label(page, leaf.path[-1], mapped)
        return "本页找不到此标签" + (f"，相近的是「{near}」" if near else "") + "（bot inspect 列出本页字段）"
    if found.problem and found.shown:
        return found.problem
    if found.how == "cell":  # a table's column: its header is there; its cells' widgets show once rows are added
        return ""
    if found.found is False and found.shown:
        return "fill_form 按此标签找不到它"
    if leaf.options and found.kind in TYPED:
        return f"映射给了选项，门户的控件却是{found.title or found.kind}（{found.kind}）"
    if _reads_file(leaf, form) and found.kind != "upload":
        return f"映射给的是文件，门户的控件却是{found.title or found.kind}（{found.kind}）"
    if found.kind == "upload" and value is not None and not _reads_file(leaf, form) and not _is_path(value):
        return "门户的控件是文件上传，映射给的却不是文件"
    if isinstance(value, bool) and found.kind in TYPED | {"upload"}:
        return f"映射给的是是/否，门户的控件却是{found.title or found.kind}（{found.kind}）"
    return ""


def _reads_file(leaf: SiteField, form: FormSpec) -> bool:
    for path in leaf.reads:
        try:
            if form.field(path).type == "file":
                return True
        except KeyError:
            continue
    return False


def _is_path(value: Any) -> bool:
    values = value if isinstance(value, list) else [value]
    return all(isinstance(v, (str, Path)) and Path(str(v)).suffix != "" for v in values)


def _value(values: Mapping[str, Any], path: tuple[str, ...]) -> Any:
    node: Any = values
    for part in path:
        node = node.get(part) if isinstance(node, Mapping) else None
    return node


async def check_live(
    item: str,
    *,
    application: Path | None,
    outputs: Mapping[str, Mapping[str, str]],
    evidence_dir: Path,
    base_url: str | None = None,
    environ: Mapping[str, str] | None = None,
    hand_off: Any = None,
) -> LiveCheck:
    """Walk the item's recipe on its portal (a dry run: nothing is submitted) and check it there."""
    from bot.form.spec import load_form
    from bot.inspect.walk import item_mapping, walk_item
    from bot.paths import mappings_dir

    runner, walked = await walk_item(
        item,
        application_path=application,
        outputs=outputs,
        evidence_dir=evidence_dir,
        hand_off=hand_off,
        base_url=base_url,
        environ=environ,
    )
    form = load_form(mappings_dir() / "form.yaml")
    report = problems_on(item_mapping(item), form, walked.pages, runner.values["f"])
    report.stopped = walked.stopped
    return report
