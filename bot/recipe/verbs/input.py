"""Verbs that set one field or press a key: ``fill``, ``select``, ``check``, ``choose``, ``upload``, ``press``."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from loguru import logger
from playwright.async_api import Locator as PlaywrightLocator
from pydantic import Field

from bot.errors import NoSuchOption, NotOffered, ReadBackMismatch, StepFailed, WidgetError
from bot.recipe import fields, registry, widgets
from bot.recipe.context import Context
from bot.recipe.locate import describe
from bot.recipe.models import Common, Locator, Strict
from bot.recipe.registry import verb
from bot.recipe.verbs.fill_form import same_value
from bot.recipe.verbs.waits import ExpectArgs, expect_shown, unless
from bot.templating import truthy

UPLOAD_TRIES = 3


class FillArgs(Locator):
    value: str


class SelectArgs(Locator):
    option: str = Field(description="the option's visible label")


class CheckArgs(Locator):
    value: str | bool = True


class UploadArgs(Locator):
    file: str
    done: ExpectArgs | None = Field(
        None,
        description="what the page shows once the file is uploaded (an upload by AJAX): checked like expect; "
        "the file is chosen again when its upload was answered with an error",
    )


class PressArgs(Strict):
    key: str
    target: Locator | None = None


class Fill(Common):
    fill: FillArgs


class Select(Common):
    select: SelectArgs


class Check(Common):
    check: CheckArgs


class Choose(Common):
    choose: SelectArgs


class Upload(Common):
    upload: UploadArgs


class Press(Common):
    press: PressArgs


@verb(Fill, fills="value")
async def fill(step: Fill, at: Context) -> None:
    value = at.render(step.fill.value)
    await _set_and_read_back(step, at, step.fill, value, lambda e: widgets.fill_element(at.scope, e, value))


@verb(Select, fills="value")
async def select(step: Select, at: Context) -> None:
    option = at.render(step.select.option)
    await _set_and_read_back(
        step, at, step.select, option, lambda e: e.select_option(label=option, timeout=step.timeout)
    )


@verb(Check, fills="value")
async def check(step: Check, at: Context) -> None:
    wanted = truthy(at.runner.evaluate(step.check.value))
    await _set_and_read_back(step, at, step.check, wanted, lambda e: e.set_checked(wanted, timeout=step.timeout))


@verb(Choose, fills="value")
async def choose(step: Choose, at: Context) -> None:
    option = at.render(step.choose.option)
    await _set_and_read_back(
        step,
        at,
        step.choose,
        option,
        lambda e: e.get_by_label(option, exact=True).check(timeout=step.timeout),
        read=_chosen,
    )


async def _chosen(group: PlaywrightLocator) -> list[str]:
    """The names of a group's chosen items (a fieldset of radios has no value of its own)."""
    return [item["name"] for item in await widgets.group_items(group) if item["on"]]


async def _shows(element: PlaywrightLocator) -> Any:
    return await widgets.read_element(element, await widgets.describe(element))


def _failed(step: Common) -> Callable[[str, Path | None], StepFailed]:
    return lambda said, shot: StepFailed(registry.title(step), said, shot)


async def _set_and_read_back(
    step: Common,
    at: Context,
    spec: Locator,
    value: Any,
    native: Callable[[PlaywrightLocator], Awaitable[Any]],
    read: Callable[[PlaywrightLocator], Awaitable[Any]] | None = None,
) -> None:
    """Set one field as fill_form would (through its kit's widget when a kit draws the labelled field) and read
    it back at once: what the page shows must be the value, or nothing is submitted."""
    label = at.render(spec.label) if spec.label is not None and spec.nth is None else None
    found = None
    if label is not None:
        [found] = await fields.find(at.scope, [{"label": label}], f"{secrets.token_hex(4)}-")
    try:
        if found is not None and found.widget is not None:
            kit_field = fields.target(at.page, at.scope, found, label or "", step.timeout or at.runner.timeout)
            await kit_field.widget.set(kit_field, value)
            shown = await widgets.read_marked(at.scope, found.mark)
            shown_value, same = shown.get(found.mark), kit_field.widget.same or same_value
        else:
            element = at.locate(spec)
            await native(element)
            shown_value = await (read or _shows)(element)
            same = same_value
    except WidgetError as exc:
        shot = await at.runner.screenshot(at.page, "failure")
        said = str(exc) if str(exc).startswith("「") else f"「{label or describe(spec)}」{exc}"
        raise (NotOffered if isinstance(exc, NoSuchOption) else _failed(step))(said, shot) from None
    if not same(shown_value, value):
        diffs = [(label or describe(spec), value, shown_value)]
        raise ReadBackMismatch(diffs, await at.runner.screenshot(at.page, "read-back"))


@verb(Upload, fills="value")
async def upload(step: Upload, at: Context) -> None:
    """Choose the file; with ``done``, until the page says it is uploaded: an upload the portal answered
    with an error (which nobody can send again for us: see transient) is chosen again."""
    spec, timeout, transient = step.upload, step.timeout, at.runner.transient
    target = at.locate(spec)
    for attempt in range(UPLOAD_TRIES):
        transient.gave_up.clear()
        async with transient.paused():
            if attempt:  # Chromium sends no change event for the same file chosen again: unchoose it first
                await target.set_input_files([], timeout=timeout)
            await target.set_input_files(at.render(spec.file), timeout=timeout)
            if spec.done is None or await unless(transient.gave_up, expect_shown(at, spec.done, timeout)):
                return
        logger.info("上传时门户答复出错（{}），重新选择文件", transient.gave_up_on)
        await transient.handled((timeout or at.runner.timeout) / 1000)
    raise StepFailed(f"上传 {describe(spec)}", f"门户多次答复出错（{transient.gave_up_on}）")


_SCROLL_KEYS = {"End": 1, "PageDown": 1, "Home": -1, "PageUp": -1}  # keys that scroll their target, and which way
_PRESSES = 3  # a scrolling key pressed at most this many times while its target does not move
_MOVED = """(e, [before, way]) => e.scrollTop !== before
    || (way > 0 ? e.scrollTop + e.clientHeight >= e.scrollHeight - 1 : e.scrollTop <= 0)"""


@verb(Press, leaves=True)
async def press(step: Press, at: Context) -> None:
    """A key, on an element or the page. A key that scrolls its element (End, Home, PageDown, PageUp) is pressed
    again while the element has not moved and is not at that edge: in load run 33 an End was lost and the
    承诺书 it should have scrolled to its end stayed unread, its tick box disabled."""
    spec, key = step.press, step.press.key
    if spec.target is None:
        await at.page.keyboard.press(key)
        return
    target, way = at.locate(spec.target), _SCROLL_KEYS.get(key)
    wait_s = (step.timeout or at.runner.timeout) / 3000
    for _ in range(_PRESSES if way else 1):
        before = await target.evaluate("e => e.scrollTop", timeout=step.timeout)
        await target.press(key, timeout=step.timeout)
        if way is None or await _moved(target, before, way, wait_s):
            return
    raise StepFailed(
        registry.title(step),
        f"按了 {_PRESSES} 次 {key}，{describe(spec.target)}仍没有滚动（页面没有接收按键）",
        await at.runner.screenshot(at.page, "failure"),
    )


async def _moved(target: PlaywrightLocator, before: float, way: int, wait_s: float) -> bool:
    """Whether the element scrolled, or stands at the edge the key scrolls to, within ``wait_s``."""
    deadline = asyncio.get_running_loop().time() + wait_s
    while not await target.evaluate(_MOVED, [before, way]):
        if asyncio.get_running_loop().time() >= deadline:
            return False
        await asyncio.sleep(0.1)
    return True
