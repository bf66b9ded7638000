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
    delete box.dataset.client;
    box.closest(".field")?.classList.toggle("has-error", messages.length > 0);
    markInvalid(form, key, messages);
  });
}

// --- checking before sending: the page's own messages, all at once (the form is novalidate) ----------
// The rules are the HTML constraints the server renders from form.yaml (required, lengths, patterns,
// ranges); the words are the server's (bot/form). The server checks everything again, and more.
function problem(control) {
  const v = control.validity;
  if (v.valid) return null;
  if (v.valueMissing) return "必填，请填写";
  if (v.badInput || v.stepMismatch) return control.step === "any" ? "应为数字" : "应为整数";
  if (v.tooShort) return `至少${control.minLength}个字`;
  if (v.tooLong) return `最多${control.maxLength}个字`;
  if (v.rangeUnderflow) return `不能小于${control.min}`;
  if (v.rangeOverflow) return `不能大于${control.max}`;
  if (v.typeMismatch) return control.type === "email" ? "应为电子邮箱地址，如 name@example.com" : "格式不正确";
  if (v.patternMismatch) {
    const length = control.value.trim().length;
    if (["id_number", "uscc"].includes(control.dataset.type) && length !== 18) return `应为18位，实际为${length}位`;
    return control.title || "格式不正确";
  }
  return "格式不正确";
}

function labelOf(control) {
  const section = control.closest("fieldset.section");
  const row = control.closest("fieldset.row");
  const head = section.dataset.label + (row ? `第${[...row.parentElement.children].indexOf(row) + 1}行` : "");
  return `${head}·${control.closest(".field").dataset.label}`;
}

function markInvalid(form, key, messages) {
  form.querySelectorAll(`[name="${CSS.escape(key)}"]`).forEach((control) => {
    if (messages.length) control.setAttribute("aria-invalid", "true");
    else control.removeAttribute("aria-invalid");
  });
}

const blankRow = (row) =>
  [...row.querySelectorAll("input, select, textarea")].every((c) =>
    c.type === "checkbox" || c.type === "radio" ? !c.checked : c.type === "file" ? !c.files.length : !c.value.trim(),
  );

function groupProblem(group) {
  const picked = group.querySelectorAll("input:checked").length;
  const low = Number(group.dataset.minItems || 0);
  const high = Number(group.dataset.maxItems || 0);
  if (!picked && group.dataset.required) return "必填，请填写";
  if (picked && picked < low) return `至少选择${low}项`;
  if (high && picked > high) return `最多选择${high}项`;
  return null;
}

function show(form, key, control, message) {
  const box = document.getElementById(`err-${key}`);
  if (message) {
    if (box) {
      box.textContent = message;
      box.hidden = false;
      box.dataset.client = "1";
    }
    control?.closest(".field")?.classList.add("has-error");
    markInvalid(form, key, [message]);
    const folded = control?.closest("details");
    if (folded) folded.open = true;
  } else if (box && box.dataset.client) {
    box.hidden = true;
    delete box.dataset.client;
    control?.closest(".field")?.classList.remove("has-error");
    markInvalid(form, key, []);
  }
}

function checkAll(form) {
  const problems = [];
  const seen = new Set();
  const blank = new Set([...form.querySelectorAll("fieldset.row")].filter(blankRow)); // dropped, as the server does
  for (const rows of form.querySelectorAll(".rows[data-min-items]")) {
    const section = rows.closest("fieldset.section");
    const filled = [...rows.children].filter((row) => !blank.has(row)).length;
    const low = Number(rows.dataset.minItems);
    const message = filled < low ? `至少填写${low}行` : null;
    if (message) problems.push({ key: rows.dataset.section, label: section.dataset.label, message });
    show(form, rows.dataset.section, null, message);
  }
  for (const control of form.elements) {
    if (!control.name || seen.has(control.name) || blank.has(control.closest("fieldset.row"))) continue;
    const group = control.type === "checkbox" ? control.closest("fieldset.checks[data-key]") : null;
    if (!group && !control.willValidate) continue;
    seen.add(control.name);
    const message = group ? groupProblem(group) : problem(control);
    if (message) problems.push({ key: control.name, label: labelOf(control), message });
    show(form, control.name, control, message);
  }
  return problems;
}

function showSummary(problems) {
  const summary = document.getElementById("error-summary");
  if (!summary) return;
  const heading = document.createElement("h2");
  heading.textContent = `有 ${problems.length} 处需要修改`;
  const list = document.createElement("ul");
  for (const p of problems) {
    const link = document.createElement("a");
    link.href = `#field-${p.key}`;
    link.textContent = `${p.label}：${p.message}`;
    list.appendChild(document.createElement("li")).appendChild(link);
  }
  summary.replaceChildren(heading, list);
  summary.hidden = false;
  summary.focus();
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
  form.addEventListener("submit", (event) => {
    if (event.submitter?.value !== "preview") return; // a draft may be half a form
    const problems = checkAll(form);
    if (!problems.length) return;
    event.preventDefault();
    showSummary(problems);
  });
  document.getElementById("error-summary")?.focus();
}

// --- a new question: the page's title says so, and a short chime sounds -------------------------------
// The pages reload when their questions change; which ones were already seen is kept per tab.
function chime() {
  try {
    const audio = new AudioContext();
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    tone.frequency.value = 880;
    gain.gain.setValueAtTime(0.2, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.6);
    tone.connect(gain).connect(audio.destination);
    tone.start();
    tone.stop(audio.currentTime + 0.6);
    const count = Number(sessionStorage.getItem("yjb-chimes") || 0) + 1; // per tab, across reloads
    sessionStorage.setItem("yjb-chimes", String(count));
    document.body.dataset.chimed = String(count);
  } catch (error) {
    /* no sound here: the title still says it */
  }
}

function announce(ids, key, waiting) {
  const base = document.title.replace(/^【[^】]*】/, "");
  document.title = ids.length ? `【${waiting}】${base}` : base;
  const seen = new Set(JSON.parse(sessionStorage.getItem(key) || "[]"));
  if (ids.some((id) => !seen.has(id))) chime();
  sessionStorage.setItem(key, JSON.stringify(ids));
}

// --- the applicant's progress page: states, and the SMS box when a code is wanted -------------------
function applicantStatus() {
  const box = document.getElementById("status");
  if (!box) return;
  const shown = box.dataset.questions;
  announce(shown ? shown.split(",") : [], "yjb-seen-applicant", "请输入验证码");
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
  const open = shownQuestions();
  announce(open ? open.split(",") : [], "yjb-seen-clerk", `待人工处理 ${open ? open.split(",").length : 0}`);
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

// --- the draft's link: copied with one press -----------------------------------------------------------
function copyButtons() {
  document.querySelectorAll("button.copy[data-copy]").forEach((button) => {
    button.addEventListener("click", async () => {
      const text = document.getElementById(button.dataset.copy).textContent.trim();
      const said = button.parentElement.querySelector(".copied");
      try {
        await navigator.clipboard.writeText(text);
        said.textContent = "已复制，可粘贴到微信或短信里保存。";
      } catch (error) {
        const range = document.createRange();
        range.selectNodeContents(document.getElementById(button.dataset.copy));
        getSelection().removeAllRanges();
        getSelection().addRange(range);
        said.textContent = "已选中链接，请长按或按 Ctrl+C 复制。";
      }
    });
  });
}

document.addEventListener("DOMContentLoaded", () => {
  elderToggle();
  applyForm();
  applicantStatus();
  clerkLive();
  demoPhone();
  copyButtons();
});
