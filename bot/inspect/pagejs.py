"""The page-side listing of a form: every field, by section, as fill_form would find it.

One selector engine (``yjb-inspect``) built on the same prelude as fill_form's own lookups
(bot/recipe/fieldjs.py: the kits' CSS, their ``read`` functions, ``norm``, ``ownText``, ``kitsOn``), so that
a kit's form row, label, section and widget are recognised exactly as fill_form recognises them. It lists:

* each form row of a kit: its label, the kit widget whose root is in the row (the first, in the kit's order,
  as fill_form takes it), else the native control in it;
* each native or ARIA control outside a kit's rows, named as assistive technology names it (what
  Playwright's ``get_by_label`` finds): ``aria-labelledby``, ``aria-label``, its ``<label>``, else its placeholder;
* each kit table of rows: its column headers and, from its first row, each column's widget;
* the sections the page draws (kit cards, collapses, tabs, fieldsets with a legend, named ``role=group``s
  holding text fields), each field placed in the sections around it.

Each listed element is marked ``data-yjb-inspect=<n>`` (for the numbered picture and for checking that
fill_form finds the same element). A section whose content a library draws only once opened is reported with
``later: true``; the caller opens it (fill_form's own way) and lists again.
"""

from __future__ import annotations

from functools import cache

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Playwright

from bot.recipe import fieldjs
from bot.recipe.kits import all_kits
from bot.recipe.pagejs import DEEP, OWN_TEXT, READ_INTO

INSPECT_ENGINE = "yjb-inspect"
MARK = "data-yjb-inspect"  # on each listed field's element: its number
SECTION_MARK = "data-yjb-inspect-section"

LIST = f"""(scope, q) => {{
  const doc = docOf(scope);
  const root = scope.nodeType === 9 ? scope.documentElement : scope;
  const kits = kitsOn(scope);
  const allRows = kits.map(k => k.row).join(', ');
  const clean = s => (s || '').replace(/[\\s\\u00a0\\u3000]+/g, ' ').trim()
    .replace(/^[*＊]\\s*/, '').replace(/\\s*[*＊]$/, '').replace(/\\s*[:：]$/, '').replace(/^[*＊]\\s*/, '').trim();
  const itemName = {OWN_TEXT};
  const deepAll = {DEEP};  // through open shadow roots, as Playwright's own lookups go
  const within = (outer, el) => {{
    for (let n = el; n; n = n.parentNode || n.host) if (n === outer) return true;
    return false;
  }};
  const POPUPS = '[role=listbox], [role=dialog], [role=grid], [role=menu], [role=tree], template';
  for (const el of deepAll(root, '[{MARK}]')) el.removeAttribute('{MARK}');

  const ITEMS = 'input[type=radio], input[type=checkbox], [role=radio], [role=checkbox], [aria-pressed]';
  const TEXTUAL = 'input:not([type=hidden]):not([type=checkbox]):not([type=radio]), select, textarea, '
    + '[role=combobox], [role=textbox]';
  const choiceGroup = el => {{  // a group of choices (a field), not a section holding fields
    if (!el.matches('[role=group], [role=radiogroup]')) return false;
    const items = deepAll(el, ITEMS).length;
    return items > 0 && (el.matches('[role=radiogroup]') || items >= 2 * deepAll(el, TEXTUAL).length);
  }};
  // --- sections --------------------------------------------------------------------------------------
  const sections = [];
  const addSection = (name, el, title, later) => {{
    name = clean(name);
    if (!name || (el && sections.some(s => s.el === el))) return;
    sections.push({{name, el, title, later: !!later}});
  }};
  for (const kit of kits) for (const s of kit.sections) {{
    for (const title of deepAll(root, s.title)) {{
      const box = title.closest(s.box) || title.parentElement;
      let content = box;
      try {{ content = s.content ? CONTENTS[s.id](title, box) : box; }} catch (e) {{ content = null; }}
      addSection(ownText(title), content || null, title, !content);
    }}
  }}
  for (const fs of deepAll(root, 'fieldset')) {{
    const legend = fs.querySelector(':scope > legend');
    if (legend && deepAll(fs, '{fieldjs.CONTROLS}').length) addSection(ownText(legend), fs, legend, false);
  }}
  const GROUPS = '[role=group], [role=region], section[aria-labelledby], section[aria-label]';
  for (const g of deepAll(root, GROUPS)) {{
    if (!deepAll(g, TEXTUAL).length || choiceGroup(g)) continue;  // a choice group is a field
    if (allRows && g.matches(allRows)) continue;  // a kit's form row drawn as a group (el-form-item): a field
    addSection(itemName(g), g, null, false);
  }}
  for (const tab of deepAll(root, '[role=tab]')) {{
    const pane = doc.getElementById(tab.getAttribute('aria-controls') || '');
    if (pane) addSection(ownText(tab), pane, tab, false);
  }}
  const sectionsOf = el => sections.filter(s => s.el && within(s.el, el))
    .sort((a, b) => (within(a.el, b.el) ? -1 : within(b.el, a.el) ? 1 : 0))
    .map(s => s.name).filter((n, i, all) => all.indexOf(n) === i);

  // --- what a field is -------------------------------------------------------------------------------
  const REQ = /(^|[\\s_-])req(uired)?(\\s|$)/;
  const required = (row, lab, control) => {{
    if (lab && /[*＊]/.test(lab.textContent)) return true;
    for (const el of [lab, lab && lab.parentElement].filter(Boolean)) {{
      if (REQ.test(el.className || '')) return true;
      for (const pseudo of ['::before', '::after']) {{
        const c = getComputedStyle(el, pseudo).content;
        if (c && /[*＊]/.test(c)) return true;
      }}
    }}
    if (row && REQ.test(row.className || '')) return true;
    const box = row || control;
    const MARKED = '[required], [aria-required=true], [lay-verify*=required]';
    if (box && box.querySelector && box.querySelector(MARKED)) return true;
    return !!control && (control.required === true || control.getAttribute('aria-required') === 'true'
      || /required/.test(control.getAttribute('lay-verify') || ''));
  }};
  const options = (box, control) => {{
    const select = box.querySelector('select') || (control && control.tagName === 'SELECT' ? control : null);
    if (select) return [...select.options].filter(o => o.value !== '' && o.text.trim()).map(o => clean(o.text));
    const items = [...box.querySelectorAll(ITEMS)];
    const wrapping = it => (it.closest('label') && it.closest('label') !== box ? it.closest('label').innerText : '');
    if (items.length) return items.map(it => clean(it.getAttribute('title') || wrapping(it) || itemName(it) || ''))
      .filter(Boolean);
    const owner = control && control.getAttribute('aria-controls') ? control : box.querySelector('[aria-controls]');
    const list = owner && doc.getElementById(owner.getAttribute('aria-controls'));
    if (list) return [...list.querySelectorAll('[role=option]')].map(o => clean(o.textContent)).filter(Boolean);
    return null;
  }};
  const shown = el => visible(el) && el.getClientRects().length > 0;
  const fields = [];
  const add = (el, entry) => {{
    const number = fields.length + 1;
    if (el) el.setAttribute('{MARK}', String(number));
    fields.push({{number, ...entry, section: sectionsOf(el || entry.row), row: undefined}});
  }};

  // --- tables of rows --------------------------------------------------------------------------------
  const tables = [];
  const tableBoxes = [];
  for (const kit of kits) for (const t of kit.tables) for (const box of deepAll(root, t.box)) {{
    if (tableBoxes.some(b => b.contains(box))) continue;
    tableBoxes.push(box);
    const headers = [...box.querySelectorAll(t.header)].map(th => clean(ownText(th)));
    const first = box.querySelector(t.rows);
    const columns = headers.map((header, i) => {{
      const cell = first && first.children[i];
      let widget = null;
      for (const k of kits) for (const w of k.widgets) if (!widget && cell && cell.querySelector(w.root)) widget = w.id;
      const native = cell && !widget ? cell.querySelector('{fieldjs.NATIVE}') : null;
      return {{header, widget, native: native ? describe(native) : null}};
    }});
    tables.push({{kit: kit.name, section: sectionsOf(box), columns, rows: box.querySelectorAll(t.rows).length,
                  shown: shown(box)}});
  }}
  const inTable = el => tableBoxes.some(b => within(b, el));

  // --- a kit's form rows -----------------------------------------------------------------------------
  const claimed = [];
  for (const kit of kits) for (const row of deepAll(root, kit.row)) {{
    if (inTable(row) || claimed.includes(row) || row.querySelector(allRows)) continue;
    if (row.closest(POPUPS)) continue;
    claimed.push(row);
    const lab = [...row.querySelectorAll(kit.label)].find(l => l.closest(allRows) === row);
    const label = lab ? clean(ownText(lab)) : '';
    let found = null;
    for (const k of kits) for (const w of k.widgets) {{
      if (found) break;
      const at = [...row.querySelectorAll(w.root)].find(el => el.closest(allRows) === row);
      if (at) found = {{w, at}};
    }}
    const native = found ? null : [...row.querySelectorAll('{fieldjs.NATIVE}')].find(el => el.closest(allRows) === row)
      || null;
    if (!label && !found && !native) continue;  // a row of buttons, a note
    const el = found ? found.at : native;
    let value = null;
    if (found) {{ el.setAttribute('{fieldjs.WIDGET}', found.w.id); value = READ(el); }}
    add(el || row, {{
      label, how: 'row', kit: kit.name, widget: found ? found.w.id : null,
      native: native ? describe(native) : null, required: required(row, lab, el),
      options: options(row, el), value, shown: shown(row), row,
      problem: !el ? 'row-without-control' : !label ? 'row-without-label' : '',
    }});
  }}
  const inClaimed = el => claimed.some(r => within(r, el));

  // --- native and ARIA controls outside the kits' rows ------------------------------------------------
  const nameOf = el => {{
    const ids = (el.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean);
    const named = ids.map(id => el.getRootNode().getElementById(id)).filter(Boolean);
    if (named.length) return {{label: clean(named.map(n => ownText(n)).join(' ')), how: 'label', lab: named[0]}};
    const aria = el.getAttribute('aria-label');
    if (aria) return {{label: clean(aria), how: 'aria-label', lab: null}};
    const lab = el.labels && el.labels[0];
    if (lab) return {{label: clean(ownText(lab)), how: 'label', lab}};
    const hint = el.getAttribute('placeholder');
    if (hint) return {{label: clean(hint), how: 'placeholder', lab: null}};
    return {{label: clean(el.getAttribute('title') || ''), how: 'title', lab: null}};
  }};

  for (const el of deepAll(root, '{fieldjs.NATIVE}, input[type=file]')) {{
    if (inClaimed(el) || inTable(el) || el.closest(POPUPS)) continue;
    const type = (el.getAttribute('type') || '').toLowerCase();
    if (['submit', 'button', 'reset', 'image'].includes(type)) continue;
    if (el.matches('[role=group], [role=radiogroup]') && !choiceGroup(el)) continue;  // a section
    const group = el.parentElement && el.parentElement.closest('[role=group], [role=radiogroup]');
    if (group && choiceGroup(group) && el.matches(ITEMS)) continue;  // an item of a choice group
    if (el.parentElement && el.parentElement.closest('[role=combobox]')) continue;  // inside a drawn select
    if (el.hasAttribute('{MARK}')) continue;
    const name = nameOf(el);
    const isShown = shown(el);
    if (!isShown && (!name.label || name.how === 'placeholder' || name.how === 'title')) continue;
    add(el, {{
      label: name.label, how: name.how, kit: null, widget: null, native: describe(el),
      required: required(null, name.lab, el),
      options: options(choiceGroup(el) ? el : document.createElement('div'), el),
      value: describe(el).value, shown: isShown,
      problem: name.how === 'title' ? (name.label ? 'title-only' : 'no-name') : '',
    }});
  }}
  return {{
    title: doc.title, url: doc.location ? doc.location.href : '', kits: kits.map(k => k.name), fields, tables,
    sections: sections.map(s => ({{name: s.name, later: s.later, shown: !!s.el && shown(s.el),
                                   openable: !!s.title && shown(s.title),
                                   path: s.el ? sectionsOf(s.el) : [s.name]}})),
  }};
}}"""


@cache
def engine() -> str:
    """``X >> yjb-inspect=-``: LIST of X, left on X as JSON (the reading engines' way, bot/recipe/pagejs.py)."""
    return f"""(() => {{
{fieldjs.prelude(all_kits())}
const run = {LIST};
return {{
  queryAll(root, arg) {{
    const el = root.nodeType === 9 ? root.documentElement : root;
    el.setAttribute('{READ_INTO}', JSON.stringify(run(el, arg)));
    return [el];
  }},
  query(root, arg) {{ return this.queryAll(root, arg)[0]; }},
}};
}})()"""


async def register(playwright: Playwright) -> None:
    """Register the listing engine, once per Playwright, before any context is created."""
    try:
        await playwright.selectors.register(INSPECT_ENGINE, engine(), content_script=True)
    except PlaywrightError as exc:
        if "already registered" not in str(exc):
            raise


# Numbered badges over the listed fields, for the picture (run in the page, removed afterwards).
BADGES = f"""() => {{
  const layer = document.createElement('div');
  layer.id = 'yjb-inspect-badges';
  layer.style.cssText = 'position:absolute;left:0;top:0;pointer-events:none;z-index:2147483647';
  const deep = {DEEP};
  for (const el of deep(document, '[{MARK}]')) {{
    let box = el;
    while (box && !(box.offsetWidth || box.offsetHeight)) box = box.parentElement;
    if (!box) continue;
    const r = box.getBoundingClientRect();
    const b = document.createElement('span');
    b.textContent = el.getAttribute('{MARK}');
    b.style.cssText = 'position:absolute;font:bold 12px sans-serif;color:#fff;background:#d4380d;'
      + 'border-radius:9px;padding:1px 5px;box-shadow:0 0 0 2px #fff';
    b.style.left = (r.left + window.scrollX - 6) + 'px';
    b.style.top = (r.top + window.scrollY - 8) + 'px';
    layer.appendChild(b);
    const frame = document.createElement('span');
    frame.style.cssText = 'position:absolute;border:2px solid #d4380d;border-radius:3px';
    frame.style.left = (r.left + window.scrollX - 2) + 'px';
    frame.style.top = (r.top + window.scrollY - 2) + 'px';
    frame.style.width = (r.width + 4) + 'px';
    frame.style.height = (r.height + 4) + 'px';
    layer.appendChild(frame);
  }}
  document.body.appendChild(layer);
}}"""
UNBADGE = "() => { const l = document.getElementById('yjb-inspect-badges'); if (l) l.remove(); }"
