// <cb-branch-list name label required>: the branches of a city as cards to click
// (role=radiogroup of role=radio cards, each named by the branch's name).
import { api } from "./api.js";
import { CbField, esc, uid } from "./base.js";

const sheet = new CSSStyleSheet();
sheet.replaceSync(`
  .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(250px, 1fr)); gap: 10px; max-width: 780px; }
  .card { border: 1px solid #d5dfea; border-radius: 4px; padding: 10px 12px 10px 34px; cursor: pointer; position: relative; background: #fff; }
  .card:hover { border-color: #0066b3; }
  .card:focus { outline: 2px solid rgba(0,102,179,.35); }
  .card::before { content: ""; position: absolute; left: 11px; top: 13px; width: 12px; height: 12px; border: 1px solid #9fb0c4; border-radius: 50%; }
  .card[aria-checked=true] { border-color: #0066b3; background: #f0f7fd; box-shadow: inset 0 0 0 1px #0066b3; }
  .card[aria-checked=true]::before { border: 4px solid #0066b3; width: 6px; height: 6px; }
  .nm { font-weight: bold; color: #003f7f; margin-bottom: 4px; }
  .meta { color: #66768a; font-size: 12px; line-height: 1.7; }
`);

export class CbBranchList extends CbField {
  static sheets() { return [sheet]; }

  draw() {
    const l = uid("lbl");
    this.frame(`<span id="${l}">${esc(this.label)}</span>`, `<div class="cards" role="radiogroup" data-ctl aria-labelledby="${l}"><div class="muted">请先选择城市</div></div>`);
    this.cards = this.root.querySelector(".cards");
    this.cards.addEventListener("click", (e) => { const c = e.target.closest(".card"); if (c) this.pick(c.dataset.value); });
    this.cards.addEventListener("keydown", (e) => {
      const c = e.target.closest(".card");
      if (c && (e.key === "Enter" || e.key === " ")) { e.preventDefault(); this.pick(c.dataset.value); }
    });
  }

  // Load the branches of a city (clears the choice).
  async load(city) {
    this.value = "";
    this.branches = [];
    if (!city) { this.cards.innerHTML = '<div class="muted">请先选择城市</div>'; return; }
    this.cards.setAttribute("aria-busy", "true");
    this.cards.innerHTML = '<div class="muted">网点加载中…</div>';
    const token = (this._token = Symbol());
    const list = await api.branches(city);
    if (token !== this._token) return;
    this.branches = list;
    this.cards.removeAttribute("aria-busy");
    this.cards.innerHTML = list.length
      ? list.map((b) => `<div class="card" role="radio" tabindex="0" aria-checked="false" data-value="${esc(b.brchNo)}"
           aria-labelledby="n-${esc(b.brchNo)}" aria-describedby="m-${esc(b.brchNo)}">
           <div class="nm" id="n-${esc(b.brchNo)}">${esc(b.name)}</div>
           <div class="meta" id="m-${esc(b.brchNo)}">地址：${esc(b.address)}<br>电话：${esc(b.phone)}<br>营业时间：${esc(b.hours)}</div></div>`).join("")
      : '<div class="muted">该城市暂无可预约网点</div>';
  }

  sync() {
    this.root.querySelectorAll(".card").forEach((c) => c.setAttribute("aria-checked", String(c.dataset.value === this.value)));
  }

  pick(value) {
    if (value === this.value) return;
    this.value = value;
    this.setError("");
    this.emit("change");
  }

  branch() { return (this.branches || []).find((b) => b.brchNo === this.value); }

  check() { return this.required && !this.value ? "请选择开户网点" : ""; }
}
customElements.define("cb-branch-list", CbBranchList);
