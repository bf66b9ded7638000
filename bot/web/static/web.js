// 一键办: the little the pages do in the browser. Everything works without it, only less live:
// table rows, the region cascader, derived values as they become known, live progress.
"use strict";

let leaving = false; // a form is being sent: no reload may cancel its navigation
document.addEventListener("submit", (event) => {
  if (!event.defaultPrevented) leaving = true;
});

const csrf = () => document.querySelector('meta[name="csrf-token"]').content;

async function post(url, body) {
  const response = await fetch(url, {
    method: "POST",
    body,
    headers: { "X-CSRF-Token": csrf() },
    credentials: "same-origin",
  });
  if (!response.ok) throw new Error(String(response.status));
  return response.json();
}

async function getJSON(url) {
  const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(String(response.status));
  return response.json();
}

// --- 适老 mode: switch at once, keep the cookie, lose nothing typed ---------------------------------
function elderToggle() {
  const form = document.querySelector("form.elder-toggle");
  if (!form) return;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const on = form.elements.on.value === "1";
    await fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin", redirect: "manual" });
    document.body.classList.toggle("elder", on);
    form.elements.on.value = on ? "0" : "1";
    const button = form.querySelector("button");
    button.textContent = on ? "标准模式" : "适老模式（大字）";
    button.setAttribute("aria-pressed", on ? "true" : "false");
  });
}

// --- the form --------------------------------------------------------------------------------------
function renumber(rows) {
  const all = rows.querySelectorAll(":scope > fieldset.row");
  all.forEach((row, index) => {
    row.querySelector(".row-no").textContent = String(index + 1);
    row.querySelector(".remove-row").hidden = all.length <= 1;
  });
}

function tableRows(form, onChange) {
  form.querySelectorAll(".rows").forEach(renumber);
  form.addEventListener("click", (event) => {
    const add = event.target.closest(".add-row");
    const remove = event.target.closest(".remove-row");
    if (add) {
      const section = add.dataset.section;
      const rows = form.querySelector(`.rows[data-section="${section}"]`);
      const template = document.getElementById(`row-template-${section}`);
      const next = Math.max(-1, ...[...rows.children].map((r) => Number(r.dataset.row))) + 1;
      const holder = document.createElement("div");
      holder.innerHTML = template.innerHTML.replaceAll("__i__", String(next));
      const row = holder.firstElementChild;
      rows.appendChild(row);
      renumber(rows);
      row.querySelector("input, select")?.focus();
      onChange();
    } else if (remove) {
      const row = remove.closest("fieldset.row");
      const rows = row.parentElement;
      row.remove();
      renumber(rows);
      onChange();
    }
  });
}

function cascaders(form, onChange) {
  form.querySelectorAll(".cascader").forEach((box) => {
    const [province, city, district] = box.querySelectorAll("select");
    const fill = (select, choices, blank) => {
      select.replaceChildren(new Option(blank, ""), ...choices.map((c) => new Option(c.name, c.key)));
    };
    province.addEventListener("change", async () => {
      fill(city, province.value ? await getJSON(`/regions?province=${province.value}`) : [], "市");
      fill(district, [], "区（县）");
      onChange();
    });
    city.addEventListener("change", async () => {
      fill(district, city.value ? await getJSON(`/regions?city=${city.value}`) : [], "区（县）");
      onChange();
    });
  });
}

function showKnown(form, known) {
  form.querySelectorAll("output[data-value]").forEach((out) => {
    out.textContent = known.values[out.dataset.value] || "待填写后生成";
  });
  form.querySelectorAll("[data-placeholder]").forEach((input) => {
    input.placeholder = `默认：${known.values[input.dataset.placeholder] || ""}`;
  });
  form.querySelectorAll("option[data-default-option]").forEach((option) => {
    option.textContent = `默认（${known.values[option.dataset.defaultOption] || "—"}）`;
  });
  form.querySelectorAll("table.derived-table").forEach((table) => {
    const rows = known.tables[table.dataset.table] || [];
    const body = table.tBodies[0];
    const columns = table.tHead.rows[0].cells.length;
    body.replaceChildren();
    if (!rows.length) {
      const tr = body.insertRow();
      tr.className = "empty";
      const td = tr.insertCell();
      td.colSpan = columns;
      td.textContent = "待填写后自动生成";
    }
    for (const row of rows) {
      const tr = body.insertRow();
      for (const cell of row) tr.insertCell().textContent = cell;
    }
  });
  const typed = new Set();
  for (const [key, value] of new FormData(form)) if (typeof value === "string" && value.trim()) typed.add(key);
  form.querySelectorAll("p.error[data-error]").forEach((box) => {
    const key = box.dataset.error;
    if (!typed.has(key)) return; // an empty field is not a problem while typing
    const messages = known.errors[key] || [];
    box.textContent = messages.join("；");
    box.hidden = messages.length === 0;
    box.closest(".field")?.classList.toggle("has-error", messages.length > 0);
  });
}

function applyForm() {
  const form = document.getElementById("apply-form");
  if (!form) return;
  let timer = null;
  let asked = 0;
  const derive = () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const mine = ++asked;
      const body = new URLSearchParams();
      for (const [key, value] of new FormData(form)) if (typeof value === "string") body.append(key, value);
      try {
        const known = await post(form.dataset.derive, body);
        if (mine === asked) showKnown(form, known);
      } catch (error) {
        /* offline or the server is busy: the values show after saving */
      }
    }, 350);
  };
  tableRows(form, derive);
  cascaders(form, derive);
  form.addEventListener("input", derive);
  form.addEventListener("change", derive);
  document.getElementById("error-summary")?.focus();
}

// --- the applicant's progress page: states, and the SMS box when a code is wanted -------------------
function applicantStatus() {
  const box = document.getElementById("status");
  if (!box) return;
  const shown = box.dataset.questions;
  const tick = async () => {
    try {
      const status = await getJSON(box.dataset.status);
      const ids = (status.questions || []).map((q) => q.id).join(",");
      const typing = [...box.querySelectorAll("input[name=answer]")].some((i) => i.value);
      if (leaving) return;
      if ((ids !== shown || (status.state === "running" && !box.querySelector("table.filings"))) && !typing) {
        location.reload();
        return;
      }
      const receipt = box.querySelector("a.receipt");
      if (status.receipt && receipt && receipt.hidden && !typing) {
        location.reload(); // the run has ended: its USCC, receipts and the receipt sheet
        return;
      }
      for (const f of status.filings || []) {
        const cell = box.querySelector(`tr[data-item="${f.item}"] td.state`);
        if (cell) {
          cell.textContent = f.label;
          cell.className = `state state-${f.state}`;
        }
      }
      if (status.receipt && !(status.questions || []).length) return;
    } catch (error) {
      /* try again */
    }
    setTimeout(tick, 1500);
  };
  setTimeout(tick, 1500);
}

// --- the clerk's pages: live progress per filing, new hand-offs ----------------------------------------
function clerkLive() {
  const live = document.getElementById("live");
  if (!live) return;
  const shownQuestions = () => [...live.querySelectorAll("form.question")].map((q) => q.dataset.question).join(",");
  const shownRuns = () => [...live.querySelectorAll("section.run")].map((r) => r.dataset.run).join(",");
  const tick = async () => {
    try {
      const progress = await getJSON(live.dataset.progress);
      if (leaving) return;
      const typing = [...live.querySelectorAll("input[name=answer]")].some((i) => i.value);
      const questions = progress.questions.map((q) => String(q.id)).join(",");
      const runs = progress.runs.map((r) => r.id).join(",");
      if ((questions !== shownQuestions() || runs !== shownRuns()) && !typing) {
        location.reload();
        return;
      }
      for (const run of progress.runs) {
        const card = live.querySelector(`section.run[data-run="${run.id}"]`);
        if (!card) continue;
        card.querySelector("[data-done]").textContent = String(run.done);
        card.querySelector("a.receipt").hidden = !run.receipt;
        card.querySelector("form.resume").hidden = !run.resumable;
        for (const f of run.filings) {
          const row = card.querySelector(`tr[data-item="${f.item}"]`);
          if (!row) continue;
          const label = row.querySelector('[data-field="label"]');
          label.textContent = f.label;
          label.className = `state state-${f.state}`;
          row.querySelector('[data-field="seconds"]').textContent = `${f.seconds} 秒`;
          const outputs = Object.values(f.outputs);
          row.querySelector('[data-field="detail"]').textContent = outputs.length ? outputs.join("，") : f.message;
          const tech = row.querySelector('[data-field="tech"]');
          if (tech && tech.textContent !== f.detail) tech.textContent = f.detail;
          if (tech) tech.closest("details").hidden = !f.detail;
        }
      }
    } catch (error) {
      /* try again */
    }
    setTimeout(tick, 1000);
  };
  setTimeout(tick, 1000);
}

// --- the demo phone (bot serve --demo): new messages as they arrive ----------------------------------
function demoPhone() {
  const list = document.getElementById("sms-list");
  if (!list) return;
  setInterval(async () => {
    try {
      const response = await fetch(location.href, { credentials: "same-origin" });
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const fresh = page.getElementById("sms-list");
      if (fresh && fresh.innerHTML !== list.innerHTML) list.innerHTML = fresh.innerHTML;
    } catch (error) {
      /* try again */
    }
  }, Number(list.dataset.refresh || 3) * 1000);
}

document.addEventListener("DOMContentLoaded", () => {
  elderToggle();
  applyForm();
  applicantStatus();
  clerkLive();
  demoPhone();
});
