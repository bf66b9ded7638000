"""What the dashboard says about a filing, in plain Chinese: what happened (in the portal's words where it
gave any) and what to do. The ledger's texts are written for operators (exception classes, Playwright's
messages, environment variables, ``bot resume``); they stay one click away, masked, as the technical detail.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.privacy.masking import mask_text
from bot.run.states import State

WAITING_LABEL = "等待人工"  # a filing whose browser waits for an answer (a captcha, an SMS code)
# Latin words, dotted names, env variables, CLI commands: a text a clerk should not have to read.
_TECHNICAL = re.compile(r"[A-Za-z_]{4,}|bot \w+|\d+ ?ms\b|[=<>{}\[\]]")
_PORTAL_WORDS = re.compile(r"门户(?:拒绝了提交|拒绝登录)[：（(](.+?)[）)]?(?:：请核对|$)")
_QUESTION = re.compile(r"无人回答“(.+)”")
_SECRET = re.compile(r"缺少密钥")
_TEMPLATE = re.compile(r"TemplateFailed|模板|无法计算|undefined", re.I)
_PAGE_SAID = re.compile(r"页面提示：([^；）)\n]+)")  # a timed-out wait quotes the page's message area


@dataclass(frozen=True)
class Plain:
    what: str  # what happened
    todo: str  # what to do ('' when nothing)
    detail: str  # the ledger's text, masked ('' when it says nothing more than ``what``)

    @property
    def text(self) -> str:
        return f"{self.what}{'。' if self.todo and not self.what.endswith('。') else ''}{self.todo}"


def technical(text: str) -> bool:
    return bool(_TECHNICAL.search(text))


def explain(state: State, error: str | None, message: str, waiting: bool = False) -> Plain:
    """The filing's state, its error and latest event's message → what the clerk reads."""
    raw = mask_text((error or message or "").strip())
    detail = raw if raw else ""
    if waiting:
        return Plain("等待人工回答（验证码或短信验证码）", "请在上方“待人工处理”中回答", "")
    if state == State.FAILED_BUSINESS:
        words = _portal_words(raw)
        return Plain(f"门户退回：{words}", "请与申请人核对、更正申请后重新办理", _unless_same(detail, words))
    if state == State.NEEDS_PERSON:
        return _needs_person(raw, detail)
    said = _page_said(raw)
    if state == State.FAILED_TECHNICAL:
        return Plain(
            f"门户提示：{said}，已多次自动重试" if said else "门户暂时无法完成办理，已多次自动重试",
            "请稍后点“继续办理”；已提交的事项只到门户核对，不会重复提交",
            detail,
        )
    if state == State.UNKNOWN:
        return Plain("已点击提交，但没有取得回执", "系统会到门户“我的办件”核对，不会重复提交", detail)
    if state == State.DONE:
        return Plain("已办结", "", "")
    text = mask_text(message or "")
    if "换一张" in text:
        return Plain("正在换一张验证码", "新的验证码图片稍后出现在“待人工处理”中", "")
    if text.startswith("技术故障"):
        again = re.search(r"第 (\d+) 次办理", text)
        later = f"稍后自动第 {again[1]} 次办理" if again else "稍后自动重试"
        return Plain(f"门户提示：{said}" if said else "门户响应异常", later, text)
    if technical(text):
        return Plain({State.PENDING: "等待办理", State.RUNNING: "正在填报"}.get(state, "办理中"), "", text)
    return Plain(text, "", "")


def _needs_person(raw: str, detail: str) -> Plain:
    if _SECRET.search(raw):
        return Plain(
            "缺少登录该门户的账号密码",
            "请系统管理员配置该门户的账号密码后，点“继续办理”",
            detail,
        )
    if raw.startswith("门户拒绝登录"):
        return Plain(
            f"门户拒绝登录：{_portal_words(raw)}",
            "请核对该门户的账号和密码后点“继续办理”；为免账号被锁定，系统不会自动重试",
            detail,
        )
    question = _QUESTION.search(raw)
    if question:
        return Plain(
            f"等待回答超时：{question[1]}",
            "请点“继续办理”，并在验证码出现后及时回答",
            "",
        )
    if _TEMPLATE.search(raw):
        return Plain("申请中缺少这个门户需要的信息", "请联系系统维护人员", detail)
    if raw.startswith("无法核对"):
        return Plain("无法确定是否已经提交", "请到该门户“我的办件”人工核实，确认后再处理", detail)
    what = raw if raw and not technical(raw) else "需要人工处理"
    return Plain(what, "请查看办理报告中的截图，处理后点“继续办理”", _unless_same(detail, what))


def _page_said(raw: str) -> str:
    """The portal's own words a timed-out wait quoted (图形验证码错误，请重新输入), if plain."""
    found = _PAGE_SAID.search(raw)
    return found[1].strip() if found and not technical(found[1]) else ""


def _portal_words(raw: str) -> str:
    """The portal's own message inside our sentence (门户拒绝了提交：…), else the text without technical bits."""
    found = _PORTAL_WORDS.search(raw)
    words = (found[1] if found else raw).strip() or "门户未说明原因"
    return words if not technical(words) else "门户未说明原因（见截图）"


def _unless_same(detail: str, shown: str) -> str:
    return "" if detail.strip() in {shown.strip(), ""} else detail
