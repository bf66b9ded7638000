"""Start the six demo portals: ``python -m demo`` (CLI) or :class:`PortalsProcess` (tests).

One process, one asyncio loop, six uvicorn servers, each portal its own origin on its
own loopback port (default 8701..8706 in :data:`demo.portals.PORTALS` order). The
sockets are bound here before serving, so ``--base-port 0`` (free ports) has no race.
Access logs are off: query strings may carry ID or phone numbers.

``--specs MODULE:NAME`` (``PortalsProcess(specs=...)``) serves another list of portals
instead, e.g. the core tests' :data:`demo.placeholder.CORE_TEST_SPECS`.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Generator, Mapping, Sequence
from pathlib import Path
from types import TracebackType

import httpx
import uvicorn

from demo.core import PortalSpec, config, make_portal_app
from demo.kits import bed_specs
from demo.portals import PORTALS, load_spec

DEFAULT_BASE_PORT = 8701
REPO_ROOT = Path(__file__).resolve().parent.parent


class _Server(uvicorn.Server):
    """A uvicorn server that leaves signals to the launcher (six servers share one loop)."""

    @contextlib.contextmanager
    def capture_signals(self) -> Generator[None, None, None]:
        yield


class _QuietDrops(logging.Filter):
    """A dropped response is an injected fault, not a server error worth a red line."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "returned without completing response" not in record.getMessage()


def _bind(host: str, port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)
    sock.setblocking(False)
    return sock


def _url(host: str, port: int) -> str:
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def load_specs(ref: str | None = None) -> list[PortalSpec]:
    """The portals to serve: the six of :data:`PORTALS`, or the sequence ``ref`` names
    (``"package.module:NAME"``, e.g. ``"demo.placeholder:CORE_TEST_SPECS"``)."""
    if ref is None:
        return [load_spec(item) for item in PORTALS]
    module, _, name = ref.partition(":")
    specs = list(getattr(importlib.import_module(module), name))
    if not specs or not all(isinstance(spec, PortalSpec) for spec in specs):
        raise TypeError(f"{ref} 必须是非空的 PortalSpec 序列")
    if len({spec.item for spec in specs}) != len(specs):
        raise ValueError(f"{ref} 中的门户 item 重复")
    return specs


async def _serve(
    servers: list[tuple[_Server, socket.socket]], items: Sequence[str], on_started: list[str], ready_file: Path | None
) -> None:
    loop = asyncio.get_running_loop()

    def stop_all() -> None:
        for server, _ in servers:
            server.should_exit = True

    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop_all)
    tasks = [asyncio.create_task(server.serve(sockets=[sock])) for server, sock in servers]
    while not all(server.started for server, _ in servers):
        if any(t.done() for t in tasks):
            break
        await asyncio.sleep(0.02)
    else:
        print("\n".join(on_started), flush=True)
        if ready_file is not None:
            urls = {item: _url(*sock.getsockname()[:2]) for (server, sock), item in zip(servers, items, strict=True)}
            tmp = ready_file.with_suffix(".tmp")
            tmp.write_text(json.dumps(urls), encoding="utf-8")
            tmp.replace(ready_file)
    await asyncio.gather(*tasks)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m demo", description="启动六个演示政务门户")
    parser.add_argument(
        "--base-port",
        type=int,
        default=DEFAULT_BASE_PORT,
        help="第一个门户的端口，依次加一；0 表示任选空闲端口",
    )
    parser.add_argument("--ports", help="逐个指定六个端口，逗号分隔（按门户顺序）")
    parser.add_argument("--data-dir", type=Path, default=None, help="数据目录（默认 $DEMO_DATA_DIR 或 var/demo）")
    parser.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1）")
    parser.add_argument("--specs", metavar="MODULE:NAME", help="改为启动该模块中列出的门户（测试用）")
    parser.add_argument(
        "--beds", action="store_true", help="六个门户之后，再启动组件库测试台（demo/kits，端口依次接续）"
    )
    parser.add_argument("--ready-file", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    data_dir = config.data_dir(args.data_dir).resolve()
    token, generated = config.admin_token()
    specs = load_specs(args.specs) + (bed_specs() if args.beds else [])
    if args.ports:
        ports = [int(p) for p in args.ports.split(",")]
        if len(ports) != len(specs):
            parser.error(f"--ports 需要 {len(specs)} 个端口")
    else:
        ports = [args.base_port + i if args.base_port else 0 for i in range(len(specs))]

    logging.getLogger("uvicorn.error").addFilter(_QuietDrops())
    servers: list[tuple[_Server, socket.socket]] = []
    lines = [f"一键办演示门户已启动（数据目录：{data_dir}）"]
    for spec, port in zip(specs, ports, strict=True):
        item = spec.item
        app = make_portal_app(spec, data_dir=data_dir, admin_token=token)
        try:
            sock = _bind(args.host, port)
        except OSError as exc:
            print(f"端口 {port} 无法监听（{item}）：{exc.strerror}", file=sys.stderr)
            return 2
        cfg = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off", server_header=False)
        servers.append((_Server(cfg), sock))
        lines.append(f"  {item:<18} {_url(args.host, sock.getsockname()[1])}  {spec.title}")
    shown = token if generated else "取自环境变量 " + config.ADMIN_TOKEN_ENV
    lines += [f"管理令牌（请求头 X-Admin-Token）：{shown}", "按 Ctrl-C 停止。"]
    asyncio.run(_serve(servers, [spec.item for spec in specs], lines, args.ready_file))
    return 0


class PortalsProcess:
    """The six portals in a child process, for tests and the bot's ``demo`` command.

    ``base_port=None`` picks free ports; ``urls`` maps item → base URL once started.
    :meth:`restart` keeps the ports and the data dir (data and faults survive). The
    child's output goes to ``<data_dir>/portals.log``. ``specs="MODULE:NAME"`` serves
    that list of portals instead of the six (see :func:`load_specs`); ``items`` lists
    the served item ids in port order.
    """

    def __init__(
        self,
        data_dir: Path | str,
        base_port: int | None = None,
        admin_token: str | None = None,
        *,
        host: str = "127.0.0.1",
        startup_timeout: float = 120.0,  # a hang detector: 30 s ran out on a loaded machine (load 46 on 2 cores)
        specs: str | None = None,
    ) -> None:
        self.data_dir = Path(data_dir).resolve()
        self.host = host
        self.admin_token = admin_token or config.admin_token()[0]
        self.startup_timeout = startup_timeout
        self.log_path = self.data_dir / "portals.log"
        self.urls: dict[str, str] = {}
        self.specs = specs
        self.items: list[str] = [spec.item for spec in load_specs(specs)] if specs else list(PORTALS)
        self._ports: list[int] = [base_port + i if base_port else 0 for i in range(len(self.items))]
        self._proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        ready = self.data_dir / f"ready-{os.getpid()}-{time.monotonic_ns()}.json"
        cmd = [sys.executable, "-m", "demo", "--data-dir", str(self.data_dir), "--host", self.host]
        cmd += ["--ports", ",".join(map(str, self._ports)), "--ready-file", str(ready)]
        if self.specs:
            cmd += ["--specs", self.specs]
        env = {**os.environ, config.ADMIN_TOKEN_ENV: self.admin_token, "PYTHONUNBUFFERED": "1"}
        with self.log_path.open("ab") as log:
            self._proc = subprocess.Popen(cmd, cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + self.startup_timeout
        try:
            while not ready.exists():
                self._check_alive(deadline)
                time.sleep(0.05)
            self.urls = json.loads(ready.read_text(encoding="utf-8"))
        finally:
            ready.unlink(missing_ok=True)
        self._ports = [int(self.urls[item].rsplit(":", 1)[1]) for item in self.items]
        with httpx.Client(timeout=2.0, trust_env=False) as client:
            for url in self.urls.values():
                while True:
                    self._check_alive(deadline)
                    with contextlib.suppress(httpx.HTTPError):
                        if client.get(url + "/__health").status_code == 200:
                            break
                    time.sleep(0.05)

    def _check_alive(self, deadline: float) -> None:
        assert self._proc is not None
        if self._proc.poll() is not None:
            raise RuntimeError(f"演示门户进程已退出（代码 {self._proc.returncode}）：\n{self._log_tail()}")
        if time.monotonic() > deadline:
            self.stop()
            raise TimeoutError(f"演示门户在 {self.startup_timeout} 秒内未就绪：\n{self._log_tail()}")

    def _log_tail(self) -> str:
        try:
            return "\n".join(self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-30:])
        except OSError:
            return ""

    def stop(self) -> None:
        """SIGTERM, then SIGKILL after 10 s."""
        if self._proc is None:
            return
        if self._proc.poll() is None:
            self._proc.terminate()
            try:
                self._proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        self._proc = None

    def restart(self) -> None:
        self.stop()
        self.start()

    @property
    def ports(self) -> Mapping[str, int]:
        return dict(zip(self.items, self._ports, strict=True))

    def __enter__(self) -> PortalsProcess:
        self.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
