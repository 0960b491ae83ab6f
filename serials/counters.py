"""Take serial numbers from a counter so that no two callers ever get the same one.

A serial is taken under the counter row's lock (SELECT ... FOR UPDATE on PostgreSQL, the
database write lock on SQLite), held until the caller's transaction ends: a concurrent caller
waits and gets the following serial, and a caller whose transaction rolls back hands its
serial back with it, so numbers are neither shared nor skipped.
"""

from django.db import IntegrityError, transaction

from .models import SerialCounter


def take(name: str, scope: str) -> int:
    """The next serial of counter `name` in `scope`."""
    return reserve(name, scope, 1)[0]


def reserve(name: str, scope: str, count: int) -> range:
    """The next `count` serials of counter `name` in `scope`, at once."""
    if count < 1:
        raise ValueError("count must be at least 1")
    with transaction.atomic():
        counter = _locked(name, scope)
        first = counter.last + 1
        counter.last += count
        counter.save(update_fields=["last"])
        return range(first, counter.last + 1)


def give_back(name: str, scope: str, top: int, lowest: int) -> bool:
    """Move the counter back from `top` to just below `lowest` (serials reserved and not used),
    only if nobody took a serial after `top` meanwhile; return whether it moved."""
    return bool(SerialCounter.objects.filter(name=name, scope=scope, last=top)
                 .update(last=lowest - 1))


def _locked(name: str, scope: str) -> SerialCounter:
    counters = SerialCounter.objects.select_for_update()
    counter = counters.filter(name=name, scope=scope).first()
    if counter is None:
        try:
            with transaction.atomic():
                SerialCounter.objects.create(name=name, scope=scope, last=0)
        except IntegrityError:
            pass  # another transaction created it first; lock theirs below
        counter = counters.get(name=name, scope=scope)
    return counter
