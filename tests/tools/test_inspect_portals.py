"""bot inspect on the six demo portals' form pages (issue 16): each item's recipe walked once as a dry run (the
walk bot drift and bot check --live take, walk.py), every form page listed on the way. (a) every field the item's
mapping fills is listed, found by fill_form, with a widget kind that takes the mapping's value (live.py's check)
and the kind a person sees it as (the portal's own widgets, below); (b) the scaffold built from those listings,
with the mapping set aside, matches ≥ 90 % of the mapped fields to the form field the mapping reads (the figure
is printed, and recorded in docs/maintainers.md); (c) the scaffold written to disk, with only its TODO lines settled
(tests/tools/settle.py), files the portal through the runner, storing every field as the item's own recipe does."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import secrets as pysecrets
import shutil
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import jinja2
import pytest

from bot import yamlio
from bot.form.application import Application, validate
from bot.inspect.browser import inspecting_page
from bot.inspect.drift import find
from bot.inspect.live import problems_on
from bot.inspect.model import Field, Inspection
from bot.inspect.scaffold import write_scaffold
from bot.inspect.walk import Walk, application, item_mapping, walk, walking_runner
from bot.mapping.bundle import Bundle
from bot.mapping.item import ItemMapping, load_mappings
from bot.privacy.secrets import Secrets
from bot.recipe.context import Question
from bot.recipe.loader import SHARED, load_recipe, load_snippets
from bot.recipe.runner import Runner
from bot.recipe.schema import Recipe
from demo.launcher import PortalsProcess
from demo.portals import PORTALS
from demo.testing import AdminClient
from tests.demo.recipe_support import register_example
from tests.support import EXAMPLES, MAPPINGS, filing_page, run_async
from tests.tools.settle import same_fields, settle_mapping, settle_recipe, todo_only
from tests.tools.support import FORM, mapped_leaves, scaffold_score

pytestmark = pytest.mark.browser
SAMR = "samr-registration"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _answerer(admin: AdminClient) -> Any:
    """Hand-offs answered from the portal's admin API: an SMS code by the phone asked about, a captcha by the
    session it was issued to (else the newest)."""

    async def answer(question: Question) -> str:
        if question.kind == "sms":
            return admin.sms_code(str(question.phone))
        for value in question.cookies.values():
            try:
                return admin.captcha(value)
            except httpx.HTTPStatusError:  # not the session the captcha was issued to
                continue
        return admin.captcha()

    return answer


def _noted(answer: Any, answers: set[str]) -> Any:
    """The answerer, each answer it gives kept in ``answers``."""

    async def noted(question: Question) -> str:
        given: str = await answer(question)
        answers.add(given)
        return given

    return noted


def _accounts(
    item: str, admin: dict[str, AdminClient], app: Application, *, uscc: str = "", password: str = ""
) -> tuple[dict[str, str], str]:
    """The account the item's login takes (environ), and the company's USCC where the portal needs it (the one given,
    published again after a reset, else a new one)."""
    portal = admin[item]
    password = password or pysecrets.token_urlsafe(12)
    if item == SAMR:
        portal.create_account(app.values["liaison"]["mobile"], password)
        return {"BOT_SECRET_SAMR_PASSWORD": password}, ""
    registry = admin[SAMR] if item == "tax-registration" else portal
    if uscc:
        company = app.values["company"]
        registry.publish_company(
            company["name"],
            company["full_address"],
            app.values["legal_rep"]["name"],
            region=str(company["region"]),
            uscc=uscc,
        )
    else:
        uscc = register_example(registry, app)
    if item == "tax-registration":
        portal.create_account(uscc, password, id_number=app.values["tax_agent"]["id_number"])
        return {"BOT_SECRET_TAX_PASSWORD": password}, uscc
    if item == "hrss-insurance":
        portal.create_account(uscc, password)
        return {"BOT_SECRET_HRSS_PASSWORD": password}, uscc
    return {}, uscc


@dataclass
class Walked:
    """One dry-run walk of an item's recipe on its portal, and what it was walked with (to file it again)."""

    item: str
    done: Walk
    values: dict[str, Any]
    outputs: dict[str, dict[str, str]]
    environ: dict[str, str]
    folder: Path


@pytest.fixture(scope="module", params=sorted(PORTALS))
def walked(
    request: pytest.FixtureRequest,
    portals: PortalsProcess,
    admin: dict[str, AdminClient],
    example_app: Application,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Walked]:
    """One dry-run walk of the item's recipe on its portal, every form page inspected."""
    item: str = request.param
    for client in admin.values():
        client.reset()
    environ, uscc = _accounts(item, admin, example_app)
    folder = tmp_path_factory.mktemp(item)
    licence = folder / "licence.pdf"
    licence.write_bytes(PDF)
    outputs = {SAMR: {"uscc": uscc, "licence_pdf": str(licence)}} if uscc else {}
    runner = walking_runner(
        item,
        app=application(None),
        outputs=outputs,
        evidence_dir=folder / "evidence",
        hand_off=_answerer(admin[item]),
        base_url=portals.urls[item],
        environ=environ,
    )

    async def go() -> Walk:
        async with inspecting_page() as page:
            return await walk(runner, page)

    done = run_async(go())
    yield Walked(item, done, runner.values["f"], outputs, environ, folder)
    for client in admin.values():
        client.reset()


def listed(pages: list[Inspection], path: tuple[str, ...]) -> Field | None:
    """The field a mapped leaf names, on the page whose fill_form fills its group, else on the page an explicit
    step fills it on (not a login page's field filled with the same value: samr's 账号 is the liaison's mobile)."""
    filling = [p for p in pages if any(path[: len(g.split("/"))] == tuple(g.split("/")) for g in p.groups)]
    by_step = [p for p in pages if "/".join(path) in p.filled_by and p not in filling]
    return next((f for p in [*filling, *by_step] if (f := find(p, path)) is not None), None)


def test_every_mapped_field_is_listed_found_and_of_a_kind_that_takes_its_value(
    walked: Walked,
) -> None:
    item, done, values = walked.item, walked.done, walked.values
    assert not done.stopped and done.pages
    unlisted = [leaf.label for leaf in mapped_leaves(item) if listed(done.pages, leaf.path) is None]
    assert not unlisted
    live = problems_on(item_mapping(item), FORM, done.pages, values)
    assert live.checked
    assert live.ok, [p.render() for p in live.problems]


def test_widget_kinds_are_the_portals(walked: Walked) -> None:
    item, done = walked.item, walked.done
    kinds = {"/".join(leaf.path): getattr(listed(done.pages, leaf.path), "kind", None) for leaf in mapped_leaves(item)}
    assert {path: kinds.get(path) for path in KINDS[item]} == KINDS[item]


def test_the_scaffold_matches_at_least_90_percent_of_the_mapped_fields(
    walked: Walked,
) -> None:
    item, done = walked.item, walked.done
    right, counted, misses = scaffold_score(item, done.pages)
    print(f"\n{item}: {len(done.pages)} pages; scaffold matched {right}/{counted} = {right / counted:.0%}; {misses}")
    assert right / counted >= 0.9, misses


def test_the_scaffold_with_its_todo_lines_settled_files_the_portal_as_the_recipe_does(
    walked: Walked,
    portals: PortalsProcess,
    admin: dict[str, AdminClient],
    example_app: Application,
    bundle: Bundle,
    example_raw: dict[str, object],
    used_fields: set[str],
) -> None:
    item = walked.item
    if item == "bank-account":  # the bank books by its own (real) clock: the dates the form derives count from today
        today = dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()
        example_app = validate(bundle.form, example_raw, base_dir=EXAMPLES, today=today, used=used_fields)
    real_recipe, real_mapping = (
        yamlio.load(MAPPINGS.parent / "recipes" / f"{item}.yaml"),
        yamlio.load(MAPPINGS / f"{item}.yaml"),
    )
    project = _project_without(item, walked.folder / "scaffold")
    login, variables = _login(real_recipe, walked)
    with _env(BOT_MAPPINGS=str(project / "mappings"), BOT_RECIPES=str(project / "recipes")):
        pages = [page for page in walked.done.pages if page.groups]  # the form's pages, not the login's
        mapping_path, recipe_path = write_scaffold(item, pages, url=pages[0].url, login=login, variables=variables)
    scaffolded = {
        mapping_path: mapping_path.read_text(encoding="utf-8"),
        recipe_path: recipe_path.read_text(encoding="utf-8"),
    }
    mapping_path.write_text(settle_mapping(scaffolded[mapping_path], real_mapping), encoding="utf-8")
    fields = same_fields(real_mapping, yamlio.load(mapping_path))
    recipe_path.write_text(settle_recipe(scaffolded[recipe_path], real_recipe, fields), encoding="utf-8")
    for path, text in scaffolded.items():
        assert not todo_only(text, path.read_text(encoding="utf-8")), path.name
    password = next(iter(walked.environ.values()), "")
    environ = {**walked.environ, f"BOT_SECRET_{item.replace('-', '_').upper()}_PASSWORD": password}
    portal = admin[item]

    answers: set[str] = set()  # a captcha typed is a new one each filing: not a field the scaffold fills

    def filed(recipe: Recipe, mapping: ItemMapping) -> dict[str, Any]:
        before = len(portal.submissions())
        _file(recipe, mapping, walked, example_app, portals.urls[item], environ, _noted(_answerer(portal), answers))
        stored = portal.submissions()
        assert len(stored) == before + 1
        return _files_named(stored[-1])

    by_recipe = filed(load_recipe(MAPPINGS.parent / "recipes" / f"{item}.yaml"), item_mapping(item))
    for client in admin.values():  # the portal refuses a second filing of the same company: the same state again
        client.reset()
    uscc = walked.outputs.get(SAMR, {}).get("uscc", "")
    _accounts(item, admin, example_app, uscc=uscc, password=password)
    settled = _load_alone(mapping_path)
    if "kind: sms" in scaffolded[recipe_path]:  # a slow portal, as in load run 30: the code is asked for once sent
        portal.faults(latency_ms=600)
    by_scaffold = filed(load_recipe(recipe_path), settled)
    differ = {
        k: (by_recipe.get(k), by_scaffold.get(k))
        for k in by_recipe.keys() | by_scaffold.keys()
        if by_recipe.get(k) != by_scaffold.get(k) and not {by_recipe.get(k), by_scaffold.get(k)} <= answers
    }
    assert by_recipe and not differ, differ


def _files_named(stored: Mapping[str, Any]) -> dict[str, Any]:
    """A submission's fields, an upload's (the portal's own number for it) as the file it received: its name
    and digest."""
    files = {(u["field"], str(u["id"])): (u["filename"], u["sha256"]) for u in stored.get("uploads", [])}
    return {k: files.get((k, str(v)), v) for k, v in stored["payload"].items()}


def _load_alone(path: Path) -> ItemMapping:
    """One mapping file, loaded beside the real mappings of the items whose outputs it reads (none other: theirs
    may read outputs the scaffold does not declare)."""
    alone = path.parent.parent / "alone"
    alone.mkdir()
    text = path.read_text(encoding="utf-8")
    for other in set(re.findall(r"outputs\[['\"]([\w-]+)['\"]\]", text)):
        shutil.copy(MAPPINGS / f"{other}.yaml", alone)
    shutil.copy(path, alone)
    return load_mappings(alone, FORM)[path.stem]


def _project_without(item: str, root: Path) -> Path:
    """A copy of the project's mappings and recipes without the item's own (set aside), for the scaffold."""
    shutil.copytree(MAPPINGS, root / "mappings", ignore=shutil.ignore_patterns(f"{item}.yaml"))
    shutil.copytree(MAPPINGS.parent / "recipes", root / "recipes", ignore=shutil.ignore_patterns(f"{item}.yaml"))
    return root


def _login(recipe: Mapping[str, Any], walked: Walked) -> tuple[str | None, dict[str, str]]:
    """The login snippet the item's recipe includes first, and its vars as a maintainer types them for bot inspect
    (--login, --var): the values the recipe's templates give (a password's is the scaffold's own secret)."""

    def includes(steps: Any) -> Iterator[Mapping[str, Any]]:
        for step in steps if isinstance(steps, list) else []:
            if isinstance(step, Mapping) and "include" in step:
                yield step["include"]
            for value in step.values() if isinstance(step, Mapping) else []:
                if isinstance(value, Mapping):
                    yield from includes(value.get("steps"))

    first = next(includes(recipe["steps"]), None)
    if first is None:
        return None, {}
    context = {"f": walked.values, "outputs": walked.outputs, "secrets": {}}
    variables = {str(k): jinja2.Template(str(v)).render(context) for k, v in (first.get("vars") or {}).items()}
    return str(first["snippet"]), variables


@contextlib.contextmanager
def _env(**values: str) -> Iterator[None]:
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _file(
    recipe: Recipe,
    mapping: ItemMapping,
    walked: Walked,
    app: Application,
    url: str,
    environ: Mapping[str, str],
    hand_off: Any,
) -> None:
    """One filing through the runner, in a fresh browser context."""
    runner = Runner(
        recipe,
        base_url=url,
        values={
            "f": mapping.evaluate(app, walked.outputs),
            "app": app.values,
            "outputs": walked.outputs,
            "secrets": Secrets(recipe.secrets, environ=environ),
        },
        evidence_dir=walked.folder / "filed",
        hand_off=hand_off,
        snippets=load_snippets(MAPPINGS.parent / "recipes" / SHARED),
    )

    async def go() -> None:
        async with filing_page() as page:
            await runner.file(page)

    run_async(go())


# What a person sees each mapped field as (not a plain text box), per portal: the portals' own widgets.
KINDS: dict[str, dict[str, str]] = {
    "bank-account": {
        "企业信息/账户类型": "combobox",
        "企业信息/币种": "combobox",
        "开户网点/城市": "combobox",
        "开户网点/网点": "choice-group",  # branch cards, loaded once the city is chosen
        "预约信息/预约日期": "date",  # an inline calendar
        "预约信息/预约时段": "choice-group",  # slot buttons, loaded once the date is chosen
        "受益所有人/持股比例": "input",
    },
    "hpf-deposit": {
        "单位信息/单位性质": "select",
        "单位信息/隶属关系": "select",
        "单位信息/所属区划": "cascader",  # 省 / 市 / 区县 selects, each reloading the page
        "缴存信息/受托银行": "select",
        "缴存信息/首次缴存年月": "input",
    },
    "hrss-insurance": {
        "单位基本信息/单位类型": "select",
        "单位基本信息/行业": "tree",
        "单位基本信息/工伤风险类别": "readonly",  # computed by the page from 行业
        "单位基本信息/所在区划": "cascader",
        "参保险种/企业职工基本养老保险/参保": "checkbox",
        "参保险种/企业职工基本养老保险/参保日期": "date",
        "参保险种/生育保险/参保": "checkbox",
        "参保险种/生育保险/参保日期": "date",
    },
    "psb-seal": {
        "法定代表人/证件类型": "select",
        "刻章企业": "autocomplete",
        "印章/印章类型": "select",
        "印章/材质": "select",
        "印章/数量": "number",
        "刻制原因": "choice-group",  # a fieldset of radios
        "附件/营业执照": "upload",
        "附件/经办人身份证": "upload",
    },
    "samr-registration": {
        "名称/组织形式": "select",
        "基本信息/企业类型": "combobox",
        "基本信息/住所": "cascader",
        "基本信息/生产经营地同住所": "checkbox",
        "基本信息/经营期限": "choice-group",
        "基本信息/经营范围": "tag-picker",
        "基本信息/从业人数": "number",
        "股东（发起人）/认缴出资期限": "date",
        "主要人员/法定代表人/职务": "select",
        "确认/执照领取方式": "choice-group",
        "确认/承诺书": "checkbox",  # ticked by its own label 本人已阅读并同意以上《承诺书》
    },
    "tax-registration": {
        "登记信息确认/纳税人名称": "readonly",
        "登记信息确认/核算方式": "combobox",
        "财务会计制度备案/会计制度": "combobox",
        "财务会计制度备案/有效期起": "date",
        "票种核定/发票种类": "choice-group",
        "票种核定/单份最高开票限额": "combobox",
        "领票人/移动电话": "input",
    },
}
