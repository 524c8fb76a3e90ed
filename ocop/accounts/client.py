"""The client address a request comes from, for login limits, API throttles and the limit on
public forms (``within_limit``).

``REMOTE_ADDR`` is the address of whoever opened the connection. ``X-Forwarded-For`` is only
believed when that connection comes from a proxy listed in ``settings.TRUSTED_PROXIES``
(addresses or networks, ``OCOP_TRUSTED_PROXIES``): the chain is then read from the right, and
the first address that is not one of our proxies is the client. Anyone else can write any
header, so without a trusted proxy the header is ignored.

django-ipware (which django-axes offers) matches trusted proxies against entries inside the
forwarded chain and never checks the connecting peer itself, so a client that reaches the
application directly could still name any address; hence this small reader.
"""

from __future__ import annotations

import ipaddress
import time
from functools import lru_cache

from django.conf import settings
from django.core.cache import caches


@lru_cache(maxsize=8)
def _networks(
    entries: tuple[str, ...],
) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries)


def _parse(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    value = value.strip().strip('"')
    if value.startswith("[") and "]" in value:  # [v6]:port
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # v4:port
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _trusted(address, networks) -> bool:
    return address is not None and any(address in network for network in networks)


def client_ip(request) -> str | None:
    """The client's address as a string (``None`` when the connection names none)."""
    peer = _parse(request.META.get("REMOTE_ADDR", "") or "")
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))
    if peer is None or not _trusted(peer, networks):
        return str(peer) if peer is not None else None
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for hop in reversed([h for h in forwarded.split(",") if h.strip()]):
        address = _parse(hop)
        if address is None:
            break  # a malformed hop: trust nothing further left
        if not _trusted(address, networks):
            return str(address)
    return str(peer)


def within_limit(request, scope: str, *, limit: int, seconds: int) -> bool:
    """Record one use of ``scope`` by the request's client address and say whether it is
    within ``limit`` uses in the last ``seconds``. The uses are kept in the shared (database)
    cache, as the API token throttle's, so every worker process counts the same; a refused
    use is not recorded."""
    key = f"limit:{scope}:{client_ip(request) or 'unknown'}"
    shared = caches["shared"]
    now = time.time()
    recent = [t for t in shared.get(key, []) if t > now - seconds]
    if len(recent) >= limit:
        return False
    shared.set(key, [*recent, now], timeout=seconds)
    return True
