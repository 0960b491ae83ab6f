"""Operational endpoints of the site."""

import logging

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def healthz(request):
    """Say whether the database and the background task queue are reachable.

    200 with {"status": "ok", ...} when both answer; 503 otherwise. Nothing else is revealed:
    no versions, no error texts (those go to the log).
    """
    checks = {"database": _database_ok(), "tasks": _task_queue_ok()}
    healthy = all(checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable",
         **{name: "ok" if ok else "unavailable" for name, ok in checks.items()}},
        status=200 if healthy else 503,
    )


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.exception("healthz: database unreachable")
        return False


def _task_queue_ok() -> bool:
    """The queue is reachable when its store answers (portal.task_queue.queue_database_ok)."""
    from portal.task_queue import queue_database_ok

    try:
        return queue_database_ok()
    except Exception:
        logger.exception("healthz: task queue unreachable")
        return False
