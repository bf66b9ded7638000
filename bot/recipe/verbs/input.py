"""Verbs that set one field or press a key: ``fill``, ``select``, ``check``, ``choose``, ``upload``, ``press``."""

from __future__ import annotations

from loguru import logger
from pydantic import Field

from bot.errors import StepFailed, WidgetError
from bot.recipe import widgets
from bot.recipe.context import Context
from bot.recipe.locate import describe
from bot.recipe.models import Common, Locator, Strict
from bot.recipe.registry import verb
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
    target = at.locate(step.fill)
    try:
        await widgets.fill_element(at.scope, target, at.render(step.fill.value))
    except WidgetError as exc:
        raise StepFailed(step.name or f"填写 {describe(step.fill)}", str(exc)) from None


@verb(Select, fills="value")
async def select(step: Select, at: Context) -> None:
    await at.locate(step.select).select_option(label=at.render(step.select.option), timeout=step.timeout)


@verb(Check, fills="value")
async def check(step: Check, at: Context) -> None:
    wanted = truthy(at.runner.evaluate(step.check.value))
    await at.locate(step.check).set_checked(wanted, timeout=step.timeout)


@verb(Choose, fills="value")
async def choose(step: Choose, at: Context) -> None:
    group = at.locate(step.choose)
    await group.get_by_label(at.render(step.choose.option), exact=True).check(timeout=step.timeout)


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
    raise StepFailed(f"上传 {describe(spec)}", f"门户多次答复出错（{transient.gave_up_on}）")


@verb(Press, leaves=True)
async def press(step: Press, at: Context) -> None:
    if step.press.target is not None:
        await at.locate(step.press.target).press(step.press.key, timeout=step.timeout)
    else:
        await at.page.keyboard.press(step.press.key)
