// 印章刻制备案表单：刻章企业联想（AJAX）、印章动态表格、附件即时上传、提交确认。
(function () {
  var form = document.getElementById('yzbaForm');
  var AJAX = { 'X-Requested-With': 'XMLHttpRequest' };
  // 会话超时：AJAX 收到 401 时整页回到登录页
  function json(r) {
    if (r.status === 401) { window.top.location.href = '/login?expired=1'; throw new Error('登录已超时'); }
    return r.json();
  }

  // ---- 刻章企业：输入后延时查询本辖区备案刻章企业，只能从列表中选择 ----
  var input = document.getElementById('kzqymc');
  var hidden = document.getElementById('kzqybh');
  var list = document.getElementById('kzqyList');
  var timer = null, seq = 0, active = -1;

  function closeList() { list.hidden = true; list.innerHTML = ''; input.setAttribute('aria-expanded', 'false'); active = -1; }
  function choose(li) {
    input.value = li.dataset.mc; hidden.value = li.dataset.bh;
    document.getElementById('err-kzqymc').textContent = '';
    closeList();
  }
  function show(res) {
    list.innerHTML = '';
    if (res.code !== '0' || res.data.length === 0) {
      var none = document.createElement('li');
      none.className = 'ac-none';
      none.textContent = res.code !== '0' ? res.msg : '未找到匹配的刻章企业（' + res.district + '）';
      list.appendChild(none);
    } else {
      res.data.forEach(function (shop, i) {
        var li = document.createElement('li');
        li.setAttribute('role', 'option');
        li.id = 'kzqy-opt-' + i;
        li.dataset.bh = shop.bh; li.dataset.mc = shop.mc;
        li.innerHTML = '<b></b><small></small>';
        li.firstChild.textContent = shop.mc;
        li.lastChild.textContent = shop.dz + '  ' + shop.dh;
        li.addEventListener('mousedown', function (e) { e.preventDefault(); choose(li); });
        list.appendChild(li);
      });
    }
    list.hidden = false; input.setAttribute('aria-expanded', 'true');
  }
  function query() {
    var mine = ++seq;
    var body = new URLSearchParams();
    body.set('kw', input.value.trim());
    body.set('dwdz', document.getElementById('dwdz').value);
    body.set('tyshxydm', document.getElementById('tyshxydm').value);
    list.hidden = false; list.innerHTML = '<li class="ac-none">正在查询…</li>';
    fetch('/yzba/shops', { method: 'POST', body: body, credentials: 'same-origin', headers: AJAX })
      .then(json)
      .then(function (res) { if (mine === seq) { show(res); } })
      .catch(function () { if (mine === seq) { show({ code: '1', msg: '查询失败，请稍后重试', data: [] }); } });
  }
  input.addEventListener('input', function () {
    hidden.value = '';
    clearTimeout(timer);
    if (!input.value.trim()) { closeList(); return; }
    timer = setTimeout(query, 300);
  });
  input.addEventListener('keydown', function (e) {
    var options = list.querySelectorAll('[role=option]');
    if (list.hidden || options.length === 0) { return; }
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      active = (active + (e.key === 'ArrowDown' ? 1 : options.length - 1)) % options.length;
      options.forEach(function (o, i) { o.classList.toggle('on', i === active); o.setAttribute('aria-selected', i === active ? 'true' : 'false'); });
      input.setAttribute('aria-activedescendant', options[active].id);
    } else if (e.key === 'Enter' && active >= 0) {
      e.preventDefault(); choose(options[active]);
    } else if (e.key === 'Escape') { closeList(); }
  });
  input.addEventListener('blur', function () { setTimeout(closeList, 150); });

  // ---- 印章：动态表格 ----
  var body = document.getElementById('sealBody');
  var empty = document.getElementById('sealEmpty');
  var tpl = document.getElementById('sealRowTpl');
  function renumber() {
    var rows = body.querySelectorAll('tr.seal-row');
    rows.forEach(function (tr, i) {
      tr.querySelector('.no').textContent = i + 1;
      tr.querySelectorAll('[name]').forEach(function (el) { el.id = el.name + '-' + i; });
      tr.querySelectorAll('.err').forEach(function (el) { el.id = el.id.replace(/-\d+$/, '-' + i); });
    });
    empty.hidden = rows.length > 0;
  }
  document.getElementById('btnAddSeal').addEventListener('click', function () {
    body.appendChild(tpl.content.cloneNode(true));
    renumber();
    var rows = body.querySelectorAll('tr.seal-row');
    rows[rows.length - 1].querySelector('select').focus();
  });
  body.addEventListener('click', function (e) {
    if (e.target.classList.contains('del-seal')) { e.target.closest('tr').remove(); renumber(); }
  });

  // ---- 附件：选择后立即上传，由服务器校验格式与大小 ----
  document.querySelectorAll('td.upl').forEach(function (td) {
    var lx = td.dataset.lx;
    var file = td.querySelector('input[type=file]');
    var id = td.querySelector('input[type=hidden]');
    var state = td.querySelector('.upl-state');
    var err = document.getElementById('err-' + lx);
    file.addEventListener('change', function () {
      if (!file.files.length) { return; }
      var data = new FormData();
      data.append('lx', lx);
      data.append('file', file.files[0]);
      id.value = ''; err.textContent = ''; state.classList.remove('done'); state.textContent = '正在上传…';
      fetch('/yzba/upload', { method: 'POST', body: data, credentials: 'same-origin', headers: AJAX })
        .then(json)
        .then(function (res) {
          if (res.code === '0') {
            id.value = res.data.id;
            state.classList.add('done');
            state.textContent = '已上传：' + res.data.filename + '（' + res.data.size + '）';
          } else {
            state.textContent = '未选择文件'; err.textContent = res.msg; file.value = '';
          }
        })
        .catch(function () { state.textContent = '未选择文件'; err.textContent = '上传失败，请稍后重试'; });
    });
  });

  // ---- 提交：确认对话框 ----
  form.addEventListener('submit', function (e) {
    if (!window.confirm('确认提交印章刻制备案信息？提交后不可修改。')) { e.preventDefault(); return; }
    document.getElementById('btnSubmit').disabled = true;
  });
})();
