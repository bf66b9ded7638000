"""``bot inspect … --scaffold ITEM``: a first mapping and recipe for a portal's form, from what inspect listed.

Each portal field becomes a mapping leaf, matched to a form field (bot/inspect/match.py) and written as the
expression its widget takes (an enum's label, or its codes paired with the portal's words; a region's names for
a cascader; a date as text); each guess carries its confidence as a YAML comment, each field nothing matched is
``TODO``, which ``bot check`` reports as a warning until it is settled. The recipe: the login snippet, one
``fill_form`` per section, a ``submit`` with a guessed button and receipt, and a ``reconcile`` skeleton.
Existing files are kept unless ``force``.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bot import localtime
from bot.errors import BotError
from bot.form.spec import FieldSpec, load_form
from bot.inspect.match import THRESHOLD, Guess, Matcher, options_map
from bot.inspect.model import Field, Inspection
from bot.paths import mappings_dir, recipes_dir

TODO = "TODO"
MULTI = {"checkbox", "transfer", "multi-select", "tag-picker", "choice-group"}
_CODE = re.compile(r"(短信|图形|图片|手机)?(验证码|校验码)$")


def is_code(f: Field) -> bool:
    """A field for a code the portal sends by SMS or draws in a picture: a person reads it, nothing maps it."""
    return bool(_CODE.search(re.sub(r"\s", "", f.label)))


def _hand_offs(codes: list[Field], buttons: list[str]) -> list[str]:
    """Steps asking for each code before the submit: the picture's or the SMS's, typed into its field. An SMS is
    asked for only once the page says it went out: a click lost or a send slow under load would otherwise have a
    person wait for a code that is not coming."""
    lines = []
    for f in codes:
        label = _q(f.label)
        if "短信" in f.label or "手机" in f.label or any("获取" in b or "发送" in b for b in buttons):
            send = next((b for b in buttons if "获取" in b or "发送" in b), "获取验证码")
            lines += [
                f"  - click: {{role: button, name: {_q(send)}}}  # TODO 发送短信验证码的按钮",
                "  - wait: {text: 已发送}  # TODO 页面确认短信已发出的提示：确认之后才请人报验证码",
                "  - ask: {kind: sms, question: 请输入收到的短信验证码, phone: TODO, into: sms_code}"
                "  # TODO 收短信的手机号",
                f'  - fill: {{label: {label}, exact: true, value: "{{{{ vars.sms_code }}}}"}}',
                "    no_log: true",
            ]
        else:
            lines += [
                "  - ask: {kind: captcha, question: 请输入页面上的验证码, image: {role: img}, into: captcha}"
                "  # TODO 验证码图片",
                f'  - fill: {{label: {label}, exact: true, value: "{{{{ vars.captcha }}}}"}}',
            ]
    return lines


_NEXT = re.compile(r"^下\s*一\s*步")
_SUBMIT = re.compile(r"^(提\s*交|确认提交|提交申请|保存并提交|申\s*报|确\s*定)")


@dataclass
class Leaf:
    label: str
    guess: Guess
    field: Field
    row: bool = False  # a table's column: the value reads ``row``

    @property
    def hidden(self) -> bool:
        """Not shown when inspected (a row shown on a condition: 生产经营地址 once 生产经营地同住所 is unticked)."""
        return not self.row and not self.field.shown

    def value(self) -> tuple[str, dict[str, str] | None]:
        """The mapping's value for this field (a template, or TODO) and its options pairing, if any."""
        spec = self.guess.field
        if spec is None or self.guess.confidence < THRESHOLD:
            return TODO, None
        ref = f"row.{spec.id}" if self.row else f"app.{spec.path}"
        value, pairs = _expression(ref, spec, self.field)
        if value == TODO:
            self.guess = Guess(spec, min(self.guess.confidence, THRESHOLD - 0.01), f"{self.guess.why}（值需人定）")
        return value, pairs


_TYPED = {"input", "textarea", "readonly"}  # a widget typed into: a list would be typed as Python writes it


_TREES = {"tree", "tree-select"}
_LISTS = {"select", "combobox", "choice-group", "radio"}  # a widget choosing one of its own words
_WORDLESS = {"integer", "decimal", "date"}
_LEVELS = (
    ("区", "district"),
    ("县", "district"),
    ("市", "city"),
    ("省", "province"),
)  # a form field whose value is not a word of a list


def _numbers(options: list[str]) -> bool:
    return all(re.fullmatch(r"[\d.]+", option.strip()) for option in options)


def _expression(ref: str, spec: FieldSpec, portal: Field) -> tuple[str, dict[str, str] | None]:
    if spec.type == "enum" and spec.multiple and portal.kind == "checkbox" and len(portal.options or []) <= 1:
        # one tick box of several choices (参保 under 企业职工基本养老保险): ticked when the choice it names is chosen
        words = [*portal.section, portal.label]
        named = [code for code, option in spec.options.items() if option.label in words]
        return (f"{{{{ '{named[0]}' in {ref} }}}}", None) if named else (TODO, None)
    if spec.type == "enum" and portal.kind in _TREES and any("division" in o.extra for o in spec.options.values()):
        return f"{{{{ {ref}.division ~ '/' ~ {ref}.label }}}}", None
    if spec.type == "enum":
        pairs = options_map(portal.options, spec)
        if pairs:
            return f"{{{{ {ref} }}}}", pairs
        if spec.multiple and portal.kind in _TYPED:  # one text of several choices: written as a person lists them
            return f"{{{{ {ref} | map(attribute='label') | join('、') }}}}", None
        if spec.multiple:
            return f"{{{{ {ref} | map(attribute='label') | list }}}}", None
        return f"{{{{ {ref}.label }}}}", None
    if spec.type in _WORDLESS and portal.kind in _LISTS and portal.options and not _numbers(portal.options):
        return TODO, None  # a number for a list of words (经营期限: 长期 / 固定期限): how they pair is a person's call
    if spec.type == "region" and re.sub(r"\s", "", portal.label) == "登记机关":  # the district's regulator
        return f"{{{{ {ref}.city ~ {ref}.district }}}}市场监督管理局", None
    if spec.type == "region" and portal.kind in _LISTS:  # one level's list: the level its label names
        level = next((attr for word, attr in _LEVELS if word in portal.label.replace("区划", "")), None)
        return (f"{{{{ {ref}.{level} }}}}" if level else TODO), None
    if spec.type == "region":
        return (f"{{{{ {ref}.names }}}}" if portal.kind == "cascader" else f"{{{{ {ref}.full_name }}}}"), None
    if spec.type == "date" and portal.kind in _TYPED:  # typed as text: written as the portal wants (202612?)
        return TODO, None
    if spec.type == "date":
        return f"{{{{ {ref} | date('%Y-%m-%d') }}}}", None
    if spec.type == "decimal" and portal.kind in _TYPED:  # typed as text: the decimals the portal wants (80.00?)
        return TODO, None
    if spec.type == "decimal":
        return f"{{{{ {ref} | decimal }}}}", None
    return f"{{{{ {ref} }}}}", None


@dataclass
class Group:
    name: str
    leaves: list[Leaf] = field(default_factory=list)
    groups: dict[str, Group] = field(default_factory=dict)
    table: str | None = None  # the form's table section a table of rows repeats over
    plain: bool = False  # its rows are plain fields (not a kit's table): added and filled one by one
    numbered: bool = False  # its rows are sections numbered after it (受益所有人1, 受益所有人2 …)


def plan(inspections: list[Inspection], matcher: Matcher) -> list[list[Group]]:
    """Per page, its top-level groups with their leaves matched, in the page's order."""
    pages = []
    for inspection in inspections:
        top: dict[str, Group] = {}
        for f in inspection.fields:
            if not f.label or is_code(f):
                continue  # (a code the portal sends or draws is a hand-off: an ``ask`` step, not a mapped field)
            path = f.section or [""]  # a field in no section: a leaf of the mapping's top, filled by its own step
            numbered = len(path) > 1 and bool(re.fullmatch(re.escape(path[-2]) + r"\s*\d+", path[-1]))
            if numbered:
                path = path[:-1]  # a row drawn as a numbered card (受益所有人1) inside its table's section
            group = top.setdefault(path[0], Group(path[0]))
            for name in path[1:]:
                group = group.groups.setdefault(name, Group(name))
            if any(leaf.label == f.label for leaf in group.leaves):
                continue  # the same label twice in one section: fill_form could not tell them apart
            rows = matcher.table_for(path[-1]) if len(path) == 1 else None  # a table's row drawn as plain fields
            if rows is not None:
                guess = matcher.guess(f, table=path[-1])
                group.leaves.append(Leaf(f.label, guess, f, row=True))
                group.table = rows.id
                group.plain = True
                group.numbered = group.numbered or numbered
                continue
            group.leaves.append(Leaf(f.label, matcher.guess(f), f))
        for table in inspection.tables:
            name = table.name or "明细"
            group = top.setdefault(name, Group(name))
            for column in table.columns:
                if not column.header or not column.kind or column.header in ("操作", "序号"):
                    continue
                portal = Field(0, table.section, column.header, "cell", column.kind, column.kit, "", False, None, True)
                guess = matcher.guess(portal, table=name)
                group.leaves.append(Leaf(column.header, guess, portal, row=True))
                if guess.field is not None and guess.confidence >= THRESHOLD:
                    group.table = guess.field.section
        pages.append(list(top.values()))
    return pages


def _key(text: str) -> str:
    return text if re.fullmatch(r"[\w\u3000-\u9fff（）()、·/～-]+", text) and not text[0].isdigit() else _q(text)


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _comment(leaf: Leaf) -> str:
    guess = leaf.guess
    note = "" if leaf.field.shown else "；页面上当前不可见（显示条件？）"
    if guess.field is None or guess.confidence < THRESHOLD:
        near = f"最接近：{guess.why}，把握 {guess.confidence:.2f}" if guess.field else "没有相近的简表字段"
        return f"  # TODO 未能匹配简表字段（{near}）{note}"
    return f"  # ← {guess.why}（{guess.path}，把握 {guess.confidence:.2f}）{note}"


def mapping_text(item: str, title: str, url: str, pages: list[list[Group]]) -> str:
    lines = [
        f"# {title}：由 bot inspect --scaffold 从 {url} 生成（{localtime.today():%Y-%m-%d}）。",
        "# 每个字段后注明所匹配的简表字段及把握；TODO 为未能匹配的字段（bot check 会提醒），定下后删去注释。",
        f"item: {item}",
        f"portal: {_q(title)}  # TODO 门户的名称",
        f"title: {_q(title)}",
        "outputs:",
        "  receipt_no: 受理编号",
        "fields:",
    ]

    def group(g: Group, indent: int) -> None:
        pad = "  " * indent
        inner = pad + "  "
        if g.name:
            lines.append(f"{pad}{_key(g.name)}:")
        else:
            inner = pad
        if g.table:
            lines.append(f"{inner}repeat: {g.table}")
            lines.append(f"{inner}fields:")
            inner += "  "
        for leaf in g.leaves:
            value, pairs = leaf.value()
            text = TODO if value == TODO else _q(value)
            if leaf.hidden and value != TODO:  # shown on a condition: the value too is the maintainer's
                guess = f"{value}" + (f"，选项 {pairs}" if pairs else "")
                lines.append(
                    f"{inner}{_key(leaf.label)}: {TODO}  # TODO 页面上当前不可见：何时显示由人定，不显示时应为空"
                    f"（猜作 {guess}，{leaf.guess.path}，把握 {leaf.guess.confidence:.2f}）"
                )
            elif pairs:
                lines.append(f"{inner}{_key(leaf.label)}:{_comment(leaf)}")
                lines.append(f"{inner}  value: {text}")
                shown = ", ".join(f"{_q(code)}: {_q(label)}" for code, label in pairs.items())
                lines.append(f"{inner}  options: {{{shown}}}")
            else:
                lines.append(f"{inner}{_key(leaf.label)}: {text}{_comment(leaf)}")
        for sub in g.groups.values():
            group(sub, indent + 1)

    for page in pages:
        for g in page:
            group(g, 1)
    return "\n".join(lines) + "\n"


def _include(login: str, variables: dict[str, str], item: str, note: str = "") -> str:
    """The login's include, its vars as ``login_vars`` settled them; a password as the item's secret."""
    comment = f"  # TODO {note}" if note else ""
    if not variables:
        return f"{{snippet: {login}}}{comment}"
    shown = ", ".join(
        f"{key}: {_q(_secret_ref(item) if _is_secret(key) else value)}" for key, value in variables.items()
    )
    return f"{{snippet: {login}, vars: {{{shown}}}}}{comment}"


def f_ref(path: list[str] | tuple[str, ...]) -> str:
    """A mapped field as a recipe's template reads it: ``f.联络员.移动电话``, ``f['股东（发起人）']`` where a
    label is not a name."""
    return "f" + "".join(f".{part}" if part.isidentifier() else f"['{part}']" for part in path)


def _flat(values: Mapping[str, Any], prefix: str = "") -> dict[str, str]:
    """An application's single values by form path (``liaison.mobile``); tables left out."""
    flat: dict[str, str] = {}
    for key, value in values.items():
        if isinstance(value, Mapping):
            flat.update(_flat(value, f"{prefix}{key}."))
        elif isinstance(value, str | int) and not isinstance(value, bool) and str(value):
            flat[f"{prefix}{key}"] = str(value)
    return flat


def _plain_leaves(pages: list[list[Group]]) -> dict[str, tuple[str, ...]]:
    """Form path → the first scaffolded field (not a table's cell) that takes its value as it is."""
    found: dict[str, tuple[str, ...]] = {}
    for page in pages:
        for g in page:
            for path, leaf in _leaf_paths(g):
                spec = leaf.guess.field
                plain = spec is not None and leaf.value()[0] == f"{{{{ app.{spec.path} }}}}"
                if plain and spec is not None and not leaf.row:
                    found.setdefault(spec.path, tuple(part for part in path if part))
    return found


def login_vars(
    variables: Mapping[str, str], pages: list[list[Group]], known: Mapping[str, Any]
) -> tuple[dict[str, str], str]:
    """The login's vars as the recipe passes them, and what is left to settle: a value the application ``known``
    (the example) has in a field the scaffold maps is guessed to be that field (``{{ f.联络员.移动电话 }}``: the
    account is the applicant's, not the one typed for inspect); any other is written as given (a constant
    account, or a value from an earlier item's outputs to put in its place). A password stays the item's secret."""
    by_value: dict[str, list[str]] = {}
    for path, value in _flat(known).items():
        by_value.setdefault(value, []).append(path)
    fields = _plain_leaves(pages)
    settled: dict[str, str] = {}
    notes: list[str] = []
    for key, value in variables.items():
        same = next((fields[path] for path in by_value.get(value, []) if path in fields), None)
        if _is_secret(key):
            settled[key] = value
        elif same:
            settled[key] = f"{{{{ {f_ref(same)} }}}}"
            notes.append(f"{key} 猜作「{'·'.join(same)}」（与示例申请的值相同），核对")
        else:
            settled[key] = value
            notes.append(f"{key} 照 --var 原样写入：若取自申请或前序事项（outputs），改为模板")
    return settled, "；".join(notes)


def _is_secret(key: str) -> bool:
    return any(word in key.lower() for word in ("password", "passwd", "secret", "token", "密码"))


def _secret_name(item: str) -> str:
    return re.sub(r"\W", "_", item).upper() + "_PASSWORD"


def _secret_ref(item: str) -> str:
    return f"{{{{ secrets.{_secret_name(item)} }}}}"


def recipe_text(
    item: str,
    url: str,
    login: str | None,
    pages: list[list[Group]],
    buttons: list[str],
    secrets: list[str],
    variables: dict[str, str] | None = None,
    last: list[str] | None = None,
    codes: list[Field] | None = None,
    login_note: str = "",
    frame: tuple[str, str] = ("", ""),
) -> str:
    """``buttons``: every page's; ``last``: the last page's, where a 下一步 and no submit means one page more."""
    variables = variables or {}
    if any(_is_secret(key) for key in variables):
        secrets = sorted({*secrets, _secret_name(item)})
    start = urlsplit(url).path or "/"
    submit = next((b for b in buttons if _SUBMIT.match(b.strip())), None)
    lines = [
        "# yaml-language-server: $schema=recipe.schema.json",
        f"# 由 bot inspect --scaffold 生成（{localtime.today():%Y-%m-%d}）：核对 TODO，bot check，"
        f"再 bot run-item {item} 申请 --dry-run。",
        f"item: {item}",
        f"start: {start}",
    ]
    if secrets:
        lines.append(f"secrets: [{', '.join(secrets)}]")
    lines.append("steps:")
    if login:
        lines.append(f"  - include: {_include(login, variables, item, login_note)}")
    body = len(lines)
    lines.append('  - wait: {visible: {css: "TODO"}}  # TODO 页面就绪的标志（代码表等加载完）；无须等待时删去')
    for number, page in enumerate(pages):
        if number:
            lines += ["  - click: {role: button, name: 下一步}", '  - wait: {url: "**/TODO"}  # TODO 下一页的网址']
        lines += _linked_steps(page)
        for g in page:
            lines += _fill_form(g, buttons)
    onward = [b for b in last or [] if _NEXT.match(b.strip())]
    if onward and not any(_SUBMIT.match(b.strip()) for b in last or []):  # a page to confirm on, not inspected
        lines += [
            f"  - click: {{role: button, name: {_q(onward[0])}}}",
            '  - wait: {url: "**/TODO"}  # TODO 下一页的网址',
        ]
    lines += _hand_offs(codes or [], last or buttons)
    button = f"{{role: button, name: {_q(submit)}}}" if submit else "{role: button, name: 提交}  # TODO 提交按钮"
    first_group = next((g for page in pages for g in page if g.name and g.leaves and not g.table), None)
    name_leaf = (
        next(
            (leaf for leaf in first_group.leaves if leaf.guess.path == "company.name"),
            first_group.leaves[0] if first_group else None,
        )
        if first_group
        else None
    )
    found = (
        f"{{role: row, name: \"{{{{ f['{first_group.name}']['{name_leaf.label}'] }}}}\"}}"
        if first_group and name_leaf
        else "{css: TODO}"
    )
    lines += [
        "  - name: 提交",
        "    submit:",
        f"      click: {button}",
        "      # confirm: {role: button, name: 确定}  # TODO 提交后弹出确认框时，去掉行首的 # 并核对按钮",
        '      wait: {url: "**/receipt/*"}  # TODO 回执页的网址',
        "      refused: {role: alert}  # TODO 门户的错误提示",
        "      receipt:",
        '        receipt_no: {text: 受理编号, pattern: "\\\\w+"}  # TODO 回执编号的位置与格式',
    ]
    if frame[0]:
        lines[body:] = _in_frame(*frame, lines[body:])
    lines += [
        "",
        "# TODO 提交的回应丢失时，到门户的“我的办件”查找（bot run-item --reconcile 试运行此部分）",
        "reconcile:",
        *([f"  frame: {{css: {_q(frame[0])}}}  # 我的办件也在 iframe 中时保留"] if frame[0] else []),
        "  steps:",
        *([f"    - include: {_include(login, variables, item, login_note)}"] if login else []),
        "    - goto: /mine  # TODO 我的办件",
        f"  found: {found}",
        "  receipt:",
        "    receipt_no: {css: td, nth: 0}  # TODO",
    ]
    return "\n".join(lines) + "\n"


def _in_frame(css: str, url: str, steps: list[str]) -> list[str]:
    """Steps run inside the iframe the form is in, once a link of the page around it opened the form there."""
    path = urlsplit(url).path
    return [
        "  - click: {role: link, name: TODO}  # TODO 打开表单（在 iframe 中）的链接或菜单",
        f'  - wait: {{frame_url: "**{path}"}}' if path else '  - wait: {frame_url: "**/TODO"}  # TODO 表单页的网址',
        "  - within:",
        f"      frame: {{css: {_q(css)}}}",
        "      steps:",
        *[f"      {line}" for line in steps],
    ]


def _leaf_paths(g: Group, at: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Leaf]]:
    """Each field of the group and of its sub-groups, with its path (group names, then its label)."""
    here = (*at, g.name)
    for leaf in g.leaves:
        yield (*here, leaf.label), leaf
    for sub in g.groups.values():
        yield from _leaf_paths(sub, here)


def _hidden(g: Group) -> list[tuple[str, ...]]:
    """The paths of the group's fields not shown when inspected, its sub-groups' too."""
    return [path for path, leaf in _leaf_paths(g) if leaf.hidden]


_ADD = re.compile(r"^[＋+]?\s*(添\s*加|新\s*增|增\s*加)")


def _add_button(name: str, buttons: list[str]) -> str | None:
    """The button adding a row to table ``name``: 添加/新增…, the one sharing most characters with the name."""
    adding = [_ADD.sub(lambda m: re.sub(r"\s", "", m[1]), b.strip()) for b in buttons if _ADD.match(b.strip())]
    return max(adding, key=lambda b: len(set(b) & set(name)), default=None)


def _rows(g: Group, buttons: list[str]) -> list[str]:
    """A table whose rows are plain fields, added one by one: per row of the mapping, its add button clicked,
    then the new row (the last one) filled as the row's group. Rows drawn as sections numbered after the table
    (受益所有人1, the first one there already): a row's section is added only when it is not there yet."""
    add = _add_button(g.name, buttons)
    click = f"{{role: button, name: {_q(add)}}}" if add else "{role: button, name: 添加}  # TODO 添加一行的按钮"
    fill = f'{{fill_form: {{group: {_key(g.name)}, row: "{{{{ row }}}}"}}}}'
    lines = [
        f"  - repeat:  # {g.name}：逐行添加",
        f'      over: "{{{{ {f_ref([g.name])} }}}}"',
        "      steps:",
    ]
    if g.numbered:
        region = f'{{role: group, name: "{g.name}{{{{ loop_index + 1 }}}}", exact: true}}'
        return [
            *lines,
            f"        - when: {{visible: {region}, steps: [], else: [{{click: {click}}}]}}"
            f"  # TODO 第 n 行的分组（{g.name}n）",
            f"        - within: {{region: {region}, steps: [{fill}]}}  # TODO 第 n 行的分组（{g.name}n）",
        ]
    return [
        *lines,
        f"        - click: {click}",
        f"        - within: {{region: {{role: row, nth: -1}}, steps: [{fill}]}}"
        "  # TODO 新添的一行在哪里（默认：页面上最后一行）",
    ]


_AGREE = re.compile(r"(阅读|同意).*《(?P<text>[^》]+)》")


def _read_first(g: Group) -> list[str]:
    """An agreement's tick box (本人已阅读并同意以上《承诺书》): portals often enable it only once the text it
    names was scrolled to its end, so the text is scrolled first (a person decides whether it is needed)."""
    lines = []
    for leaf in g.leaves:
        agree = _AGREE.search(leaf.label) if leaf.field.kind == "checkbox" else None
        if agree:
            lines.append(
                f"  - press: {{key: End, target: {{label: {_q(agree['text'])}, exact: true}}}}"
                f"  # TODO 须读到《{agree['text']}》末尾才能勾选时保留，否则删去"
            )
    return lines


def _own_step(leaf: Leaf) -> list[str]:
    """A field in no section: fill_form fills groups, so a step of its own, by its widget's kind."""
    label, value = _q(leaf.label), f'"{{{{ {f_ref([leaf.label])} }}}}"'
    kind = leaf.field.kind
    if kind == "choice-group":
        step = f"choose: {{role: group, name: {label}, option: {value}}}"
    elif kind in ("checkbox", "switch"):
        step = f"check: {{label: {label}, exact: true, value: {value}}}"
    elif kind == "upload":
        step = f"upload: {{label: {label}, exact: true, file: {value}}}"
    elif kind in ("select", "combobox"):
        step = f"select: {{label: {label}, exact: true, option: {value}}}"
    else:
        step = f"fill: {{label: {label}, exact: true, value: {value}}}"
    return [f"  - {step}"]


def _linked(g: Group) -> list[tuple[tuple[str, ...], list[str]]]:
    """The group's linked selects (省 / 市 / 区县, each level's options coming once the one before is chosen,
    often by reloading the page): their paths and each level's label."""
    return [(path, leaf.field.levels) for path, leaf in _leaf_paths(g) if leaf.field.levels and not leaf.row]


def _linked_steps(page: list[Group]) -> list[str]:
    """Linked selects first on their page (a level that reloads the page would lose what was filled before it):
    each level chosen, then the next level awaited until it offers the next name."""
    lines = []
    for g in page:
        for path, levels in _linked(g) if g.name else []:
            value = f_ref(path)
            lines.append(f"  - name: {_q(path[-1] + '：逐级选择，每级选后等下一级有选项')}")
            for number, level in enumerate(levels):
                lead = "  - " if number else "    "
                box = f"role: combobox, name: {_q(level)}, exact: true"
                lines.append(f'{lead}select: {{{box}, option: "{{{{ {value}[{number}] }}}}"}}')
                if number + 1 < len(levels):
                    box = f"role: combobox, name: {_q(levels[number + 1])}, exact: true"
                    lines.append(f'  - expect: {{{box}, contains: "{{{{ {value}[{number + 1}] }}}}"}}')
    return lines


def _uploads(g: Group) -> list[tuple[str, ...]]:
    """The paths of the group's native file inputs (no kit's upload widget), its sub-groups' too."""
    return [path for path, leaf in _leaf_paths(g) if leaf.field.kind == "upload" and leaf.field.kit is None]


def _fill_form(g: Group, buttons: list[str]) -> list[str]:
    """The group's fill_form; a field shown only on a condition (another field's choice) is left out of it and
    filled after it, alone, when the mapping gives it a value; a native file input is uploaded by its own step,
    which can wait for the portal to say the file arrived. A table of plain rows is added row by row."""
    if not g.name:
        return [line for leaf in g.leaves for line in _own_step(leaf)]
    if g.table and g.plain:
        return _rows(g, buttons)
    linked = [path for path, _ in _linked(g)]  # filled before the page's groups (_linked_steps)
    hidden, uploads = _hidden(g), _uploads(g)
    lines = _read_first(g)
    if not hidden and not uploads and not linked:
        return [*lines, f"  - fill_form: {_key(g.name)}"]
    skip = ", ".join(_key(path[-1]) for path in [*hidden, *uploads, *linked])
    if len(hidden) + len(uploads) + len(linked) < len(g.leaves) + sum(len(sub.leaves) for sub in g.groups.values()):
        lines.append(f"  - fill_form: {{group: {_key(g.name)}, skip: [{skip}]}}")
    for path in hidden:
        lines.append(
            f'  - when: {{if: "{{{{ {f_ref(path)} }}}}", steps: [{{fill_form: {{group: {_key(g.name)}, '
            f"only: [{_key(path[-1])}]}}}}]}}  # 页面上起初不可见：映射有值时才填"
        )
    for path in uploads:
        lines.append(
            f'  - upload: {{label: {_q(path[-1])}, exact: true, file: "{{{{ {f_ref(path)} }}}}"}}'
            "  # TODO 门户显示上传完成的标志（done: …），没有则删去此注释"
        )
    return lines


def _snippet_secrets(login: str | None) -> list[str]:
    if not login:
        return []
    path = recipes_dir() / "_shared" / f"{login}.yaml"
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    return sorted(set(re.findall(r"secrets\.(\w+)", text)))


def check_free(item: str, force: bool) -> tuple[Path, Path]:
    """The two files a scaffold writes; refused when the name is not an item's or either exists (unless forced)."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", item):
        raise BotError(f"事项名“{item}”应为小写字母、数字和连字符，如 city-permit")
    mapping_path, recipe_path = mappings_dir() / f"{item}.yaml", recipes_dir() / f"{item}.yaml"
    existing = [p for p in (mapping_path, recipe_path) if p.exists()]
    if existing and not force:
        raise BotError(f"{'、'.join(map(str, existing))} 已存在：加 --force 覆盖")
    return mapping_path, recipe_path


def write_scaffold(
    item: str,
    inspections: list[Inspection],
    *,
    url: str,
    login: str | None,
    variables: dict[str, str] | None = None,
    force: bool = False,
    known: Mapping[str, Any] | None = None,
) -> list[Path]:
    """Write mappings/ITEM.yaml and recipes/ITEM.yaml; refuse to overwrite either unless ``force``. ``known``: an
    application's values the login's vars are recognised by (the example application by default)."""
    mapping_path, recipe_path = check_free(item, force)
    matcher = Matcher(load_form(mappings_dir() / "form.yaml"))
    pages = plan(inspections, matcher)
    title = inspections[0].title if inspections else item
    buttons = [b for inspection in inspections for b in inspection.buttons]
    mapping_path.write_text(mapping_text(item, title, url, pages), encoding="utf-8")
    last = inspections[-1].buttons if inspections else []
    codes = [f for inspection in inspections for f in inspection.fields if f.label and is_code(f)]
    if known is None and variables:
        from bot.inspect.walk import application

        with contextlib.suppress(BotError, OSError):  # no valid example: every var is written as given
            known = application(None).values
    settled, note = login_vars(variables or {}, pages, known or {})
    secrets = _snippet_secrets(login)
    frame = (inspections[0].frame, inspections[0].frame_url) if inspections else ("", "")
    recipe = recipe_text(item, url, login, pages, buttons, secrets, settled, last, codes, note, frame)
    recipe_path.write_text(recipe, encoding="utf-8")
    return [mapping_path, recipe_path]


def matched(pages: list[list[Group]]) -> dict[str, str]:
    """ "group/…/label" → the form path guessed (for tests and the figure printed)."""
    found: dict[str, str] = {}

    def walk(g: Group, prefix: str) -> None:
        for leaf in g.leaves:
            ok = leaf.guess.field is not None and leaf.guess.confidence >= THRESHOLD
            found[f"{prefix}{g.name}/{leaf.label}" if g.name else leaf.label] = leaf.guess.path if ok else ""
        for sub in g.groups.values():
            walk(sub, f"{prefix}{g.name}/")

    for page in pages:
        for g in page:
            walk(g, "")
    return found
