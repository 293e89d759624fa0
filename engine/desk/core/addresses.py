"""Who is asking: the client's address, as login throttling (django-axes, through
AXES_CLIENT_IP_CALLABLE), the per-address limit and the audit log record it.

Behind a reverse proxy every request comes from the proxy (nginx on 127.0.0.1), so
keyed on REMOTE_ADDR one attacker's failures would lock out every user (issue 21).
The proxy's X-Forwarded-For is believed only when the operator names the proxies
(PATUH_DESK_TRUSTED_PROXIES: addresses or networks, comma-separated) and the request
came from one of them; then the client is the right-most address of the header that
is not a trusted proxy (what the outermost trusted proxy saw; anything left of it the
client may have written itself). Without the setting the header is ignored.
"""

from __future__ import annotations

import ipaddress
from functools import cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@cache
def _trusted(spec: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(item, strict=False) for item in spec)


def parse_proxies(items: list[str]) -> tuple[str, ...]:
    """The setting, checked at start: every item an address or a network (ValueError)."""
    _trusted(tuple(items))
    return tuple(items)


def _is_trusted(address: str, proxies: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in network for network in proxies)


def client_address(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or behind a trusted proxy the address that
    proxy saw (X-Forwarded-For read from the right)."""
    remote = str(request.META.get("REMOTE_ADDR", "") or "")
    proxies = _trusted(tuple(getattr(settings, "PATUH_TRUSTED_PROXIES", ())))
    if not proxies or not _is_trusted(remote, proxies):
        return remote
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", "") or "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _is_trusted(hop, proxies):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return remote  # garbage where an address should be: the proxy's own
    return hops[0] if hops else remote
