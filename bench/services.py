"""Throwaway redis-server and PostgreSQL instances, and `bot worker` processes, for the scale-out
tests (tests/scale) and bench/scale.py.

Each server runs on a free loopback port with its data in a temp folder, without persistence
(Redis: no RDB, no AOF; PostgreSQL: fsync off), and is stopped and removed afterwards.
PostgreSQL refuses to run as root: as root, its programs run as the ``postgres`` user that
Debian's package creates. Missing programs raise :class:`ServiceMissing` with what to install
(``make setup`` installs them through scripts/ensure-services.sh).
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import TracebackType

import psycopg
from redis import Redis

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class ServiceMissing(RuntimeError):
    """A server program is not installed."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(check: object, what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        try:
            if callable(check) and check():
                return
        except Exception as exc:  # not up yet
            last = exc
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not start within {timeout:.0f} s: {last}")


class RedisServer:
    def __init__(self) -> None:
        self.binary = shutil.which("redis-server")
        if self.binary is None:
            raise ServiceMissing("redis-server not found: run `make setup` (or apt-get install -y redis-server)")
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="bot-redis-"))
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        args = [self.binary or "redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
        args += ["--save", "", "--appendonly", "no", "--dir", str(self.dir), "--logfile", str(self.dir / "redis.log")]
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        client = Redis.from_url(self.url)
        try:
            _wait(client.ping, f"redis-server on port {self.port}")
        finally:
            client.close()
        return self

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> RedisServer:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()


def pg_bin() -> Path:
    """PostgreSQL's server programs: ``BOT_PG_BIN`` or Debian's /usr/lib/postgresql/<version>/bin."""
    candidates = [os.environ.get("BOT_PG_BIN", ""), *sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)]
    for candidate in candidates:
        if candidate and all((Path(candidate) / p).exists() for p in ("initdb", "pg_ctl", "postgres")):
            return Path(candidate)
    raise ServiceMissing("PostgreSQL server programs not found: run `make setup` (or apt-get install -y postgresql)")


class PostgresServer:
    """A cluster in a temp folder; :meth:`database` makes a fresh database and returns its SQLAlchemy URL."""

    USER = "bot"

    def __init__(self) -> None:
        self.bin = pg_bin()
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="bot-pg-"))
        self.data = self.dir / "data"
        self._as: list[str] = []
        if os.geteuid() == 0:  # postgres refuses root: run its programs as Debian's postgres user
            if shutil.which("runuser") is None:
                raise ServiceMissing("runuser not found (util-linux): needed to run PostgreSQL as a non-root user")
            self._as = ["runuser", "-u", "postgres", "--"]
            shutil.chown(self.dir, "postgres")
        self._count = 0

    def _run(self, *args: str) -> None:
        result = subprocess.run([*self._as, *args], capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise RuntimeError(f"{Path(args[0]).name} failed: {result.stderr.strip() or result.stdout.strip()}")

    def start(self) -> PostgresServer:
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", self.USER, "--auth=trust", "-E", "UTF8")
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
        log = str(self.dir / "pg.log")
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options, "-l", log, "-w", "start")
        return self

    def admin_url(self, database: str = "postgres") -> str:
        return f"postgresql://{self.USER}@127.0.0.1:{self.port}/{database}"

    def database(self, name: str | None = None) -> str:
        """A new empty database; its SQLAlchemy URL (psycopg 3)."""
        self._count += 1
        name = name or f"ledger{self._count}"
        with psycopg.connect(self.admin_url(), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return f"postgresql+psycopg://{self.USER}@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            with contextlib.suppress(RuntimeError):
                self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> PostgresServer:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()


class BotWorker:
    """A real ``bot worker`` process (its own session, so it can be killed with all its children)."""

    def __init__(self, env: Mapping[str, str], concurrency: int, log: Path) -> None:
        self.env = {**os.environ, **env}
        self.concurrency = concurrency
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> BotWorker:
        bot = Path(sys.executable).parent / "bot"
        command = [str(bot)] if bot.exists() else [sys.executable, "-c", "from cli import app; app()"]
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [*command, "worker", "--concurrency", str(self.concurrency), "--loglevel", "INFO"],
                cwd=PROJECT_ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        return self

    def kill(self) -> None:
        """SIGKILL the worker and everything it started (its processes, their browsers): a machine dying."""
        if self.process is None:
            return
        send(signal.SIGKILL, reversed(self.family()))
        self.process.wait()

    def freeze(self) -> None:
        """SIGSTOP the worker and everything it started: while frozen, nothing it holds moves in the ledger."""
        send(signal.SIGSTOP, self.family())

    def thaw(self) -> None:
        """SIGCONT what :meth:`freeze` stopped."""
        send(signal.SIGCONT, self.family())

    def family(self) -> list[int]:
        """The worker and every process below it, parents first; none before it is started."""
        return descendants(self.process.pid) if self.process is not None else []

    def stop(self) -> None:
        """A warm shutdown (SIGTERM: finish the current tasks), then SIGKILL whatever is left."""
        if self.process is None:
            return
        family = self.family()
        if self.process.poll() is None:
            self.process.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(30)
        send(signal.SIGKILL, reversed(family))
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(5)

    def __enter__(self) -> BotWorker:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()


def send(number: signal.Signals, pids: Iterable[int]) -> None:
    """Signal each process in turn; one that has already ended is passed over."""
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, number)


def descendants(root: int) -> list[int]:
    """``root`` and every process below it, parents before children (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, stack = [], [root]
    while stack:
        pid = stack.pop(0)
        found.append(pid)
        stack.extend(children.get(pid, []))
    return found
