"""Whose word the web server takes for a client's address: only the reverse proxies the operator names.

A login throttle keyed by address is only as good as the address. ``X-Forwarded-For`` is a header
anybody can send; it says who the client is only when the peer that sent it is a proxy of ours,
which appended the address it saw. So the server trusts it (and ``X-Forwarded-Proto``) from the
addresses and networks in ``BOT_TRUSTED_PROXIES`` (comma-separated, e.g. ``127.0.0.1`` or
``10.0.0.0/24, ::1``) and from nobody when it is unset, the default: then the address is the TCP
peer's. From a trusted proxy, the client is the rightmost entry of the header that is not itself a
trusted proxy (uvicorn's ProxyHeadersMiddleware), so a value the client made up and sent along is
ignored.
"""

from __future__ import annotations

import ipaddress
import os
from typing import TYPE_CHECKING

from bot.errors import BotError

if TYPE_CHECKING:
    import uvicorn
    from fastapi import FastAPI

ENV = "BOT_TRUSTED_PROXIES"


def trusted_proxies(value: str | None = None) -> list[str]:
    """The proxies named in ``value`` (default: ``BOT_TRUSTED_PROXIES``), each checked to be an IP address or
    network; an entry that is neither is an error naming it, rather than a proxy silently never matched."""
    text = os.environ.get(ENV, "") if value is None else value
    proxies: list[str] = []
    for entry in (part.strip() for part in text.split(",")):
        if not entry:
            continue
        if entry == "*":
            raise BotError(f"{ENV} 不能是“*”：那样任何人都能伪造自己的地址，绕过登录限制。请写出反向代理的地址或网段")
        try:
            network = ipaddress.ip_network(entry, strict=False)
        except ValueError:
            raise BotError(f"{ENV} 中的“{entry}”不是 IP 地址或网段（如 127.0.0.1、10.0.0.0/24）") from None
        proxies.append(str(network.network_address) if network.num_addresses == 1 else str(network))
    return proxies


def server_config(app: FastAPI, host: str, port: int, proxies: list[str], **options: object) -> uvicorn.Config:
    """uvicorn's configuration for ``app``: forwarded headers are read only when they come from ``proxies``.

    uvicorn's own default (``proxy_headers=True`` trusting ``127.0.0.1``, or ``FORWARDED_ALLOW_IPS``) would
    believe any local peer, including a client on the same machine, so both are always set here."""
    import uvicorn

    return uvicorn.Config(
        app,
        host=host,
        port=port,
        proxy_headers=bool(proxies),
        forwarded_allow_ips=list(proxies),
        access_log=False,  # its lines would carry paths, and paths carry draft tokens
        **options,  # type: ignore[arg-type]
    )
