"""The JavaScript that finds fields, sections and tables as a person does, on a page a library drew.

Built once per browser from the kits (bot/recipe/kits/): their CSS as data, their ``read`` and
``Section.content`` functions as code. Each function runs as a selector engine in Playwright's utility
world (pagejs.engine), so one query finds every field of a group, and what each shows comes back with it.

Text is compared as a person reads it: whitespace (antd's "提 交"), required markers and colons dropped.
"""

from __future__ import annotations

import json

from bot.recipe.kits import Kit
from bot.recipe.pagejs import DEEP, DESCRIBE, MARK, READ_INTO, READ_MARKED_ENGINE

WIDGET = "data-yjb-widget"  # on a kit widget's root: "<kit>/<kind>", for the read-back to find its ``read``
SECTION = "data-yjb-section"  # on a section's content, and (``-title``) its title, found by name
NATIVE_MARK = "data-yjb-native"  # on a native control found by its row or placeholder (see FIND)
TABLE = "data-yjb-table"  # on a table of rows, and (``-add``) its add button
NATIVE = "input:not([type=hidden]), select, textarea, [role=combobox], [role=group], [role=radiogroup], [role=textbox]"
CONTROLS = f"{NATIVE}, input[type=hidden]"  # what a group holding fields has (layui hides its natives)
_ADD = r"^[+＋]?(添加|新增|增加)"


def widget_id(kit: Kit, kind: str) -> str:
    return f"{kit.name}/{kind}"


def _kits_data(kits: tuple[Kit, ...]) -> str:
    data = [
        {
            "name": kit.name,
            "signature": kit.signature,
            "row": kit.row,
            "label": kit.label,
            "invalid": kit.invalid,
            "message": kit.message,
            "widgets": [{"id": widget_id(kit, w.kind), "root": w.root} for w in kit.widgets],
            "sections": [
                {"id": f"{kit.name}/{i}", "title": s.title, "box": s.box, "content": bool(s.content), "hides": s.hides}
                for i, s in enumerate(kit.sections)
            ],
            "tables": [{"box": t.box, "header": t.header, "rows": t.rows} for t in kit.tables],
        }
        for kit in kits
    ]
    return json.dumps(data, ensure_ascii=False)


def _functions(kits: tuple[Kit, ...]) -> tuple[str, str]:
    reads = ",\n".join(
        f"{json.dumps(widget_id(k, w.kind), ensure_ascii=False)}: ({w.read})" for k in kits for w in k.widgets
    )
    contents = ",\n".join(
        f"{json.dumps(f'{k.name}/{i}', ensure_ascii=False)}: ({s.content})"
        for k in kits
        for i, s in enumerate(k.sections)
        if s.content
    )
    return f"{{{reads}}}", f"{{{contents}}}"


def prelude(kits: tuple[Kit, ...]) -> str:
    """Definitions every engine below shares (a statement list, evaluated inside each engine)."""
    reads, contents = _functions(kits)
    return f"""
const KITS = {_kits_data(kits)};
const READS = {reads};
const CONTENTS = {contents};
const norm = s => (s || '').replace(/[\\s\\u00a0\\u3000*＊:：]/g, '');
const visible = el => !!el && !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length)
  && getComputedStyle(el).visibility !== 'hidden';
const SKIPPED = 'button, a, input, select, textarea, [role=button], svg, i';  // not a title's own words
const ownText = el => {{
  let text = '';
  const walk = node => {{
    for (const child of node.childNodes) {{
      if (child.nodeType === 3) text += child.nodeValue;
      else if (child.nodeType === 1 && !child.matches(SKIPPED)) walk(child);
    }}
  }};
  walk(el);
  return text;
}};
const docOf = root => root.nodeType === 9 ? root : (root.ownerDocument || document);
const kitsOn = root => KITS.filter(k => docOf(root).querySelector(k.signature));
const describe = {DESCRIBE};
const READ = el => {{
  const id = el.getAttribute('{WIDGET}');
  if (!id || !READS[id]) return describe(el).value;
  try {{ return READS[id](el); }} catch (e) {{ return null; }}
}};
"""


# (scope, {queries, prefix}) → one answer per query: where the field is, its widget and what it shows, each
# found field marked ``<prefix><i>``. A query is {label} or {table, row, column} (a cell of a marked table).
FIND = f"""(scope, q) => {{
  const kits = kitsOn(scope);
  const root = scope.nodeType === 9 ? scope.documentElement : scope;
  const allRows = kits.map(k => k.row).join(', ');
  const widgetAt = (box, control) => {{
    for (const kit of kits) for (const w of kit.widgets) {{
      const at = control && control.closest(w.root);
      if (at && box.contains(at)) return {{kit, w, at}};
    }}
    const owner = allRows && box.matches(allRows) ? box : null;  // a row: not the widgets of a row inside it
    for (const kit of kits) for (const w of kit.widgets) {{
      const at = [...box.querySelectorAll(w.root)].find(el => !owner || el.closest(allRows) === owner);
      if (at) return {{kit, w, at}};
    }}
    return null;
  }};
  const nativeIn = box => [...box.querySelectorAll('{NATIVE}')].find(visible) || null;
  const inRow = (lab, control) => {{
    for (const kit of kits) {{
      const row = lab.closest(kit.row) || (control && control.closest(kit.row));
      if (!row) continue;
      const found = widgetAt(row, control);
      if (found) return found;
      const native = control || nativeIn(row);
      if (native) return {{native}};
    }}
    if (control) return widgetAt(control.parentElement || control, control) || {{native: control}};
    return null;
  }};
  const byLabel = label => {{
    const css = ['label', ...kits.map(k => k.label)].join(', ');
    for (const lab of root.querySelectorAll(css)) {{
      if (!visible(lab) || norm(ownText(lab)) !== norm(label)) continue;
      const control = lab.tagName === 'LABEL' ? (lab.control
        || (lab.htmlFor ? lab.getRootNode().getElementById(lab.htmlFor) : null)) : null;
      const found = inRow(lab, control);
      if (found) return {{...found, how: 'label'}};
    }}
    for (const el of root.querySelectorAll('[aria-label], [placeholder]')) {{
      const name = el.getAttribute('aria-label') || el.getAttribute('placeholder');
      if (!visible(el) || norm(name) !== norm(label)) continue;
      const found = widgetAt(el.closest(allRows || '*') || el, el) || {{native: el}};
      return {{...found, how: el.hasAttribute('aria-label') ? 'aria-label' : 'placeholder'}};
    }}
    return null;
  }};
  const byCell = (token, row, column) => {{
    const table = docOf(root).querySelector(`[{TABLE}="${{token}}"]`);
    const spec = table && JSON.parse(table.getAttribute('{TABLE}-spec'));
    const tr = table && [...table.querySelectorAll(spec.rows)][row];
    const cell = tr && tr.children[column];
    if (!cell) return null;
    return {{...(widgetAt(cell, null) || {{native: nativeIn(cell)}}), how: 'cell'}};
  }};
  return q.queries.map((query, i) => {{
    const found = query.table !== undefined ? byCell(query.table, query.row, query.column) : byLabel(query.label);
    if (!found || !(found.at || found.native)) return null;
    const el = found.at || found.native;
    const mark = query.mark || q.prefix + i;
    if (found.at) {{
      el.setAttribute('{MARK}', mark);
      el.setAttribute('{WIDGET}', found.w.id);
      return {{mark, how: found.how, widget: found.w.id, value: READ(el)}};
    }}
    el.setAttribute('{NATIVE_MARK}', mark);  // used only if Playwright's own label lookup finds nothing
    return {{mark, how: found.how, widget: null, value: null}};
  }});
}}"""

# (scope, _) → the visible labels in scope, for "本页相近的标签" when a label is not found.
LABELS = """(scope) => {
  const kits = kitsOn(scope);
  const root = scope.nodeType === 9 ? scope.documentElement : scope;
  const css = ['label', 'legend', 'th', ...kits.map(k => k.label)].join(', ');
  const found = [...root.querySelectorAll(css)].filter(visible)
    .map(el => ownText(el).trim().replace(/[*＊:：]\\s*$/, ''));
  for (const el of root.querySelectorAll('[aria-label], [placeholder]'))
    if (visible(el)) found.push(el.getAttribute('aria-label') || el.getAttribute('placeholder'));
  return [...new Set(found.filter(Boolean))];
}"""

# (scope, {name, token}) → the section named ``name``: its content marked ``token``; whether it is shown; null.
SECTION_FIND = f"""(scope, q) => {{
  const root = scope.nodeType === 9 ? scope.documentElement : scope;
  const doc = docOf(scope);
  const isTab = (title, s) => (s && s.hides) || title.getAttribute('role') === 'tab'
    || !!title.closest('[role=tablist]');
  const mark = (title, content, s) => {{  // a section found again (a table group in its own card) keeps its mark
    const token = content.getAttribute('{SECTION}') || q.token;
    title.setAttribute('{SECTION}-title', token);
    content.setAttribute('{SECTION}', token);
    return {{token, shown: visible(content) && content.getClientRects().length > 0, hides: isTab(title, s)}};
  }};
  for (const kit of kitsOn(scope)) for (const s of kit.sections) {{
    for (const title of root.querySelectorAll(s.title)) {{
      if (norm(ownText(title)) !== norm(q.name)) continue;
      const box = title.closest(s.box) || title.parentElement;
      const content = s.content ? CONTENTS[s.id](title, box) : box;
      if (content) return mark(title, content, s);
      title.setAttribute('{SECTION}-title', q.token);  // its content is drawn once first opened (antd's collapse)
      return {{token: q.token, shown: false, later: true, hides: isTab(title, s)}};
    }}
  }}
  for (const tab of root.querySelectorAll('[role=tab]')) {{
    const pane = doc.getElementById(tab.getAttribute('aria-controls') || '');
    if (pane && norm(ownText(tab)) === norm(q.name)) return mark(tab, pane, null);
  }}
  return null;
}}"""

# (scope, {name, token}) → the table of rows in the section named ``name`` (else the only one in scope):
# {headers, rows, add}; the table marked ``token``, its add button ``token`` too.
TABLE_FIND = f"""(scope, q) => {{
  const root = scope.nodeType === 9 ? scope.documentElement : scope;
  const doc = docOf(scope);
  const specs = kitsOn(scope).flatMap(k => k.tables);
  const inside = el => specs.flatMap(t => [...el.querySelectorAll(t.box)].filter(visible).map(box => [box, t]));
  const section = doc.querySelector(`[{SECTION}="${{q.section}}"]`);
  let found = section ? inside(section) : [];
  if (!found.length) found = inside(root);
  if (found.length !== 1 && !section) return {{count: found.length}};
  const [box, spec] = found[0] || [];
  if (!box) return {{count: 0}};
  box.setAttribute('{TABLE}', q.token);
  box.setAttribute('{TABLE}-spec', JSON.stringify(spec));
  const headers = [...box.querySelectorAll(spec.header)].map(th => norm(ownText(th)));
  const rows = box.querySelectorAll(spec.rows).length;
  let around = section || box.parentElement, add = null;
  for (let up = 0; around && !add && up < 4; up++, around = around.parentElement)
    add = [...around.querySelectorAll('button, a, [role=button]')]
      .find(b => visible(b) && /{_ADD}/.test(norm(b.textContent)) && !box.contains(b));
  if (add) add.setAttribute('{TABLE}-add', q.token);
  return {{count: 1, headers, rows, add: !!add, rowsCss: spec.rows}};
}}"""

# (field's row, _) → the row's validation message, when the library shows one (for errors).
INVALID = """(el) => {
  for (const kit of kitsOn(el)) {
    const row = el.closest(kit.row);
    const message = row && kit.invalid && row.querySelector(kit.invalid);
    if (message && visible(message)) return message.textContent.trim();
  }
  return '';
}"""

# (page, _) → what the libraries' message areas show now (toasts, alerts), for a wait that timed out.
MESSAGES = """(scope) => [...new Set(['[role=alert]', ...kitsOn(scope).filter(k => k.message).map(k => k.message)]
  .flatMap(css => [...docOf(scope).querySelectorAll(css)]).filter(visible).map(el => el.textContent.trim())
  .filter(Boolean))]"""


def engines(kits: tuple[Kit, ...]) -> dict[str, str]:
    """The selector engines above, for pagejs's registration: ``X >> yjb-find=<arg>`` leaves ``FIND(X, arg)``
    on X (arg: URI-encoded JSON), and the read-back of marked fields learns the kits' ``read``."""
    shared = prelude(kits)

    def engine(function: str) -> str:
        return f"""(() => {{
{shared}
const run = {function};
return {{
  queryAll(root, arg) {{
    const el = root.nodeType === 9 ? root.documentElement : root;
    let given = arg;
    try {{ given = JSON.parse(decodeURIComponent(arg)); }} catch (e) {{ /* a plain argument (a mark's prefix) */ }}
    el.setAttribute('{READ_INTO}', JSON.stringify(run(el, given)));
    return [el];
  }},
  query(root, arg) {{ return this.queryAll(root, arg)[0]; }},
}};
}})()"""

    read_marked = f"(el, prefix) => deep(el, `[{MARK}^='${{prefix}}']`).map(f => [f.getAttribute('{MARK}'), READ(f)])"
    return {
        FIND_ENGINE: engine(FIND),
        LABELS_ENGINE: engine(LABELS),
        SECTION_ENGINE: engine(SECTION_FIND),
        TABLE_ENGINE: engine(TABLE_FIND),
        INVALID_ENGINE: engine(INVALID),
        MESSAGES_ENGINE: engine(MESSAGES),
        READ_MARKED_ENGINE: engine(f"(el, prefix) => {{ const deep = {DEEP}; return ({read_marked})(el, prefix); }}"),
    }


FIND_ENGINE = "yjb-find"
LABELS_ENGINE = "yjb-labels"
SECTION_ENGINE = "yjb-section"
TABLE_ENGINE = "yjb-table"
INVALID_ENGINE = "yjb-invalid"
MESSAGES_ENGINE = "yjb-messages"
