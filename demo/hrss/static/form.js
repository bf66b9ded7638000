/* 单位参保登记: 行业 tree select (children load by AJAX), 所在区划 cascader, insurance
   checkboxes that enable their own 参保日期, and the page's own "filled in" checks. */
(function () {
  "use strict";
  var form = document.getElementById("cbform");
  if (!form) return;

  function showError(name, msg) {
    var el = document.getElementById(name + "-err");
    if (el) { el.textContent = msg; el.hidden = !msg; }
  }

  function closePops(except) {
    document.querySelectorAll(".pop").forEach(function (p) { if (p !== except) p.hidden = true; });
  }
  document.addEventListener("click", function () { closePops(null); });

  /* -- 行业 tree select ----------------------------------------------------------------- */
  var tree = document.querySelector(".treeselect");
  if (tree) {
    var tInput = tree.querySelector(".picker");
    var tHidden = tree.querySelector("input[type=hidden]");
    var tPop = tree.querySelector(".tree-pop");
    var root = tree.querySelector("ul[role=tree]");
    var risk = document.getElementById("aab155");

    function load(pid, ul, done) {
      ul.setAttribute("aria-busy", "true");
      fetch("/common/hyfl?pid=" + encodeURIComponent(pid), { headers: { "X-Requested-With": "XMLHttpRequest" } })
        .then(function (r) { return r.json(); })
        .then(function (body) {
          ul.innerHTML = "";
          body.data.forEach(function (n) { ul.appendChild(node(n)); });
          ul.removeAttribute("aria-busy");
          if (done) done();
        });
    }

    function node(n) {
      var li = document.createElement("li");
      li.setAttribute("role", "treeitem");
      li.setAttribute("aria-label", n.name);
      li.setAttribute("data-code", n.code);
      var row = document.createElement("div");
      row.className = "node" + (n.leaf ? " leaf" : "");
      row.innerHTML = '<i class="toggle" aria-hidden="true"></i><span class="code" aria-hidden="true"></span><span class="name"></span>';
      row.querySelector(".code").textContent = n.code;
      row.querySelector(".name").textContent = n.name;
      li.appendChild(row);
      if (n.leaf) {
        li.setAttribute("aria-selected", n.code === tHidden.value ? "true" : "false");
        row.addEventListener("click", function (ev) {
          ev.stopPropagation();
          root.querySelectorAll("[aria-selected=true]").forEach(function (x) { x.setAttribute("aria-selected", "false"); });
          li.setAttribute("aria-selected", "true");
          tHidden.value = n.code;
          tInput.value = n.path;
          risk.value = n.risk;
          tInput.removeAttribute("aria-invalid");
          showError("aab022", "");
          showError("aab155", "");
          tPop.hidden = true;
        });
      } else {
        li.setAttribute("aria-expanded", "false");
        var sub = document.createElement("ul");
        sub.setAttribute("role", "group");
        sub.hidden = true;
        li.appendChild(sub);
        row.addEventListener("click", function (ev) {
          ev.stopPropagation();
          var open = li.getAttribute("aria-expanded") !== "true";
          li.setAttribute("aria-expanded", open ? "true" : "false");
          sub.hidden = !open;
          if (open && !sub.children.length) load(n.code, sub);
        });
      }
      return li;
    }

    tInput.addEventListener("click", function (ev) {
      ev.stopPropagation();
      var show = tPop.hidden;
      closePops(tPop);
      tPop.hidden = !show;
      if (show && !root.children.length) load("", root);
    });
    tPop.addEventListener("click", function (ev) { ev.stopPropagation(); });
  }

  /* -- 所在区划 cascader: province / city / district columns --------------------------- */
  var casc = document.querySelector(".cascader");
  if (casc) {
    var data = JSON.parse(document.getElementById("region-data").textContent);
    var cInput = casc.querySelector(".picker");
    var cHidden = casc.querySelector("input[type=hidden]");
    var cPop = casc.querySelector(".cascader-pop");
    var levels = ["省", "市", "区县"];
    var path = [];

    function column(level, items) {
      var ul = document.createElement("ul");
      ul.className = "cmenu";
      ul.setAttribute("role", "listbox");
      ul.setAttribute("aria-label", levels[level]);
      items.forEach(function (it) {
        var li = document.createElement("li");
        li.setAttribute("role", "option");
        li.textContent = it.name;
        if (it.children) {
          var arrow = document.createElement("i");
          arrow.className = "arrow";
          arrow.setAttribute("aria-hidden", "true");
          arrow.textContent = "›";
          li.appendChild(arrow);
        }
        var chosen = path[level] && path[level].code === it.code;
        li.setAttribute("aria-selected", chosen ? "true" : "false");
        li.addEventListener("click", function (ev) {
          ev.stopPropagation();
          path = path.slice(0, level);
          path.push(it);
          if (it.children) { draw(); return; }
          cHidden.value = it.code;
          cInput.value = path.map(function (p) { return p.name; }).join("/");
          cInput.removeAttribute("aria-invalid");
          showError("aab301", "");
          cPop.hidden = true;
        });
        ul.appendChild(li);
      });
      return ul;
    }

    function draw() {
      cPop.innerHTML = "";
      cPop.appendChild(column(0, data));
      for (var i = 0; i < path.length && path[i].children; i++) cPop.appendChild(column(i + 1, path[i].children));
    }

    cInput.addEventListener("click", function (ev) {
      ev.stopPropagation();
      var show = cPop.hidden;
      closePops(cPop);
      if (show) { draw(); }
      cPop.hidden = !show;
    });
    cPop.addEventListener("click", function (ev) { ev.stopPropagation(); });
  }

  /* -- 参保险种: a ticked box enables its own 参保日期 --------------------------------- */
  form.querySelectorAll("input[name=aae140]").forEach(function (box) {
    box.addEventListener("change", function () {
      var date = document.getElementById(box.getAttribute("data-date"));
      date.disabled = !box.checked;
      if (!box.checked) { date.value = ""; showError(date.id, ""); }
      showError("aae140", "");
    });
  });

  /* -- the page's own checks before posting -------------------------------------------- */
  form.addEventListener("submit", function (ev) {
    var bad = 0;
    form.querySelectorAll("input[data-label]:not([type=date]), select[data-label]").forEach(function (el) {
      var label = el.getAttribute("data-label");
      var empty = !el.value.trim();
      var msg = "";
      if (empty) msg = el.tagName === "SELECT" || el.type === "hidden" ? "请选择" + label : label + "不能为空";
      else if (el.getAttribute("data-check") === "id" && el.value.trim().length !== 18) msg = "证件号码应为18位";
      else if (el.getAttribute("data-check") === "mobile" && !/^\d{11}$/.test(el.value.trim())) msg = "手机号码格式不正确";
      showError(el.name, msg);
      var shown = el.type === "hidden" ? el.parentNode.querySelector(".picker") : el;
      if (msg) { shown.setAttribute("aria-invalid", "true"); bad++; } else { shown.removeAttribute("aria-invalid"); }
    });
    var ticked = form.querySelectorAll("input[name=aae140]:checked");
    if (!ticked.length) { showError("aae140", "请至少选择一个参保险种"); bad++; }
    ticked.forEach(function (box) {
      var date = document.getElementById(box.getAttribute("data-date"));
      if (!date.value) { showError(date.id, "请填写" + date.getAttribute("data-label") + "参保日期"); bad++; }
    });
    if (bad) ev.preventDefault();
  });
})();
