"""A driver's hold on a filing: the claim (a lease, renewed by a heartbeat) it takes before touching it.

Why its own module: who holds a filing is asked by the scheduler (is it free?) and by the engine (take
it, keep it, give it back), and the answer must be the same for both. The ledger refuses a second
holder; a claim whose holder died on this host (its process is gone) is taken over at once, any
other when its lease ends.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import os
import secrets
import socket
from collections.abc import AsyncIterator, Callable

from loguru import logger

from bot.localtime import utcnow
from bot.run.ledger import FilingRow, Ledger


def holder_name() -> str:
    """host:pid:nonce, the name a driver claims filings under: lets a driver on the same host see
    that a claim's holder has died."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(2)}"


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def held_by_live_driver(
    filing: FilingRow,
    now: dt.datetime,
    holder: str,
    *,
    host: str | None = None,
    alive: Callable[[int], bool] = pid_alive,
) -> bool:
    """A claim on the filing stands: its lease runs, and, when it is from ``holder``'s host (another
    process there), that process is alive. ``holder``'s own unexpired claim counts as held too."""
    if filing.claimed_by is None or filing.lease_until is None or filing.lease_until < now:
        return False
    claim_host, pid, *_ = [*filing.claimed_by.split(":"), "", ""]
    if claim_host == (host or socket.gethostname()) and pid.isdigit() and filing.claimed_by != holder:
        return alive(int(pid))
    return True


@contextlib.asynccontextmanager
async def holding(ledger: Ledger, filing: FilingRow, holder: str, lease_s: float) -> AsyncIterator[bool]:
    """Claim the filing (``filing``: its row as last read) for the block, the lease renewed every third
    of it, and release it after; yields False, having done nothing, when another driver holds it."""
    if not _claim(ledger, filing, holder, lease_s):
        yield False
        return
    heartbeat = asyncio.create_task(_heartbeat(ledger, filing.id, holder, lease_s))
    try:
        yield True
    finally:
        heartbeat.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await heartbeat
        ledger.release(filing.id, holder)


def _claim(ledger: Ledger, filing: FilingRow, holder: str, lease_s: float) -> bool:
    if ledger.claim(filing.id, holder, lease_s):
        return True
    if filing.claimed_by and not held_by_live_driver(filing, utcnow(), holder):  # its holder died on this host
        return ledger.take_over(filing.id, filing.claimed_by, holder, lease_s)
    return False


async def _heartbeat(ledger: Ledger, filing_id: int, holder: str, lease_s: float) -> None:
    while True:
        await asyncio.sleep(lease_s / 3)
        if not ledger.heartbeat(filing_id, holder, lease_s):
            logger.warning("办件 {} 的租约已被他人接管", filing_id)
            return
