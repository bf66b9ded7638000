// Shared pieces of the bank's web components: the field look, the form-associated base
// class (so a plain <form> collects every component's value under its own name), and
// the client-side checks (the server checks again, with the same messages).

export const fieldSheet = new CSSStyleSheet();
fieldSheet.replaceSync(`
  :host { display: block; margin: 0 0 14px; font-size: 14px; color: #1f2d3d; }
  :host([hidden]) { display: none; }
  .row { display: flex; align-items: flex-start; }
  .lblcell { width: 150px; flex: none; text-align: right; padding: 8px 12px 0 0; color: #44546a; }
  .req { color: #e0262b; margin-right: 3px; }
  .ctl { flex: 1; min-width: 0; }
  input[type=text], input:not([type]) { box-sizing: border-box; width: 100%; max-width: 420px; height: 34px;
    padding: 0 10px; border: 1px solid #c8d3e0; border-radius: 3px; font: inherit; background: #fff; }
  input:focus { outline: none; border-color: #0066b3; box-shadow: 0 0 0 2px rgba(0,102,179,.15); }
  input[readonly] { background: #f5f8fb; cursor: default; }
  :host([invalid]) input, :host([invalid]) .box { border-color: #e0262b; }
  .err { color: #e0262b; font-size: 12px; min-height: 0; margin-top: 4px; }
  .err:empty { display: none; }
  .hint { color: #8492a6; font-size: 12px; margin-top: 4px; }
  button { font: inherit; cursor: pointer; }
  .muted { color: #8492a6; padding-top: 8px; }
`);

export const CHECKS = {
  mobile: (v) => /^1[3-9]\d{9}$/.test(v),
  name: (v) => /^[\u4e00-\u9fa5·]{2,20}$/.test(v),
  ratio: (v) => /^\d{1,3}(\.\d{1,2})?$/.test(v) && Number(v) > 0 && Number(v) <= 100,
  id: (v) => {
    const s = v.toUpperCase();
    if (!/^\d{17}[\dX]$/.test(s)) return false;
    const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum = 0;
    for (let i = 0; i < 17; i++) sum += Number(s[i]) * w[i];
    return "10X98765432"[sum % 11] === s[17];
  },
  uscc: (v) => {
    const a = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    const s = v.toUpperCase();
    if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(s)) return false;
    let sum = 0;
    for (let i = 0; i < 17; i++) sum += a.indexOf(s[i]) * (3 ** i % 31);
    return a[(31 - (sum % 31)) % 31] === s[17];
  },
};

let seq = 0;
export const uid = (p) => `${p}-${++seq}`;

export const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

// A form-associated field: name, label, value, error. Subclasses draw the control.
export class CbField extends HTMLElement {
  static formAssociated = true;

  constructor() {
    super();
    this.internals = this.attachInternals();
    this.root = this.attachShadow({ mode: "open" });
    this.root.adoptedStyleSheets = [fieldSheet, ...this.constructor.sheets()];
    this._value = "";
  }

  static sheets() { return []; }

  get name() { return this.getAttribute("name") || ""; }
  get label() { return this.getAttribute("label") || ""; }
  get required() { return this.hasAttribute("required"); }
  get value() { return this._value; }
  set value(v) {
    this._value = v == null ? "" : String(v);
    this.internals.setFormValue(this._value);
    this.sync();
  }

  connectedCallback() {
    if (!this._drawn) {
      this._drawn = true;
      this.draw();
      this.internals.setFormValue(this._value);
    }
  }

  formResetCallback() { this.value = ""; this.setError(""); }

  // The frame every field shares: label cell, control cell, hint and error.
  frame(labelHtml, controlHtml) {
    const hint = this.getAttribute("hint");
    this.root.innerHTML = `<div class="row"><div class="lblcell">${this.required ? '<span class="req" aria-hidden="true">*</span>' : ""}${labelHtml}</div>
      <div class="ctl">${controlHtml}${hint ? `<div class="hint">${esc(hint)}</div>` : ""}<div class="err" role="alert"></div></div></div>`;
  }

  draw() {}
  sync() {}

  // The client-side message for the current value, or "".
  check() {
    if (this.required && !this.value.trim()) return this.getAttribute("msg-required") || `请输入${this.label}`;
    return "";
  }

  validate() { const m = this.check(); this.setError(m); return m; }

  setError(message) {
    const el = this.root.querySelector(".err");
    if (el) el.textContent = message || "";
    this.toggleAttribute("invalid", Boolean(message));
    const ctl = this.root.querySelector("[data-ctl]");
    if (ctl) ctl.setAttribute("aria-invalid", message ? "true" : "false");
  }

  emit(type = "change") {
    this.dispatchEvent(new CustomEvent(type, { bubbles: true, composed: true, detail: { name: this.name, value: this.value } }));
  }
}
