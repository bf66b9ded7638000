"""An upload the portal answers with an error is chosen again, but only once the page has had that answer whole.

CI (a bad portal day): the error's headers reached the bot, the file was chosen again and uploaded, and then the
first answer's body reached the page, whose script showed 上传失败 beside a file uploaded; the submit took that
stale error for the portal refusing the filing (failed_business). Here the first upload is answered 503 at once
and its body a moment later, as a loaded gateway does."""

from __future__ import annotations

import http.server
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.recipe.runner import Runner
from bot.recipe.schema import Recipe
from tests.recipe.conftest import SITE, serving
from tests.support import filing_page, run_async

pytestmark = pytest.mark.browser
BODY_LATE_S = 1.0

PAGE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>材料上传</title></head>
<body>
<p><label for="lease">住所证明</label><input type="file" id="lease"><span id="state">未选择文件</span>
<span id="err" class="err"></span></p>
<script>
  var file = document.getElementById('lease'), state = document.getElementById('state'),
      err = document.getElementById('err');
  file.addEventListener('change', function () {
    if (!file.files.length) { return; }
    var data = new FormData();
    data.append('file', file.files[0]);
    err.textContent = ''; state.textContent = '正在上传…';
    fetch('/upload', { method: 'POST', body: data })
      .then(function (r) { return r.json(); })
      .then(function () { state.textContent = '已上传'; })
      .catch(function () { state.textContent = '未选择文件'; err.textContent = '上传失败，请稍后重试'; });
  });
</script>
</body></html>
"""
RECIPE = """
item: test-upload-again
start: /
timeout: 5000
steps:
  - upload: {label: 住所证明, file: "{{ f.住所证明 }}", done: {css: "#state", contains: 已上传}}
"""


class _Portal(http.server.BaseHTTPRequestHandler):
    uploads = 0

    def do_GET(self) -> None:
        self._send(200, "text/html; charset=utf-8", PAGE.encode())

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        type(self).uploads += 1
        if type(self).uploads == 1:  # the gateway's error page: headers now, the body once it is built
            body = b"<html>503 Service Unavailable</html>"
            self.send_response(503)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.flush()
            time.sleep(BODY_LATE_S)
            self.wfile.write(body)
        else:
            self._send(200, "application/json", b'{"code": "0"}')

    def _send(self, status: int, kind: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        return None


@pytest.fixture
def portal() -> Iterator[str]:
    _Portal.uploads = 0
    with serving(_Portal) as url:
        yield url


def test_a_file_chosen_again_is_not_followed_by_the_first_answers_error(portal: str, tmp_path: Path) -> None:
    async def go() -> tuple[str, str]:
        async with filing_page() as page:
            runner = Runner(
                Recipe.model_validate(yaml.safe_load(RECIPE)),
                base_url=portal,
                values={"f": {"住所证明": str(SITE / "licence.pdf")}, "app": {}, "outputs": {}, "secrets": {}},
                evidence_dir=tmp_path,
            )
            await runner.file(page)
            await page.wait_for_timeout(BODY_LATE_S * 1000 * 1.5)  # whatever the first answer does, it has done
            return await page.locator("#state").inner_text(), await page.locator("#err").inner_text()

    assert run_async(go()) == ("已上传", "")
    assert _Portal.uploads == 2
