"""Every exception of bot/, in one place, each with the exit status a command gives for it.

BotError                      anything the bot reports to a person instead of a traceback (exit 1)
├── SpecError                 a maintainer's YAML (form, mapping, bundle, recipe) is wrong; carries every
│                             Problem found, each with file:line:col (exit 1)
├── ApplicationInvalid        an applicant's values break the form's rules; carries every FieldError, each
│                             naming the field's Chinese label (and row) (exit 2)
├── CommandLineError          the command line names nothing there is: an unknown bundle, item, run or question,
│                             an option that needs another (exit 2)
├── BadFile                   an applicant's file (application, batch) is not well formed: its syntax, a
│                             duplicate key, nesting too deep, a number too long, a bad column, no rows;
│                             names the file and the line, row or column (exit 2)
├── UnreadableFile            a file cannot be read as the text or table it should be: missing, not UTF-8
│                             (the encoding it seems to be is named), binary, a broken spreadsheet (exit 1)
├── SecretMissing             a recipe needs a secret nobody provided (exit 1)
├── LedgerKeyError            the ledger's personal data cannot be decrypted with the key at hand (exit 1)
├── DocumentUnreadable        an applicant's document is no image or PDF the reader opens (exit 2)
├── PageError                 a filing stopped on a portal's page; carries its ``screenshot`` (exit 4)
│   ├── StepFailed            a step could not be done: technical, retried (exit 4)
│   │   └── SessionExpired    it failed on the portal's login page: the session ended; logged in again at
│   │                         once, the attempt not counted (exit 4)
│   ├── ReadBackMismatch      the page shows other values than were filled; nothing submitted (exit 4)
│   ├── PortalRefused         the portal's own refusal: a business failure, not retried (exit 3)
│   │   └── NotOffered        the portal does not offer a value of the application (an option its list lacks)
│   └── LoginDenied           the portal refused the login: a person must look, not retried (exit 5)
├── HandOffTimeout            nobody answered a hand-off in time (exit 5)
├── CaptchaRefresh            a person asked for another captcha picture: filed again, a technical retry (exit 4)
├── LostClaim                 another driver took the filing over (exit 4)
└── LoginRefused              the dashboard refused a clerk's login (shown on the login page)

Not for people as they are: signals caught where they arise and turned into one of the above, an
HTTP answer, or a field's message:

Invalid, InvalidIdentifier    (ValueError) a value breaks a field's type or an identifier's rules
UploadRefused                 (ValueError) an upload the web form will not keep
Malformed                     (ValueError) a file's text breaks its syntax at a ``location``: raised by the
                              readers, reported as a SpecError (maintainers' files) or a BadFile (applicants')
TemplateFailed                a Jinja2 expression failed on these values
MappingFailed                 a mapping could not be evaluated on this application
WidgetError                   a field was found but could not be set to the value
├── NoSuchOption              the widget does not offer the value (not listed, or shown disabled): fill steps
│                             raise NotOffered for it
└── PopupClosed               a widget's popup (a calendar) closed while a kit was choosing in it: opened again
LoginRequired, RequestTooLarge  the web server's redirect to the login page, its 413
IllegalMove, BrowserNotFound  (RuntimeError) a bug in a state move; no usable Chromium
UntilReached                  ``run-item --until``: the named step is done, the dry run stops there

ExitCode lists what each exit status means.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path
from typing import Any, ClassVar


def suggest(name: str, known: Iterable[object]) -> str:
    """``，是否想写“payday”？`` when a known name is close to the misspelt one, else nothing."""
    close = difflib.get_close_matches(name, [str(k) for k in known], n=1)
    return f"，是否想写“{close[0]}”？" if close else ""


def first_line(exc: BaseException) -> str:
    """An exception's first line (Playwright's messages go on with a call log), or its class name when it has none."""
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


_TIMED_OUT = re.compile(r"^\w+\.(\w+): Timeout (\d+)ms exceeded")
_ACTIONS = {
    "click": "点击",
    "fill": "填写",
    "check": "勾选",
    "uncheck": "取消勾选",
    "set_checked": "勾选",
    "dblclick": "双击",
    "focus": "聚焦",
    "scroll_into_view_if_needed": "滚动到",
    "select_option": "选择",
    "set_input_files": "上传",
    "press": "按键",
    "type": "输入",
    "hover": "指向",
    "wait_for": "等待",
    "get_attribute": "读取",
    "input_value": "读取",
    "inner_text": "读取",
    "text_content": "读取",
}
# What Playwright's call log says it last waited for, newest last, in a person's words.
_WAITED = (
    (
        re.compile(
            r"(<[a-z][^>]{0,160}>)(?:…?</[a-z0-9-]+>)?(?: from <[^>]*>(?:…?</[a-z0-9-]+>)? subtree)? intercepts pointer"
        ),
        "被页面上的 {0} 挡住",
    ),
    (re.compile(r"element is not visible"), "控件不可见"),
    (re.compile(r"element is not enabled|element is disabled"), "控件不可用"),
    (re.compile(r"element is not stable"), "控件还在移动（动画未结束）"),
    (re.compile(r"element is outside of the viewport"), "控件在可见区域之外"),
    (re.compile(r"element is not editable"), "控件不可编辑"),
    (re.compile(r"locator resolved to hidden (<[a-z][^>]{0,160}>)"), "{0} 在页面上但不可见"),
    # found, then no obstacle named before the time ran out (a page too busy to answer the checks in time)
    (re.compile(r"locator resolved to (<[a-z][^>]{0,160}>)"), "已找到 {0}，但它在时限内没有就绪（页面可能很忙）"),
    (re.compile(r"waiting for ((?:locator|get_by_\w+|frame_locator)\(.*)$"), "页面上一直没有 {0}"),
)


def in_words(exc: BaseException) -> str:
    """An exception for a person: a Playwright timeout says what it was doing, for how long, and what stood in
    its way as its call log tells (an overlay over the control, a hidden or disabled one); else the first line."""
    text = str(exc).strip()
    timed_out = _TIMED_OUT.match(text)
    if timed_out is None:
        return first_line(exc)
    action, ms = timed_out.groups()
    said = f"{_ACTIONS.get(action, action)}操作等了 {int(ms) / 1000:g} 秒仍未完成"
    for line in reversed([line.strip(" -") for line in text.splitlines()[1:]]):
        for pattern, words in _WAITED:
            found = pattern.search(line)
            if found:
                return f"{said}：{words.format(*found.groups())}"
    return said


class ExitCode(IntEnum):
    """What a command's exit status means; every command takes its status from here."""

    OK = 0
    PROJECT = 1  # a project file (form, mapping, bundle, recipe) or a setting is wrong, or a file cannot be read
    INVALID = 2  # the application is invalid, or the command line was
    REFUSED = 3  # a portal refused the data: a business failure, correct the application
    TECHNICAL = 4  # a technical failure: retried, then ``bot resume`` later
    PERSON = 5  # a filing waits for a person: answer, then ``bot resume``
    FILING = 6  # (``bot status``) the run is still being filed: queued, or a worker is on it


class BotError(Exception):
    """Base of every error meant for a person rather than a traceback."""

    exit_code: ClassVar[ExitCode] = ExitCode.PROJECT


# --- a maintainer's files, an applicant's values ----------------------------------------------


class DocumentUnreadable(BotError):
    """An applicant's document that is not an image or PDF the reader can open (bot/documents)."""

    exit_code = ExitCode.INVALID


@dataclass(frozen=True)
class Location:
    file: Path
    line: int  # 1-based
    column: int  # 1-based

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"

    def quote(self) -> str:
        """The offending line with a caret under the column, as compilers show it."""
        try:
            text = self.file.read_text(encoding="utf-8").splitlines()[self.line - 1]
        except (OSError, IndexError):
            return ""
        return f"    {text}\n    {' ' * _display_width(text[: self.column - 1])}^"


def _display_width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a maintainer's file."""

    location: Location | None
    message: str

    def render(self) -> str:
        if self.location is None:
            return self.message
        quoted = self.location.quote()
        return f"{self.location}: {self.message}" + (f"\n{quoted}" if quoted else "")


class SpecError(BotError):
    exit_code = ExitCode.PROJECT

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(p.render() for p in problems))


@dataclass(frozen=True)
class FieldError:
    """One thing wrong in an application, in the applicant's words."""

    path: str  # e.g. "shareholders[1].id_number"
    label: str  # e.g. "股东（发起人）第2行·证件号码"
    message: str

    def render(self) -> str:
        return f"{self.label}：{self.message}"


class ApplicationInvalid(BotError):
    exit_code = ExitCode.INVALID

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = errors
        super().__init__("\n".join(e.render() for e in errors))


class CommandLineError(BotError):
    """The command line asks for something that is not there (``--bundle no-such``, an unknown run id, ``bot answer
    999 x``) or misses a part it needs; the message says what there is instead. Exit 2, as Click's own usage errors."""

    exit_code = ExitCode.INVALID


class BadFile(BotError):
    """An applicant's file is not well formed; the message names the file and where, in Chinese, and quotes
    nothing of its values (they may be personal)."""

    exit_code = ExitCode.INVALID


class UnreadableFile(BotError):
    """A file cannot be read as text or as a spreadsheet; the message names it and says how to save it."""

    exit_code = ExitCode.PROJECT


class SecretMissing(BotError):
    """A recipe needs a secret nobody provided; the message says how to provide it."""


class LedgerKeyError(BotError):
    """The ledger's personal columns cannot be decrypted (or the key is malformed): the message names where the key
    comes from (bot/privacy/atrest.py)."""


# --- a filing on a portal ----------------------------------------------------------------------


class PageError(BotError):
    """A filing stopped on a portal's page; ``screenshot`` is the page as it was, when one was taken."""

    exit_code = ExitCode.TECHNICAL

    def __init__(self, message: str, screenshot: Path | None = None) -> None:
        self.screenshot = screenshot
        super().__init__(message)


class StepFailed(PageError):
    """A step could not be done (element missing, timeout, network): a technical failure, retryable."""

    def __init__(self, step: str, message: str, screenshot: Path | None = None) -> None:
        self.step = step
        super().__init__(f"步骤“{step}”失败：{message}", screenshot)


class SessionExpired(StepFailed):
    """A step failed while the page showed the recipe's ``logged_out`` sign: the portal's session ended (idle too
    long, a hand-off answered late). The filing starts again at once and logs in again; the attempt is not
    counted, unless the one before it ended the same way."""


class ReadBackMismatch(PageError):
    """What the page shows differs from what was filled: nothing is submitted."""

    def __init__(self, diffs: list[tuple[str, Any, Any]], screenshot: Path | None = None) -> None:
        self.diffs = diffs
        lines = [f"  {label}：应为“{_shown(want)}”，页面为“{_shown(got)}”" for label, want, got in diffs]
        super().__init__("回读核对不一致，未提交：\n" + "\n".join(lines), screenshot)


def _shown(value: Any) -> str:
    return "、".join(map(str, value)) if isinstance(value, list) else str(value)


class PortalRefused(PageError):
    """The portal refused the data (its own validation message): a business failure, not retried."""

    exit_code = ExitCode.REFUSED

    def __init__(self, message: str, screenshot: Path | None = None) -> None:
        self.portal_message = message
        super().__init__(f"门户拒绝了提交：{message}", screenshot)


class NotOffered(PortalRefused):
    """The portal does not offer a value of the application (a seal shop its list lacks): the applicant's data
    must change, so a business failure like a refusal, not retried — nothing was submitted."""

    def __init__(self, message: str, screenshot: Path | None = None) -> None:
        self.portal_message = message
        PageError.__init__(self, f"门户没有申请中的值：{message}。请核对申请，或向门户确认该选项", screenshot)


class LoginDenied(PageError):
    """The portal refused the login (wrong account or password): a person must look, nothing is retried, since
    portals lock an account after a few wrong passwords."""

    exit_code = ExitCode.PERSON

    def __init__(self, message: str, screenshot: Path | None = None) -> None:
        self.portal_message = message
        super().__init__(f"门户拒绝登录：{message}", screenshot)


class HandOffTimeout(BotError):
    """Nobody answered a hand-off in time: the filing waits for a person (``bot resume``)."""

    exit_code = ExitCode.PERSON


class CaptchaRefresh(BotError):
    """The person could not read the captcha and asked for another picture (the dashboard's 看不清，换一张): the
    filing starts again from its portal's page, before any submit, and asks again with a new picture."""

    exit_code = ExitCode.TECHNICAL


class LostClaim(BotError):
    """Another driver took the filing over (our lease lapsed): stop before touching the portal."""

    exit_code = ExitCode.TECHNICAL


# --- the web server ---------------------------------------------------------------------------


class LoginRefused(BotError):
    """Wrong name or password, or too many failures: the message is for the clerk, in Chinese."""


class LoginRequired(Exception):
    """A dashboard page was asked for without a clerk's session: answered by a redirect (401 for JSON)."""

    def __init__(self, json: bool) -> None:
        self.json = json


class RequestTooLarge(Exception):
    """A request body over the server's limit: answered 413 by the security middleware."""


class UploadRefused(ValueError):
    """The message is Chinese and names no field (the page shows it beside the field)."""


# --- signals caught where they arise, never shown as they are ----------------------------------


class Invalid(ValueError):
    """A value breaks its field's type or rules; the message is Chinese and names no field."""


class InvalidIdentifier(ValueError):
    """The value is not a valid identifier; the message is Chinese, for the applicant."""


class Malformed(ValueError):
    """A file's text breaks its syntax (a duplicate key, nesting too deep, a number too long); the message is
    Chinese, ``location`` says where, when known."""

    def __init__(self, location: Location | None, message: str) -> None:
        self.location = location
        self.message = message
        super().__init__(f"{location}: {message}" if location else message)


class TemplateFailed(Exception):
    """Evaluation failed (an undefined name, a filter error); the message is the maintainer's."""


class MappingFailed(Exception):
    """A mapping could not be evaluated on this application (a maintainer's bug or a missing output)."""


class WidgetError(Exception):
    """The field was found but could not be set to the value (no such option, not a date…)."""


class NoSuchOption(WidgetError):
    """The widget shows its options, and the value is not among them or is disabled (a booked-out day): the
    application's value, not a fault."""


class PopupClosed(WidgetError):
    """A widget's popup (an Element Plus calendar) closed while the kit was still choosing in it: the kit opens it
    again (bot/recipe/kits/element_plus.py); only its last try's failure reaches a step."""


class UntilReached(Exception):
    """``bot run-item --until STEP``: the named step is done; the dry run stops here (bot/inspect/tryout.py)."""


class IllegalMove(RuntimeError):
    """A move the state machine does not allow: a bug, never a portal's doing."""


class BrowserNotFound(RuntimeError):
    """No usable Chromium: the message says how to install one."""
