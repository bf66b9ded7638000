"""What the kits support, as ``bot kits`` prints it and docs/recipes.md shows it (a test keeps the two equal)."""

from __future__ import annotations

from typing import Any

from bot.recipe.kits.base import Kit

# The kinds in the order a form shows them (base.py's docstring); a kit's own kinds follow.
KINDS = (
    "input",
    "textarea",
    "number",
    "select",
    "multi-select",
    "autocomplete",
    "cascader",
    "tree-select",
    "date",
    "month",
    "year",
    "date-range",
    "datetime",
    "time",
    "radio",
    "checkbox",
    "switch",
    "slider",
    "upload",
    "transfer",
)


def describe(kits: tuple[Kit, ...]) -> list[dict[str, Any]]:
    """Each kit with its widgets: kind, what a person calls it, and how it is set and read back."""
    return [
        {
            "name": kit.name,
            "signature": kit.signature,
            "widgets": [
                {"kind": w.kind, "also": list(w.also), "title": w.title, "how": kit.notes.get(w.kind, "")}
                for w in kit.widgets
            ],
        }
        for kit in kits
    ]


def markdown(kits: tuple[Kit, ...]) -> str:
    """A widget × library table (✓ where a kit sets and reads that kind), then each kit's notes on how."""
    kinds = [*KINDS, *sorted({w.kind for kit in kits for w in kit.widgets} - set(KINDS))]
    has = {kit.name: {kind for w in kit.widgets for kind in (w.kind, *w.also)} for kit in kits}
    lines = [
        "| widget | " + " | ".join(kit.name for kit in kits) + " |",
        "|---|" + "---|" * len(kits),
        *(f"| {kind} | " + " | ".join("✓" if kind in has[kit.name] else "—" for kit in kits) + " |" for kind in kinds),
    ]
    for kit in kits:
        lines += ["", f"**{kit.name}** (`signature: {kit.signature}`): how each widget is set, and read back", ""]
        lines += [f"- `{w.kind}` ({w.title}): {kit.notes.get(w.kind, '')}".rstrip(": ") for w in kit.widgets]
    return "\n".join(lines) + "\n"
