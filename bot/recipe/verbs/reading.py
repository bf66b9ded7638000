"""Reading the page: ``extract`` values into ``vars``; also how ``submit`` reads its receipt and the runner a
reconciled entry or an approval's outputs."""

from __future__ import annotations

import mimetypes
import re
from pathlib import Path
from urllib.parse import urljoin

from playwright.async_api import Locator

from bot.errors import StepFailed
from bot.recipe.context import Context
from bot.recipe.locate import describe
from bot.recipe.models import Common, Extraction
from bot.recipe.registry import verb


class Extract(Common):
    extract: dict[str, Extraction]


@verb(Extract)
async def extract(step: Extract, at: Context) -> None:
    for name, spec in step.extract.items():
        value = await read(at, spec, step.timeout, name)
        at.runner.values["vars"][name] = at.runner.result.variables[name] = value


async def read(at: Context, spec: Extraction, timeout: int | None, name: str) -> str:
    """What an element shows (or one of its attributes, or a part a pattern picks); a link's file, fetched."""
    target = at.locate(spec)
    if spec.download:
        return str(await _download(at, target, name, timeout))
    if spec.attribute is not None:
        raw = await target.get_attribute(spec.attribute, timeout=timeout) or ""
    else:
        raw = await target.inner_text(timeout=timeout)
    text = raw.strip()
    if spec.pattern is not None:
        match = re.search(spec.pattern, text)
        if match is None:
            raise StepFailed(f"读取 {describe(spec)}", f"内容不符合 {spec.pattern}")
        text = match.group(1) if match.groups() else match.group(0)
    return text


async def _download(at: Context, link: Locator, name: str, timeout: int | None) -> Path:
    """Fetch a link's file with the page's own cookies (no download dialog) and keep it with the evidence."""
    href = await link.first.get_attribute("href", timeout=timeout)
    if not href:
        raise StepFailed(f"下载 {name}", "链接没有 href")
    response = await at.page.request.get(urljoin(at.page.url, href))
    if not response.ok:
        raise StepFailed(f"下载 {name}", f"门户返回 HTTP {response.status}")
    kind = response.headers.get("content-type", "").split(";")[0].strip()
    evidence = at.runner.evidence_dir
    path = evidence / f"{name}{mimetypes.guess_extension(kind) or ''}"
    evidence.mkdir(parents=True, exist_ok=True)
    path.write_bytes(await response.body())
    return path
