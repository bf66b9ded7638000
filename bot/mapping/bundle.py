"""mappings/bundles/<name>.yaml → a Bundle: its items and their dependencies (a DAG).

A bundle is where form, mappings and dependencies meet, so its loader makes the
checks no single file can: every item has a mapping, ``needs`` name items of the
bundle and make no cycle, and a mapping reads only outputs of items it needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot import yamlio
from bot.errors import Location, Problem, SpecError, suggest
from bot.form.spec import FormSpec, Scope, load_form, resolve
from bot.mapping.item import ItemMapping, load_mappings
from bot.templating import Template, compile_template

BUNDLE_KEYS = {"name", "title", "identity", "items"}


@dataclass
class Bundle:
    name: str
    title: str
    needs: dict[str, list[str]]  # item → items it needs, in file order
    form: FormSpec
    mappings: dict[str, ItemMapping]  # the bundle's items only, in file order
    path: Path
    identity: Template | None = None  # who the applicant is: with item and form version, the idempotency key

    @property
    def items(self) -> list[str]:
        return list(self.needs)

    def layers(self) -> list[list[str]]:
        """Items in dependency order; the items of one layer can be filed at the same time."""
        done: set[str] = set()
        layers: list[list[str]] = []
        while len(done) < len(self.needs):
            layer = [i for i, deps in self.needs.items() if i not in done and set(deps) <= done]
            layers.append(layer)
            done |= set(layer)
        return layers

    def ancestors(self, item: str) -> set[str]:
        return _reachable(self.needs, item)


def available_bundles(mappings_dir: Path) -> list[str]:
    return sorted(p.stem for p in (mappings_dir / "bundles").glob("*.yaml"))


def load_bundle(mappings_dir: Path, name: str) -> Bundle:
    """Load form.yaml, every mapping and one bundle; raise SpecError with every problem found."""
    path = mappings_dir / "bundles" / f"{name}.yaml"
    if not path.is_file():
        known = available_bundles(mappings_dir)
        raise SpecError(
            [
                Problem(
                    None,
                    f"没有名为“{name}”的一件事（{path} 不存在）{suggest(name, known)}"
                    f"；现有：{'、'.join(known) or '无'}",
                )
            ]
        )
    form = load_form(mappings_dir / "form.yaml")
    mappings = load_mappings(mappings_dir, form)
    doc = yamlio.load(path)
    problems: list[Problem] = []
    if not isinstance(doc, yamlio.MDict) or not isinstance(doc.get("items"), yamlio.MDict):
        raise SpecError([Problem(Location(path, 1, 1), "一件事文件应有 items：事项 → {needs: [...]}")])
    for key in doc:
        if key not in BUNDLE_KEYS:
            problems.append(Problem(doc.where(key), f"未知的键“{key}”{suggest(key, BUNDLE_KEYS)}"))
    items: yamlio.MDict = doc["items"]
    needs: dict[str, list[str]] = {}
    for item, body in items.items():
        if item not in mappings:
            problems.append(
                Problem(items.where(item), f"事项“{item}”没有映射文件 mappings/{item}.yaml{suggest(item, mappings)}")
            )
        deps = (body or {}).get("needs") or [] if isinstance(body, dict) else []
        for dep in deps:
            if dep not in items:
                problems.append(
                    Problem(
                        yamlio.location_of(dep, items.where(item)),
                        f"needs 中的“{dep}”不是本一件事的事项{suggest(dep, items)}",
                    )
                )
        needs[item] = [str(d) for d in deps if d in items]
    bundle = Bundle(
        str(doc.get("name", name)),
        str(doc.get("title", name)),
        needs,
        form,
        {i: mappings[i] for i in needs if i in mappings},
        path,
    )
    bundle.identity = _identity(doc, path, form, problems)
    problems += _cycles(bundle, items)
    if not problems:
        problems += _output_dependencies(bundle)
    if problems:
        raise SpecError(problems)
    return bundle


def _identity(doc: yamlio.MDict, path: Path, form: FormSpec, problems: list[Problem]) -> Template | None:
    """``identity``: a template over ``app`` naming the applicant (a company's name and its legal
    representative). Two applications with the same identity are the same filings."""
    source = doc.get("identity")
    if source is None:
        message = '一件事缺少 identity（申请人身份模板，用于防止重复提交），如 "{{ app.company.name }}"'
        problems.append(Problem(Location(path, 1, 1), message))
        return None
    where = doc.where("identity")
    try:
        template = compile_template(str(source), where)
    except SpecError as exc:
        problems.extend(exc.problems)
        return None
    for ref in template.references():
        problem = resolve(form, ref, Scope())[1]
        if problem:
            problems.append(Problem(where, problem))
    return template


def _cycles(bundle: Bundle, items: yamlio.MDict) -> list[Problem]:
    """Items that need themselves through their needs (not those merely waiting behind a cycle)."""
    placed = {i for layer in _safe_layers(bundle.needs) for i in layer}
    return [
        Problem(items.where(i), f"事项“{i}”的 needs 形成循环依赖")
        for i in bundle.needs
        if i not in placed and i in _reachable(bundle.needs, i)
    ]


def _reachable(needs: dict[str, list[str]], start: str) -> set[str]:
    seen: set[str] = set()
    stack = list(needs.get(start, []))
    while stack:
        current = stack.pop()
        if current not in seen:
            seen.add(current)
            stack.extend(needs.get(current, []))
    return seen


def _safe_layers(needs: dict[str, list[str]]) -> list[list[str]]:
    done: set[str] = set()
    layers: list[list[str]] = []
    while True:
        layer = [i for i, deps in needs.items() if i not in done and set(deps) <= done]
        if not layer:
            return layers
        layers.append(layer)
        done |= set(layer)


def _output_dependencies(bundle: Bundle) -> list[Problem]:
    problems = []
    for item, mapping in bundle.mappings.items():
        before = bundle.ancestors(item)
        for leaf in mapping.site_fields():
            for output in leaf.outputs:
                source = output.split(".")[0]
                if source not in before:
                    problems.append(
                        Problem(
                            leaf.location,
                            f"“{leaf.label}”读取 {source} 的输出，"
                            f"但 {bundle.path.name} 中 {item} 没有 needs: [{source}]",
                        )
                    )
    return problems
