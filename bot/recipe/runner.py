"""Runs a recipe's steps in one browser page: the one place where steps meet Playwright.

The runner knows nothing of the ledger: ``submit`` calls ``on_submit_intent`` before the
click that cannot be undone (the engine records the intent there), and ``ask`` calls
``hand_off`` to get a person's answer. Every step is timed; personal values never reach
a log line unmasked (bot.privacy.log) and steps marked ``no_log`` log no value at all.
"""

from __future__ import annotations

import asyncio
import contextlib
import fnmatch
import mimetypes
import re
import secrets
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from loguru import logger
from playwright.async_api import Dialog, Locator, Page
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import TimeoutError as PlaywrightTimeout

from bot.errors import LoginDenied, PortalRefused, ReadBackMismatch, StepFailed, WidgetError
from bot.recipe import schema as s
from bot.recipe import widgets
from bot.recipe.locate import Scope, describe, locate
from bot.recipe.picture import take_picture
from bot.recipe.transient import TransientRetry
from bot.templating import Template, compile_template, is_template, truthy

SCREENSHOT_TIMEOUT_MS = 5000
UPLOAD_TRIES = 3
STEP_AGAIN_AFTER_RELOAD = 2  # times a step is done again after its page was loaded again


Refusal = type[PortalRefused] | type[LoginDenied]  # what an error box shown instead of the awaited page means


@dataclass(frozen=True)
class Question:
    """A hand-off: what the bot asks a person.

    ``cookies`` are the portal session's, for an answerer that can look the answer up by
    session (the demo portals' admin API); they are never stored, logged or shown.
    """

    kind: str
    question: str
    who: str
    image: bytes | None
    phone: str | None = None
    cookies: Mapping[str, str] = field(default_factory=dict, repr=False)


HandOff = Callable[[Question], Awaitable[str]]
Hook = Callable[[], Awaitable[None]]


@dataclass
class StepTiming:
    step: str
    seconds: float


@dataclass(frozen=True)
class Place:
    """Where a step stands, for the evidence: a filled page is pictured before a step that may leave it or hide
    what was filled (a wizard's 下一步, a tab), but not before a click that adds a row of a ``repeat`` and is
    followed by filling it (one picture of the page then shows every row)."""

    in_row: bool = False  # among the steps of a ``repeat``
    then: Any = None  # the step after this one, also past the end of an enclosing within/when/include

    def may_leave(self, step: Any) -> bool:
        adds_row = self.in_row and isinstance(step, s.Click) and isinstance(self.then, FILLING)
        return isinstance(step, (s.Click, s.Press, s.Goto)) and not adds_row


FILLED = (s.FillForm, s.Fill, s.Select, s.Check, s.Choose, s.Upload)  # steps that leave a value on the page
FILLING = (*FILLED, s.Within)  # what follows a click that adds a row


@dataclass
class RunResult:
    outputs: dict[str, str] = field(default_factory=dict)
    variables: dict[str, str] = field(default_factory=dict)
    timings: list[StepTiming] = field(default_factory=list)
    screenshots: list[Path] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)  # messages of native dialogs, accepted
    submitted: bool = False
    screenshot_seconds: float = 0.0  # what the evidence cost the filing (bench/overhead.py)


class Runner:
    """One filing's steps in one page. ``values`` holds f, app, outputs and secrets."""

    def __init__(
        self,
        recipe: s.Recipe,
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
        self.snippets = snippets or {}
        self.result = RunResult()
        self.page: Page  # set when a run, reconcile or poll begins
        self._templates: dict[str, Template] = {}
        self._unshot: list[str] = []  # groups filled since the last screenshot (see _evidence_of_filled)
        self._filled_here = False  # a step filled something since the last step that may leave the page
        self._transient = TransientRetry(
            lambda: not self.result.submitted, intercept=retry_transient, on_seen=on_transient
        )

    @property
    def met_transient_error(self) -> bool:
        """The portal answered a request of this filing with a transient error (transient.py)."""
        return self._transient.seen

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

    # --- running -----------------------------------------------------------------------------------
    async def run(self, page: Page) -> RunResult:
        """File: the recipe's steps from ``start`` up to and including ``submit``."""
        await self._begin(page)
        await self.steps(page, page, self.recipe.steps)
        await self._evidence_of_filled(page)
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
        receipt = {name: await self._read(entry, extraction, None, name) for name, extraction in spec.receipt.items()}
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
        outputs = {name: await self._read(page, extraction, None, name) for name, extraction in spec.outputs.items()}
        await self.screenshot(page, "approved")
        return outputs

    async def _begin(self, page: Page) -> None:
        self.page = page
        page.set_default_timeout(self.recipe.timeout)
        page.on("dialog", self._on_dialog)
        await self._transient.attach(page)
        await page.goto(self._url(self.recipe.start))

    async def steps(self, page: Page, scope: Scope, steps: list[Any], place: Place = Place()) -> None:
        for index, step in enumerate(steps):
            if self.result.submitted is False and self.dry_run and isinstance(step, s.Submit):
                self._unshot.clear()  # this screenshot shows them
                await self.screenshot(page, "dry-run-before-submit")
                logger.info("试运行：在提交前停止")
                return
            then = steps[index + 1] if index + 1 < len(steps) else place.then
            await self.step(page, scope, step, Place(place.in_row, then))

    async def step(self, page: Page, scope: Scope, step: Any, place: Place) -> None:
        label = step.name or _verb(step)
        started = time.perf_counter()
        try:
            if place.may_leave(step):
                await self._evidence_of_filled(page)
                self._filled_here = False
            await self._dispatch_past_reloads(page, scope, step, place)
            self._filled_here = self._filled_here or isinstance(step, FILLED)
        except (PortalRefused, StepFailed, ReadBackMismatch):
            raise
        except (PlaywrightTimeout, PlaywrightError) as exc:
            shot = await self.screenshot(page, "failure")
            raise StepFailed(label, _first_line(exc), shot) from None
        finally:
            self.result.timings.append(StepTiming(label, time.perf_counter() - started))
        logger.debug("步骤完成：{}（{:.2f} 秒）", label, self.result.timings[-1].seconds)

    async def _dispatch_past_reloads(self, page: Page, scope: Scope, step: Any, place: Place) -> None:
        """A step that met a page being loaded again (its portal had answered with an error) is done again
        once the page is back; never once the submit is sent."""
        for again in range(STEP_AGAIN_AFTER_RELOAD + 1):
            await self._transient.settled()  # a page about to be loaded again is not one to act on
            reloads = self._transient.reloaded
            try:
                await self._dispatch(page, scope, step, place)
                return
            except (StepFailed, ReadBackMismatch, PlaywrightError):
                if again == STEP_AGAIN_AFTER_RELOAD or self.result.submitted or self._transient.reloaded == reloads:
                    raise
            logger.info("页面已重新打开，重做此步骤")

    async def _dispatch(self, page: Page, scope: Scope, step: Any, place: Place) -> None:
        timeout = step.timeout
        match step:
            case s.Goto():
                await page.goto(self._url(self.render(step.goto)))
            case s.Click():
                await locate(scope, step.click, self.render).click(timeout=timeout)
            case s.Fill():
                target = locate(scope, step.fill, self.render)
                try:
                    await widgets.fill_element(scope, target, self.render(step.fill.value))
                except WidgetError as exc:
                    raise StepFailed(step.name or f"填写 {describe(step.fill)}", str(exc)) from None
            case s.Select():
                target = locate(scope, step.select, self.render)
                await target.select_option(label=self.render(step.select.option), timeout=timeout)
            case s.Check():
                wanted = truthy(self.evaluate(step.check.value))
                await locate(scope, step.check, self.render).set_checked(wanted, timeout=timeout)
            case s.Choose():
                group = locate(scope, step.choose, self.render)
                await group.get_by_label(self.render(step.choose.option), exact=True).check(timeout=timeout)
            case s.Upload():
                await self._upload(scope, step.upload, timeout)
            case s.Press():
                if step.press.target is not None:
                    await locate(scope, step.press.target, self.render).press(step.press.key, timeout=timeout)
                else:
                    await page.keyboard.press(step.press.key)
            case s.Wait():
                await self._wait(page, scope, step.wait, timeout)
            case s.Expect():
                await self._expect(scope, step.expect, timeout)
            case s.Extract():
                for name, spec in step.extract.items():
                    value = await self._read(scope, spec, timeout, name)
                    self.values["vars"][name] = self.result.variables[name] = value
            case s.Within():
                inner: Scope = scope
                if step.within.frame is not None:
                    inner = locate(scope, step.within.frame, self.render).content_frame
                if step.within.region is not None:
                    inner = locate(inner, step.within.region, self.render)
                await self.steps(page, inner, step.within.steps, place)
            case s.Repeat():
                rows = self.evaluate(step.repeat.over) or []
                for index, row in enumerate(rows):
                    self.values[step.repeat.as_] = row
                    self.values["loop_index"] = index
                    await self.steps(page, scope, step.repeat.steps, Place(in_row=True))
            case s.When():
                branch = step.when.steps if await self._holds(scope, step.when) else step.when.otherwise
                await self.steps(page, scope, branch, place)
            case s.Include():
                if step.include.snippet not in self.snippets:
                    raise StepFailed(_verb(step), f"没有加载共用片段 {step.include.snippet}")
                saved = dict(self.values)
                self.values.update({k: self.evaluate(v) for k, v in step.include.vars.items()})
                await self.steps(page, scope, self.snippets[step.include.snippet], place)
                self.values = {**saved, "vars": self.values["vars"]}
            case s.FillForm():
                await self._fill_form(page, scope, step.fill_form)
            case s.Ask():
                await self._ask(page, scope, step.ask)
            case s.Submit():
                await self._submit(page, scope, step.submit, timeout)
            case _:
                raise StepFailed(_verb(step), "此动词尚未实现")

    async def _fill_form(self, page: Page, scope: Scope, spec: s.FillFormArgs) -> None:
        """Fill every mapped field of a group found by its label, then read them all back.

        The fields are first read all at once (what each is and shows): one already right is left
        alone. Filling one field can change another, so a read-only field (often computed by the page
        from the others, e.g. a risk class from the industry) is read again just before it would be
        filled, and a field left alone that then reads back wrong is filled after all."""
        values = self.evaluate(spec.row) if spec.row else _group_values(self.values["f"], spec.group)
        group_scope = await _group_scope(scope, spec.group.split("/")[-1])
        fields = [
            (where, label, value)
            for where, label, value in await _leaves(scope, group_scope, values)
            if not ((spec.only and label not in spec.only) or label in spec.skip)
        ]
        prefix = f"{secrets.token_hex(4)}-"  # this fill's marks (pagejs.MARK), for the read-back
        elements = [await widgets.find_field(where, label) for where, label, _ in fields]
        first_look = await asyncio.gather(*(widgets.glance(e, f"{prefix}{i}") for i, e in enumerate(elements)))
        left_alone: list[int] = []
        for index, info in enumerate(first_look):
            if info is not None and _same(info["value"], fields[index][2]):
                left_alone.append(index)
            else:
                await self._fill_field(page, spec, fields[index], elements[index], info, f"{prefix}{index}")
        wrong = await _read_back(scope, prefix, fields)
        for index in [i for i in left_alone if i in wrong]:  # changed by filling another
            await self._fill_field(page, spec, fields[index], elements[index], None, f"{prefix}{index}")
            wrong.pop(index)
            wrong.update(await _read_back(scope, prefix, fields, [index]))
        if wrong:
            diffs = [(fields[i][1], fields[i][2], got) for i, got in sorted(wrong.items())]
            raise ReadBackMismatch(diffs, await self.screenshot(page, "read-back"))
        self._unshot.append(spec.group.replace("/", "-"))

    async def _fill_field(
        self,
        page: Page,
        spec: s.FillFormArgs,
        field: tuple[Scope, str, Any],
        element: Locator,
        info: dict[str, Any] | None,
        mark: str,
    ) -> None:
        """Fill one field of a group, unless, read now, it shows its value already."""
        where, label, value = field
        try:
            if info is None or info["readonly"]:  # not there at first, or maybe computed by the page meanwhile
                info = await widgets.describe(element, mark)
                if _same(info["value"], value):
                    return
            await widgets.fill_element(where, element, value, info)
        except (WidgetError, PlaywrightError) as exc:
            shot = await self.screenshot(page, "failure")
            raise StepFailed(f"填写“{spec.group}/{label}”", _first_line(exc), shot) from None

    async def _evidence_of_filled(self, page: Page) -> None:
        """One screenshot of the page once its groups are filled, taken before the step that may leave it:
        groups filled one after another on the same page need only one (each takes ~0.1 s)."""
        if self._unshot:
            groups, self._unshot = self._unshot, []
            await self.screenshot(page, "filled-" + "+".join(dict.fromkeys(groups)))  # a repeat's group once

    async def _wait(self, page: Page, scope: Scope, spec: s.WaitArgs, timeout: int | None) -> None:
        if spec.refused is None and spec.denied is None:
            await self._until(page, scope, spec, timeout)
        else:
            boxes: dict[Refusal, s.Locator | None] = {PortalRefused: spec.refused, LoginDenied: spec.denied}
            shown = {kind: locate(scope, box, self.render) for kind, box in boxes.items() if box is not None}
            await self._until_or_refused(page, scope, spec, shown, timeout)

    async def _until(self, page: Page, scope: Scope, spec: s.WaitArgs, timeout: int | None) -> None:
        if spec.url is not None:
            await page.wait_for_url(self.render(spec.url), timeout=timeout)
        if spec.frame_url is not None:
            await _frame_loaded(page, self.render(spec.frame_url), timeout or self.recipe.timeout)
        if spec.text is not None:
            await scope.get_by_text(self.render(spec.text)).first.wait_for(state="visible", timeout=timeout)
        if spec.visible is not None:
            await locate(scope, spec.visible, self.render).wait_for(state="visible", timeout=timeout)
        if spec.hidden is not None:
            await locate(scope, spec.hidden, self.render).wait_for(state="hidden", timeout=timeout)

    async def _upload(self, scope: Scope, spec: s.UploadArgs, timeout: int | None) -> None:
        """Choose the file; with ``done``, until the page says it is uploaded: an upload the portal answered
        with an error (which nobody can send again for us: see transient) is chosen again."""
        target = locate(scope, spec, self.render)
        for attempt in range(UPLOAD_TRIES):
            self._transient.gave_up.clear()
            async with self._transient.paused():
                if attempt:  # Chromium sends no change event for the same file chosen again: unchoose it first
                    await target.set_input_files([], timeout=timeout)
                await target.set_input_files(self.render(spec.file), timeout=timeout)
                if spec.done is None or await _unless(self._transient.gave_up, self._expect(scope, spec.done, timeout)):
                    return
            logger.info("上传时门户答复出错（{}），重新选择文件", self._transient.gave_up_on)
        raise StepFailed(f"上传 {describe(spec)}", f"门户多次答复出错（{self._transient.gave_up_on}）")

    async def _expect(self, scope: Scope, spec: s.ExpectArgs, timeout: int | None) -> None:
        """Read and assert in one step, retried until the timeout (no sleeps: Playwright's expect polls)."""
        from playwright.async_api import expect

        target = locate(scope, spec, self.render)
        try:
            if spec.visible is not None:
                await (expect(target).to_be_visible if spec.visible else expect(target).to_be_hidden)(timeout=timeout)
            if spec.equals is not None:
                await expect(target).to_have_text(self.render(spec.equals), timeout=timeout)
            if spec.contains is not None:
                await expect(target).to_contain_text(self.render(spec.contains), timeout=timeout)
        except AssertionError as exc:
            raise StepFailed(f"检查 {describe(spec)}", _first_line(exc)) from None

    async def _holds(self, scope: Scope, spec: s.WhenArgs) -> bool:
        if spec.visible is not None:
            return await locate(scope, spec.visible, self.render).first.is_visible()
        return truthy(self.evaluate(spec.condition))

    async def _read(self, scope: Scope, spec: s.Extraction, timeout: int | None, name: str) -> str:
        target = locate(scope, spec, self.render)
        if spec.download:
            return str(await self._download(target, name, timeout))
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

    async def _ask(self, page: Page, scope: Scope, spec: s.AskArgs) -> None:
        if self.hand_off is None:
            raise StepFailed(f"询问：{spec.question}", "此次运行无人应答（没有设置人工应答方式）")
        image = await locate(scope, spec.image, self.render).screenshot() if spec.image else None
        phone = self.render(spec.phone) if spec.phone else None
        cookies = {c["name"]: c["value"] for c in await page.context.cookies(page.url) if "name" in c and "value" in c}
        answer = await self.hand_off(Question(spec.kind, spec.question, spec.who, image, phone, cookies))
        self.values["vars"][spec.into] = answer

    async def _submit(self, page: Page, scope: Scope, spec: s.SubmitArgs, timeout: int | None) -> None:
        if self._filled_here:  # a filled page; a review page repeats the filled pages' pictures
            self._unshot.clear()
            await self.screenshot(page, "before-submit")
        if self.on_submit_intent is not None:
            await self.on_submit_intent()
        self.result.submitted = True
        self._transient.gave_up.clear()
        answered = await _unless(self._transient.gave_up, self._send_and_read_receipt(page, scope, spec, timeout))
        if not answered:  # the portal's answer to the submit was an error or never came
            shot = await self.screenshot(page, "failure")
            raise StepFailed("提交", f"门户没有正常答复（{self._transient.gave_up_on}），是否已受理未知", shot)
        await self.screenshot(page, "receipt")

    async def _send_and_read_receipt(self, page: Page, scope: Scope, spec: s.SubmitArgs, timeout: int | None) -> None:
        await locate(scope, spec.click, self.render).click(timeout=timeout)
        if spec.confirm is not None:
            await locate(scope, spec.confirm, self.render).click(timeout=timeout)
        where: Scope = page if spec.receipt_in == "page" else scope
        if spec.wait is not None and spec.refused is not None:  # the error box shows where the form is
            refusal: dict[Refusal, Locator] = {PortalRefused: locate(scope, spec.refused, self.render)}
            await self._until_or_refused(page, where, spec.wait, refusal, timeout)
        elif spec.wait is not None:
            await self._wait(page, where, spec.wait, timeout)
        for name, extraction in spec.receipt.items():
            self.result.outputs[name] = await self._read(where, extraction, timeout, name)

    async def _until_or_refused(
        self,
        page: Page,
        scope: Scope,
        spec: s.WaitArgs,
        boxes: Mapping[Refusal, Locator],
        timeout: int | None,
    ) -> None:
        """Whichever the portal shows first: what is awaited, or one of its error boxes (raised as the box's kind,
        with its text)."""
        shown = {kind: box.filter(visible=True) for kind, box in boxes.items()}
        awaited = asyncio.ensure_future(self._until(page, scope, spec, timeout))
        watches = {
            asyncio.ensure_future(box.first.wait_for(state="visible", timeout=timeout)): kind
            for kind, box in shown.items()
        }
        try:
            done, _ = await asyncio.wait({awaited, *watches}, return_when=asyncio.FIRST_COMPLETED)
        except asyncio.CancelledError:  # the step was given up (the portal's answer was lost): the waits end too
            await _cancel(awaited, *watches)
            raise
        kind = next((kind for watch, kind in watches.items() if watch in done and watch.exception() is None), None)
        if kind is not None:
            await _cancel(awaited, *watches)
            reason = "；".join(text.strip() for text in await shown[kind].all_inner_texts() if text.strip())
            shot = await self.screenshot(page, "refused" if kind is PortalRefused else "denied")
            raise kind(reason or "门户未受理", shot)
        await _cancel(*watches)
        await awaited  # a timeout here is a StepFailed, as without ``refused``

    async def _download(self, link: Locator, name: str, timeout: int | None) -> Path:
        """Fetch a link's file with the page's own cookies (no download dialog) and keep it with the evidence."""
        href = await link.first.get_attribute("href", timeout=timeout)
        if not href:
            raise StepFailed(f"下载 {name}", "链接没有 href")
        response = await self.page.request.get(urljoin(self.page.url, href))
        if not response.ok:
            raise StepFailed(f"下载 {name}", f"门户返回 HTTP {response.status}")
        kind = response.headers.get("content-type", "").split(";")[0].strip()
        path = self.evidence_dir / f"{name}{mimetypes.guess_extension(kind) or ''}"
        self.evidence_dir.mkdir(parents=True, exist_ok=True)
        path.write_bytes(await response.body())
        return path

    # --- evidence ------------------------------------------------------------------------------------
    async def screenshot(self, page: Page, what: str) -> Path | None:
        self.evidence_dir.mkdir(parents=True, exist_ok=True)
        path = self.evidence_dir / f"{len(self.result.screenshots) + 1:02d}-{what}.jpg"
        started = time.perf_counter()
        try:  # JPEG: a third faster than PNG for a long form page, and as legible
            if not await take_picture(page, path, timeout_ms=SCREENSHOT_TIMEOUT_MS):
                return None
        finally:
            self.result.screenshot_seconds += time.perf_counter() - started
        self.result.screenshots.append(path)
        return path

    def _url(self, target: str) -> str:
        return target if re.match(r"^[a-z]+://", target) else f"{self.base_url}/{target.lstrip('/')}"


async def _cancel(*tasks: asyncio.Future[Any]) -> None:
    """Stop waiting for these (those done keep their result), and retrieve what each ended with."""
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


async def _unless(event: asyncio.Event, work: Awaitable[None]) -> bool:
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


def _group_values(f: Mapping[str, Any], group: str) -> Mapping[str, Any]:
    node: Any = f
    for part in group.split("/"):
        if not isinstance(node, Mapping) or part not in node:
            raise StepFailed(f"fill_form {group}", f"映射中没有分组“{part}”")
        node = node[part]
    if not isinstance(node, Mapping):
        raise StepFailed(f"fill_form {group}", "这是一个字段，不是分组：请用 fill")
    return node


async def _group_scope(scope: Scope, name: str) -> Scope:
    """The portal's own group (fieldset/legend, role=group) when it has one; else the current scope."""
    group = scope.get_by_role("group", name=name, exact=True)
    return group.first if await group.count() else scope


async def _sub_group(outer: Scope, scope: Scope, name: str) -> Scope:
    """The group ``name`` inside ``scope``, else beside it (inside ``outer``), else ``outer``. One query
    when the name is unique in ``outer`` (then it is the same group wherever it sits)."""
    beside = outer.get_by_role("group", name=name, exact=True)
    count = await beside.count()
    if count > 1 and scope is not outer:
        inside = scope.get_by_role("group", name=name, exact=True)
        return inside.first if await inside.count() else beside.first
    return beside.first if count else outer


async def _leaves(outer: Scope, scope: Scope, values: Mapping[str, Any]) -> list[tuple[Scope, str, Any]]:
    """Fields of a group in order. A sub-group is the portal's group of that name, inside this group or,
    where the portal puts groups side by side, beside it; tables are left to repeat steps."""
    nested = [label for label, value in values.items() if isinstance(value, Mapping)]
    found_groups = await asyncio.gather(*(_sub_group(outer, scope, label) for label in nested))
    groups = dict(zip(nested, found_groups, strict=True))
    found: list[tuple[Scope, str, Any]] = []
    for label, value in values.items():
        if isinstance(value, Mapping):
            found += await _leaves(outer, groups[label], value)  # sub-groups looked up at once, not one by one
        elif isinstance(value, list) and value and isinstance(value[0], Mapping):
            continue
        else:
            found.append((scope, label, value))
    return found


async def _read_back(
    scope: Scope, prefix: str, fields: list[tuple[Scope, str, Any]], which: list[int] | None = None
) -> dict[int, Any]:
    """Index → what the field shows, for each field (of ``which``) not showing its value: all at once by
    the marks their first read left; by label where a widget was rebuilt meanwhile (its mark gone)."""
    marked = await widgets.read_marked(scope, prefix)
    wrong = {}
    for index in range(len(fields)) if which is None else which:
        where, label, value = fields[index]
        mark = f"{prefix}{index}"
        shown = marked[mark] if mark in marked else await widgets.read_field(where, label)
        if not _same(shown, value):
            wrong[index] = shown
    return wrong


def _same(got: Any, want: Any) -> bool:
    if isinstance(want, bool) or isinstance(got, bool):
        return truthy(got) == truthy(want)
    if isinstance(want, list) and isinstance(got, str):  # a cascader shows its path as one text, maybe "省 / 市"
        return "/".join(map(str, want)) == re.sub(r"\s*/\s*", "/", got.strip())
    if isinstance(got, list) and not isinstance(want, list):  # a radio group reads as its one chosen label
        want = [] if want is None or str(want).strip() == "" else [want]
    if isinstance(want, list) or isinstance(got, list):
        return sorted(map(str, want or [])) == sorted(map(str, got or []))
    return str(got if got is not None else "").strip() == str(want if want is not None else "").strip()


def _shown(value: Any) -> str:
    return "、".join(map(str, value)) if isinstance(value, list) else str(value)


def _verb(step: Any) -> str:
    return next(name for name in s.STEP_TYPES if hasattr(step, name))


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
