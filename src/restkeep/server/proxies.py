"""Who the client is behind a reverse proxy (`--trusted-proxies`): the login throttle and the audit log
key on the client's address, which a proxy hides. From a trusted proxy's connection only, the address
is read from `X-Forwarded-For`: the rightmost entry that is not itself a trusted proxy (the one the
last trusted hop saw). Anyone else's `X-Forwarded-For` is ignored: a client cannot pick the address it
is throttled under."""

from __future__ import annotations

import ipaddress
from functools import cache

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@cache
def networks(setting: str) -> tuple[Network, ...]:
    """`10.0.0.1, 192.168.0.0/16, ::1` → networks. Raises ValueError naming a bad entry."""
    found = []
    for entry in (e.strip() for e in setting.split(",")):
        if entry:
            try:
                found.append(ipaddress.ip_network(entry, strict=False))
            except ValueError:
                raise ValueError(f"not an IP address or network: {entry!r}") from None
    return tuple(found)


def _trusted(address: str, trusted: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in trusted)


def client(peer: str | None, forwarded: str | None, setting: str) -> str | None:
    """The client's address: the peer, or, when the peer is a trusted proxy, from `X-Forwarded-For`."""
    trusted = networks(setting)
    if not trusted or peer is None or not forwarded or not _trusted(peer, trusted):
        return peer
    hops = [h.strip() for h in forwarded.split(",") if h.strip()]
    for hop in reversed(hops):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            return peer  # a malformed list: trust none of it
        if not _trusted(hop, trusted):
            return hop
    return hops[0] if hops else peer
