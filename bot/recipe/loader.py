"""recipes/<item>.yaml → Recipe, with every problem at file:line:col and the nearest verb or key.

Steps are checked one by one before the whole recipe is validated, so that an
error names the step it is in rather than pydantic's guesses across the union of
all verbs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from bot import yamlio
from bot.errors import Location, Problem, SpecError, suggest
from bot.recipe import registry
from bot.recipe.registry import Verb
from bot.recipe.schema import COMMON_KEYS, SECTIONS, STEP_TYPES, Recipe, Snippet
from bot.recipe.verbs.flow import SHARED as SHARED
from bot.templating import compile_template, is_template


def load_recipe(path: Path) -> Recipe:
    """Load one recipe; raise SpecError listing every problem."""
    doc = yamlio.load(path)
    problems = _check(path, doc)
    if not problems and doc.get("item") != path.stem:
        problems.append(Problem(doc.where("item"), f"item “{doc.get('item')}”应与文件名“{path.stem}”一致"))
    if problems:
        raise SpecError(problems)
    return Recipe.model_validate(doc)


def load_snippets(directory: Path) -> dict[str, list[Any]]:
    """Every shared snippet (recipes/_shared/<name>.yaml → its steps); every problem at once."""
    snippets: dict[str, list[Any]] = {}
    problems: list[Problem] = []
    for path in sorted(directory.glob("*.yaml")):
        doc = yamlio.load(path)
        if not isinstance(doc, yamlio.MDict) or "steps" not in doc:
            problems.append(Problem(Location(path, 1, 1), "共用片段应为映射，并有 steps: 步骤列表"))
            continue
        found = list(_check_steps(doc["steps"], doc.where("steps"), path, "steps")) + list(_templates(doc, path))
        if found:
            problems += found
            continue
        snippets[path.stem] = Snippet.model_validate(doc).steps
    if problems:
        raise SpecError(problems)
    return snippets


def _check(path: Path, doc: Any) -> list[Problem]:
    if not isinstance(doc, yamlio.MDict):
        return [Problem(Location(path, 1, 1), "配方文件顶层应为映射（item、start、steps …）")]
    problems = list(_check_steps(doc.get("steps"), doc.where("steps"), path, "steps"))
    sections = {name: doc[name] for name in SECTIONS if isinstance(doc.get(name), yamlio.MDict)}
    for name, section in sections.items():
        problems += _check_steps(section.get("steps"), section.where("steps"), path, f"{name}.steps")
    problems += _templates(doc, path)
    if not problems:
        stripped = {k: v for k, v in doc.items() if k not in ("steps",)}
        stripped["steps"] = []
        for name, section in sections.items():
            stripped[name] = {**section, "steps": []}
        problems += _pydantic_problems(Recipe, stripped, doc, path)
    return problems


def _check_steps(steps: Any, where: Location | None, path: Path, context: str) -> Iterator[Problem]:
    if not isinstance(steps, list):
        yield Problem(where or Location(path, 1, 1), f"{context} 应为步骤列表")
        return
    for step in steps:
        yield from _check_step(step, path)


def _check_step(step: Any, path: Path) -> Iterator[Problem]:
    where = yamlio.location_of(step) or Location(path, 1, 1)
    if not isinstance(step, yamlio.MDict):
        yield Problem(where, f"步骤应为映射（一个动词，如 click: …），而不是“{step}”")
        return
    verbs = [key for key in step if key in STEP_TYPES]
    unknown = [key for key in step if key not in STEP_TYPES and key not in COMMON_KEYS]
    for key in unknown:
        suggestion = suggest(key, [*STEP_TYPES, *COMMON_KEYS]) or f"；可用的动词：{'、'.join(STEP_TYPES)}"
        yield Problem(step.where(key), f"未知的动词或键“{key}”{suggestion}")
    if len(verbs) > 1:
        yield Problem(where, f"一个步骤只能有一个动词，这里有 {'、'.join(verbs)}：请拆成多个步骤")
    if len(verbs) != 1 or unknown:
        if not verbs and not unknown:
            yield Problem(where, f"步骤缺少动词；可用的动词：{'、'.join(STEP_TYPES)}")
        return
    spec = registry.named(verbs[0])
    args = step[spec.name]
    nested_ok = True
    if isinstance(args, yamlio.MDict):
        for key in spec.nested:
            if key in args:
                nested = list(_check_steps(args[key], args.where(key), path, f"{spec.name}.{key}"))
                nested_ok = nested_ok and not nested
                yield from nested
    if nested_ok:
        yield from _pydantic_problems(spec.step, _without_nested(step, spec), step, path)
    if spec.check is not None and isinstance(args, yamlio.MDict):
        yield from spec.check(args, path)


def _without_nested(step: yamlio.MDict, spec: Verb[Any]) -> dict[str, Any]:
    """The step with its nested step lists emptied: they were checked on their own."""
    args = step[spec.name]
    if not isinstance(args, dict):
        return dict(step)
    return {**step, spec.name: {k: ([] if k in spec.nested else v) for k, v in args.items()}}


_MESSAGES = {
    "missing": "缺少“{field}”",
    "extra_forbidden": "未知的键“{field}”{hint}",
    "string_type": "“{field}”应为文字",
    "int_type": "“{field}”应为整数",
    "int_parsing": "“{field}”应为整数",
    "bool_type": "“{field}”应为 true 或 false",
    "bool_parsing": "“{field}”应为 true 或 false",
    "list_type": "“{field}”应为列表",
    "dict_type": "“{field}”应为映射",
    "model_type": "“{field}”应为映射",
    "model_attributes_type": "“{field}”应为映射",
}


def _pydantic_problems(model: type[BaseModel], data: Any, source: Any, path: Path) -> Iterator[Problem]:
    try:
        model.model_validate(data)
    except ValidationError as exc:
        seen: set[tuple[Any, ...]] = set()
        for error in exc.errors():
            loc = tuple(error["loc"])
            if loc in seen:
                continue
            seen.add(loc)
            yield Problem(_locate(source, loc, path), _message(model, error, loc))


def _message(model: type[BaseModel], error: Any, loc: tuple[Any, ...]) -> str:
    field = str(loc[-1]) if loc else model.__name__
    if error["type"] == "literal_error":
        expected = re.findall(r"'([^']*)'", str(error.get("ctx", {}).get("expected", "")))
        return f"“{field}”应为 {'、'.join(expected)} 之一" + suggest(str(error.get("input")), expected)
    template = _MESSAGES.get(error["type"])
    if template is None:
        text = str(error["msg"]).removeprefix("Value error, ")
        return f"“{field}”：{text}" if loc else text
    hint = ""
    if error["type"] == "extra_forbidden":
        parent = _model_at(model, loc[:-1])
        hint = suggest(field, parent.model_fields if parent else [])
    return template.format(field=field, hint=hint)


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    current: Any = model
    for key in loc:
        if isinstance(key, int) or not (isinstance(current, type) and issubclass(current, BaseModel)):
            continue
        info = current.model_fields.get(key)
        if info is None:
            return None
        current = _first_model(info.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _first_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _first_model(arg)
        if found is not None:
            return found
    return None


def _locate(source: Any, loc: tuple[Any, ...], path: Path) -> Location:
    """The YAML position of the deepest part of ``loc`` that exists in the source."""
    where = yamlio.location_of(source) or Location(path, 1, 1)
    current = source
    for key in loc:
        if isinstance(current, yamlio.MDict) and key in current:
            where = current.where(key) or where
            current = current[key]
        elif isinstance(current, list) and isinstance(key, int) and key < len(current):
            current = current[key]
            where = yamlio.location_of(current, where) or where
        else:
            break
    return where


def _templates(node: Any, path: Path) -> Iterator[Problem]:
    """Every template in the recipe compiles (names are checked against mappings by ``bot check``)."""
    for value, where in yamlio.strings(node):
        if is_template(value):
            try:
                compile_template(value, where)
            except SpecError as exc:
                yield from exc.problems
