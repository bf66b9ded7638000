/* 企业开办“一网通办” 设立登记：custom widgets (dropdown, cascader, tag picker, investor table, 承诺书). */
(function () {
  "use strict";
  var $ = function (sel, root) { return (root || document).querySelector(sel); };
  var $$ = function (sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); };
  var openPanels = [];
  function closeAll(except) {
    openPanels.forEach(function (p) { if (p !== except) { p.close(); } });
  }
  document.addEventListener("click", function (e) {
    openPanels.forEach(function (p) { if (!p.root.contains(e.target)) { p.close(); } });
  });

  /* 企业类型: a div-based dropdown; the hidden input carries the code. */
  $$('[data-widget="select"]').forEach(function (root) {
    var trigger = $(".x-select__trigger", root), menu = $(".x-select__menu", root);
    var hidden = $('input[type="hidden"]', root), label = $(".x-select__text", root);
    var panel = {
      root: root,
      close: function () { menu.hidden = true; trigger.setAttribute("aria-expanded", "false"); root.classList.remove("open"); },
      open: function () { closeAll(panel); menu.hidden = false; trigger.setAttribute("aria-expanded", "true"); root.classList.add("open"); }
    };
    openPanels.push(panel);
    trigger.addEventListener("click", function () { if (menu.hidden) { panel.open(); } else { panel.close(); } });
    trigger.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); panel.open(); } });
    $$("li", menu).forEach(function (li) {
      li.addEventListener("click", function () {
        hidden.value = li.dataset.value;
        label.textContent = li.textContent;
        label.classList.remove("placeholder");
        $$("li", menu).forEach(function (o) { o.setAttribute("aria-selected", o === li ? "true" : "false"); });
        panel.close();
      });
    });
  });

  /* 住所: province / city / district cascader over the page's own region data. */
  $$('[data-widget="cascader"]').forEach(function (root) {
    var data = JSON.parse($("#region-data").textContent);
    var input = $(".x-cascader__input", root), hidden = $('input[type="hidden"]', root);
    var box = $(".x-cascader__panel", root), cols = $$(".col", root);
    var path = [];
    var panel = {
      root: root,
      close: function () { box.hidden = true; input.setAttribute("aria-expanded", "false"); },
      open: function () { closeAll(panel); box.hidden = false; input.setAttribute("aria-expanded", "true"); }
    };
    openPanels.push(panel);
    function fill(level, items) {
      cols.forEach(function (c, i) { if (i >= level) { c.innerHTML = ""; } });
      items.forEach(function (item) {
        var li = document.createElement("li");
        li.setAttribute("role", "option");
        li.dataset.code = item.code;
        li.textContent = item.name;
        if (item.children) { li.classList.add("has-children"); }
        li.addEventListener("click", function (e) {
          e.stopPropagation();
          path = path.slice(0, level);
          path.push(item);
          $$("li", cols[level]).forEach(function (o) { o.classList.toggle("active", o === li); });
          if (item.children) {
            fill(level + 1, item.children);
          } else {
            hidden.value = item.code;
            input.value = path.map(function (p) { return p.name; }).join(" / ");
            panel.close();
          }
        });
        cols[level].appendChild(li);
      });
    }
    fill(0, data);
    input.addEventListener("click", function () { if (box.hidden) { panel.open(); } else { panel.close(); } });
  });

  /* 经营范围: type to filter the standard wordings, click to add a tag, × to remove. */
  $$('[data-widget="tags"]').forEach(function (root) {
    var search = $(".x-tags__search", root), list = $(".x-tags__list", root), chosen = $(".x-tags__chosen", root);
    var empty = $(".empty", list);
    var panel = {
      root: root,
      close: function () { list.hidden = true; search.setAttribute("aria-expanded", "false"); },
      open: function () { closeAll(panel); list.hidden = false; search.setAttribute("aria-expanded", "true"); }
    };
    openPanels.push(panel);
    function taken() { return $$('input[name="busScope"]', chosen).map(function (i) { return i.value; }); }
    function filter() {
      var q = search.value.trim(), have = taken(), shown = 0;
      $$('li[role="option"]', list).forEach(function (li) {
        var ok = li.dataset.value.indexOf(q) >= 0 && have.indexOf(li.dataset.value) < 0;
        li.hidden = !ok;
        if (ok) { shown += 1; }
      });
      empty.hidden = shown > 0;
    }
    function bindRemove(tag) {
      $(".tag-x", tag).addEventListener("click", function (e) { e.stopPropagation(); tag.remove(); filter(); });
    }
    $$(".tag", chosen).forEach(bindRemove);
    search.addEventListener("focus", function () { filter(); panel.open(); });
    search.addEventListener("input", function () { filter(); panel.open(); });
    search.addEventListener("keydown", function (e) { if (e.key === "Enter") { e.preventDefault(); } });
    $$('li[role="option"]', list).forEach(function (li) {
      li.addEventListener("click", function () {
        var tag = document.createElement("span"), value = li.dataset.value;
        tag.className = "tag";
        tag.appendChild(document.createTextNode(value));
        var h = document.createElement("input");
        h.type = "hidden"; h.name = "busScope"; h.value = value;
        var x = document.createElement("button");
        x.type = "button"; x.className = "tag-x"; x.textContent = "×"; x.setAttribute("aria-label", "移除 " + value);
        tag.appendChild(h); tag.appendChild(x);
        chosen.appendChild(tag);
        bindRemove(tag);
        search.value = "";
        filter();
        panel.close();
      });
    });
  });

  /* 生产经营地同住所 / 经营期限 / 执照领取方式: show or enable what goes with the choice. */
  var same = $("#proLocSame");
  if (same) { same.addEventListener("change", function () { $("#proLocRow").hidden = same.checked; }); }
  $$('input[name="opTermType"]').forEach(function (r) {
    r.addEventListener("change", function () { $("#opTermYears").disabled = !$("#opTermFixed").checked; });
  });
  $$('input[name="licenceWay"]').forEach(function (r) {
    r.addEventListener("change", function () { $("#mailAddrRow").hidden = !$("#licenceWay2").checked; });
  });

  /* 股东（发起人）: rows added one by one from a template, each removable. */
  var add = $("#addInvestor");
  if (add) {
    var body = $("#investors tbody"), tpl = $("#inv-template"), emptyRow = $(".empty-row", body);
    var bindDelete = function (tr) {
      $(".inv-del", tr).addEventListener("click", function () {
        tr.remove();
        emptyRow.hidden = $$(".inv-row", body).length > 0;
      });
    };
    $$(".inv-row", body).forEach(bindDelete);
    add.addEventListener("click", function () {
      var i = parseInt(body.dataset.next, 10);
      body.dataset.next = String(i + 1);
      var holder = document.createElement("tbody");
      holder.innerHTML = tpl.innerHTML.split("__i__").join(String(i));
      var tr = holder.firstElementChild;
      body.insertBefore(tr, emptyRow);
      emptyRow.hidden = true;
      bindDelete(tr);
      $("input", tr).focus();
    });
  }

  /* 承诺书: the checkbox can be ticked only once the text was scrolled to its end. */
  var box = $("#promiseText"), promise = $("#promise");
  if (box && promise) {
    box.addEventListener("scroll", function () {
      if (box.scrollTop + box.clientHeight >= box.scrollHeight - 4) {
        promise.disabled = false;
        $("#promiseHint").textContent = "已阅读至末尾，请勾选同意";
      }
    });
  }
})();
