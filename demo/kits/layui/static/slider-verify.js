/* 滑块验证 as layui portals add it to their login: press the handle, drag it to the end of the track.
 * The track of the drag (every mouse move from press to release) goes to the server, which passes it
 * only when it is a hand's: several moves, not one jump, ending at the end of the track. */
(function () {
  var $ = layui.$;
  var box = document.getElementById('slider-verify');
  if (!box) return;
  var btn = box.querySelector('.slider-btn');
  var bg = box.querySelector('.slider-bg');
  var text = box.querySelector('.slider-text');
  var max = box.clientWidth - btn.offsetWidth;
  var start = null, track = [], t0 = 0;
  window.sliderVerified = false;

  function place(x) {
    btn.style.left = x + 'px';
    bg.style.width = x + btn.offsetWidth / 2 + 'px';
  }
  function reset(message) {
    text.textContent = message;
    box.classList.add('slider-fail');
    setTimeout(function () { place(0); box.classList.remove('slider-fail'); }, 600);
  }
  btn.addEventListener('mousedown', function (e) {
    if (window.sliderVerified) return;
    start = {x: e.clientX, y: e.clientY};
    track = [];
    t0 = Date.now();
    e.preventDefault();
  });
  document.addEventListener('mousemove', function (e) {
    if (!start) return;
    var dx = Math.max(0, Math.min(max, e.clientX - start.x));
    track.push([dx, e.clientY - start.y, Date.now() - t0]);
    place(dx);
  });
  document.addEventListener('mouseup', function () {
    if (!start) return;
    start = null;
    if (track.length < 5) return reset('验证失败：请按住滑块拖动');
    if (track[track.length - 1][0] < max - 3) return reset('验证失败：请拖动到最右边');
    text.textContent = '验证中…';
    $.ajax({
      url: '/login/slider', type: 'POST', contentType: 'application/json',
      data: JSON.stringify({track: track}), dataType: 'json',
      success: function (res) {
        if (res.code !== 0) return reset(res.msg);
        window.sliderVerified = true;
        box.classList.add('slider-ok');
        btn.classList.remove('layui-icon-next');
        btn.classList.add('layui-icon-ok');
        text.textContent = '验证通过';
      },
      error: function () { reset('验证失败：网络异常，请重试'); }
    });
  });
})();
