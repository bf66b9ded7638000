"""Files one item through its recipe in one browser page: the step loop, where steps meet Playwright.

Each verb's handler (bot/recipe/verbs/, found through bot/recipe/registry.py) does one step;
the runner keeps what is around every step: timing, the picture of a filled page before a step
that may leave it, a step done again once a page that failed to load is back (transient.py),
and the failure screenshot. It knows nothing of the ledger: ``submit`` calls
``on_submit_intent`` before the click that cannot be undone (the engine records the intent
there), and ``ask`` calls ``hand_off`` to get a person's answer. Personal values never reach a
log line unmasked (bot.privacy.log) and steps marked ``no_log`` log no value at all.
"""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from loguru import logger
from playwright.async_api import Dialog, Page
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import TimeoutError as PlaywrightTimeout

from bot.errors import PortalRefused, ReadBackMismatch, SessionExpired, StepFailed, in_words
from bot.recipe import fields, registry
from bot.recipe.context import Context, FilingResult, HandOff, Hook, Place, Question, StepTiming
from bot.recipe.locate import Scope, describe, locate
from bot.recipe.models import Common
from bot.recipe.models import Locator as LocatorSpec
from bot.recipe.picture import take_picture
from bot.recipe.schema import Recipe
from bot.recipe.transient import TransientRetry
from bot.recipe.verbs.reading import read
from bot.templating import Template, compile_template, is_template

__all__ = ["FilingResult", "HandOff", "Hook", "Place", "Question", "Runner", "StepTiming"]

SCREENSHOT_TIMEOUT_MS = 5000  # a picture on the way (filled, before-submit, receipt): never holds a filing up long
# The picture an error carries is what the clerk reads the failure by, and the filing is stopping anyway: it waits
# for a busy page (load run 51 lost a 找不到标签 failure's picture after 5 s, the page starved of CPU).
EXPLAINING_SCREENSHOT_TIMEOUT_MS = 15000
EXPLAINING = frozenset({"failure", "refused", "denied", "read-back"})  # the pictures errors carry
SESSION_ENDED = "门户会话已结束（页面回到了登录页）"
STEP_AGAIN_AFTER_RELOAD = 2  # times a step is done again after its page was loaded again
_OWN = Place()  # where a step of the recipe's own list stands


class Runner:
    """One filing's steps in one page. ``values`` holds f, app, outputs and secrets."""

    def __init__(
        self,
        recipe: Recipe,
        *,
        base_url: str,
        values: Mapping[str, Any],
        evidence_dir: Path,
        hand_off: HandOff | None = None,
        on_submit_intent: Hook | None = None,
        dry_run: bool = False,
        snippets: Mapping[str, list[Any]] | None = None,
        retry_transient: bool = False,
        on_transient: Callable[[], None] | None = None,
    ) -> None:
        self.recipe = recipe
        self.base_url = base_url.rstrip("/")
        self.values: dict[str, Any] = {**values, "vars": {}}
        self.evidence_dir = evidence_dir
        self.hand_off = hand_off
        self.on_submit_intent = on_submit_intent
        self.dry_run = dry_run
        self.snippets: Mapping[str, list[Common]] = snippets or {}
        self.result = FilingResult()
        self.page: Page  # set when a filing, reconcile or poll begins
        self._templates: dict[str, Template] = {}
        self.unshot: list[str] = []  # groups filled since the last screenshot (see evidence_of_filled)
        self.filled_here = False  # a step filled something since the last step that may leave the page
        self.transient = TransientRetry(
            lambda: not self.result.submitted, intercept=retry_transient, on_seen=on_transient
        )

    @property
    def met_transient_error(self) -> bool:
        """The portal answered a request of this filing with a transient error (transient.py)."""
        return self.transient.seen

    @property
    def timeout(self) -> int:
        return self.recipe.timeout

    async def _on_dialog(self, dialog: Dialog) -> None:
        """Native alert()/confirm(): accepted (a portal's "确认提交？"), the message kept for the report."""
        self.result.dialogs.append(dialog.message)
        logger.info("门户对话框：{}", dialog.message)
        await dialog.accept()

    # --- values -----------------------------------------------------------------------------------
    def evaluate(self, source: Any) -> Any:
        if not is_template(source):
            return source
        template = self._templates.get(source)
        if template is None:
            template = self._templates[source] = compile_template(source, None)
        return template.evaluate(self.values)

    def render(self, source: str) -> str:
        value = self.evaluate(source)
        return "" if value is None else str(value)

    def url(self, target: str) -> str:
        return target if re.match(r"^[a-z]+://", target) else f"{self.base_url}/{target.lstrip('/')}"

    # --- filing -------------------------------------------------------------------------------------
    async def file(self, page: Page) -> FilingResult:
        """File the item: the recipe's steps from ``start`` up to and including ``submit``."""
        await self._begin(page)
        await self.steps(page, page, self.recipe.steps)
        await self.evidence_of_filled(page)
        return self.result

    async def reconcile(self, page: Page) -> dict[str, str] | None:
        """Look for an earlier submission on the portal (我的办件) instead of submitting again.

        Returns the receipt read from its entry, or None when the portal lists no such filing.
        """
        spec = self.recipe.reconcile
        if spec is None:
            raise StepFailed("核对提交结果", f"配方 {self.recipe.item} 没有 reconcile 部分，请到门户人工核实是否已提交")
        await self._begin(page)
        await self.steps(page, page, spec.steps)
        where: Scope = page if spec.frame is None else locate(page, spec.frame, self.render).content_frame
        entry = locate(where, spec.found, self.render).first
        if not await entry.count():
            await self.screenshot(page, "reconcile-not-found")
            return None
        at = Context(self, page, entry, Place())
        receipt = {name: await read(at, extraction, None, name) for name, extraction in spec.receipt.items()}
        await self.screenshot(page, "reconcile-found")
        return receipt

    async def poll_approval(self, page: Page) -> dict[str, str] | None:
        """One look at whether the portal has approved: the outputs approval brings, or None while it has not.

        A refusal raises PortalRefused with the portal's reason.
        """
        spec = self.recipe.approval
        if spec is None:
            return {}
        await self._begin(page)
        await self.steps(page, page, spec.steps)
        if spec.refused is not None:
            refusal = locate(page, spec.refused, self.render).first
            if await refusal.is_visible():
                reason = (await refusal.inner_text()).strip()
                raise PortalRefused(reason, await self.screenshot(page, "refused"))
        if not await locate(page, spec.approved, self.render).first.is_visible():
            return None
        at = Context(self, page, page, Place())
        outputs = {name: await read(at, extraction, None, name) for name, extraction in spec.outputs.items()}
        await self.screenshot(page, "approved")
        return outputs

    async def _begin(self, page: Page) -> None:
        self.page = page
        page.set_default_timeout(self.recipe.timeout)
        page.on("dialog", self._on_dialog)
        await self.transient.attach(page)
        try:
            await page.goto(self.url(self.recipe.start))
        except PlaywrightError as exc:  # before any step: said in words, with its picture, as a step's failure
            shot = await self.screenshot(page, "failure")
            slow = f"{self.timeout} 毫秒内没有打开（门户可能很慢或暂时不可用）"
            said = slow if isinstance(exc, PlaywrightTimeout) else in_words(exc)
            raise StepFailed(f"打开起始页 {self.recipe.start}", said, shot) from None

    async def steps(self, page: Page, scope: Scope, steps: list[Common], place: Place = _OWN) -> None:
        for index, step in enumerate(steps):
            if self.result.submitted is False and self.dry_run and registry.of(step).final:
                self.unshot.clear()  # this screenshot shows them
                await self.screenshot(page, "dry-run-before-submit")
                logger.info("试运行：在提交前停止")
                return
            then = steps[index + 1] if index + 1 < len(steps) else place.then
            await self.step(page, scope, step, Place(place.in_row, then))

    async def step(self, page: Page, scope: Scope, step: Common, place: Place) -> None:
        verb = registry.of(step)
        label = step.name or verb.name
        started = time.perf_counter()
        try:
            if _may_leave(verb, place):
                await self.evidence_of_filled(page)
                self.filled_here = False
            await self._scripts_ran(page)
            await self._do_past_reloads(verb, step, Context(self, page, scope, place))
            self.filled_here = self.filled_here or verb.fills is not None
        except (PortalRefused, ReadBackMismatch, SessionExpired):
            raise
        except StepFailed as exc:
            if await self._logged_out(page):
                raise SessionExpired(registry.title(step), SESSION_ENDED, exc.screenshot) from None
            raise
        except (PlaywrightTimeout, PlaywrightError) as exc:
            message = await self._what_happened(page, scope, step, exc)
            shot = await self.screenshot(page, "failure")
            if await self._logged_out(page):
                raise SessionExpired(registry.title(step), f"{SESSION_ENDED}：{message}", shot) from None
            raise StepFailed(registry.title(step), message, shot) from None
        finally:
            self.result.timings.append(StepTiming(label, time.perf_counter() - started))
        logger.debug("步骤完成：{}（{:.2f} 秒）", label, self.result.timings[-1].seconds)

    async def _scripts_ran(self, page: Page) -> None:
        """Wait until the page's document is parsed and its scripts have run (DOMContentLoaded), as a person waits
        for a page to finish loading before using it. Its controls can be used earlier: on a slow portal a
        stylesheet still loading holds back the script at the end of the page, and a select changed meanwhile
        calls a handler that does not exist yet (the fund centre's 区划 selects: no postback, no next options)."""
        with contextlib.suppress(PlaywrightTimeout):  # the step itself then says what is missing
            await page.wait_for_load_state("domcontentloaded", timeout=self.timeout)

    async def _logged_out(self, page: Page) -> bool:
        """Whether the page shows the recipe's ``logged_out`` sign (its login button) now, before the submit: a
        failure there is the portal's session ending, not the step's. After the submit, the outcome is unknown
        whatever the page shows (reconciled)."""
        spec = self.recipe.logged_out
        if spec is None or self.result.submitted:
            return False
        try:
            return await locate(page, spec, self.render).first.is_visible()
        except PlaywrightError:
            return False

    async def _do_past_reloads(self, verb: registry.Verb[Any], step: Common, at: Context) -> None:
        """A step that met a page being loaded again (its portal had answered with an error) is done again
        once the page is back; never once the submit is sent."""
        for again in range(STEP_AGAIN_AFTER_RELOAD + 1):
            await self.transient.settled()  # a page about to be loaded again is not one to act on
            reloads = self.transient.reloaded
            try:
                await verb.handler(step, at)
                return
            except (StepFailed, ReadBackMismatch, PlaywrightError):
                if again == STEP_AGAIN_AFTER_RELOAD or self.result.submitted or self.transient.reloaded == reloads:
                    raise
            logger.info("页面已重新打开，重做此步骤")

    async def _what_happened(self, page: Page, scope: Scope, step: Common, exc: PlaywrightError) -> str:
        """A failed step in a person's words: a label that is not on the page named with the labels near it,
        a wait that timed out with what the page shows in its message area (a wrong captcha reads as the
        portal's 验证码错误), else Playwright's first line."""
        spec = getattr(step, registry.of(step).name, None)
        try:
            found = isinstance(spec, LocatorSpec) and await locate(scope, spec, self.render).count() > 0
            if isinstance(spec, LocatorSpec) and spec.label and not found:
                return str(await fields.not_found(scope, self.render(spec.label)))
            if isinstance(exc, PlaywrightTimeout):
                said = await fields.page_messages(page)
                what = describe(spec) if isinstance(spec, LocatorSpec) else "页面变化"
                waited = f"{step.timeout or self.timeout} 毫秒内没有等到{what}"
                if found:
                    waited = f"{what}在页面上，但{in_words(exc)}"  # what stood in its way, not "没有等到"
                return waited + (f"；页面提示：{'；'.join(said)}" if said else "")
        except PlaywrightError:
            pass  # the page is gone: Playwright's own words are all there is
        return in_words(exc)

    # --- evidence ------------------------------------------------------------------------------------
    async def evidence_of_filled(self, page: Page) -> None:
        """One screenshot of the page once its groups are filled, taken before the step that may leave it:
        groups filled one after another on the same page need only one (each takes ~0.1 s)."""
        if self.unshot:
            groups, self.unshot = self.unshot, []
            await self.screenshot(page, "filled-" + "+".join(dict.fromkeys(groups)))  # a repeat's group once

    async def screenshot(self, page: Page, what: str) -> Path | None:
        self.evidence_dir.mkdir(parents=True, exist_ok=True)
        path = self.evidence_dir / f"{len(self.result.screenshots) + 1:02d}-{what}.jpg"
        started = time.perf_counter()
        try:  # JPEG: a third faster than PNG for a long form page, and as legible
            timeout_ms = EXPLAINING_SCREENSHOT_TIMEOUT_MS if what in EXPLAINING else SCREENSHOT_TIMEOUT_MS
            if not await take_picture(page, path, timeout_ms=timeout_ms):
                return None
        finally:
            self.result.screenshot_seconds += time.perf_counter() - started
        self.result.screenshots.append(path)
        return path


def _may_leave(verb: registry.Verb[Any], place: Place) -> bool:
    """Whether a step may leave the page or hide what was filled: not a click that adds a row of a ``repeat``
    and is followed by filling it (or by stepping into it)."""
    if not verb.leaves:
        return False
    if not (verb.adds_row and place.in_row and place.then is not None):
        return True
    then = registry.of(place.then)
    return not (then.fills is not None or then.enters)
