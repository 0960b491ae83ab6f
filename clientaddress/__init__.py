"""The address of the person making a request, told apart from what they may write themselves.

Behind nginx every request comes from the proxy's own address, and `X-Forwarded-For` is a list
that starts with whatever the client wrote. So the proxy's headers are read only when the
request arrives from an address in `TRUSTED_PROXIES` (addresses or networks, e.g.
``127.0.0.1,10.0.0.0/8``); then the address is the rightmost hop of `X-Forwarded-For` that is not
itself a trusted proxy (nginx's `$proxy_add_x_forwarded_for` appends the address it saw), or,
with `CLIENT_ADDRESS_HEADER = "X-Real-IP"`, nginx's `X-Real-IP` — only for a proxy that sets it
on every request it passes on, since a client can send that header too and nginx forwards it
untouched unless told `proxy_set_header X-Real-IP $remote_addr`. A request from anywhere else
is taken at its `REMOTE_ADDR`, whatever headers it carries.

Every throttle of the site (login lockout, page passwords, applications) asks this one function.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings


def client_address(request) -> str:
    """The client's address as text ("" when the request has none)."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    if not _is_trusted(remote):
        return remote
    if getattr(settings, "CLIENT_ADDRESS_HEADER", "X-Forwarded-For").lower() == "x-real-ip":
        real_ip = (request.META.get("HTTP_X_REAL_IP") or "").strip()
        return real_ip if _parse(real_ip) is not None else remote
    hops = [hop.strip() for hop in (request.META.get("HTTP_X_FORWARDED_FOR") or "").split(",")]
    for hop in reversed([hop for hop in hops if hop]):
        if _parse(hop) is None:
            # Unparseable text in the list was written by the client: nothing to its left
            # can be believed, and the hop to its right (if any) was already trusted.
            break
        if not _is_trusted(hop):
            return hop
    return remote


def _is_trusted(address: str) -> bool:
    parsed = _parse(address)
    return parsed is not None and any(parsed in network for network in _trusted_networks(
        tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ())))


def _parse(address: str):
    try:
        return ipaddress.ip_address(address)
    except ValueError:
        return None


@lru_cache(maxsize=8)
def _trusted_networks(entries: tuple[str, ...]):
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)
