"""``bot check``: load every project file and cross-check them, listing every problem with file:line.

Each loader already checks its own file (form.yaml, mappings, bundles, recipes). What
only a cross-check can see: a recipe reading a field its item's mapping does not have,
a mapped field no recipe step fills, a ``fill_form`` group the mapping lacks, a secret
used but not declared, an output of an item the recipe's bundles do not make it need.
Shared snippets (recipes/_shared/) are loaded too; what they read comes in through the
including step's ``vars``, which are checked with the recipe.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot import yamlio
from bot.documents.lint import check_documents
from bot.errors import Location, Problem, SpecError, suggest
from bot.form.spec import load_form
from bot.mapping.bundle import available_bundles, load_bundle
from bot.mapping.item import ItemMapping, SiteTable, load_mappings
from bot.recipe import registry
from bot.recipe.loader import SHARED, load_recipe, load_snippets
from bot.recipe.schema import SECTIONS, STEP_TYPES
from bot.templating import Ref, compile_template, is_template


@dataclass
class CheckReport:
    problems: list[Problem] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)  # files loaded
    warnings: list[Problem] = field(default_factory=list)  # not wrong, not settled: a scaffold's TODOs

    @property
    def ok(self) -> bool:
        return not self.problems


def check_project(mappings_dir: Path, recipes_dir: Path) -> CheckReport:
    report = CheckReport()
    try:
        form = load_form(mappings_dir / "form.yaml")
        mappings = load_mappings(mappings_dir, form)
    except SpecError as exc:
        report.problems += exc.problems
        return report
    report.checked += ["form.yaml", *(f"{item}.yaml" for item in mappings)]
    needs: dict[str, set[str]] = {item: set() for item in mappings}
    bundles = available_bundles(mappings_dir)
    found, checked = check_documents(mappings_dir, form, list(bundles))  # 证照类型 and 审核规则 (issue 17)
    report.problems += found
    report.checked += checked
    for name in bundles:
        try:
            bundle = load_bundle(mappings_dir, name)
        except SpecError as exc:
            report.problems += exc.problems
            continue
        report.checked.append(f"bundles/{name}.yaml")
        for item in bundle.items:
            needs.setdefault(item, set()).update(bundle.ancestors(item))
    recipes: set[str] = set()
    for path in sorted(recipes_dir.glob("*.yaml")):
        report.checked.append(f"recipes/{path.name}")
        try:
            recipe = load_recipe(path)
        except SpecError as exc:
            report.problems += exc.problems
            continue
        recipes.add(path.stem)
        mapping = mappings.get(recipe.item)
        if mapping is None:
            report.problems.append(
                Problem(
                    Location(path, 1, 1),
                    f"配方“{recipe.item}”没有对应的映射 mappings/{recipe.item}.yaml{suggest(recipe.item, mappings)}",
                )
            )
            continue
        report.problems += _RecipeCheck(
            path, mapping, mappings, needs.get(recipe.item, set()), set(recipe.secrets)
        ).run(yamlio.load(path))
    shared = sorted((recipes_dir / SHARED).glob("*.yaml"))
    report.checked += [f"recipes/{SHARED}/{path.name}" for path in shared]
    try:
        load_snippets(recipes_dir / SHARED)  # the steps recipes include: each mistake at its line
    except SpecError as exc:
        report.problems += exc.problems
    for item, mapping in mappings.items():
        report.warnings += _todos(mapping, recipes_dir / f"{item}.yaml")
        if item not in recipes:
            message = f"事项“{item}”没有配方 recipes/{item}.yaml：含它的一件事无法办理"
            report.problems.append(Problem(Location(mapping.path, 1, 1), message))
    return report


class _RecipeCheck:
    def __init__(
        self, path: Path, mapping: ItemMapping, mappings: dict[str, ItemMapping], needs: set[str], secrets: set[str]
    ) -> None:
        self.path = path
        self.mapping = mapping
        self.mappings = mappings
        self.needs = needs
        self.secrets = secrets
        self.tree = _tree(mapping)
        self.filled: set[tuple[str, ...]] = set()
        self.after_submit = False
        self.problems: list[Problem] = []

    def run(self, doc: Any) -> list[Problem]:
        self.steps(doc.get("steps") or [], None)
        self.after_submit = True  # reconcile and approval may read the item's own receipt
        for name in SECTIONS:
            if isinstance(section := doc.get(name), yamlio.MDict):
                self.templates(section, None, filling=False)
        for leaf in self.mapping.site_fields():
            if leaf.path not in self.filled:
                self.problems.append(Problem(leaf.location, f"映射字段“{leaf.label}”没有被配方 {self.path.name} 填写"))
        return self.problems

    def problem(self, where: Location | None, message: str) -> None:
        self.problems.append(Problem(where or Location(self.path, 1, 1), message))

    def steps(self, steps: Any, row: tuple[str, ...] | None) -> None:
        for step in steps if isinstance(steps, list) else []:
            if not isinstance(step, yamlio.MDict):
                continue
            verb = next((registry.named(key) for key in step if key in STEP_TYPES), None)
            if verb is None:
                continue
            args = step.get(verb.name)
            filling = verb.fills == "value"  # its templates name the field it fills
            if verb.fills == "group":
                self.fill_form(args, step.where(verb.name), row)
            elif verb.over is not None and isinstance(args, yamlio.MDict):
                table = self.table_of(args.get(verb.over), args.where(verb.over))
                for key in verb.nested:
                    self.steps(args.get(key), table)
                continue
            if isinstance(args, yamlio.MDict):
                for key in verb.nested:
                    if key in args:
                        self.steps(args[key], row)
                self.templates({k: v for k, v in args.items() if k not in verb.nested}, row, filling=filling)
            elif args is not None:
                self.templates(args, row, filling=filling)

    def fill_form(self, args: Any, where: Location | None, row: tuple[str, ...] | None) -> None:
        group = args if isinstance(args, str) else args.get("group") if isinstance(args, dict) else None
        if not isinstance(group, str):
            return
        if isinstance(args, yamlio.MDict) and args.get("row"):
            base = row or ()
            if row is None:
                self.problem(args.where("row"), "fill_form 的 row 只能用在 repeat 中")
            path = base
        else:
            path = tuple(group.split("/"))
            if self.tree.get(path) not in ("group", "table"):
                groups = ["/".join(p) for p, kind in self.tree.items() if kind == "group"]
                self.problem(
                    yamlio.location_of(group, where),
                    f"映射 {self.mapping.path.name} 中没有分组“{group}”{suggest(group, groups)}",
                )
                return
        only = set(args.get("only") or []) if isinstance(args, dict) else set()
        skip = set(args.get("skip") or []) if isinstance(args, dict) else set()
        for leaf_path, kind in self.tree.items():
            if kind == "leaf" and leaf_path[: len(path)] == path and leaf_path != path:
                if (only and leaf_path[-1] not in only) or leaf_path[-1] in skip:
                    continue
                self.filled.add(leaf_path)  # a table inside the group too: fill_form fills its rows

    def table_of(self, over: Any, where: Location | None) -> tuple[str, ...] | None:
        if not is_template(over):
            return None
        ref = compile_template(str(over), yamlio.location_of(over, where)).bare_ref()
        if ref is None or ref.root != "f":
            return None
        path = tuple(ref.path)
        if self.tree.get(path) != "table":
            self.problem(yamlio.location_of(over, where), f"repeat 的 over 应为映射中的表格，“{'/'.join(path)}”不是")
            return None
        return path

    def templates(self, node: Any, row: tuple[str, ...] | None, *, filling: bool) -> None:
        for value, where in yamlio.strings(node):
            if not is_template(value):
                continue
            try:
                template = compile_template(value, where)
            except SpecError:
                continue  # the loader already reported it
            for ref in template.references():
                self.reference(ref, where, row, filling)

    def reference(self, ref: Ref, where: Location | None, row: tuple[str, ...] | None, filling: bool) -> None:
        if ref.root == "f":
            path = tuple(ref.path)
            if path and path not in self.tree:
                known = ["/".join(p) for p in self.tree]
                self.problem(
                    where, f"映射 {self.mapping.path.name} 中没有字段“{'/'.join(path)}”{suggest('/'.join(path), known)}"
                )
            elif filling and self.tree.get(path) == "leaf":
                self.filled.add(path)
        elif ref.root == "row" and row is not None and ref.path:
            column = (*row, ref.path[0])
            if column not in self.tree:
                columns = [p[-1] for p in self.tree if p[:-1] == row]
                self.problem(where, f"表格“{'/'.join(row)}”没有列“{ref.path[0]}”{suggest(ref.path[0], columns)}")
            elif filling:
                self.filled.add(column)
        elif ref.root == "secrets" and ref.path and ref.path[0] not in self.secrets:
            self.problem(where, f"密钥“{ref.path[0]}”未在配方的 secrets 中声明")
        elif ref.root == "outputs" and ref.path:
            item = ref.path[0]
            if item not in self.mappings:
                self.problem(where, f"未知的事项“{item}”{suggest(item, self.mappings)}")
            elif item not in self.needs and not (self.after_submit and item == self.mapping.item):
                self.problem(where, f"读取 {item} 的输出，但没有哪件事让 {self.mapping.item} needs {item}")
            elif len(ref.path) > 1 and ref.path[1] not in self.mappings[item].outputs:
                self.problem(
                    where, f"{item} 没有输出“{ref.path[1]}”{suggest(ref.path[1], self.mappings[item].outputs)}"
                )


TODO = "TODO"


def _todos(mapping: ItemMapping, recipe: Path) -> list[Problem]:
    """What ``bot inspect --scaffold`` left to settle: mapping fields whose value is TODO, recipe values naming
    TODO. Warnings, not errors: the files load, but the item cannot be filed as it is."""
    found = [
        Problem(leaf.location or Location(mapping.path, 1, 1), f"映射字段“{leaf.label}”尚未定下（TODO）")
        for leaf in mapping.site_fields()
        if leaf.value == TODO
    ]
    try:
        doc = yamlio.load(recipe) if recipe.is_file() else None
    except SpecError:
        doc = None  # the recipe's own problems are reported where it is loaded
    if doc is not None:
        for value, where in yamlio.strings(doc):
            if TODO in value:
                found.append(Problem(where or Location(recipe, 1, 1), f"配方中尚未定下的值（TODO）：{value}"))
    return found


def _tree(mapping: ItemMapping) -> dict[tuple[str, ...], str]:
    """Every path of the mapping: leaf, table or group."""
    tree: dict[tuple[str, ...], str] = {}
    for node in mapping.nodes:
        for i in range(1, len(node.path)):
            tree.setdefault(node.path[:i], "group")
        if isinstance(node, SiteTable):
            tree[node.path] = "table"
            for column in node.columns:
                tree[column.path] = "leaf"
        else:
            tree[node.path] = "leaf"
    return tree
