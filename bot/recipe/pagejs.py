"""The JavaScript the widget adapters run in a portal's page, each a function of one element.

Reading a field costs one round trip to the browser; a runner reads every field before
filling it and again after, so what a field is and what it shows come back together
(``DESCRIBE``), and a group's fields are read back all at once by the marks the first read
left on them (``READ_MARKED``). They run as selector engines in Playwright's utility world
(``ENGINES``, at the end), out of reach of the page's own scripts.
"""

from __future__ import annotations

MARK = "data-yjb-field"  # set on a field when it is first read, so that it can be read back without its label

# An item's name as assistive technology reads it: aria-labelledby, aria-label, its <label>, its text.
OWN_TEXT = """el => {
  const named = (el.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean)
    .map(id => el.getRootNode().getElementById(id)).filter(Boolean);
  if (named.length) return named.map(n => n.textContent).join(' ');
  return el.getAttribute('aria-label') || (el.labels && el.labels[0] ? el.labels[0].innerText : el.innerText);
}"""

# Pressed (a toggle button), ticked or chosen (ARIA or native).
IS_ON = """el => el.hasAttribute('aria-pressed') ? el.getAttribute('aria-pressed') === 'true'
  : el.hasAttribute('role') ? el.getAttribute('aria-checked') === 'true' : el.checked"""

GROUP_ITEM = "[role=checkbox], [role=radio], [aria-pressed], input[type=checkbox], input[type=radio]"
ITEM_STATES = f"els => els.map(el => ({{name: ({OWN_TEXT})(el).trim(), on: ({IS_ON})(el)}}))"

# A tag picker's chosen tags, from its search box: their remove buttons, named "<verb> <wording>"
# (移除 软件开发) as a button beside many like it must be, outside the listbox.
TAG_BUTTONS = """el => {
  const box = el.getRootNode().getElementById(el.getAttribute('aria-controls') || '');
  let widget = el.parentElement;
  while (widget && box && !widget.contains(box)) widget = widget.parentElement;
  if (!widget || !box) return [];
  return [...widget.querySelectorAll('button')]
    .filter(b => !box.contains(b))
    .map(b => (b.getAttribute('aria-label') || b.textContent).trim())
    .filter(name => /^\\S+\\s+\\S/.test(name));
}"""

# What the labelled element is and what it shows, as a person sees it: an option's label, a combobox's
# text, a group's chosen items, a tag picker's tags (in their order), a file's name.
DESCRIBE = f"""el => {{
  const tag = el.tagName.toLowerCase(), type = (el.getAttribute('type') || '').toLowerCase();
  const role = el.getAttribute('role') || '';
  const controls = el.getAttribute('aria-controls') || '';
  const box = controls ? el.getRootNode().getElementById(controls) : null;
  const multiple = !!box && box.getAttribute('role') === 'listbox'
    && box.getAttribute('aria-multiselectable') === 'true';
  let value = null;
  if (tag === 'select') value = el.selectedOptions[0] ? el.selectedOptions[0].text.trim() : '';
  else if (tag === 'input' && type === 'checkbox') value = el.checked;
  else if (tag === 'input' && type === 'file') value = el.files.length ? el.files[0].name : '';
  else if (tag === 'input' && role === 'combobox' && multiple)
    value = ({TAG_BUTTONS})(el).map(name => name.replace(/^\\S+\\s+/, ''));
  else if (tag === 'input' || tag === 'textarea') value = el.value;
  else if (role === 'combobox') value = el.innerText.trim();
  else if (role === 'group' || role === 'radiogroup')
    value = [...el.querySelectorAll('{GROUP_ITEM}')].filter({IS_ON}).map(item => ({OWN_TEXT})(item).trim());
  return {{
    tag, type, role, controls, value, multiple,
    readonly: el.readOnly === true || el.getAttribute('aria-readonly') === 'true',
    kind: el.dataset ? (el.dataset.kind || '') : '',
    popup: el.getAttribute('aria-haspopup') || '',
  }};
}}"""

# DESCRIBE, leaving ``mark`` on the element (when given).
DESCRIBE_MARKING = f"(el, mark) => {{ if (mark) el.setAttribute('{MARK}', mark); return ({DESCRIBE})(el); }}"

# [mark, what it shows] of each marked element found (the engine below looks inside open shadow roots too).
READ_MARKED = f"els => els.map(el => [el.getAttribute('{MARK}'), ({DESCRIBE})(el).value])"

# --- in Playwright's utility world ------------------------------------------------------------------
# Running our functions in the page's own world (Locator.evaluate) makes Playwright set up its selector
# machinery there too, once per page loaded: ~35 ms a page, on top of the utility world its clicks and
# fills use (bench/README.md). So the reads the adapters make on every page run as selector engines
# registered as content scripts (bot.recipe.browser registers them), which run in that utility world: an
# engine leaves what it read on the element it is given, as JSON in ``READ_INTO``, and ``get_attribute``
# (also run there) brings it back, in the same query. Both worlds share the DOM, which is all they read.
READ_INTO = "data-yjb-read"
NO_MARK = "-"

# querySelectorAll through open shadow roots, in the order Playwright's CSS engine finds elements.
DEEP = """(root, css) => {
  const found = [];
  const walk = r => {
    found.push(...r.querySelectorAll(css));
    if (r.shadowRoot) walk(r.shadowRoot);
    for (const el of r.querySelectorAll('*')) if (el.shadowRoot) walk(el.shadowRoot);
  };
  walk(root);
  return found;
}"""


def _engine(read: str) -> str:
    """A selector engine that matches the element it is given (a document: its root element) and leaves
    ``read(element, the selector's argument)`` on it."""
    return f"""({{
  queryAll(root, arg) {{
    const el = root.nodeType === 9 ? root.documentElement : root;
    el.setAttribute('{READ_INTO}', JSON.stringify(({read})(el, arg)));
    return [el];
  }},
  query(root, arg) {{ return this.queryAll(root, arg)[0]; }},
}})"""


# ``X >> yjb-describe=<mark or ->``: DESCRIBE of X, marking it.
DESCRIBE_ENGINE = "yjb-describe"
# ``X >> yjb-read-marked=<prefix>``: READ_MARKED of the fields inside X marked ``<prefix>…``.
READ_MARKED_ENGINE = "yjb-read-marked"
# ``X >> yjb-items=*``: ITEM_STATES of group X's items, each numbered in ``ITEM`` for a click to find it.
ITEMS_ENGINE = "yjb-items"
ITEM = "data-yjb-item"

ENGINES = {
    DESCRIBE_ENGINE: _engine(f"(el, mark) => ({DESCRIBE_MARKING})(el, mark === '{NO_MARK}' ? '' : mark)"),
    READ_MARKED_ENGINE: _engine(f"(el, prefix) => ({READ_MARKED})(({DEEP})(el, `[{MARK}^='${{prefix}}']`))"),
    ITEMS_ENGINE: _engine(
        f"el => {{ const items = ({DEEP})(el, '{GROUP_ITEM}');"
        f" items.forEach((item, i) => item.setAttribute('{ITEM}', String(i))); return ({ITEM_STATES})(items); }}"
    ),
}
