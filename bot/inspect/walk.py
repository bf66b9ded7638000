"""Getting to the page to inspect: login steps from a recipe snippet, or an item's own recipe walked as a dry run.

``walk``: the item's recipe with an application's mapped values (the example by default), run up to just
before ``submit`` (a dry run: nothing is submitted), the page (or the frame the steps run in) inspected just
before its first step that fills a mapped field: a ``fill_form``, or an explicit step whose templates read
``f.…`` (the wizard's pages, in the recipe's own order). The page is looked at again when a ``fill_form``'s
fields are not all listed yet (rows just added; a field drawn once another is filled: 网点 after 城市), and
what the second look finds is added. ``bot drift`` and ``bot check --live`` compare what it saw.

``prepare``: steps run before ``bot inspect`` looks (a snippet of recipes/_shared/ such as a login, then the
steps of a file), with hand-offs (captcha, SMS) answered at the terminal.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import FrameLocator, Page

from bot import yamlio
from bot.errors import BotError, PageError
from bot.form.application import Application, load_values, validate
from bot.form.spec import load_form
from bot.inspect.listing import inspect_page
from bot.inspect.model import Field, Inspection
from bot.mapping.item import ItemMapping, load_mappings
from bot.paths import PROJECT_ROOT, mappings_dir, portal_url, recipes_dir
from bot.privacy.secrets import Secrets
from bot.recipe import registry
from bot.recipe.context import HandOff
from bot.recipe.loader import SHARED, load_recipe, load_snippets
from bot.recipe.locate import Scope
from bot.recipe.models import Common
from bot.recipe.runner import Place, Runner
from bot.recipe.schema import Recipe

EXAMPLE = PROJECT_ROOT / "examples" / "open-company.yaml"
_SETTLE_MS = 5000  # at most, for the requests filling a field set off (the next field's options) to end
_OWN = Place()  # where a step of the recipe's own list stands


def item_mapping(item: str) -> ItemMapping:
    """The item's mapping (a test bed's too, which no bundle holds)."""
    mappings = load_mappings(mappings_dir(), load_form(mappings_dir() / "form.yaml"))
    if item not in mappings:
        raise BotError(f"没有事项“{item}”的映射 mappings/{item}.yaml")
    return mappings[item]


def application(path: Path | None) -> Application:
    """An application for a walk: the file given, else the example (examples/open-company.yaml)."""
    path = path or EXAMPLE
    form = load_form(mappings_dir() / "form.yaml")
    return validate(form, load_values(path), base_dir=path.parent)


@dataclass
class Walk:
    """What a walk saw: one inspection per page where fill_form ran, in order."""

    pages: list[Inspection] = field(default_factory=list)
    stopped: str = ""  # why the walk ended before the submit, if it did


class WalkingRunner(Runner):
    """A dry run that inspects each page before its first ``fill_form``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.walk = Walk()
        self._looked_at: str | None = None  # the URL (and frame) last inspected
        self._frames: list[FrameLocator] = []  # the frames the steps run in, innermost last

    async def steps(self, page: Page, scope: Scope, steps: list[Common], place: Place = _OWN) -> None:
        if not isinstance(scope, FrameLocator):
            await super().steps(page, scope, steps, place)
            return
        self._frames.append(scope)  # a region inside it (``within: region``) is still on this frame's page
        try:
            await super().steps(page, scope, steps, place)
        finally:
            self._frames.pop()

    async def step(self, page: Page, scope: Scope, step: Common, place: Place) -> None:
        verb = registry.of(step)
        frame = scope if isinstance(scope, FrameLocator) else (self._frames[-1] if self._frames else None)
        where = f"{page.url} {id(frame) if frame is not None else ''}"
        filled = _mapped_by(getattr(step, verb.name)) if verb.fills == "value" else {}
        mapped = verb.fills == "group" or bool(filled)
        if mapped and where != self._looked_at:  # a page's first step filling a mapped field (not a login's)
            inspection = await inspect_page(page, frame)
            inspection.page = registry.title(step)
            self.walk.pages.append(inspection)
            self._looked_at = where
        elif verb.fills == "group" and self.walk.pages and self._unseen(getattr(step, verb.name).group):
            # fields the page draws only once others are filled (网点 after 城市) or rows are added: looked again
            merge(self.walk.pages[-1], await inspect_page(page, frame))
        if filled and self.walk.pages:
            for path, label in filled.items():
                self.walk.pages[-1].filled_by.setdefault(path, label)
        if verb.fills == "group" and self.walk.pages:
            spec = getattr(step, verb.name)
            here = self.walk.pages[-1]
            here.groups.setdefault(spec.group, registry.title(step))
            leaving = [
                label
                for label in self._labels(spec.group)
                if (spec.skip and label in spec.skip) or (spec.only and label not in spec.only)
            ]
            if spec.group in here.left_out:  # filled in parts (only: …): left out only if no part fills it
                here.left_out[spec.group] = [label for label in here.left_out[spec.group] if label in leaving]
            else:
                here.left_out[spec.group] = leaving
            absent = [label for label in self._absent(spec.group) if label not in leaving]
            if absent:  # the portal changed: fill what is still there, so that the walk goes on to the next pages
                step = step.model_copy(update={verb.name: spec.model_copy(update={"skip": [*spec.skip, *absent]})})
                await super().step(page, scope, step, place)
                # a field the page draws only once another of its group is filled (网点 after 城市): looked again
                await _settled(page, frame)
                merge(self.walk.pages[-1], await inspect_page(page, frame))
                shown = [label for label in absent if label not in self._absent(spec.group)]
                if shown:
                    again = spec.model_copy(update={"skip": [], "only": shown})
                    await super().step(page, scope, step.model_copy(update={verb.name: again}), place)
                absent = [label for label in absent if label not in shown]
                if absent:
                    await self._fill_relabelled(page, scope, step, place, spec.group, absent)
                return
        await super().step(page, scope, step, place)

    async def _fill_relabelled(
        self, page: Page, scope: Scope, step: Common, place: Place, group: str, absent: list[str]
    ) -> None:
        """Fields whose label changed, filled by the label near it (as fill_form would, with the kits), so that a
        wizard checking them lets the walk on."""
        from bot.inspect.drift import near_label
        from bot.recipe.verbs.fill_form import FillForm, FillFormArgs

        mapped = set(self._labels(group))
        renamed: dict[str, Any] = {}
        for path in self._paths(group):
            if path[-1] not in absent or len(path) != len(group.split("/")) + 1:
                continue  # (a sub-group's field is only reported: its section may have moved)
            near = near_label(self.walk.pages[-1], path[-1], mapped | set(renamed))
            values = self.values["f"]
            for part in path:
                values = values.get(part) if isinstance(values, Mapping) else None
            if near:
                renamed[near] = values
        if renamed:
            self.values["yjb_relabelled"] = renamed
            again = FillForm(fill_form=FillFormArgs(group=group, row="{{ yjb_relabelled }}"))
            await super().step(page, scope, again, place)

    def _paths(self, group: str) -> list[tuple[str, ...]]:
        """The paths of the group's fields (its sub-groups' too), as mapped; not a table's cells."""
        values = self.values["f"]
        for part in group.split("/"):
            values = values.get(part, {}) if isinstance(values, Mapping) else {}

        def walk(node: Any, at: tuple[str, ...]) -> list[tuple[str, ...]]:
            if not isinstance(node, Mapping):
                return []
            found: list[tuple[str, ...]] = []
            for label, value in node.items():
                if isinstance(value, Mapping):
                    found += walk(value, (*at, label))
                elif not isinstance(value, list) or not value or not isinstance(value[0], Mapping):
                    found.append((*at, label))
            return found

        return walk(values, tuple(group.split("/")))

    def _unseen(self, group: str) -> bool:
        """Whether a field the group's fill_form fills (a table's column too) is not in the page's listing yet."""
        from bot.inspect.drift import find

        values = self.values["f"]
        for part in group.split("/"):
            values = values.get(part, {}) if isinstance(values, Mapping) else {}
        rows = values if isinstance(values, list) and values and isinstance(values[0], Mapping) else []
        columns = [(*group.split("/"), label) for label in rows[0]] if rows else []
        return any(_unreached(find(self.walk.pages[-1], path)) for path in [*self._paths(group), *columns])

    def _labels(self, group: str) -> list[str]:
        return [path[-1] for path in self._paths(group)]

    def _absent(self, group: str) -> list[str]:
        """Labels of the group's fields (mapped here) that the page, as inspected, does not show."""
        from bot.inspect.drift import find

        return [path[-1] for path in self._paths(group) if find(self.walk.pages[-1], path) is None]


def _mapped_by(spec: Any) -> dict[str, str]:
    """The mapped fields an explicit step (fill, select, check, choose, upload) fills ("确认/承诺书"), each with the
    label the step finds it by: the portal may label it otherwise than the mapping (本人已阅读并同意以上《承诺书》)."""
    label = getattr(spec, "label", None) or getattr(spec, "name", None)
    if not label:
        return {}
    texts = [v for k, v in spec.model_dump().items() if isinstance(v, str) and k not in ("label", "name")]
    return {path.replace(".", "/"): label for text in texts for path in _MAPPED.findall(text)}


async def _settled(page: Page, frame: FrameLocator | None) -> None:
    """Once what filling a field asked the server for is in (the next field's options), and no part of the page
    says it is still loading (aria-busy); at most a few seconds each."""
    with contextlib.suppress(PlaywrightError):
        await page.wait_for_load_state("networkidle", timeout=_SETTLE_MS)
    with contextlib.suppress(PlaywrightError):
        busy = (frame or page).locator('[aria-busy="true"]')
        await busy.first.wait_for(state="detached", timeout=_SETTLE_MS)


def _unreached(f: Field | None) -> bool:
    """Not listed, or listed on a step of the page's wizard not shown then (so not checked as fill_form finds it)."""
    return f is None or (not f.shown and f.found is None)


def merge(seen: Inspection, again: Inspection) -> None:
    """What a second look at the same page found that the first did not (fields shown since, rows added), added
    to the first look's listing; a field the first look saw on a step not shown then is replaced by the second
    look's, when it is shown now (the wizard went on to that step on the same URL)."""
    now = {(tuple(f.section), f.label): f for f in again.fields if f.shown}
    for index, f in enumerate(seen.fields):
        later = now.get((tuple(f.section), f.label))
        if _unreached(f) and later is not None:
            later.number = f.number
            seen.fields[index] = later
    known = {(tuple(f.section), f.label) for f in seen.fields}
    fresh = [f for f in again.fields if (tuple(f.section), f.label) not in known]
    for number, f in enumerate(fresh, start=len(seen.fields) + 1):
        f.number = number
    seen.fields += fresh
    headers = {(tuple(t.section), tuple(c.header for c in t.columns)) for t in seen.tables}
    seen.tables += [t for t in again.tables if (tuple(t.section), tuple(c.header for c in t.columns)) not in headers]
    seen.sections += [s for s in again.sections if s not in seen.sections]


def walking_runner(
    item: str,
    *,
    app: Application,
    outputs: Mapping[str, Mapping[str, str]],
    evidence_dir: Path,
    hand_off: HandOff | None,
    base_url: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> WalkingRunner:
    mapping = item_mapping(item)
    recipe = load_recipe(recipes_dir() / f"{item}.yaml")
    values = {
        "f": mapping.evaluate(app, outputs),
        "app": app.values,
        "outputs": outputs,
        "secrets": Secrets(recipe.secrets, environ=environ),
    }
    return WalkingRunner(
        recipe,
        base_url=base_url or portal_url(item),
        values=values,
        evidence_dir=evidence_dir,
        hand_off=hand_off,
        dry_run=True,
        snippets=load_snippets(recipes_dir() / SHARED),
    )


async def walk_item(
    item: str,
    *,
    application_path: Path | None,
    outputs: Mapping[str, Mapping[str, str]],
    evidence_dir: Path,
    hand_off: HandOff | None,
    base_url: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> tuple[WalkingRunner, Walk]:
    """The item's recipe walked on its portal in a browser of its own (bot drift, bot check --live)."""
    from bot.inspect.browser import inspecting_page

    runner = walking_runner(
        item,
        app=application(application_path),
        outputs=outputs,
        evidence_dir=evidence_dir,
        hand_off=hand_off,
        base_url=base_url,
        environ=environ,
    )
    async with inspecting_page() as page:
        return runner, await walk(runner, page)


async def walk(runner: WalkingRunner, page: Page) -> Walk:
    """The recipe's steps up to before ``submit``, each page inspected before its first fill_form. A step that
    fails (the portal changed under it) ends the walk: what was seen so far is kept, with the reason."""
    try:
        await runner.file(page)
    except PageError as exc:
        runner.walk.stopped = str(exc)
    return runner.walk


_MAPPED = re.compile(r"\bf\.([^\s|}\[\]()]+)")  # a mapped field a template reads: {{ f.确认.承诺书 }}
_SECRET = re.compile(r"secrets\.(\w+)|secrets\[['\"](\w+)['\"]\]")


async def prepare(
    page: Page,
    url: str,
    *,
    login: str | None,
    steps_file: Path | None,
    variables: Mapping[str, str],
    hand_off: HandOff | None,
    evidence_dir: Path,
    values: Mapping[str, Any] | None = None,
) -> None:
    """Open ``url`` after a snippet's steps (a login) and a file's steps; secrets from BOT_SECRET_<NAME>."""
    steps: list[Any] = []
    texts: list[str] = []
    if login:
        snippet = recipes_dir() / SHARED / f"{login}.yaml"
        if not snippet.is_file():
            known = "、".join(sorted(p.stem for p in (recipes_dir() / SHARED).glob("*.yaml")))
            raise BotError(f"找不到共用片段 {snippet}；现有：{known}")
        texts.append(snippet.read_text(encoding="utf-8"))
        steps.append({"include": {"snippet": login, "vars": dict(variables)}})
    if steps_file is not None:
        texts.append(steps_file.read_text(encoding="utf-8"))
        doc = yamlio.load(steps_file)
        steps += list(doc.get("steps", []) if isinstance(doc, Mapping) else doc or [])
    if not steps:
        await page.goto(url)
        return
    names = sorted({a or b for text in texts for a, b in _SECRET.findall(text)})
    start, _, _ = url.partition("#")
    recipe = Recipe.model_validate({"item": "inspect", "start": start, "secrets": names, "steps": steps})
    runner = Runner(
        recipe,
        base_url=start,
        values={"f": {}, "app": {}, "outputs": {}, **(values or {}), "secrets": Secrets(names)},
        evidence_dir=evidence_dir,
        hand_off=hand_off,
        dry_run=True,
        snippets=load_snippets(recipes_dir() / SHARED),
    )
    await runner.file(page)
    if steps_file is None and page.url.partition("#")[0] != start:  # a login lands on its own page
        await page.goto(url)
