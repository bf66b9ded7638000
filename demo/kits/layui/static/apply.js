/* 企业设立登记: the page's own script, as layui portals write it — option lists from the server's JSON,
 * laydate/slider/upload/transfer/tree/dropdown rendered by layui, linked 省/市/区 selects, a remote bank
 * search on a lay-search select, a table of 股东 rows, and the submit as JSON. */
layui.use(['form', 'laydate', 'slider', 'upload', 'transfer', 'tree', 'dropdown', 'layer', 'element'], function () {
  var $ = layui.$, form = layui.form, laydate = layui.laydate, slider = layui.slider, upload = layui.upload;
  var transfer = layui.transfer, tree = layui.tree, dropdown = layui.dropdown, layer = layui.layer;
  var O = window.OPTIONS;
  var esc = function (s) { return $('<div>').text(s).html(); };

  function fillSelect(select, codes) {
    codes.forEach(function (pair) { $(select).append('<option value="' + esc(pair[0]) + '">' + esc(pair[1]) + '</option>'); });
  }
  function group(box, name, codes, type, skin) {
    codes.forEach(function (pair) {
      var code = pair[0], label = pair[1];
      box.append('<input type="' + type + '" name="' + name + '" value="' + esc(code) + '" title="' + esc(label) + '"' +
        (skin ? ' lay-skin="' + skin + '"' : '') + '>');
    });
  }
  $('select[data-options]').each(function () { fillSelect(this, O[$(this).data('options')]); });
  group($('#jyfw-box'), 'jyfw', O.scopes, 'checkbox');
  group($('#nsrlx-box'), 'nsrlx', O.taxpayerKinds, 'radio', 'none');
  group($('#jbrzjlx-box'), 'jbrzjlx', O.idTypes, 'radio');
  group($('#ybsq-box'), 'ybsq', O.needs, 'checkbox', 'tag');
  $('#nsrlx-box input').each(function () { $(this).after('<div lay-radio>' + esc(this.title) + '</div>'); });

  // 住所: 省 → 市 → 县/区, each select filled when the one before is chosen
  var regions = O.regions;
  var children = function (list, code) { var n = list.filter(function (x) { return x.code === code; })[0]; return (n && n.children) || []; };
  var fillRegion = function (name, list, tip) {
    var sel = $('select[name=' + name + ']').html('<option value="">' + tip + '</option>');
    list.forEach(function (n) { sel.append('<option value="' + n.code + '">' + esc(n.label) + '</option>'); });
  };
  fillRegion('province', regions, '请选择省');
  form.on('select(province)', function (data) {
    fillRegion('city', children(regions, data.value), '请选择市');
    fillRegion('area', [], '请选择县/区');
    form.render('select', 'apply');
  });
  form.on('select(city)', function (data) {
    var province = $('select[name=province]').val();
    fillRegion('area', children(children(regions, province), data.value), '请选择县/区');
    form.render('select', 'apply');
  });

  // 股东 rows: the table starts with one; 添加 appends another
  var addRow = function () {
    var row = $($('#gd-row').html());
    row.find('select[data-options]').each(function () { fillSelect(this, O[$(this).data('options')]); });
    $('#gd-table tbody').append(row);
    form.render(row.find('select'));
  };
  $('#gd-add').on('click', addRow);
  $('#gd-table').on('click', '.gd-del', function () {
    if ($('#gd-table tbody tr').length > 1) $(this).closest('tr').remove();
    else layer.msg('至少填写一名股东');
  });
  addRow();

  form.verify({
    jyfw: function () { if (!$('input[name=jyfw]:checked').length) return '请选择经营范围'; }
  });
  $('input[name=jyfw]').first().attr('lay-verify', 'jyfw');
  form.render(null, 'apply');

  // laydate: the six kinds a form uses
  laydate.render({elem: '#clrq'});
  laydate.render({elem: '#yyqx', range: true});
  laydate.render({elem: '#sbssq', type: 'month'});
  laydate.render({elem: '#kjnd', type: 'year'});
  laydate.render({elem: '#yysj', type: 'datetime'});
  laydate.render({elem: '#lxsd', type: 'time'});

  var cyrs = 1;  // 从业人数: what the slider was last set to
  slider.render({elem: '#cyrs', min: 1, max: 100, value: cyrs, input: true, change: function (value) { cyrs = value; }});

  // 所属行业: a layui tree in a dropdown (the input is read-only; a leaf is chosen)
  var treeData = function (list) {
    return list.map(function (n) {
      return {id: n.code, title: n.label, children: n.children ? treeData(n.children) : undefined};
    });
  };
  dropdown.render({
    elem: '#hy-name', id: 'hy-name', className: 'tree-select-panel',
    content: '<div id="hy-tree"></div>', style: 'width: 420px',
    ready: function () {
      tree.render({
        elem: '#hy-tree', data: treeData(O.industries), accordion: false,
        click: function (obj) {
          if (obj.data.children) return;
          $('#hy-name').val(obj.data.title);
          $('#hy').val(obj.data.id);
          dropdown.close('hy-name');
        }
      });
    }
  });

  // 所属园区: an autocomplete (layui dropdown under the input, filtered as one types; free text is kept)
  var parks = O.parks.map(function (p) { return {title: p, id: p}; });
  dropdown.render({
    elem: '#ssyq', id: 'ssyq', data: parks, trigger: 'focus', style: 'min-width: 360px',
    click: function (obj) { this.elem.val(obj.title); }
  });
  $('#ssyq').on('input propertychange', function () {
    var value = $.trim(this.value);
    var found = parks.filter(function (p) { return p.title.indexOf(value) !== -1; });
    dropdown.reloadData('ssyq', {data: found, show: true});
  });

  // 开户银行: a lay-search select whose options the server gives after typing (a remote search)
  var bankTimer = null;
  $('#khyh-box').on('input', '.layui-select-title input', function () {
    var q = $.trim(this.value);
    clearTimeout(bankTimer);
    if (!q) return;
    bankTimer = setTimeout(function () {
      $.getJSON('/api/bank-branches', {q: q}, function (res) {
        var sel = $('select[name=khyh]').html('<option value="">输入银行或网点名称搜索</option>');
        (res.data || []).forEach(function (b) { sel.append('<option value="' + esc(b.value) + '">' + esc(b.name) + '</option>'); });
        form.render(sel);
        var input = $('#khyh-box .layui-select-title input');
        input.val(q);
        $('#khyh-box .layui-select-title').trigger('click');
        input.focus();
        if (!(res.data || []).length) {
          $('#khyh-box dl').append('<p class="layui-select-none">无匹配项</p>');
        }
      });
    }, 300);
  });

  // 涉企经营许可: a transfer
  transfer.render({
    elem: '#xkxx', id: 'xkxx', title: ['可选事项', '已选事项'], showSearch: true,
    data: O.permits.map(function (pair) { return {value: pair[0], title: pair[1]}; })
  });

  // 申请材料: each file is uploaded at once and listed by its name
  var files = {};
  ['zscl', 'sfzm'].forEach(function (field) {
    upload.render({
      elem: '#' + field + '-btn', url: '/api/upload', accept: 'file', data: {field: field},
      done: function (res) {
        if (res.code !== 0) return layer.msg(res.msg || '上传失败', {icon: 5});
        files[field] = res.data.id;
        $('#' + field + '-list').html('<span class="layui-upload-choose"><i class="layui-icon layui-icon-file"></i> ' +
          '<a>' + esc(res.data.name) + '</a></span> <span class="layui-badge layui-bg-green">已上传</span>');
      },
      error: function () { layer.msg('上传失败，请重试', {icon: 5}); }
    });
  });

  form.on('submit(apply)', function (data) {
    var f = data.field;
    var checked = function (name) { return $('input[name=' + name + ']:checked').map(function () { return this.value; }).get(); };
    var range = $.trim($('#yyqx').val());
    var payload = {
      qymc: f.qymc, qylx: f.qylx, zczb: f.zczb, clrq: f.clrq,
      yyqx: range ? range.split(' - ') : [],
      hy: f.hy, zs: [f.province, f.city, f.area], xxdz: f.xxdz, ssyq: f.ssyq,
      jyfw: checked('jyfw'), jyfwsm: f.jyfwsm, cyrs: cyrs,
      djjg: f.djjg, nsrlx: f.nsrlx || '', kjfp: !!$('input[name=kjfp]').prop('checked'), sbssq: f.sbssq, kjnd: f.kjnd,
      cwxm: f.cwxm, cwsj: f.cwsj,
      jbrxm: f.jbrxm, jbrzjlx: f.jbrzjlx || '', jbrzjhm: f.jbrzjhm, jbrsj: f.jbrsj, yysj: f.yysj, lxsd: f.lxsd,
      khyh: f.khyh, ybsq: checked('ybsq'),
      xkxx: transfer.getData('xkxx').map(function (x) { return x.value; }),
      gd: $('#gd-table tbody tr').map(function () {
        var r = $(this);
        return {
          mc: r.find('[name=gd_mc]').val(), zjlx: r.find('[name=gd_zjlx]').val(), zjhm: r.find('[name=gd_zjhm]').val(),
          cze: r.find('[name=gd_cze]').val(), czfs: r.find('[name=gd_czfs]').val()
        };
      }).get(),
      files: files
    };
    var loading = layer.load(1);
    $.ajax({
      url: '/api/apply', type: 'POST', contentType: 'application/json', data: JSON.stringify(payload), dataType: 'json',
      success: function (res) {
        layer.close(loading);
        if (res.code !== 0) return layer.alert(res.msg, {icon: 5, title: '提交失败'});
        location.href = '/receipt/' + res.data.receipt_no;
      },
      error: function () { layer.close(loading); layer.msg('网络异常，请稍后再试', {icon: 5}); }
    });
    return false;
  });
});
