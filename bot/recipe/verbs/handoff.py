"""The hand-off verb: ``ask`` a person (a captcha, an SMS code, a decision) and keep the answer in ``vars``."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from bot.errors import StepFailed
from bot.recipe.context import Context, Question
from bot.recipe.models import Common, Locator, Strict
from bot.recipe.registry import verb


class AskArgs(Strict):
    """A hand-off: a question a person answers (captcha, SMS code, a decision)."""

    kind: Literal["captcha", "sms", "decision"]
    question: str = Field(description="Chinese, shown to the clerk or the applicant")
    image: Locator | None = Field(None, description="for a captcha: the image to show")
    who: Literal["clerk", "applicant"] = "clerk"
    phone: str | None = Field(
        None, description="for an SMS code: the mobile it was sent to (shown masked), e.g. {{ f.经办人.联系电话 }}"
    )
    into: str = Field(description="the variable that receives the answer")


class Ask(Common):
    ask: AskArgs


@verb(Ask)
async def ask(step: Ask, at: Context) -> None:
    spec, runner, page = step.ask, at.runner, at.page
    if runner.hand_off is None:
        raise StepFailed(f"询问：{spec.question}", "此次运行无人应答（没有设置人工应答方式）")
    image = await at.locate(spec.image).screenshot() if spec.image else None
    phone = at.render(spec.phone) if spec.phone else None
    cookies = {c["name"]: c["value"] for c in await page.context.cookies(page.url) if "name" in c and "value" in c}
    answer = await runner.hand_off(Question(spec.kind, spec.question, spec.who, image, phone, cookies))
    runner.values["vars"][spec.into] = answer
