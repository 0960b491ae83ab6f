"""The search query log (QueryLog), written in batches.

A search adds one to an in-process tally of (query, day); the tally is written to the database
in one transaction when it is `SEARCH_QUERY_LOG_FLUSH_SECONDS` old (checked at each search),
when it holds `SEARCH_QUERY_LOG_MAX_ENTRIES` different queries, and when the process exits.
A burst of the same search costs one UPDATE per batch instead of one per request. A process
killed without exiting loses at most one batch of counts (statistics, nothing else).
"""

import atexit
import logging
import threading
import time
from collections import Counter

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F

logger = logging.getLogger("search")

_lock = threading.Lock()
_searches: Counter = Counter()
_zero_results: Counter = Counter()
_started = time.monotonic()


def add(query: str, day, *, zero: bool) -> None:
    """Count one search of `query` on `day` (and whether it found nothing)."""
    global _started
    with _lock:
        if not _searches:
            _started = time.monotonic()
        _searches[(query, day)] += 1
        if zero:
            _zero_results[(query, day)] += 1
        due = (time.monotonic() - _started >= settings.SEARCH_QUERY_LOG_FLUSH_SECONDS
               or len(_searches) >= settings.SEARCH_QUERY_LOG_MAX_ENTRIES)
    if due:
        flush()


def flush() -> int:

    """Write the tally to QueryLog; the number of (query, day) rows written."""
    with _lock:
        batch = [(key, count, _zero_results[key]) for key, count in _searches.items()]
        _searches.clear()
        _zero_results.clear()
    for (query, day), searches, zero in batch:
        _write(query, day, searches, zero)
    return len(batch)


def pending() -> int:
    with _lock:
        return sum(_searches.values())


def _write(query, day, searches: int, zero: int) -> None:
    from search.models import QueryLog

    increments = {"searches": F("searches") + searches,
                  "zero_result_searches": F("zero_result_searches") + zero}
    try:
        with transaction.atomic():
            if not QueryLog.objects.filter(query=query, day=day).update(**increments):
                QueryLog.objects.create(query=query, day=day, searches=searches,
                                        zero_result_searches=zero)
    except IntegrityError:  # another process created the row first
        QueryLog.objects.filter(query=query, day=day).update(**increments)
    except DatabaseError:
        logger.warning("检索记录写入失败", exc_info=True)


def _flush_at_exit() -> None:
    try:
        flush()
    except Exception:  # noqa: BLE001 (the process is ending; the counts are statistics)
        logger.warning("退出时检索记录写入失败", exc_info=True)


atexit.register(_flush_at_exit)
