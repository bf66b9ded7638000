"""The verb that moves the mouse as a person does: ``drag``.

Why: many portals put a slider check (滑块验证) before the login, which passes only when the handle
is dragged with the mouse, in many small moves, to the end of its track; a click or a script that
sets the position is refused. ``drag`` presses on the element, moves in short eased steps with a
slight wobble (a jump straight to the end is what such checks refuse), and lets go over another
element or at an edge of the track. It waits on nothing after: the step that follows says what the
page must show (``wait``/``expect`` 验证通过).
"""

from __future__ import annotations

import math
from typing import Literal

from playwright.async_api import FloatRect, Locator
from playwright.async_api import TimeoutError as PlaywrightTimeout
from pydantic import Field, model_validator

from bot.errors import StepFailed
from bot.recipe.context import Context
from bot.recipe.locate import describe
from bot.recipe.models import Common
from bot.recipe.models import Locator as LocatorSpec
from bot.recipe.registry import verb

MOVES = 24  # mouse moves from press to release: enough for the slider checks seen, ~0.1 s in all
Edge = Literal["right", "left", "top", "bottom"]


class DragArgs(LocatorSpec):
    """The element to drag (a slider's handle), and where to let go: over ``to``, or at an ``edge``."""

    to: LocatorSpec | None = Field(None, description="let go over the centre of this element")
    edge: Edge | None = Field(None, description="let go at this edge of the track (the handle stays inside it)")
    track: LocatorSpec | None = Field(None, description="the track whose edge is meant; default: the element's parent")

    @model_validator(mode="after")
    def _one_destination(self) -> DragArgs:
        if (self.to is None) == (self.edge is None):
            raise ValueError("drag 需要 to（拖到某个元素上）或 edge（拖到滑轨的一边）之一")
        if self.track is not None and self.edge is None:
            raise ValueError("track 只能与 edge 一起使用")
        return self


class Drag(Common):
    drag: DragArgs


@verb(Drag)
async def drag(step: Drag, at: Context) -> None:
    args = step.drag
    timeout = step.timeout or at.runner.timeout
    name = step.name or f"拖动 {describe(args)}"
    handle = at.locate(args)
    handle_box = await _box(at, handle, describe(args), name, timeout, scroll=True)
    start = _centre(handle_box)
    if args.to is not None:
        end = _centre(await _box(at, at.locate(args.to), describe(args.to), name, timeout))
    else:
        assert args.edge is not None
        track = at.locate(args.track) if args.track is not None else handle.locator("xpath=..")
        where = describe(args.track) if args.track is not None else f"{describe(args)}的滑轨"
        end = _at_edge(await _box(at, track, where, name, timeout), handle_box, args.edge)
    mouse = at.page.mouse
    await mouse.move(*start)
    await mouse.down()
    for x, y in path(start, end):
        await mouse.move(x, y)
    await mouse.up()


def path(start: tuple[float, float], end: tuple[float, float], moves: int = MOVES) -> list[tuple[float, float]]:
    """Points from ``start`` to ``end`` as a hand moves: fast then slowing (ease-out), a pixel's wobble
    across the way, ending exactly at ``end``."""
    (x0, y0), (x1, y1) = start, end
    points = []
    for i in range(1, moves + 1):
        t = i / moves
        eased = 1 - (1 - t) ** 3
        wobble = 0.0 if i == moves else math.sin(i * 1.7)
        points.append((x0 + (x1 - x0) * eased, y0 + (y1 - y0) * eased + wobble))
    return points


async def _box(at: Context, element: Locator, what: str, step: str, timeout: int, *, scroll: bool = False) -> FloatRect:
    """Where the element is on the screen (scrolled into view first, if asked); a failure names it, with
    the page's picture, instead of quoting Playwright's timeout."""
    try:
        await element.wait_for(state="visible", timeout=timeout)
        if scroll:
            await element.scroll_into_view_if_needed(timeout=timeout)
        box = await element.bounding_box(timeout=timeout)
    except PlaywrightTimeout:
        box, problem = None, f"{timeout} 毫秒内页面上没有显示{what}"
    else:
        problem = f"{what}不在页面上显示，无法拖动"
    if box is None:
        raise StepFailed(step, problem, await at.runner.screenshot(at.page, "failure"))
    return box


def _centre(box: FloatRect) -> tuple[float, float]:
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def _at_edge(track: FloatRect, handle: FloatRect, edge: Edge) -> tuple[float, float]:
    """Where the handle's centre is when the handle touches ``edge`` of the track from inside."""
    x, y = _centre(track)
    if edge == "right":
        x = track["x"] + track["width"] - handle["width"] / 2
    elif edge == "left":
        x = track["x"] + handle["width"] / 2
    elif edge == "bottom":
        y = track["y"] + track["height"] - handle["height"] / 2
    else:
        y = track["y"] + handle["height"] / 2
    return x, y
