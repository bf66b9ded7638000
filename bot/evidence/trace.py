"""Playwright traces kept when a filing fails, with nothing personal left in them.

A trace records every call a filing makes with its arguments and results, and the page's
console; a filing's calls carry the application's values and the portal's password. What is
kept is the trace's skeleton, which is what a maintainer needs to see where a recipe went wrong:
each call with its selector, timeout, duration, log and error, and the console's lines.
Arguments, results and query strings are cut out by structure; whatever the filing knew (its
values, outputs, answers and secrets) is then masked wherever it still shows (an error message,
an element's preview, a console line), as written, URL-encoded and JSON-escaped. No snapshots or
screenshots are recorded (the evidence pictures show the pages), and so no network either.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import re
import zipfile
from collections.abc import AsyncIterator, Callable, Iterable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote, quote_plus

from loguru import logger
from playwright.async_api import BrowserContext
from playwright.async_api import Error as PlaywrightError

from bot.privacy.secrets import Secrets

CUT = "〔已删去〕"
MASK = "〔已遮盖〕"

# What a trace keeps: the context's window, calls (before, after, their log and where they acted), the
# page's console and errors, events; anything else a newer Playwright may record is left out.
KEPT_KINDS = frozenset({"context-options", "before", "after", "log", "input", "console", "error", "event"})
KEPT_OPTIONS = frozenset({"viewport", "locale", "deviceScaleFactor", "isMobile", "hasTouch"})  # not storageState
# The arguments of a call that say where and how it acted, never what it typed or chose.
KEPT_PARAMS = frozenset(
    {"selector", "strict", "timeout", "state", "waitUntil", "force", "noWaitAfter", "trial", "button", "clickCount"}
)
# Playwright's own log lines that quote what was typed: ``fill("…")``, ``type("…")``, ``press("…")``.
_QUOTED_INPUT = re.compile(r'\b(fill|type|press|selectOption|setInputFiles)\(".*"\)')
_QUERY = re.compile(r"\?[^\s\"']*")
MIN_KNOWN_LENGTH = 2  # a one-character value (是, 男) would mask Playwright's own words
# A short number (an amount, a count) is not personal and would mask timeouts and coordinates.
_SHORT_NUMBER = re.compile(r"[\d.,:/ -]{1,5}")


@contextlib.asynccontextmanager
async def kept_on_failure(
    context: BrowserContext, folder: Path, known: Callable[[], Mapping[str, Any]], *, record: bool = True
) -> AsyncIterator[None]:
    """Record what runs inside; if it fails, keep the trace next to the evidence as ``trace-N.zip`` (one per
    failed attempt, so a retry or a reconcile does not replace the trace of what went wrong) and name it
    in a note on the exception.

    ``known``: the filing's values when it failed (what to mask). ``record=False`` records nothing:
    recording costs ~3 % of a filing (bench/README.md), so the engine records from a filing's second
    attempt on and ``bot run-item`` when asked (``--trace``)."""
    if not record:
        yield
        return
    await context.tracing.start(snapshots=False, screenshots=False, sources=False)
    try:
        yield
    except Exception as exc:
        try:
            path = await keep(context, folder, known_values(known()))
            exc.add_note(f"操作记录（trace）：{path}")
            logger.info("已保存操作记录（已删去填写的内容）：{}", path)
        except (PlaywrightError, OSError, ValueError, zipfile.BadZipFile) as error:  # the browser is gone, a full disk
            logger.warning("未能保存操作记录：{}", type(error).__name__)
        raise


async def keep(context: BrowserContext, folder: Path, known: Iterable[str]) -> Path:
    """Stop recording and write the trace, cut and masked, as the next free ``folder/trace-N.zip``."""
    folder.mkdir(parents=True, exist_ok=True)
    raw = folder / ".trace.raw.zip"  # never left behind: it holds everything unmasked
    try:
        await context.tracing.stop(path=raw)
        target = next(path for n in itertools.count(1) if not (path := folder / f"trace-{n}.zip").exists())
        cut_trace(raw, target, known)
        return target
    finally:
        raw.unlink(missing_ok=True)


def known_values(values: Mapping[str, Any]) -> set[str]:
    """Every text a filing could have typed or read: each leaf of its values (and every secret handed out)."""
    found: set[str] = set(Secrets.revealed())
    stack: list[Any] = [values]
    while stack:
        value = stack.pop()
        if isinstance(value, Secrets):  # reading one the recipe never asked for would fail
            continue
        if isinstance(value, Mapping):
            stack.extend(value.values())
        elif isinstance(value, list | tuple | set):
            stack.extend(value)
        elif value is not None and not isinstance(value, bool):
            text = str(value).strip()
            if len(text) >= MIN_KNOWN_LENGTH:
                found |= {text, text.upper(), text.lower()}
    return found


def cut_trace(source: Path, target: Path, known: Iterable[str]) -> None:
    """Copy a Playwright trace zip, keeping its skeleton only (see the module's docstring)."""
    masker = _Masker(known)
    with zipfile.ZipFile(source) as raw, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as cut:
        for entry in raw.namelist():
            if entry.endswith(".trace"):
                cut.writestr(entry, _lines(raw.read(entry), masker))
            elif entry.endswith(".stacks"):  # the bot's own source lines for each call
                cut.writestr(entry, raw.read(entry))
            # anything else (resources/: bodies; .network: empty without snapshots) is left out


class _Masker:
    def __init__(self, known: Iterable[str]) -> None:
        forms = set()
        for value in known:
            if len(value) >= MIN_KNOWN_LENGTH and not _SHORT_NUMBER.fullmatch(value):
                forms |= {value, quote(value), quote_plus(value), json.dumps(value, ensure_ascii=False)[1:-1]}
        self.known = sorted(forms, key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for value in self.known:
            if value in text:
                text = text.replace(value, MASK)
        return text

    def strings_of(self, value: Any) -> Any:
        """``value`` with every string in it masked; numbers and keys stay as they are (the trace stays valid)."""
        if isinstance(value, str):
            return self(value)
        if isinstance(value, dict):
            return {key: self.strings_of(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self.strings_of(item) for item in value]
        return value


def _lines(data: bytes, masker: _Masker) -> str:
    events = []
    for line in data.decode("utf-8").splitlines():
        if line.strip():
            event = _call_event(json.loads(line))
            if event is not None:
                events.append(json.dumps(masker.strings_of(event), ensure_ascii=False))
    return "\n".join(events) + "\n"


def _call_event(event: dict[str, Any]) -> dict[str, Any] | None:
    kind = event.get("type")
    if kind not in KEPT_KINDS:
        return None
    if kind == "context-options":
        event["options"] = {k: v for k, v in (event.get("options") or {}).items() if k in KEPT_OPTIONS}
    elif kind == "before":
        params = event.get("params") or {}
        event["params"] = {k: (v if k in KEPT_PARAMS else _url(v) if k == "url" else CUT) for k, v in params.items()}
    elif kind == "after":
        if "result" in event:
            event["result"] = CUT
    elif kind == "log":
        event["message"] = _QUERY.sub("?…", _QUOTED_INPUT.sub(r"\1(…)", str(event.get("message", ""))))
    elif kind == "console":
        event.pop("args", None)
        event["text"] = _url(event.get("text", ""))
        if "location" in event:
            event["location"]["url"] = _url(event["location"].get("url", ""))
    elif kind == "event":
        event["params"] = {k: (v if k.endswith("Id") else CUT) for k, v in (event.get("params") or {}).items()}
    return event


def _url(url: Any) -> str:
    return _QUERY.sub("?…", str(url))
