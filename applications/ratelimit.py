"""Counting attempts in Django's cache: submissions per address and identity, tracking guesses.

Keys hold a hash, never an ID number or address in clear. Each limit is (count, seconds).
"""

import hashlib

from django.conf import settings
from django.core.cache import cache

from .conf import setting


def client_address(request) -> str:
    """The client's address; APPLICATION_CLIENT_ADDRESS_HEADER names the header a proxy sets."""
    header = getattr(settings, "APPLICATION_CLIENT_ADDRESS_HEADER", "REMOTE_ADDR")
    value = request.META.get(header) or request.META.get("REMOTE_ADDR", "")
    return value.split(",")[0].strip()


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
