// 登录页：获取短信验证码（AJAX）与60秒倒计时；被嵌在 iframe 中时跳出框架。
(function () {
  if (window.top !== window.self) { window.top.location.href = window.location.href; return; }
  var btn = document.getElementById('btnSendSms');
  var tip = document.getElementById('smsTip');
  var phone = document.getElementById('sjhm');
  var left = 0;
  function tick() {
    if (left <= 0) { btn.disabled = false; btn.textContent = '获取验证码'; return; }
    btn.textContent = left + '秒后重新获取';
    left -= 1;
    setTimeout(tick, 1000);
  }
  btn.addEventListener('click', function () {
    var body = new URLSearchParams();
    body.set('sjhm', phone.value.trim());
    btn.disabled = true;
    fetch('/login/sendSms', {
      method: 'POST', body: body, credentials: 'same-origin',
      headers: { 'X-Requested-With': 'XMLHttpRequest' }
    }).then(function (r) { return r.json(); }).then(function (res) {
      tip.textContent = res.msg;
      tip.className = res.code === '0' ? 'tip ok' : 'tip bad';
      if (res.code === '0') { left = 60; tick(); } else { btn.disabled = false; }
    }).catch(function () {
      tip.textContent = '网络异常，请稍后重试'; tip.className = 'tip bad'; btn.disabled = false;
    });
  });
})();
