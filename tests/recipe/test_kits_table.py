"""docs/recipes.md shows what the kits support exactly as `bot kits --markdown` prints it, and each kit is
well formed: a signature, a row and a label, widgets whose kinds are unique and whose roots are CSS."""

from __future__ import annotations

import pytest

from bot.recipe.kits import Kit, all_kits
from bot.recipe.kits.table import markdown
from tests.support import PROJECT_ROOT


def test_the_docs_table_is_what_the_kits_support() -> None:
    docs = (PROJECT_ROOT / "docs" / "recipes.md").read_text(encoding="utf-8")
    assert markdown(all_kits()) in docs, "docs/recipes.md 的支持表已过期：用 bot kits --markdown 重新生成"


@pytest.mark.parametrize("kit", all_kits(), ids=lambda kit: kit.name)
def test_every_kit_declares_how_it_is_found_and_how_each_widget_is_set_and_read(kit: Kit) -> None:
    assert kit.signature and kit.row and kit.label and kit.widgets
    kinds = [w.kind for w in kit.widgets]
    assert len(kinds) == len(set(kinds))
    assert all(w.read.strip() and callable(w.set) and w.title for w in kit.widgets)
    assert all(kit.notes.get(w.kind) for w in kit.widgets), "每个控件都要在 notes 中写明如何填写、如何回读"
