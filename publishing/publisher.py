"""The publisher worker: makes scheduled revisions live and expires pages, on the second.

Pages signed off for later go live here. `manage.py run_publisher` runs `Publisher.run_forever()`:

- It sleeps until the next due time (the earliest `Revision.approved_go_live_at`, or the
  earliest `expire_at` of a live object), not on a fixed poll. Whatever schedules something
  wakes it: `wake_publishers()` runs after the commit of every change of `approved_go_live_at`
  or `expire_at`, and reaches a worker in the same process (an event), on the same host (a
  touched file) and, on PostgreSQL, on any host (NOTIFY). `max_sleep` is only a safety net.
- Each item is handled as Wagtail's `publish_scheduled` command does (same fields, same
  `Revision.publish` / `unpublish(set_expired=True)` calls, same log actions), one item per
  transaction, claimed first so that two workers never publish the same revision twice:
  `select_for_update(skip_locked=True)` where the database has it (PostgreSQL), and on every
  database an atomic conditional UPDATE that only one worker can win (SQLite serialises it).
- A revision that cannot go live at its time (the page's `go_live_problem(moment)`, or a
  ValidationError from saving it) is blocked once: its time stays cleared, the reason goes to
  the page's audit log and `schedule_blocked` is sent; it is not tried again until signed off anew.
- A lost database connection (server restart, network) is logged and retried with
  exponential backoff; the worker never exits because of it.
"""

import logging
import os
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import (
    DatabaseError,
    InterfaceError,
    OperationalError,
    close_old_connections,
    connection,
    transaction,
)
from django.db.models import Min
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from wagtail.log_actions import log
from wagtail.models import DraftStateMixin, Page, Revision

from .signals import schedule_blocked

logger = logging.getLogger("publishing.publisher")

NOTIFY_CHANNEL = "portal_publisher"
SLICE_SECONDS = 0.5  # how often a sleeping worker looks at its wake-up file
MAX_BACKOFF_SECONDS = 30

_local_workers: "set[Publisher]" = set()
_local_lock = threading.Lock()


def wake_publishers():
    """Tell every publisher worker that the schedule changed (call after commit)."""
    with _local_lock:
        for worker in list(_local_workers):
            worker.wake_event.set()
    path = wake_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch()
    except OSError:
        logger.warning("cannot touch the publisher wake-up file %s", path)
    if connection.vendor == "postgresql":
        try:
            with connection.cursor() as cursor:
                cursor.execute(f"NOTIFY {NOTIFY_CHANNEL}")
        except DatabaseError:
            logger.warning("NOTIFY %s failed; workers wake at their next due time", NOTIFY_CHANNEL)


def wake_file() -> Path:
    """A file a sleeping worker on this host watches; settings.PUBLISHER_WAKE_FILE overrides."""
    configured = getattr(settings, "PUBLISHER_WAKE_FILE", None)
    return Path(configured) if configured else Path(settings.VAR_DIR) / "publisher.wake"


def scheduled_models():
    """Page plus every other model with a live/expiry state (what publish_scheduled handles)."""
    return [Page] + [model for model in apps.get_models()
                     if issubclass(model, DraftStateMixin) and not issubclass(model, Page)]


def next_due_time() -> datetime | None:
    """The earliest moment at which something must go live or expire."""
    times = [Revision.objects.filter(approved_go_live_at__isnull=False)
             .aggregate(at=Min("approved_go_live_at"))["at"]]
    for model in scheduled_models():
        times.append(model.objects.filter(live=True, expire_at__isnull=False)
                     .aggregate(at=Min("expire_at"))["at"])
    times = [at for at in times if at is not None]
    return min(times) if times else None


def publish_due_revision(revision_id: int, now: datetime) -> bool:
    """Publish one due revision if this worker wins it; True if it did."""
    with transaction.atomic():
        if connection.features.has_select_for_update_skip_locked:
            locked = (Revision.objects.select_for_update(skip_locked=True)
                      .filter(pk=revision_id, approved_go_live_at__lte=now).first())
            if locked is None:
                return False
        # The claim: only one worker's UPDATE matches (on SQLite the first write of the
        # transaction, so a second worker waits for the first commit and then matches nothing).
        claimed = Revision.objects.filter(pk=revision_id, approved_go_live_at__lte=now).update(
            approved_go_live_at=None)
        if not claimed:
            return False
        revision = Revision.objects.get(pk=revision_id)
        due = parse_datetime(revision.content.get("go_live_at") or "")
        check = getattr(revision.as_object(), "go_live_problem", None)
        problem = check(now) if check else None
        try:  # as publish_scheduled: the go-live time has passed, so publish() makes it live
            with transaction.atomic():
                if not problem:
                    revision.publish(log_action="wagtail.publish.scheduled")
        except ValidationError as error:
            problem = " ".join(error.messages)
        if problem:
            _block(revision, due, problem)
            return False
    lag = (timezone.now() - due).total_seconds() if due else None
    logger.info("published %s pk=%s revision=%s due=%s lag=%.3fs", revision.object_str,
                revision.object_id, revision.pk, due.isoformat() if due else "-", lag or 0.0)
    return True


def _block(revision, due, reason):
    """Record once why `revision` did not go live (the claim already cleared its time)."""
    obj = revision.as_object()
    log(instance=obj, action="publishing.schedule_blocked", revision=revision,
        data={"reason": reason, "due": due.isoformat() if due else None})
    schedule_blocked.send(sender=type(obj), page=obj, revision=revision, due=due, reason=reason)
    logger.warning("blocked %s pk=%s revision=%s: %s", obj, obj.pk, revision.pk, reason)


def expire_due_object(model, pk, now: datetime) -> bool:
    """Unpublish one live object whose expiry time has passed, if this worker wins it."""
    obj = model.objects.filter(pk=pk).first()
    if obj is None:
        return False
    with transaction.atomic():
        claimed = model.objects.filter(pk=pk, live=True, expired=False,
                                       expire_at__lte=now).update(expired=True)
        if not claimed:
            return False
        obj.unpublish(set_expired=True, log_action="wagtail.unpublish.scheduled")
    logger.info("expired %s pk=%s expire_at=%s lag=%.3fs", obj, pk, obj.expire_at.isoformat(),
                (timezone.now() - obj.expire_at).total_seconds())
    return True


def run_due(now: datetime | None = None) -> tuple[int, int]:
    """Expire, then publish, everything due at `now`; (published, expired) counts.

    An object that cannot be expired or a revision that cannot be published (its transaction
    rolled back, so it stays due) is logged and does not hold back the others; PublicationFailed
    is raised at the end so the worker backs off before trying it again. Database outages
    (OperationalError, InterfaceError) stop the run at once.
    """
    now = now or timezone.now()
    failed = []
    expired = 0
    for model in scheduled_models():
        for pk in list(model.objects.filter(live=True, expire_at__lte=now)
                       .order_by("expire_at").values_list("pk", flat=True)):
            expired += _attempt(expire_due_object, failed, f"{model._meta.label} {pk}",
                                model, pk, now)
    published = 0
    for revision_id in list(Revision.objects.filter(approved_go_live_at__lte=now)
                            .order_by("approved_go_live_at").values_list("pk", flat=True)):
        published += _attempt(publish_due_revision, failed, f"revision {revision_id}",
                              revision_id, now)
    if failed:
        raise PublicationFailed(failed)
    return published, expired


def _attempt(action, failed: list, what: str, *args) -> bool:
    try:
        return action(*args)
    except (OperationalError, InterfaceError):
        raise
    except Exception:
        logger.exception("publisher: %s failed; it stays due and will be retried", what)
        failed.append(what)
        return False


class PublicationFailed(Exception):
    """Some due objects could not be published or expired (each was logged); the others were."""

    def __init__(self, failed):
        super().__init__("; ".join(failed))
        self.failed = failed


@dataclass(eq=False)
class Publisher:
    """One worker: run what is due, sleep until the next due time, repeat."""

    max_sleep: float = 300.0
    name: str = field(default_factory=lambda: f"{os.uname().nodename}:{os.getpid()}")
    wake_event: threading.Event = field(default_factory=threading.Event)
    stop_event: threading.Event = field(default_factory=threading.Event)

    def stop(self):
        self.stop_event.set()
        self.wake_event.set()

    def run_forever(self):
        with _local_lock:
            _local_workers.add(self)
        logger.info("publisher %s started (max sleep %ss)", self.name, self.max_sleep)
        backoff = 1.0
        listener = None
        try:
            while not self.stop_event.is_set():
                try:
                    self.wake_event.clear()
                    run_due()
                    next_due = next_due_time()
                    if listener is None:
                        listener = _listen()
                    backoff = 1.0
                except (OperationalError, InterfaceError) as error:
                    logger.warning("publisher %s: database unavailable (%s); retrying in %.0fs",
                                   self.name, error, backoff)
                    _drop_connection()
                    listener = _close(listener)
                    self._sleep(backoff, None)
                    backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)
                    continue
                except Exception as error:  # a worker that dies publishes nothing more
                    # Anything else (a failing revision, a bug in a signal receiver) is logged
                    # and retried after the same back-off, so the worker neither dies nor spins.
                    if not isinstance(error, PublicationFailed):
                        logger.exception("publisher %s: error; retrying in %.0fs",
                                         self.name, backoff)
                    self._sleep(backoff, listener)
                    backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)
                    continue
                timeout = self.max_sleep
                if next_due is not None:
                    timeout = min(timeout, max(0.0, (next_due - timezone.now()).total_seconds()))
                if timeout > 0:
                    self._sleep(timeout, listener)
        finally:
            _close(listener)
            with _local_lock:
                _local_workers.discard(self)
            connection.close()
            logger.info("publisher %s stopped", self.name)

    def _sleep(self, seconds: float, listener):
        """Sleep `seconds`, waking early when told the schedule changed or to stop."""
        end = time.monotonic() + seconds
        path = wake_file()
        seen = _mtime(path)
        while not self.stop_event.is_set():
            remaining = end - time.monotonic()
            if remaining <= 0:
                return
            step = min(remaining, SLICE_SECONDS)
            if listener is not None:
                try:
                    if any(True for _ in listener.notifies(timeout=step, stop_after=1)):
                        return
                except Exception:  # the listener died with the database; the loop reconnects
                    logger.warning("publisher %s: lost the NOTIFY listener", self.name)
                    return
            elif self.wake_event.wait(step):
                return
            if self.wake_event.is_set() or _mtime(path) != seen:
                return


def _mtime(path: Path):
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return None


def _listen():
    """A separate autocommit psycopg connection LISTENing for wake-ups (PostgreSQL only)."""
    if connection.vendor != "postgresql":
        return None
    import psycopg

    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    listener = psycopg.connect(**params, autocommit=True)
    listener.execute(f"LISTEN {NOTIFY_CHANNEL}")
    return listener


def _close(listener):
    if listener is not None:
        try:
            listener.close()
        except Exception:  # closing a dead connection may fail; nothing to do about it
            logger.debug("listener close failed", exc_info=True)
    return None


def _drop_connection():
    try:
        connection.close()
    except Exception:  # the connection is already gone
        logger.debug("close after database error failed", exc_info=True)
    close_old_connections()


# --- what wakes the workers ----------------------------------------------------------------------
def _revision_saved(sender, instance, update_fields=None, raw=False, **kwargs):
    if raw or instance.approved_go_live_at is None:
        return
    if update_fields is None or "approved_go_live_at" in update_fields:
        transaction.on_commit(wake_publishers)


def _object_saved(sender, instance, raw=False, **kwargs):
    if not raw and isinstance(instance, DraftStateMixin) and instance.live and instance.expire_at:
        transaction.on_commit(wake_publishers)


def register():
    from django.db.models.signals import post_save

    post_save.connect(_revision_saved, sender=Revision, dispatch_uid="publisher_revision_saved")
    post_save.connect(_object_saved, dispatch_uid="publisher_object_saved")
