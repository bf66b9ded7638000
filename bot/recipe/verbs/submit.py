"""The point of no return: ``submit`` records the intent, clicks, answers the confirmation, reads the receipt."""

from __future__ import annotations

from typing import Literal

from playwright.async_api import Locator
from pydantic import Field, model_validator

from bot.errors import PortalRefused, StepFailed
from bot.recipe import models
from bot.recipe.context import Context
from bot.recipe.locate import Scope
from bot.recipe.models import Common, Extraction, Strict
from bot.recipe.registry import verb
from bot.recipe.verbs.reading import read
from bot.recipe.verbs.waits import Refusal, WaitArgs, unless, until_or_refused, wait_for


class SubmitArgs(Strict):
    """The point of no return: the ledger records the intent before ``click``."""

    click: models.Locator
    confirm: models.Locator | None = Field(None, description="a confirmation dialog's button, if any")
    receipt: dict[str, Extraction] = Field(description="outputs read from the receipt page, e.g. receipt_no")
    wait: WaitArgs | None = None
    receipt_in: Literal["here", "page"] = Field(
        "here", description="where the receipt shows: in the current scope (e.g. the same iframe) or the whole page"
    )
    refused: models.Locator | None = Field(
        None,
        description="what the portal shows instead of a receipt when it refuses the data (its error box): "
        "the filing then fails as a business error with that text, and is not retried",
    )

    @model_validator(mode="after")
    def _refused_needs_wait(self) -> SubmitArgs:
        if self.refused is not None and self.wait is None:
            raise ValueError("refused 需要与 wait 同用：等待回执或错误提示，先出现者为准")
        return self


class Submit(Common):
    submit: SubmitArgs


@verb(Submit, final=True)
async def submit(step: Submit, at: Context) -> None:
    runner, page = at.runner, at.page
    if runner.filled_here:  # a filled page; a review page repeats the filled pages' pictures
        runner.unshot.clear()
        await runner.screenshot(page, "before-submit")
    if runner.on_submit_intent is not None:
        await runner.on_submit_intent()
    runner.result.submitted = True
    runner.transient.gave_up.clear()
    answered = await unless(runner.transient.gave_up, _send_and_read_receipt(at, step.submit, step.timeout))
    if not answered:  # the portal's answer to the submit was an error or never came
        shot = await runner.screenshot(page, "failure")
        raise StepFailed("提交", f"门户没有正常答复（{runner.transient.gave_up_on}），是否已受理未知", shot)
    await runner.screenshot(page, "receipt")


async def _send_and_read_receipt(at: Context, spec: SubmitArgs, timeout: int | None) -> None:
    await at.locate(spec.click).click(timeout=timeout)
    if spec.confirm is not None:
        await at.locate(spec.confirm).click(timeout=timeout)
    where: Scope = at.page if spec.receipt_in == "page" else at.scope
    if spec.wait is not None and spec.refused is not None:  # the error box shows where the form is
        refusal: dict[Refusal, Locator] = {PortalRefused: at.locate(spec.refused)}
        await until_or_refused(at.inside(where), spec.wait, refusal, timeout)
    elif spec.wait is not None:
        await wait_for(at.inside(where), spec.wait, timeout)
    for name, extraction in spec.receipt.items():
        at.runner.result.outputs[name] = await read(at.inside(where), extraction, timeout, name)
