"""The demo portals' admin API (``/__admin/…``) as the bot's side sees it: over HTTP, never by importing demo/.

The demo portals stand in for real government websites. Where a real run would have a person
(the applicant holding portal accounts, the clerk reading a captcha off the screen or choosing
another bank appointment day), runs against the demo portals ask their admin API instead:

- :class:`DemoAccounts` opens the accounts the example applicant would already hold;
- :class:`DemoAnswerer` answers hand-offs (captcha, SMS code) as a clerk reading the screen would;
- :func:`with_bookable_appointment` moves the bank appointment to a day the branch's calendar offers;
- :func:`verify` checks, against each portal's own records, that every item was filed exactly once
  with the values its mapping computed.

``bot demo``, the worker (``BOT_DEMO_ADMIN_TOKEN``), the benchmarks and the tests use them.
"""

from __future__ import annotations

import asyncio
import copy
import datetime as dt
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import httpx
from loguru import logger

from bot.errors import BotError
from bot.mapping.bundle import Bundle
from bot.privacy.secrets import ENV_PREFIX
from bot.run.ledger import Ledger
from bot.run.moves import Ask
from bot.run.start import validated


class DemoAccounts:
    """The portal accounts the example applicant holds: samr before the run, tax and hrss (keyed by
    the USCC) as soon as registration issues it. Passwords are random, handed over as secrets."""

    SECRETS = ("SAMR_PASSWORD", "TAX_PASSWORD", "HRSS_PASSWORD")

    def __init__(
        self, urls: Mapping[str, str], token: str, application: Any, environ: Mapping[str, str] | None = None
    ) -> None:
        self.urls = urls
        self.token = token
        self.app = application
        self.environ = dict(environ or {f"{ENV_PREFIX}{name}": secrets.token_urlsafe(12) for name in self.SECRETS})

    def catch_up(self, done: Mapping[str, Mapping[str, str]]) -> None:
        """After a restart: the accounts that items already done would have opened (creating is idempotent)."""
        self.before_run()
        for item, outputs in done.items():
            self.item_done(item, outputs)

    def _admin(self, item: str, path: str, body: Mapping[str, Any]) -> Any:
        response = httpx.post(
            f"{self.urls[item]}/__admin{path}", json=dict(body), headers={"X-Admin-Token": self.token}, timeout=10
        )
        response.raise_for_status()
        return response.json()

    def before_run(self) -> None:
        liaison_mobile = self.app.values["liaison"]["mobile"]
        self._account("samr-registration", liaison_mobile, "SAMR_PASSWORD")

    async def on_done(self, item: str, outputs: Mapping[str, str]) -> None:
        self.item_done(item, outputs)

    def item_done(self, item: str, outputs: Mapping[str, str]) -> None:
        if item != "samr-registration":
            return
        uscc = outputs["uscc"]
        tax_agent = self.app.values["tax_agent"]["id_number"]
        self._account("tax-registration", uscc, "TAX_PASSWORD", id_number=tax_agent)
        self._account("hrss-insurance", uscc, "HRSS_PASSWORD")

    def _account(self, item: str, account: str, secret: str, **profile: str) -> None:
        password = self.environ[f"{ENV_PREFIX}{secret}"]
        self._admin(item, "/accounts", {"account": account, "password": password, "profile": profile})


LOOKS = 4  # looks at the admin API for one answer, 1, 2, 4 s apart (pause_s doubled)


class DemoAnswerer:
    """Answers from the demo portals' admin API, as a clerk reading the screen would: the captcha of
    the filing's own session, the newest SMS code the portal sent to the phone."""

    def __init__(self, urls: Mapping[str, str], admin_token: str, ledger: Ledger, pause_s: float = 1.0) -> None:
        self.urls = urls
        self.token = admin_token
        self.ledger = ledger
        self.pause_s = pause_s

    async def __call__(self, ask: Ask) -> str | None:
        """The answer, or None (nobody answered: the filing waits for a person) when the admin API did not answer
        ``LOOKS`` times. A loaded machine timed out one connect: that ended the whole engine, not one look."""
        for look in range(1, LOOKS + 1):
            try:
                answer = await self._look_up(ask)
                break
            except httpx.TransportError as exc:
                if look == LOOKS:
                    logger.warning(
                        "演示门户 {} 的管理接口连续 {} 次没有答复（{}）", ask.item, LOOKS, type(exc).__name__
                    )
                    return None
                pause = self.pause_s * 2 ** (look - 1)
                logger.info("演示门户 {} 的管理接口没有答复（{}），{:g} 秒后再看", ask.item, type(exc).__name__, pause)
                await asyncio.sleep(pause)
        if answer is not None:
            self.ledger.answer(ask.id, answer)
        return answer

    async def _look_up(self, ask: Ask) -> str | None:
        base = self.urls[ask.item].rstrip("/") + "/__admin"
        async with httpx.AsyncClient(base_url=base, headers={"X-Admin-Token": self.token}, timeout=10) as http:
            if ask.question.kind == "captcha":
                for value in ask.question.cookies.values():  # the portal's session cookie, whatever its name
                    response = await http.get("/captcha", params={"session": value})
                    if response.status_code == 200:
                        return str(response.json()["answer"])
                return None
            if ask.question.kind == "sms" and ask.question.phone:
                response = await http.get(f"/sms/{ask.question.phone}")
                for message in response.json() if response.status_code == 200 else []:
                    if message.get("portal") == ask.item:
                        return str(message["code"])
            return None


def with_bookable_appointment(
    bank_url: str, bundle: Bundle, raw: Mapping[str, Any], base_dir: Path, today: dt.date | None = None
) -> tuple[dict[str, Any], str | None]:
    """``raw`` with its bank appointment on the first day from the wanted one that the branch's calendar offers,
    and what was moved (None: nothing). The form's default, three working days ahead, can fall on a day the
    branch cannot take (its monthly stock-taking, 网点盘点; booked out): the help text tells the clerk to
    book another, which is what the demo's clerk does, from the same calendar the portal's page shows."""
    bank = validated(bundle, raw, base_dir, today).values["bank"]
    wanted: dt.date = bank["appointment_date"]
    day = bookable_day(bank_url, str(bank["branch"]), wanted)
    if day == wanted:
        return dict(raw), None
    moved = copy.deepcopy(dict(raw))
    moved["bank"]["appointment_date"] = day.isoformat()
    return moved, f"开户预约：{wanted} 网点不可预约，已改约 {day}"


def bookable_day(bank_url: str, branch: str, wanted: dt.date) -> dt.date:
    """The first day on or after ``wanted`` that the demo bank's public calendar offers at ``branch`` (its name),
    this month or the next; never the bank's tomorrow, which stops being bookable at the bank's midnight (Beijing
    time), so a run that files across it would find its day gone (two load runs at 16:00 UTC did)."""
    with httpx.Client(base_url=bank_url, trust_env=False, timeout=10) as http:
        code = _branch_code(http, branch)
        first = http.get("/api/calendar", params={"brchNo": code}).json()["data"]  # the month of tomorrow
        month = dt.date.fromisoformat(first["month"] + "-01")
        following = (month + dt.timedelta(days=31)).replace(day=1)
        second = http.get("/api/calendar", params={"brchNo": code, "month": f"{following:%Y-%m}"}).json()["data"]
    earliest = max(wanted, dt.date.fromisoformat(first["today"]) + dt.timedelta(days=2))
    days = [dt.date.fromisoformat(d["date"]) for data in (first, second) for d in data["days"] if d["status"] == "open"]
    for day in days:
        if day >= earliest:
            return day
    raise BotError(f"演示银行“{branch}”在 {earliest} 之后没有可预约的日期")


def _branch_code(http: httpx.Client, branch: str) -> str:
    """The bank's code of the branch named ``branch``, found as its page finds it: each city's branch list."""
    cities = http.get("/api/dicts").json()["data"]["cityCd"]
    for city in cities:
        for found in http.get("/api/branches", params={"cityCd": city["value"]}).json()["data"]:
            if found["name"] == branch:
                return str(found["brchNo"])
    raise BotError(f"演示银行没有网点“{branch}”")


def verify(urls: Mapping[str, str], token: str, bundle: Any, application: Any, outputs: Mapping[str, Any]) -> list[str]:
    """Each portal holds exactly one submission, whose receipt is the one brought back, and which the
    portal itself shows (its admin API's ``shown`` view: its own labels, option labels, file names)
    with every value the mapping computed."""
    problems: list[str] = []
    for item, mapping in bundle.mappings.items():
        response = httpx.get(f"{urls[item]}/__admin/submissions", headers={"X-Admin-Token": token}, timeout=10)
        stored = response.json()
        if len(stored) != 1:
            problems.append(f"{mapping.title}：门户记录了 {len(stored)} 次提交（应为 1 次）")
            continue
        receipt = stored[0].get("receipt_no")
        if receipt and receipt not in outputs.get(item, {}).values():
            problems.append(f"{mapping.title}：取回的回执与门户记录的受理编号 {receipt} 不一致")
        on_page = leaves(stored[0].get("shown") or {})
        for where, value in leaves(mapping.evaluate(application, outputs)).items():
            if where not in on_page:
                problems.append(f"{mapping.title}：门户未显示“{' / '.join(where)}”")
            elif shown(value) != shown(on_page[where]):
                problems.append(f"{mapping.title}：“{' / '.join(where)}”门户显示的值与映射不一致")
    return problems


def leaves(node: Mapping[str, Any], parent: str = "") -> dict[tuple[str, str], Any]:
    """(group, label) → value, tables as the list of each column's values. A field is named by its
    own group and label: the portal's page and the mapping may nest groups differently (tax)."""
    found: dict[tuple[str, str], Any] = {}
    for label, value in node.items():
        if isinstance(value, Mapping):
            found |= leaves(value, label)
        elif isinstance(value, list) and value and all(isinstance(row, Mapping) for row in value):
            for row in value:
                for column, cell in leaves(row, label).items():
                    found.setdefault(column, []).append(cell)
        else:
            found[(parent, label)] = value
    return found


def shown(value: Any) -> Any:
    """A value as a person compares it: text, a file by its name, a list item by item."""
    if isinstance(value, list):
        return [shown(v) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    text = str(value).strip()
    return Path(text).name if "/" in text and Path(text).suffix else text
