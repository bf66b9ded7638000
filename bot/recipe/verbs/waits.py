"""Verbs that wait on what the page shows, never on time: ``wait`` for a page, a frame, a text or an element;
``expect``, read and assert in one step, retried until the timeout.

Also what other verbs wait with: whichever shows first of what is awaited and the portal's error
boxes (``submit``), an expectation (``upload``'s ``done``), work given up on an event.
"""

from __future__ import annotations

import asyncio
import contextlib
import fnmatch
import re
import time
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import Any

from playwright.async_api import Locator, Page
from playwright.async_api import TimeoutError as PlaywrightTimeout
from playwright.async_api import expect as expect_that
from pydantic import Field, model_validator

from bot.errors import LoginDenied, PageError, PortalRefused, StepFailed, first_line
from bot.recipe import fields, models, widgets
from bot.recipe.context import Context
from bot.recipe.locate import describe
from bot.recipe.models import Common, Strict
from bot.recipe.registry import verb

Refusal = Callable[[str, Path | None], PageError]  # what an error box shown instead of the awaited page means


def again(reason: str, screenshot: Path | None) -> StepFailed:
    """A page asking for the step to be done again (验证码错误): a technical failure, so the filing is tried
    again (a new captcha asked for), failed at once with the portal's words instead of at the timeout."""
    return StepFailed("等待", f"门户提示：{reason}", screenshot)


_PICTURED: dict[Refusal, str] = {PortalRefused: "refused", LoginDenied: "denied"}


class WaitArgs(Strict):
    """Wait on what the page shows, never on time."""

    text: str | None = None
    url: str | None = Field(None, description="a glob the page's URL must match")
    frame_url: str | None = Field(
        None, description="a glob: wait until a frame at this URL has loaded (its scripts have run)"
    )
    visible: models.Locator | None = None
    hidden: models.Locator | None = None
    refused: models.Locator | None = Field(
        None,
        description="the portal's error box: if it shows before what is awaited, the portal has refused the data "
        "(a business failure with the box's text, not retried), e.g. after a wizard's 下一步",
    )
    denied: models.Locator | None = Field(
        None,
        description="what a login page shows for a wrong account or password, e.g. {text: 密码错误}: if it shows "
        "before what is awaited, the filing waits for a person with the page's words, never retried (a portal locks "
        "an account after a few wrong passwords)",
    )
    again: models.Locator | None = Field(
        None,
        description="what a page shows when the steps before must be done again, e.g. a wrong captcha "
        "{text: 验证码错误}: if it shows before what is awaited, the step fails at once with the page's words "
        "and the filing is tried again (a new captcha asked), instead of waiting out the timeout",
    )

    @model_validator(mode="after")
    def _refused_needs_a_condition(self) -> WaitArgs:
        awaited = any((self.text, self.url, self.frame_url, self.visible, self.hidden))
        for name, box in (("refused", self.refused), ("denied", self.denied), ("again", self.again)):
            if box is not None and not awaited:
                raise ValueError(f"{name} 需要与 url、text、visible 等等待条件同用：等待的内容或错误提示，先出现者为准")
        return self


class ExpectArgs(models.Locator):
    """Read and assert in one step, retried until the timeout."""

    equals: str | None = None
    contains: str | None = None
    visible: bool | None = None


class Wait(Common):
    wait: WaitArgs


class Expect(Common):
    expect: ExpectArgs


@verb(Wait)
async def wait(step: Wait, at: Context) -> None:
    await wait_for(at, step.wait, step.timeout)


@verb(Expect)
async def expect(step: Expect, at: Context) -> None:
    await expect_shown(at, step.expect, step.timeout)


async def wait_for(at: Context, spec: WaitArgs, timeout: int | None) -> None:
    """What ``spec`` awaits, in ``at.scope``; with ``refused`` or ``denied``, unless one of those shows first."""
    if spec.refused is None and spec.denied is None and spec.again is None:
        await until(at, spec, timeout)
    else:
        boxes: dict[Refusal, models.Locator | None] = {
            PortalRefused: spec.refused,
            LoginDenied: spec.denied,
            again: spec.again,
        }
        shown = {kind: at.locate(box) for kind, box in boxes.items() if box is not None}
        await until_or_refused(at, spec, shown, timeout)


async def until(at: Context, spec: WaitArgs, timeout: int | None) -> None:
    page, scope = at.page, at.scope
    if spec.url is not None:
        await page.wait_for_url(at.render(spec.url), timeout=timeout)
    if spec.frame_url is not None:
        await _frame_loaded(page, at.render(spec.frame_url), timeout or at.runner.timeout)
    if spec.text is not None:
        await scope.get_by_text(at.render(spec.text)).first.wait_for(state="visible", timeout=timeout)
    if spec.visible is not None:
        await at.locate(spec.visible).wait_for(state="visible", timeout=timeout)
    if spec.hidden is not None:
        await at.locate(spec.hidden).wait_for(state="hidden", timeout=timeout)


async def until_or_refused(at: Context, spec: WaitArgs, boxes: Mapping[Refusal, Locator], timeout: int | None) -> None:
    """Whichever the portal shows first: what is awaited, or one of its error boxes (raised as the box's kind,
    with its text)."""
    shown = {kind: box.filter(visible=True) for kind, box in boxes.items()}
    awaited = asyncio.ensure_future(until(at, spec, timeout))
    watches = {
        asyncio.ensure_future(box.first.wait_for(state="visible", timeout=timeout)): kind for kind, box in shown.items()
    }
    try:
        done, _ = await asyncio.wait({awaited, *watches}, return_when=asyncio.FIRST_COMPLETED)
    except asyncio.CancelledError:  # the step was given up (the portal's answer was lost): the waits end too
        await cancel(awaited, *watches)
        raise
    kind = next((kind for watch, kind in watches.items() if watch in done and watch.exception() is None), None)
    if kind is not None:
        await cancel(awaited, *watches)
        reason = "；".join(text.strip() for text in await shown[kind].all_inner_texts() if text.strip())
        shot = await at.runner.screenshot(at.page, _PICTURED.get(kind, "failure"))
        raise kind(reason or "门户未受理", shot)
    await cancel(*watches)
    await awaited  # a timeout here is a StepFailed, as without ``refused``


async def expect_shown(at: Context, spec: ExpectArgs, timeout: int | None) -> None:
    """Read and assert in one step, retried until the timeout (no sleeps: Playwright's expect polls)."""
    target = at.locate(spec)
    try:
        if spec.visible is not None:
            shown = expect_that(target)
            await (shown.to_be_visible if spec.visible else shown.to_be_hidden)(timeout=timeout)
        if spec.equals is not None or spec.contains is not None:
            shown = expect_that(target)
            typed_in = await _is_text_box(target)  # a box's value is what it shows, not its (empty) text
            if spec.equals is not None:
                wanted = at.render(spec.equals)
                await (shown.to_have_value if typed_in else shown.to_have_text)(wanted, timeout=timeout)
            if spec.contains is not None:
                part = at.render(spec.contains)
                if typed_in:
                    await shown.to_have_value(re.compile(re.escape(part)), timeout=timeout)
                else:
                    await shown.to_contain_text(part, timeout=timeout)
    except AssertionError as exc:
        said = await fields.page_messages(at.page)  # the portal's own words, when its message area has any
        shot = await at.runner.screenshot(at.page, "failure")
        message = first_line(exc) + (f"；页面提示：{'；'.join(said)}" if said else "")
        raise StepFailed(f"检查 {describe(spec)}", message, shot) from None


NOT_TEXT_BOXES = frozenset({"button", "submit", "reset", "checkbox", "radio", "file", "image"})  # input types


async def _is_text_box(target: Locator) -> bool:
    """Whether the element is a text box (input or textarea), read through the reading engine (waits for it)."""
    info = await widgets.describe(target)
    return info["tag"] == "textarea" or (info["tag"] == "input" and info["type"] not in NOT_TEXT_BOXES)


async def cancel(*tasks: asyncio.Future[Any]) -> None:
    """Stop waiting for these (those done keep their result), and retrieve what each ended with."""
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


async def unless(event: asyncio.Event, work: Awaitable[None]) -> bool:
    """Do ``work``, but stop waiting for it as soon as ``event`` is set (it is then cancelled): whether it was done."""
    working = asyncio.ensure_future(work)
    stopped = asyncio.ensure_future(event.wait())
    done, _ = await asyncio.wait({working, stopped}, return_when=asyncio.FIRST_COMPLETED)
    for task in (working, stopped):
        if task not in done:
            task.cancel()
    await asyncio.gather(working, stopped, return_exceptions=True)
    if working not in done:
        return False
    await working
    return True


async def _frame_loaded(page: Page, pattern: str, timeout_ms: int) -> None:
    """Wait for a frame whose URL matches ``pattern`` to finish loading (a form's handlers bound on load)."""
    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        for frame in page.frames:
            if frame is not page.main_frame and fnmatch.fnmatch(frame.url, pattern.replace("**", "*")):
                await frame.wait_for_load_state("load")
                return
        if time.monotonic() > deadline:
            raise PlaywrightTimeout(f"等待框架 {pattern} 加载超时")
        with contextlib.suppress(PlaywrightTimeout):  # polled: a navigation between check and wait is not missed
            await page.wait_for_event("framenavigated", timeout=250)
