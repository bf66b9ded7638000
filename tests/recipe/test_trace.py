"""A kept trace holds the calls and none of what they typed, chose or read (bot/evidence/trace.py): each of its two
layers, cutting by structure and masking what the filing knew, on a real Playwright trace."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from playwright.async_api import TimeoutError as PlaywrightTimeout

from bot.evidence import trace
from tests.support import filing_page, run_async

pytestmark = pytest.mark.browser

ID_NUMBER, NAME, SECRET = "350602198503122010", "黄丽娟", "s3cret-Passw0rd"
PAGE = """<!doctype html><meta charset="utf-8">
<label for="a">身份证号</label><input id="a"><label for="b">姓名</label><input id="b">
<label for="p">密码</label><input id="p" type="password">
<script>console.log('来自门户：' + decodeURIComponent(location.search))</script>"""


def _failed_filing_trace(folder: Path) -> Path:
    """Fill three fields on a page whose URL and console carry personal data, then fail a step."""

    async def go() -> Path:
        async with filing_page() as page:
            await page.route("**/*", lambda route: route.fulfill(body=PAGE, content_type="text/html"))
            with pytest.raises(PlaywrightTimeout) as caught:
                async with trace.kept_on_failure(page.context, folder, lambda: {}):
                    await page.goto(f"http://portal.test/form?sfzh={ID_NUMBER}&xm={NAME}")
                    await page.get_by_label("身份证号").fill(ID_NUMBER)
                    await page.get_by_label("姓名").fill(NAME)
                    await page.get_by_label("密码").fill(SECRET)
                    assert await page.get_by_label("姓名").input_value() == NAME
                    await page.get_by_role("button", name="下一步").click(timeout=500)  # there is none
            [note] = caught.value.__notes__
            return Path(note.split("：", 1)[1])

    return run_async(go())


def _contents(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return "\n".join(archive.read(name).decode() for name in archive.namelist())


def test_cutting_alone_leaves_out_what_was_typed_read_and_asked_for_in_the_url(tmp_path: Path) -> None:
    kept = _failed_filing_trace(tmp_path)  # known: nothing, so only the cut acts
    assert kept == tmp_path / "trace-1.zip" and not list(tmp_path.glob(".*"))  # no raw trace left behind
    text = _contents(kept)
    assert '"method": "fill"' in text and "身份证号" in text and "下一步" in text  # the calls and their selectors
    for value in (ID_NUMBER, NAME, SECRET):  # typed (params, Playwright's log), read back (results), in URLs
        assert value not in text
    assert "来自门户：?…" in text  # the console line, its query string cut


def test_masking_what_the_filing_knew_reaches_console_lines_and_encoded_forms(tmp_path: Path) -> None:
    raw = tmp_path / "raw.zip"

    async def go() -> None:
        async with filing_page() as page:
            await page.route("**/*", lambda route: route.fulfill(body=PAGE, content_type="text/html"))
            await page.context.tracing.start(snapshots=False, screenshots=False, sources=False)
            await page.goto(f"http://portal.test/form?xm={NAME}")
            await page.evaluate("name => console.log('portal echo ' + encodeURIComponent(name))", NAME)
            await page.context.tracing.stop(path=raw)

    run_async(go())
    assert NAME in _contents(raw)
    cut = tmp_path / "cut.zip"
    trace.cut_trace(raw, cut, trace.known_values({"f": {"姓名": NAME, "人数": 8}}))
    text = _contents(cut)
    assert NAME not in text and "%E9%BB%84" not in text  # nor URL-encoded (黄)
    lines = text.splitlines()
    assert all(json.loads(line) for line in lines if line.startswith("{"))  # still a trace the viewer opens
    assert trace.MASK in text
