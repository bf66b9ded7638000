// <cb-owners name="bnfcOwn" label>: the beneficial owners (≥ 25 %), rows added and removed.
// Its form value is every row's 姓名/证件号码/持股比例 under bnfcOwnNm/bnfcOwnCrdtNo/bnfcOwnShrPct.
import { CbField, CHECKS, esc, uid } from "./base.js";

const FIELDS = [
  { key: "bnfcOwnNm", label: "姓名", max: 20, check: "name", bad: "受益所有人姓名格式不正确", empty: "请输入受益所有人姓名" },
  { key: "bnfcOwnCrdtNo", label: "证件号码", max: 18, check: "id", bad: "受益所有人证件号码格式不正确", empty: "请输入证件号码" },
  { key: "bnfcOwnShrPct", label: "持股比例", max: 6, check: "ratio", bad: "持股比例须为0-100之间的数字，最多两位小数", empty: "持股比例须为0-100之间的数字，最多两位小数", suffix: "%" },
];
const MAX_ROWS = 10;

const sheet = new CSSStyleSheet();
sheet.replaceSync(`
  .tip { background: #fff8e6; border: 1px solid #f5d9a0; color: #8a5a00; padding: 8px 12px; border-radius: 3px; margin-bottom: 10px; font-size: 13px; }
  .own { border: 1px dashed #c8d3e0; border-radius: 4px; padding: 10px 12px 2px; margin-bottom: 10px; background: #fbfdff; }
  .own .cap { display: flex; justify-content: space-between; color: #003f7f; font-weight: bold; margin-bottom: 8px; }
  .cells { display: grid; grid-template-columns: 1fr 1.4fr 0.8fr; gap: 8px 16px; }
  .cell label { display: block; color: #44546a; margin-bottom: 4px; }
  .cell input { max-width: none; }
  .pct { display: flex; align-items: center; gap: 4px; }
  .del { background: none; border: 0; color: #e0262b; font-size: 13px; }
  .add { border: 1px dashed #0066b3; color: #0066b3; background: #fff; height: 32px; padding: 0 16px; border-radius: 3px; }
  .add:disabled { opacity: .4; cursor: not-allowed; }
  .cell .err { min-height: 16px; }
`);

export class CbOwners extends CbField {
  static sheets() { return [sheet]; }

  constructor() { super(); this.rows = [{}]; }

  draw() {
    this.root.innerHTML = `<div class="tip">受益所有人：直接或间接拥有企业25%（含）以上股权或表决权的自然人，请逐一填写。</div>
      <div class="list"></div><button type="button" class="add">＋ 添加受益所有人</button><div class="err" role="alert"></div>`;
    this.list = this.root.querySelector(".list");
    this.root.querySelector(".add").addEventListener("click", () => { this.collect(); this.rows.push({}); this.renderRows(); this.focusRow(this.rows.length - 1); });
    this.list.addEventListener("click", (e) => {
      const b = e.target.closest(".del");
      if (!b) return;
      this.collect();
      this.rows.splice(Number(b.dataset.i), 1);
      this.renderRows();
    });
    this.list.addEventListener("input", (e) => {
      e.target.closest(".cell").querySelector(".err").textContent = "";
      this.collect();
    });
    this.list.addEventListener("focusout", (e) => {
      const input = e.target.closest("input");
      if (input && input.value) this.checkCell(input);
    });
    this.renderRows();
  }

  renderRows() {
    this.list.innerHTML = this.rows
      .map((row, i) => {
        const cells = FIELDS.map((f) => {
          const id = uid(f.key);
          return `<div class="cell"><label for="${id}">${f.label}</label><div class="${f.suffix ? "pct" : ""}">
            <input id="${id}" data-key="${f.key}" data-i="${i}" maxlength="${f.max}" autocomplete="off" value="${esc(row[f.key] || "")}"
              placeholder="请输入${f.label}">${f.suffix ? `<span>${f.suffix}</span>` : ""}</div><div class="err" role="alert"></div></div>`;
        }).join("");
        return `<div class="own" role="group" aria-label="受益所有人${i + 1}"><div class="cap"><span>受益所有人${i + 1}</span>
          ${this.rows.length > 1 ? `<button type="button" class="del" data-i="${i}" aria-label="删除受益所有人${i + 1}">删除</button>` : ""}</div>
          <div class="cells">${cells}</div></div>`;
      })
      .join("");
    this.root.querySelector(".add").disabled = this.rows.length >= MAX_ROWS;
    this.collect();
  }

  focusRow(i) { this.list.querySelector(`input[data-i="${i}"]`)?.focus(); }

  collect() {
    this.rows = this.rows.map((_, i) => Object.fromEntries(FIELDS.map((f) => [f.key, this.list.querySelector(`input[data-i="${i}"][data-key="${f.key}"]`)?.value ?? ""])));
    const data = new FormData();
    for (const row of this.rows) for (const f of FIELDS) data.append(f.key, row[f.key]);
    this.internals.setFormValue(data);
  }

  connectedCallback() { super.connectedCallback(); this.collect(); }

  checkCell(input) {
    const f = FIELDS.find((x) => x.key === input.dataset.key);
    const v = input.value.trim();
    const m = !v ? f.empty : CHECKS[f.check](v) ? "" : f.bad;
    input.closest(".cell").querySelector(".err").textContent = m;
    input.setAttribute("aria-invalid", m ? "true" : "false");
    return m;
  }

  validate() {
    this.collect();
    this.setError(this.rows.length ? "" : "请至少填写一名受益所有人（持股25%及以上的自然人）");
    const bad = [...this.list.querySelectorAll("input")].map((i) => this.checkCell(i)).filter(Boolean);
    return bad[0] || (this.rows.length ? "" : "请至少填写一名受益所有人（持股25%及以上的自然人）");
  }

  setError(message) {
    this.root.lastElementChild.textContent = message || "";
    this.toggleAttribute("invalid", Boolean(message));
  }

  // A server error keyed bnfcOwnShrPct.0 goes beside that row's cell.
  setCellError(key, message) {
    const [name, i] = key.split(".");
    const input = this.list.querySelector(`input[data-i="${i}"][data-key="${name}"]`);
    if (input) { input.closest(".cell").querySelector(".err").textContent = message; input.setAttribute("aria-invalid", "true"); }
  }
}
customElements.define("cb-owners", CbOwners);
