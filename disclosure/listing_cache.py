"""A column's listing from Django's cache (issue 21).

A column page's filter choices, entry count, sub-columns, listed entries and page links are
made from the page tree alone: the same for every visitor, and changed only when a page is
published, unpublished, withdrawn, moved or deleted or a view restriction changes. They are kept
in Django's cache under the *generation* of the public pages: a token replaced on each of those
changes (portal.cache_signals, through `portal.site_cache.forget_home_lists`), at once and again
after the commit, as the site cache does (a request that read the old rows meanwhile wrote them
under the token that the commit replaces). An entry of an older generation is never read again;
`SITE_CACHE_SECONDS` bounds how long any entry lives, and 0 turns this cache off.

Only what every visitor may see is kept: the listing of a live, public column (a preview, a
restricted column and a listing with an invalid filter are made afresh each time), with a key
made of values the column's own entries allow (see `disclosure.listings.listing_cache_key`), so
that made-up query strings cannot fill the cache.
"""

import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

GENERATION_KEY = "disclosure:public-pages-generation"


def generation() -> str | None:
    """The current generation of the public pages; None when the cache is off."""
    if not settings.SITE_CACHE_SECONDS:
        return None
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        value = cache.get(GENERATION_KEY)
    return value


def advance() -> None:
    """A public page changed: every cached listing is stale, now and after the commit."""
    _replace()
    transaction.on_commit(_replace)


def get(key: str):
    return cache.get(key)


def put(key: str, value) -> None:
    cache.set(key, value, settings.SITE_CACHE_SECONDS)


def _replace() -> None:
    cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
