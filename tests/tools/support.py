"""What the maintainer tools' tests share: scoring a scaffold's guesses against an item's real mapping."""

from __future__ import annotations

from bot.form.spec import load_form
from bot.inspect.match import Matcher
from bot.inspect.model import Inspection
from bot.inspect.scaffold import matched, plan
from bot.mapping.item import SiteField, SiteTable, load_mappings
from tests.support import MAPPINGS

FORM = load_form(MAPPINGS / "form.yaml")
MAPPED = load_mappings(MAPPINGS, FORM)


def mapped_leaves(item: str) -> list[SiteField]:
    leaves: list[SiteField] = []
    for node in MAPPED[item].nodes:
        leaves += node.columns if isinstance(node, SiteTable) else [node]
    return leaves


def listed_labels(pages: list[Inspection]) -> set[str]:
    """Every label the inspections list: fields, and tables' column headers."""
    labels = {f.label for page in pages for f in page.fields}
    return labels | {c.header for page in pages for t in page.tables for c in t.columns}


def scaffold_score(item: str, pages: list[Inspection]) -> tuple[int, int, list[str]]:
    """(right, counted, misses): of the mapping's fields that read the form, how many the scaffold guessed right."""
    guessed = matched(plan(pages, Matcher(FORM)))
    right, counted, misses = 0, 0, []
    for leaf in mapped_leaves(item):
        if not leaf.reads:
            continue  # a constant, or an output of an earlier item: nothing in the form to match
        counted += 1
        same = [v for k, v in guessed.items() if k.split("/")[-2:] == list(leaf.path[-2:])]
        same = same or [v for k, v in guessed.items() if k.split("/")[-1] == leaf.path[-1]]
        if same and same[0] in leaf.reads:
            right += 1
        else:
            misses.append(f"{'/'.join(leaf.path)} → {same[0] if same else '未列出'}（应为 {'、'.join(leaf.reads)}）")
    return right, counted, misses
