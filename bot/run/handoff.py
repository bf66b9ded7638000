"""Who answers a hand-off (a captcha, an SMS code): the clerk at the terminal, or anyone through the
ledger (``bot answer``, the dashboard, the applicant's SMS page). Against the demo portals, their
admin API answers (``bot.run.demo_admin.DemoAnswerer``).

Every question is stored in the ledger first (the engine does that), so an answer can come
from another process; an answerer only waits for it. ``None`` means nobody answered in time:
the filing then waits for a person and ``bot resume`` asks again.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
from collections.abc import Callable
from pathlib import Path

from bot.privacy.masking import mask_text
from bot.run.ledger import Ledger
from bot.run.moves import Ask

WHO = {"clerk": "窗口人员", "applicant": "申请人"}


class LedgerAnswerer:
    """Waits for the answer to be written into the ledger (``bot answer``, the web pages)."""

    def __init__(self, ledger: Ledger, timeout_s: float, poll_s: float = 0.3) -> None:
        self.ledger = ledger
        self.timeout_s = timeout_s
        self.poll_s = poll_s

    async def __call__(self, ask: Ask) -> str | None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout_s
        while loop.time() < deadline:
            row = self.ledger.question(ask.id)
            if row.state == "answered":
                return row.answer
            await asyncio.sleep(self.poll_s)
        return None


class TerminalAnswerer:
    """Asks at this terminal (one question at a time) while also accepting an answer from the ledger."""

    def __init__(self, ledger: Ledger, timeout_s: float, image_dir: Path, say: Callable[[str], None]) -> None:
        self.ledger = ledger
        self.waiting = LedgerAnswerer(ledger, timeout_s)
        self.image_dir = image_dir
        self.say = say
        self._one_at_a_time = asyncio.Lock()

    async def __call__(self, ask: Ask) -> str | None:
        async with self._one_at_a_time:
            if self.ledger.question(ask.id).state == "answered":
                return self.ledger.question(ask.id).answer
            self.say(self._prompt(ask))
            typed = asyncio.ensure_future(_read_line())
            elsewhere = asyncio.ensure_future(self.waiting(ask))
            done, pending = await asyncio.wait({typed, elsewhere}, return_when=asyncio.FIRST_COMPLETED)
            for task in pending:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            if typed in done:
                answer = typed.result().strip()
                self.ledger.answer(ask.id, answer)
                return answer
            return elsewhere.result()

    def _prompt(self, ask: Ask) -> str:
        q = ask.question
        lines = [f"【需要{WHO.get(q.who, q.who)}回答】{ask.item}：{q.question}（问题 {ask.id}）"]
        if q.phone:
            lines.append(f"  验证码已发送至 {mask_text(q.phone)}")
        if q.image:
            self.image_dir.mkdir(parents=True, exist_ok=True)
            path = self.image_dir / f"question-{ask.id}.png"
            path.write_bytes(q.image)
            lines.append(f"  图片：{path}")
        lines.append(f"  请在此输入答案后回车（或在另一终端运行 bot answer {ask.id} 答案）：")
        return "\n".join(lines)


async def _read_line() -> str:
    """One line from stdin without a thread, so that waiting for it can be cancelled."""
    loop = asyncio.get_running_loop()
    line: asyncio.Future[str] = loop.create_future()

    def ready() -> None:
        if not line.done():
            line.set_result(sys.stdin.readline())

    loop.add_reader(sys.stdin.fileno(), ready)
    try:
        return await line
    finally:
        loop.remove_reader(sys.stdin.fileno())
