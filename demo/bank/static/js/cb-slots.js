// <cb-slots name label required>: the time slots of a day as buttons; a full slot is disabled.
import { api } from "./api.js";
import { CbField, esc, uid } from "./base.js";

const sheet = new CSSStyleSheet();
sheet.replaceSync(`
  .slots { display: flex; flex-wrap: wrap; gap: 10px; }
  .slot { text-align: center; }
  .slot button { width: 128px; height: 36px; border: 1px solid #c8d3e0; border-radius: 3px; background: #fff; color: #1f2d3d; }
  .slot button:hover:not(:disabled) { border-color: #0066b3; color: #0066b3; }
  .slot button[aria-pressed=true], .slot button[aria-pressed=true]:hover { background: #0066b3; border-color: #0066b3; color: #fff; }
  .slot button:disabled { background: #f2f4f7; color: #b4bdc8; cursor: not-allowed; }
  .left { display: block; font-size: 12px; color: #8492a6; margin-top: 3px; }
  .left.none { color: #e0262b; }
`);

export class CbSlots extends CbField {
  static sheets() { return [sheet]; }

  draw() {
    const l = uid("lbl");
    this.frame(`<span id="${l}">${esc(this.label)}</span>`, `<div class="slots" role="group" data-ctl aria-labelledby="${l}"><div class="muted">请先选择预约日期</div></div>`);
    this.box = this.root.querySelector(".slots");
    this.box.addEventListener("click", (e) => {
      const b = e.target.closest("button");
      if (b && !b.disabled) this.pick(b.dataset.value);
    });
  }

  async load(branch, day) {
    this.value = "";
    if (!branch || !day) { this.box.innerHTML = '<div class="muted">请先选择预约日期</div>'; return; }
    this.box.setAttribute("aria-busy", "true");
    this.box.innerHTML = '<div class="muted">时段加载中…</div>';
    const token = (this._token = Symbol());
    const list = await api.slots(branch, day);
    if (token !== this._token) return;
    this.box.removeAttribute("aria-busy");
    this.box.innerHTML = list
      .map((s) => `<div class="slot"><button type="button" data-value="${esc(s.value)}" aria-pressed="false" ${s.left > 0 ? "" : "disabled"}>${esc(s.label)}</button>
        <span class="left ${s.left > 0 ? "" : "none"}">${s.left > 0 ? `余${s.left}个` : "已约满"}</span></div>`)
      .join("");
  }

  sync() { this.root.querySelectorAll("button[data-value]").forEach((b) => b.setAttribute("aria-pressed", String(b.dataset.value === this.value))); }

  pick(value) { this.value = value; this.setError(""); this.emit("change"); }

  check() { return this.required && !this.value ? "请选择预约时段" : ""; }
}
customElements.define("cb-slots", CbSlots);
