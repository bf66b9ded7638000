// <cb-select name label required>: a dropdown drawn with divs (role=combobox + listbox),
// not a native <select>. Options come from the page: el.options = [{value, label}].
import { CbField, esc, uid } from "./base.js";

const sheet = new CSSStyleSheet();
sheet.replaceSync(`
  .wrap { position: relative; max-width: 420px; }
  .box { box-sizing: border-box; height: 34px; border: 1px solid #c8d3e0; border-radius: 3px; background: #fff;
    padding: 0 30px 0 10px; line-height: 32px; cursor: pointer; user-select: none; position: relative; }
  .box:focus { outline: none; border-color: #0066b3; box-shadow: 0 0 0 2px rgba(0,102,179,.15); }
  .box.placeholder { color: #a0aab8; }
  .box::after { content: ""; position: absolute; right: 11px; top: 12px; border: 5px solid transparent; border-top-color: #7a8799; }
  .box[aria-expanded=true]::after { top: 7px; border-top-color: transparent; border-bottom-color: #0066b3; }
  ul { position: absolute; z-index: 20; left: 0; right: 0; top: 36px; margin: 0; padding: 4px 0; list-style: none;
    background: #fff; border: 1px solid #c8d3e0; border-radius: 3px; box-shadow: 0 4px 12px rgba(0,0,0,.12); max-height: 240px; overflow: auto; }
  li { padding: 0 12px; line-height: 32px; cursor: pointer; }
  li:hover, li.active { background: #eaf3fb; }
  li[aria-selected=true] { color: #0066b3; font-weight: bold; }
`);

export class CbSelect extends CbField {
  static sheets() { return [sheet]; }

  constructor() {
    super();
    this._options = [];
    this._active = -1;
    this._outside = (e) => { if (!e.composedPath().includes(this)) this.close(); };
  }

  set options(list) { this._options = list || []; this.renderList(); this.sync(); }
  get options() { return this._options; }

  draw() {
    const l = uid("lbl");
    this.frame(
      `<span id="${l}" class="lbl">${esc(this.label)}</span>`,
      `<div class="wrap"><div class="box placeholder" data-ctl role="combobox" tabindex="0" aria-labelledby="${l}"
         aria-haspopup="listbox" aria-expanded="false" aria-controls="${l}-lb">请选择</div>
       <ul id="${l}-lb" role="listbox" hidden></ul></div>`,
    );
    this.box = this.root.querySelector(".box");
    this.list = this.root.querySelector("ul");
    this.box.addEventListener("click", () => (this.list.hidden ? this.open() : this.close()));
    this.box.addEventListener("keydown", (e) => this.key(e));
    this.list.addEventListener("click", (e) => {
      const li = e.target.closest("li");
      if (li) { this.pick(li.dataset.value); this.close(); this.box.focus(); }
    });
    this.renderList();
    this.sync();
  }

  renderList() {
    if (!this.list) return;
    this.list.innerHTML = this._options
      .map((o, i) => `<li role="option" id="${this.list.id}-${i}" data-value="${esc(o.value)}" aria-selected="${o.value === this.value}">${esc(o.label)}</li>`)
      .join("");
  }

  sync() {
    if (!this.box) return;
    const found = this._options.find((o) => o.value === this.value);
    this.box.textContent = found ? found.label : "请选择";
    this.box.classList.toggle("placeholder", !found);
    this.list.querySelectorAll("li").forEach((li) => li.setAttribute("aria-selected", String(li.dataset.value === this.value)));
  }

  open() {
    if (!this._options.length) return;
    this.list.hidden = false;
    this.box.setAttribute("aria-expanded", "true");
    this._active = Math.max(0, this._options.findIndex((o) => o.value === this.value));
    this.highlight();
    document.addEventListener("click", this._outside, true);
  }

  close() {
    if (!this.list || this.list.hidden) return;
    this.list.hidden = true;
    this.box.setAttribute("aria-expanded", "false");
    this.box.removeAttribute("aria-activedescendant");
    document.removeEventListener("click", this._outside, true);
  }

  highlight() {
    const items = this.list.querySelectorAll("li");
    items.forEach((li, i) => li.classList.toggle("active", i === this._active));
    if (items[this._active]) {
      this.box.setAttribute("aria-activedescendant", items[this._active].id);
      items[this._active].scrollIntoView({ block: "nearest" });
    }
  }

  key(e) {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (this.list.hidden) return this.open();
      const n = this._options.length;
      this._active = (this._active + (e.key === "ArrowDown" ? 1 : n - 1)) % n;
      this.highlight();
    } else if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      if (this.list.hidden) return this.open();
      if (this._options[this._active]) this.pick(this._options[this._active].value);
      this.close();
    } else if (e.key === "Escape") {
      this.close();
    }
  }

  pick(value) {
    if (value === this.value) return;
    this.value = value;
    this.setError("");
    this.emit("change");
  }

  check() {
    if (this.required && !this.value) return this.getAttribute("msg-required") || `请选择${this.label}`;
    return "";
  }
}
customElements.define("cb-select", CbSelect);
