"""Counting attempts in Django's cache: submissions per address and identity, tracking guesses.

Keys hold a hash, never an ID number or an address in clear. A limit is (count, seconds).
Several app servers need a shared cache (Redis in production) for the counts to hold. The address
counted is the one `clientaddress` trusts (a proxy's headers only from a configured proxy).
"""

import hashlib

from django.core.cache import cache

Limit = tuple[int, int]


def exceeded(namespace: str, scope: str, value: str, limit: Limit) -> bool:
    """True when `value` has used up `limit` in `scope`; an empty value is never limited."""
    count, _seconds = limit
    return bool(value) and cache.get(_key(namespace, scope, value), 0) >= count


def hit(namespace: str, scope: str, value: str, limit: Limit) -> None:
    """Count one attempt of `value`; the count expires `limit[1]` seconds after the first."""
    if not value:
        return
    _count, seconds = limit
    key = _key(namespace, scope, value)
    if not cache.add(key, 1, seconds):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, seconds)


def tracking_key(number: str, address: str) -> str:
    """What a per-number tracking throttle counts: the number as guessed from one address.

    Counting guesses per (number, address) rather than per number means a stranger's wrong
    guesses at someone's number cost only the stranger, never the person who holds the code."""
    return f"{number}|{address}" if number and address else ""


def _key(namespace: str, scope: str, value: str) -> str:
    digest = hashlib.sha256(f"{scope}:{value}".encode()).hexdigest()[:32]
    return f"{namespace}:{scope}:{digest}"
