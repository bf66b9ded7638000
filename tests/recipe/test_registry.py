"""A verb added through the registry alone is part of the language: loaded, checked, in the JSON Schema, run.

``shout`` is a throwaway verb declared here and nowhere else: it types a text, upper-cased, into a
field. While it is registered the loader accepts it (nested too), ``bot check`` counts the field its
template reads as filled (``fills="value"``), the JSON Schema offers it, and the runner runs it in
Chromium; once unregistered it is an unknown verb again.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.errors import SpecError
from bot.lint import check_project
from bot.paths import PROJECT_ROOT
from bot.recipe import registry
from bot.recipe.context import Context
from bot.recipe.loader import load_recipe
from bot.recipe.models import Common, Locator
from bot.recipe.runner import Runner
from bot.recipe.schema import STEP_TYPES, Recipe
from bot.recipe.verbs.flow import When
from tests.support import filing_page, run_async


class ShoutArgs(Locator):
    text: str


class Shout(Common):
    shout: ShoutArgs


async def _shout(step: Shout, at: Context) -> None:
    await at.locate(step.shout).fill(at.render(step.shout.text).upper(), timeout=step.timeout)


@contextlib.contextmanager
def registered_shout() -> Iterator[registry.Verb[Shout]]:
    verb = registry.Verb(Shout, _shout, fills="value")
    registry.register(verb)
    try:
        yield verb
    finally:
        registry.unregister("shout")


@pytest.fixture
def shout() -> Iterator[registry.Verb[Shout]]:
    with registered_shout() as verb:
        yield verb


RECIPE = """\
item: shout-test
start: /step.html
timeout: 5000
steps:
  - shout: {label: 备注, text: "{{ f.备注 }}"}
  - when:
      if: "{{ f.人数 }}"
      steps:
        - name: 人数
          shout: {label: 从业人数, text: "{{ f.人数 }}"}
"""


def write(tmp_path: Path, text: str = RECIPE) -> Path:
    path = tmp_path / "shout-test.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_registered_verb_is_loaded_where_it_is_written(shout: registry.Verb[Shout], tmp_path: Path) -> None:
    assert STEP_TYPES["shout"] is Shout and registry.named("shout") is shout
    recipe = load_recipe(write(tmp_path))
    first, when = recipe.steps
    assert isinstance(first, Shout) and first.shout.label == "备注"
    assert first.where is not None and (first.where.file.name, first.where.line) == ("shout-test.yaml", 5)
    assert isinstance(when, When) and isinstance(when.when.steps[0], Shout)
    assert when.when.steps[0].where is not None and when.when.steps[0].where.line == 9


def test_a_registered_verb_is_in_the_json_schema(shout: registry.Verb[Shout]) -> None:
    schema = Recipe.model_json_schema()
    assert {"$ref": "#/$defs/Shout"} in schema["properties"]["steps"]["items"]["anyOf"]
    assert {"$ref": "#/$defs/Shout"} in schema["$defs"]["WhenArgs"]["properties"]["steps"]["items"]["anyOf"]
    assert schema["$defs"]["ShoutArgs"]["required"] == ["text"]


def test_an_unregistered_verb_is_unknown_again(tmp_path: Path) -> None:
    with registered_shout():
        load_recipe(write(tmp_path))
    assert "shout" not in STEP_TYPES
    assert "Shout" not in Recipe.model_json_schema()["$defs"]
    with pytest.raises(SpecError, match="未知的动词或键“shout”"):
        load_recipe(write(tmp_path))


def test_a_verb_is_registered_once(shout: registry.Verb[Shout]) -> None:
    with pytest.raises(ValueError, match="shout is already registered"):
        registry.register(registry.Verb(Shout, _shout))


def test_bot_check_counts_what_a_filling_verb_reads_as_filled(shout: registry.Verb[Shout], tmp_path: Path) -> None:
    shutil.copytree(PROJECT_ROOT / "mappings", tmp_path / "mappings")
    shutil.copytree(PROJECT_ROOT / "recipes", tmp_path / "recipes")
    tax = tmp_path / "recipes" / "tax-registration.yaml"
    text = tax.read_text(encoding="utf-8")
    old = "  - fill_form: 领票人\n"
    assert old in text
    skipped = "  - fill_form: {group: 领票人, skip: [移动电话]}\n"
    tax.write_text(text.replace(old, skipped), encoding="utf-8")
    report = check_project(tmp_path / "mappings", tmp_path / "recipes")
    assert [p.message for p in report.problems] == ["映射字段“领票人 / 移动电话”没有被配方 tax-registration.yaml 填写"]
    shouted = skipped + '  - shout: {label: 移动电话, text: "{{ f.领票人.移动电话 }}"}\n'
    tax.write_text(text.replace(old, shouted), encoding="utf-8")
    report = check_project(tmp_path / "mappings", tmp_path / "recipes")
    assert report.ok, [p.render() for p in report.problems]


@pytest.mark.browser
def test_the_runner_runs_a_registered_verb(shout: registry.Verb[Shout], site_url: str, tmp_path: Path) -> None:
    recipe = load_recipe(write(tmp_path))
    runner = Runner(recipe, base_url=site_url, values={"f": {"备注": "hello", "人数": "12"}}, evidence_dir=tmp_path)

    async def go() -> tuple[str, str]:
        async with filing_page() as page:
            await runner.file(page)
            return await page.locator("#bz").input_value(), await page.locator("#cyrs").input_value()

    assert run_async(go()) == ("HELLO", "12")
    assert [timing.step for timing in runner.result.timings] == ["shout", "人数", "when"]  # timed as each ends
