// 系统框架：iframe 高度随内容自适应，菜单高亮当前业务。
(function () {
  var frame = document.getElementById('mainFrame');
  var links = document.querySelectorAll('.sidemenu a');
  function fit() {
    try {
      var doc = frame.contentDocument;
      if (doc && doc.body) { frame.style.height = Math.max(560, doc.body.offsetHeight + 40) + 'px'; }
    } catch (e) { /* 跨域页面不调整 */ }
  }
  frame.addEventListener('load', function () {
    fit();
    var path = '';
    try { path = frame.contentWindow.location.pathname; } catch (e) { path = ''; }
    links.forEach(function (a) { a.classList.toggle('on', a.getAttribute('href') === path); });
    try {
      new frame.contentWindow.ResizeObserver(fit).observe(frame.contentDocument.body);
    } catch (e) { setInterval(fit, 500); }
  });
})();
