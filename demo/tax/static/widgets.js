/* 电子税务局 widgets: div combo boxes, a div multi-select, a calendar popup, client checks
   and the "确认提交？" modal. Plain JavaScript, no framework. */
(function () {
  "use strict";

  function closeAllCombos(except) {
    document.querySelectorAll(".combo").forEach(function (c) {
      if (c !== except) setOpen(c, false);
    });
  }

  function setOpen(combo, open) {
    var box = combo.querySelector(".combo-box");
    var list = combo.querySelector(".combo-list");
    list.hidden = !open;
    box.setAttribute("aria-expanded", open ? "true" : "false");
    combo.classList.toggle("open", open);
  }

  function choose(combo, opt) {
    var hidden = combo.querySelector("input[type=hidden]");
    var text = combo.querySelector(".combo-text");
    combo.querySelectorAll("[role=option]").forEach(function (o) {
      o.classList.toggle("on", o === opt);
      o.setAttribute("aria-selected", o === opt ? "true" : "false");
    });
    hidden.value = opt.getAttribute("data-value");
    text.textContent = opt.textContent.trim();
    text.classList.remove("placeholder");
    setOpen(combo, false);
    clearError(combo.getAttribute("data-name"));
    combo.querySelector(".combo-box").removeAttribute("aria-invalid");
  }

  document.querySelectorAll(".combo").forEach(function (combo) {
    var box = combo.querySelector(".combo-box");
    box.addEventListener("click", function (ev) {
      ev.stopPropagation();
      var open = combo.querySelector(".combo-list").hidden;
      closeAllCombos(combo);
      closeCalendar();
      setOpen(combo, open);
    });
    box.addEventListener("keydown", function (ev) {
      var opts = Array.prototype.slice.call(combo.querySelectorAll("[role=option]"));
      var cur = opts.findIndex(function (o) { return o.classList.contains("hover"); });
      if (ev.key === "Enter" || ev.key === " ") {
        ev.preventDefault();
        if (!combo.querySelector(".combo-list").hidden && cur >= 0) choose(combo, opts[cur]);
        else setOpen(combo, true);
      } else if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
        ev.preventDefault();
        setOpen(combo, true);
        var next = ev.key === "ArrowDown" ? Math.min(cur + 1, opts.length - 1) : Math.max(cur - 1, 0);
        opts.forEach(function (o, i) { o.classList.toggle("hover", i === next); });
      } else if (ev.key === "Escape") {
        setOpen(combo, false);
      }
    });
    combo.querySelectorAll("[role=option]").forEach(function (opt) {
      opt.addEventListener("click", function (ev) {
        ev.stopPropagation();
        choose(combo, opt);
      });
    });
  });

  /* -- multi-select (发票种类): div checkboxes, one hidden input per ticked code -------- */
  document.querySelectorAll(".multi").forEach(function (group) {
    var name = group.getAttribute("data-name");
    var holder = group.querySelector(".inputs");
    function sync() {
      holder.innerHTML = "";
      group.querySelectorAll("[role=checkbox]").forEach(function (c) {
        if (c.getAttribute("aria-checked") === "true") {
          var input = document.createElement("input");
          input.type = "hidden";
          input.name = name;
          input.value = c.getAttribute("data-value");
          holder.appendChild(input);
        }
      });
      if (holder.children.length) { clearError(name); group.removeAttribute("aria-invalid"); }
    }
    group.querySelectorAll("[role=checkbox]").forEach(function (c) {
      function toggle() {
        var on = c.getAttribute("aria-checked") !== "true";
        c.setAttribute("aria-checked", on ? "true" : "false");
        c.classList.toggle("on", on);
        sync();
      }
      c.addEventListener("click", toggle);
      c.addEventListener("keydown", function (ev) {
        if (ev.key === " " || ev.key === "Enter") { ev.preventDefault(); toggle(); }
      });
    });
  });

  /* -- calendar popup: read-only input, month navigation, click a day ------------------ */
  var cal = null;
  var calInput = null;
  var shown = null; // {y, m} (m 0-based)

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function closeCalendar() {
    if (cal) { cal.remove(); cal = null; calInput = null; }
  }

  function drawCalendar() {
    var y = shown.y, m = shown.m;
    var first = new Date(y, m, 1).getDay();
    var days = new Date(y, m + 1, 0).getDate();
    var value = calInput.value;
    var today = new Date();
    var todayIso = today.getFullYear() + "-" + pad(today.getMonth() + 1) + "-" + pad(today.getDate());
    var html = '<div class="cal-head">' +
      '<button type="button" class="cal-nav" data-nav="-12" aria-label="上一年">«</button>' +
      '<button type="button" class="cal-nav" data-nav="-1" aria-label="上一月">‹</button>' +
      '<span class="cal-title" aria-live="polite">' + y + "年" + (m + 1) + "月</span>" +
      '<button type="button" class="cal-nav" data-nav="1" aria-label="下一月">›</button>' +
      '<button type="button" class="cal-nav" data-nav="12" aria-label="下一年">»</button></div>' +
      '<table class="cal-grid" role="grid"><thead><tr>';
    ["日", "一", "二", "三", "四", "五", "六"].forEach(function (d) { html += "<th>" + d + "</th>"; });
    html += "</tr></thead><tbody><tr>";
    for (var i = 0; i < first; i++) html += "<td></td>";
    for (var d = 1; d <= days; d++) {
      var iso = y + "-" + pad(m + 1) + "-" + pad(d);
      var cls = "cal-day" + (iso === value ? " sel" : "") + (iso === todayIso ? " today" : "");
      html += '<td><button type="button" class="' + cls + '" data-date="' + iso + '">' + d + "</button></td>";
      if ((first + d) % 7 === 0 && d < days) html += "</tr><tr>";
    }
    html += "</tr></tbody></table>" +
      '<div class="cal-foot"><button type="button" class="cal-link" data-act="clear">清空</button>' +
      '<button type="button" class="cal-link" data-act="today">今天</button></div>';
    cal.innerHTML = html;
  }

  function openCalendar(input) {
    closeCalendar();
    closeAllCombos(null);
    calInput = input;
    var base = /^\d{4}-\d{2}-\d{2}$/.test(input.value) ? new Date(input.value + "T00:00:00") : new Date();
    shown = { y: base.getFullYear(), m: base.getMonth() };
    cal = document.createElement("div");
    cal.className = "calendar";
    cal.setAttribute("role", "dialog");
    cal.setAttribute("aria-label", "选择日期");
    input.parentNode.appendChild(cal);
    drawCalendar();
    cal.addEventListener("click", function (ev) {
      ev.stopPropagation();
      var t = ev.target.closest("button");
      if (!t) return;
      if (t.hasAttribute("data-nav")) {
        var total = shown.y * 12 + shown.m + parseInt(t.getAttribute("data-nav"), 10);
        shown = { y: Math.floor(total / 12), m: total % 12 };
        drawCalendar();
      } else if (t.hasAttribute("data-date")) {
        setDate(t.getAttribute("data-date"));
      } else if (t.getAttribute("data-act") === "clear") {
        setDate("");
      } else if (t.getAttribute("data-act") === "today") {
        var n = new Date();
        setDate(n.getFullYear() + "-" + pad(n.getMonth() + 1) + "-" + pad(n.getDate()));
      }
    });
  }

  function setDate(iso) {
    var input = calInput;
    input.value = iso;
    input.dispatchEvent(new Event("change", { bubbles: true }));
    if (iso) { clearError(input.name); input.removeAttribute("aria-invalid"); }
    closeCalendar();
  }

  document.querySelectorAll(".datepick input").forEach(function (input) {
    input.addEventListener("click", function (ev) { ev.stopPropagation(); openCalendar(input); });
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter" || ev.key === "ArrowDown") { ev.preventDefault(); openCalendar(input); }
      if (ev.key === "Escape") closeCalendar();
    });
  });

  document.addEventListener("click", function () { closeAllCombos(null); closeCalendar(); });

  /* -- client checks: filled in, lengths and simple formats (the rest is server-side) -- */
  function showError(name, msg) {
    var el = document.getElementById(name + "-err");
    if (el) { el.textContent = msg; el.hidden = false; }
  }
  function clearError(name) {
    var el = document.getElementById(name + "-err");
    if (el) { el.textContent = ""; el.hidden = true; }
  }

  var form = document.getElementById("step-form");
  if (form) {
    form.querySelectorAll("input[type=text]").forEach(function (input) {
      input.addEventListener("input", function () { clearError(input.name); input.removeAttribute("aria-invalid"); });
    });
    form.addEventListener("submit", function (ev) {
      var bad = 0;
      form.querySelectorAll("input[type=text]").forEach(function (input) {
        var v = input.value.trim(), label = input.getAttribute("data-label"), check = input.getAttribute("data-check");
        var msg = "";
        if (!v) msg = input.getAttribute("data-kind") === "date" ? "请选择" + label : "请输入" + label;
        else if (check === "mobile" && !/^\d{11}$/.test(v)) msg = "移动电话应为11位手机号码";
        else if (check === "id" && v.length !== 18) msg = "身份证件号码应为18位";
        else if (check === "count" && !/^[1-9]\d*$/.test(v)) msg = label + "应为正整数";
        if (msg) { showError(input.name, msg); input.setAttribute("aria-invalid", "true"); bad++; }
      });
      form.querySelectorAll(".combo").forEach(function (c) {
        if (!c.querySelector("input[type=hidden]").value) {
          showError(c.getAttribute("data-name"), "请选择" + c.getAttribute("data-label"));
          c.querySelector(".combo-box").setAttribute("aria-invalid", "true");
          bad++;
        }
      });
      form.querySelectorAll(".multi").forEach(function (g) {
        if (!g.querySelector(".inputs input")) {
          showError(g.getAttribute("data-name"), "请至少选择一种" + g.getAttribute("data-label"));
          g.setAttribute("aria-invalid", "true");
          bad++;
        }
      });
      if (bad) ev.preventDefault();
    });
  }

  /* -- "确认提交？" modal -------------------------------------------------------------- */
  var submitBtn = document.getElementById("btn-submit");
  if (submitBtn) {
    var mask = document.getElementById("confirm-modal");
    submitBtn.addEventListener("click", function () { mask.hidden = false; document.getElementById("modal-ok").focus(); });
    document.getElementById("modal-cancel").addEventListener("click", function () { mask.hidden = true; });
    document.getElementById("modal-ok").addEventListener("click", function () {
      this.disabled = true;
      document.getElementById("submit-form").submit();
    });
  }
})();
