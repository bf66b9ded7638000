"""The clerk login's throttle cannot be talked around: over real HTTP, to the app served as ``bot serve`` serves it
(bot.web.proxies.server_config), an ``X-Forwarded-For`` header counts only when it comes from a proxy the operator
named, and guesses are counted per name as well as per address."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn

from bot.errors import BotError
from bot.run.ledger import Ledger
from bot.web.accounts import ACCOUNT_MAX_FAILURES, ADDRESS_MAX_FAILURES, MAX_FAILURES, Accounts
from bot.web.app import WebSettings, create_app
from bot.web.proxies import server_config, trusted_proxies
from tests.web.conftest import CLERK, free_port, run_server

OTHER = ("window02", "another long password")
LOCKED = "登录失败次数过多"
WRONG = "账号或密码错误"


@pytest.fixture
def web(tmp_path: Path) -> Iterator[Callable[[list[str]], str]]:
    """Start the app behind the given trusted proxies (none: the default); yields a function returning its URL."""
    stops: list[Iterator[str]] = []
    ledger = Ledger(f"sqlite:///{tmp_path / 'ledger.db'}")
    Accounts(ledger).add_user(*CLERK)
    Accounts(ledger).add_user(*OTHER)

    def start(proxies: list[str]) -> str:
        app = create_app(ledger, WebSettings(upload_root=tmp_path / "uploads"))
        config = server_config(app, "127.0.0.1", free_port(), proxies, log_level="warning")
        running = run_server(uvicorn.Server(config))
        stops.append(running)
        return next(running)

    yield start
    for running in stops:
        next(running, None)
    ledger.close()


class Browser:
    """One visitor: keeps the CSRF cookie, posts the login form, says what the page answered."""

    def __init__(self, url: str) -> None:
        self.client = httpx.Client(base_url=url, timeout=30)
        self.client.get("/clerk/login")

    def login(self, name: str, password: str, forwarded_for: str | None = None) -> str:
        headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
        data = {"name": name, "password": password, "csrf_token": self.client.cookies["yjb_csrf"]}
        answer = self.client.post("/clerk/login", data=data, headers=headers, follow_redirects=False)
        if answer.status_code == 303:
            assert answer.headers["location"] == "/clerk"
            return "in"
        assert answer.status_code == 401, answer.text
        return LOCKED if LOCKED in answer.text else WRONG if WRONG in answer.text else answer.text


def test_forwarded_for_from_an_untrusted_peer_changes_nothing(web: Callable[[list[str]], str]) -> None:
    desk = Browser(web([]))  # no BOT_TRUSTED_PROXIES: the loopback peer is a client like any other
    for _ in range(MAX_FAILURES):
        assert desk.login(CLERK[0], "wrong password") == WRONG
    assert desk.login(CLERK[0], CLERK[1]) == LOCKED
    assert desk.login(CLERK[0], CLERK[1], forwarded_for="203.0.113.9") == LOCKED
    # 30 guesses at another account, each claiming another address: only the first MAX_FAILURES are checked
    answers = [desk.login(OTHER[0], f"guess {i}", forwarded_for=f"203.0.113.{i + 10}") for i in range(30)]
    assert answers == [WRONG] * MAX_FAILURES + [LOCKED] * (30 - MAX_FAILURES)
    assert desk.login(OTHER[0], OTHER[1], forwarded_for="198.51.100.77") == LOCKED


def test_behind_a_trusted_proxy_each_client_counts_as_itself(web: Callable[[list[str]], str]) -> None:
    proxy = Browser(web(["127.0.0.1"]))  # the tests' requests come from 127.0.0.1: they play the proxy
    for _ in range(MAX_FAILURES):
        assert proxy.login(CLERK[0], "wrong password", forwarded_for="198.51.100.1") == WRONG
    assert proxy.login(CLERK[0], CLERK[1], forwarded_for="198.51.100.1") == LOCKED
    # the locked-out client sends its own header along; nginx appends the address it saw: the rightmost counts
    assert proxy.login(CLERK[0], CLERK[1], forwarded_for="198.51.100.2, 198.51.100.1") == LOCKED
    assert proxy.login(CLERK[0], CLERK[1], forwarded_for="198.51.100.2") == "in"  # another desk is not locked out


def test_guesses_at_one_name_from_many_addresses_lock_that_name(web: Callable[[list[str]], str]) -> None:
    proxy = Browser(web(["127.0.0.0/8"]))
    answers = [proxy.login(CLERK[0], f"guess {i}", forwarded_for=f"203.0.113.{i}") for i in range(ACCOUNT_MAX_FAILURES)]
    assert answers == [WRONG] * ACCOUNT_MAX_FAILURES  # each address stays under its own limit
    assert proxy.login(CLERK[0], CLERK[1], forwarded_for="198.51.100.50") == LOCKED  # the name is locked everywhere
    assert proxy.login(OTHER[0], OTHER[1], forwarded_for="198.51.100.50") == "in"  # other names are not


def test_one_address_trying_many_names_is_locked(web: Callable[[list[str]], str]) -> None:
    desk = Browser(web([]))
    answers = [desk.login(f"name{i}", "password") for i in range(ADDRESS_MAX_FAILURES)]
    assert answers == [WRONG] * ADDRESS_MAX_FAILURES
    assert desk.login(CLERK[0], CLERK[1]) == LOCKED


def test_a_successful_login_clears_its_counts(tmp_path: Path) -> None:
    ledger = Ledger(f"sqlite:///{tmp_path / 'ledger.db'}")
    accounts = Accounts(ledger)
    accounts.add_user(*CLERK)
    for _round in range(3):  # without clearing, the third round's failures would pass ACCOUNT_MAX_FAILURES
        for _ in range(MAX_FAILURES - 1):
            with pytest.raises(BotError, match=WRONG):
                accounts.login(CLERK[0], "typo", f"10.0.0.{_round}")
        assert accounts.login(CLERK[0], CLERK[1], f"10.0.0.{_round}")
    for round_ in range(5):
        for _ in range(MAX_FAILURES - 1):
            with pytest.raises(BotError, match=WRONG):
                accounts.login(CLERK[0], "typo", f"10.0.1.{round_}")
    with pytest.raises(BotError, match=LOCKED):  # 20 failures from five addresses, no success between them
        accounts.login(CLERK[0], CLERK[1], "10.0.2.1")
    ledger.close()


def test_trusted_proxies_are_addresses_or_networks() -> None:
    assert trusted_proxies("") == []
    assert trusted_proxies(" 127.0.0.1, 10.0.0.0/24 ,::1") == ["127.0.0.1", "10.0.0.0/24", "::1"]
    with pytest.raises(BotError, match="不是 IP 地址或网段"):
        trusted_proxies("127.0.0.1, proxy.local")
    with pytest.raises(BotError, match="不能是“\\*”"):
        trusted_proxies("*")
