// 证照智能录入: send the chosen documents with the form's values to /apply/<bundle>/scan, fill the empty
// fields it answers, each with its source ("来自：法定代表人身份证") beside it, and list conflicts and rejected reads.
"use strict";

function documentsBox() {
  const box = document.getElementById("documents");
  const form = document.getElementById("apply-form");
  if (!box || !form) return;
  box.hidden = false;
  const result = document.getElementById("scan-result");
  document.getElementById("scan-documents").addEventListener("click", async () => {
    const body = new FormData(form);
    for (const key of [...body.keys()]) if (body.get(key) instanceof File) body.delete(key);
    box.querySelectorAll(".document-row").forEach((row) => {
      const file = row.querySelector(".document-file").files[0];
      if (file) {
        body.append("document", file);
        body.append("role", row.querySelector(".document-role").value);
      }
    });
    if (!body.has("document")) return;
    result.textContent = "正在识别……";
    const response = await fetch(box.dataset.scan, {
      method: "POST",
      body,
      headers: { "X-CSRF-Token": document.querySelector('meta[name="csrf-token"]').content },
      credentials: "same-origin",
    });
    const answer = await response.json();
    if (!response.ok) {
      result.textContent = answer.detail || "识别失败";
      return;
    }
    const lines = [];
    for (const [key, item] of Object.entries(answer.filled)) {
      const input = form.querySelector(`[name="${CSS.escape(key)}"]`);
      if (!input || input.type === "file") continue;
      input.value = item.value;
      input.dispatchEvent(new Event("change", { bubbles: true }));
      let note = input.parentElement.querySelector(".source");
      if (!note) {
        note = document.createElement("small");
        note.className = "source";
        input.insertAdjacentElement("afterend", note);
      }
      note.textContent = item.source;
      lines.push(`预填 ${item.label}（${item.source}）`);
    }
    for (const item of Object.values(answer.conflicts))
      lines.push(`不一致 ${item.label}：已填写“${item.typed}”，证照为“${item.read}”（${item.source}），未改动`);
    for (const item of answer.rejected) lines.push(`未采用 ${item.label}：${item.reason}`);
    result.replaceChildren(...lines.map((text) => Object.assign(document.createElement("div"), { textContent: text })));
  });
}

document.addEventListener("DOMContentLoaded", documentsBox);
