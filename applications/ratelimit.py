"""Counting attempts in Django's cache: submissions per address and identity, tracking guesses.

Keys hold a hash, never an ID number or address in clear. Each limit is (count, seconds).
The counters must live in a cache every app server shares (`CACHES`: the database cache by
default, Redis in production), or each worker counts on its own. The client's address is the
one `clientaddress` trusts: a proxy's headers only from a configured proxy.

Tracking guesses are counted per address and per (tracking number, address): a stranger's
wrong guesses at someone's number cost only the stranger, never the applicant who holds the
code (the query code is a keyed hash of enough randomness that spreading guesses over many
addresses gains nothing within the per-address limits).
"""

import hashlib

from django.core.cache import cache

from clientaddress import client_address as _client_address

from .conf import setting


def client_address(request) -> str:
    """The client's address, read from a proxy's headers only when a trusted proxy sent them."""
    return _client_address(request)


def tracking_key(number: str, address: str) -> str:
    """What the per-number tracking throttle counts: the number as guessed from one address."""
    return f"{number}|{address}" if number and address else ""


def _key(scope: str, value: str) -> str:
    digest = hashlib.sha256(f"{scope}:{value}".encode()).hexdigest()[:32]
    return f"applications:{scope}:{digest}"


def exceeded(scope: str, value: str, limit_setting: str) -> bool:
    count, _seconds = setting(limit_setting)
    return bool(value) and cache.get(_key(scope, value), 0) >= count


def hit(scope: str, value: str, limit_setting: str) -> None:
    if not value:
        return
    _count, seconds = setting(limit_setting)
    key = _key(scope, value)
    if not cache.add(key, 1, seconds):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, seconds)
