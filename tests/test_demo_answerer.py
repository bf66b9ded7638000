"""The demo's clerk (DemoAnswerer) looks at the admin API again when it does not answer, and at last says
nobody answered (None: the filing waits for a person) instead of ending the engine: a loaded run's one
connect timeout once failed a whole batch of four applications."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from bot.mapping.bundle import Bundle
from bot.recipe.context import Question
from bot.run.demo_admin import LOOKS, DemoAnswerer
from bot.run.ledger import Ledger
from bot.run.moves import Ask
from bot.run.start import start_run
from tests.support import EXAMPLES, TODAY

SESSION = "sess-1"


class _AdminAPI(BaseHTTPRequestHandler):
    """The captcha look-up of a demo portal's admin API; the first ``server.drops`` connections get no answer."""

    def do_GET(self) -> None:
        server: Any = self.server
        if server.drops > 0:
            server.drops -= 1
            self.close_connection = True  # closed without an answer: httpx.RemoteProtocolError, a TransportError
            return
        body = json.dumps({"answer": "7XK2"}).encode()
        self.send_response(200 if self.path == f"/__admin/captcha?session={SESSION}" else 404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def admin_api() -> Iterator[Any]:
    server: Any = ThreadingHTTPServer(("127.0.0.1", 0), _AdminAPI)
    server.drops = 0
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def _ask(tmp_path: Path, bundle: Bundle, raw: dict[str, Any]) -> tuple[Ledger, Ask]:
    ledger = Ledger(f"sqlite:///{tmp_path / 'ledger.db'}")
    filing = ledger.filings(start_run(ledger, bundle, raw, base_dir=EXAMPLES, today=TODAY))[0]
    question_id = ledger.ask(filing.id, kind="captcha", who="clerk", question="图形验证码", image=None)
    question = Question("captcha", "图形验证码", "clerk", None, cookies={"SID": SESSION})
    return ledger, Ask(question_id, filing.item, question)


def test_an_admin_api_that_drops_connections_is_looked_at_again(
    tmp_path: Path, bundle: Bundle, example_raw: dict[str, Any], admin_api: Any
) -> None:
    ledger, ask = _ask(tmp_path, bundle, example_raw)
    admin_api.drops = LOOKS - 1
    url = f"http://127.0.0.1:{admin_api.server_address[1]}"
    answerer = DemoAnswerer({ask.item: url}, "token", ledger, pause_s=0.01)
    assert asyncio.run(answerer(ask)) == "7XK2"
    assert admin_api.drops == 0
    assert ledger.question(ask.id).answer == "7XK2"
    ledger.close()


def test_an_admin_api_that_never_answers_is_nobody_answering(
    tmp_path: Path, bundle: Bundle, example_raw: dict[str, Any]
) -> None:
    ledger, ask = _ask(tmp_path, bundle, example_raw)
    with socket.socket() as closed:  # a port nothing listens on: each connect is refused
        closed.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{closed.getsockname()[1]}"
    answerer = DemoAnswerer({ask.item: url}, "token", ledger, pause_s=0.01)
    assert asyncio.run(answerer(ask)) is None
    assert ledger.question(ask.id).state == "open"
    ledger.close()
