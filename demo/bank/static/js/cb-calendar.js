// <cb-calendar name label required>: a month grid; weekends, full days and days outside
// the booking window are disabled. The chosen date shows in a read-only field, which
// names the calendar it controls (aria-controls), as assistive technology expects.
import { api } from "./api.js";
import { CbField, esc, uid } from "./base.js";

const sheet = new CSSStyleSheet();
sheet.replaceSync(`
  .cal { width: 336px; border: 1px solid #d5dfea; border-radius: 4px; margin-top: 8px; background: #fff; user-select: none; }
  .head { display: flex; align-items: center; justify-content: space-between; background: #0066b3; color: #fff; padding: 6px 8px; border-radius: 3px 3px 0 0; }
  .head button { background: none; border: 0; color: #fff; font-size: 18px; width: 30px; height: 26px; }
  .head button:disabled { opacity: .35; cursor: default; }
  .grid { display: grid; grid-template-columns: repeat(7, 1fr); gap: 2px; padding: 6px; }
  .wd { text-align: center; color: #8492a6; font-size: 12px; line-height: 24px; }
  .day { height: 40px; border: 0; border-radius: 3px; background: #f3f8fd; color: #1f2d3d; position: relative; padding: 0; }
  .day:hover:not(:disabled) { background: #d8e9f8; }
  .day[aria-pressed=true] { background: #0066b3; color: #fff; }
  .day:disabled { background: none; color: #c0c8d2; cursor: not-allowed; }
  .day .tag { position: absolute; left: 0; right: 0; bottom: 2px; font-size: 10px; line-height: 10px; }
  .day.full .tag { color: #e0262b; }
  .legend { font-size: 12px; color: #8492a6; padding: 0 8px 8px; }
  .legend i { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin: 0 3px 0 8px; vertical-align: -1px; }
  input { max-width: 200px !important; }
`);

const pad = (n) => String(n).padStart(2, "0");

export class CbCalendar extends CbField {
  static sheets() { return [sheet]; }

  draw() {
    const l = uid("lbl");
    this.frame(
      `<label for="${l}-in" id="${l}">${esc(this.label)}</label>`,
      `<input id="${l}-in" data-ctl readonly placeholder="请在日历中选择" aria-describedby="${l}-tip" aria-controls="${l}-cal">
       <div class="cal" id="${l}-cal" hidden><div class="head"><button type="button" class="prev" aria-label="上个月">‹</button>
       <span class="title" aria-live="polite"></span><button type="button" class="next" aria-label="下个月">›</button></div>
       <div class="grid" role="grid" aria-label="日历" aria-busy="true"></div>
       <div class="legend"><i style="background:#f3f8fd;border:1px solid #d5dfea"></i>可约 <i style="background:#0066b3"></i>已选
         <span style="color:#e0262b;margin-left:8px">满</span> 已约满 <span style="margin-left:8px;color:#c0c8d2">灰色</span> 不可预约</div></div>
       <div class="muted" id="${l}-tip">请先选择开户网点</div>`,
    );
    this.input = this.root.querySelector("input");
    this.cal = this.root.querySelector(".cal");
    this.tip = this.root.querySelector(".muted");
    this.grid = this.root.querySelector(".grid");
    this.root.querySelector(".prev").addEventListener("click", () => this.shift(-1));
    this.root.querySelector(".next").addEventListener("click", () => this.shift(1));
    this.grid.addEventListener("click", (e) => {
      const b = e.target.closest("button.day");
      if (b && !b.disabled) this.pick(b.dataset.date);
    });
  }

  // Show the calendar of a branch, starting at the month of the first bookable day.
  async load(branch) {
    this.value = "";
    this.branch = branch;
    this.cal.hidden = !branch;
    this.tip.hidden = Boolean(branch);
    if (!branch) return;
    this.month = null; // the server's calendar knows which month tomorrow is in
    this.grid.innerHTML = "";
    await this.renderMonth();
  }

  async shift(delta) {
    if (!this.month) return;
    this.month = new Date(this.month.getFullYear(), this.month.getMonth() + delta, 1);
    await this.renderMonth();
  }

  async renderMonth() {
    this.grid.setAttribute("aria-busy", "true");
    const token = (this._token = Symbol());
    const asked = this.month ? `${this.month.getFullYear()}-${pad(this.month.getMonth() + 1)}` : "";
    const data = await api.calendar(this.branch, asked);
    if (token !== this._token) return;
    const key = data.month;
    this.month = new Date(Number(key.slice(0, 4)), Number(key.slice(5, 7)) - 1, 1);
    this.root.querySelector(".title").textContent = `${this.month.getFullYear()}年${this.month.getMonth() + 1}月`;
    const lead = new Date(this.month.getFullYear(), this.month.getMonth(), 1).getDay();
    const tag = { full: "满", weekend: "休", open: "" };
    const cells = ["日", "一", "二", "三", "四", "五", "六"].map((d) => `<div class="wd" role="columnheader">${d}</div>`);
    for (let i = 0; i < lead; i++) cells.push("<div></div>");
    for (const d of data.days) {
      const [y, m, dd] = d.date.split("-").map(Number);
      const label = `${y}年${m}月${dd}日` + (d.status === "full" ? "（已约满）" : d.status === "weekend" ? "（休息日）" : "");
      cells.push(`<button type="button" role="gridcell" class="day ${d.status}" data-date="${d.date}" aria-label="${label}"
        aria-pressed="${d.date === this.value}" ${d.status === "open" ? "" : "disabled"}>${dd}<span class="tag">${tag[d.status] || ""}</span></button>`);
    }
    this.grid.innerHTML = cells.join("");
    this.grid.removeAttribute("aria-busy");
    const first = data.today.slice(0, 7);
    this.root.querySelector(".prev").disabled = key <= first;
  }

  sync() {
    if (this.input) this.input.value = this.value;
    this.grid?.querySelectorAll("button.day").forEach((b) => b.setAttribute("aria-pressed", String(b.dataset.date === this.value)));
  }

  pick(day) {
    if (day === this.value) return;
    this.value = day;
    this.setError("");
    this.emit("change");
  }

  check() { return this.required && !this.value ? "请选择预约日期" : ""; }
}
customElements.define("cb-calendar", CbCalendar);
