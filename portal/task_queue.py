"""The background task queue survives a worker that dies in the middle of a task.

django-tasks' database backend marks a task RUNNING when a worker claims it (started_at, and
the worker's id appended to worker_ids) and never looks at it again: a worker killed in the
middle (OOM, power, `kill -9`) leaves it RUNNING forever, and a page it was indexing stays out
of the search index. `requeue_stalled` finds such tasks — claimed by a given worker id that is
known to be dead (the worker unit runs it before each start, with the id it will use), or
RUNNING for longer than TASKS_STALLED_AFTER_SECONDS — and puts them back in the queue (READY)
when running them twice is harmless. A task that is not declared idempotent (it sends mail,
say) is marked FAILED instead, so it shows in the task list rather than hanging or running
twice.
"""

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

# Tasks whose second run does no harm: each re-reads the state it works on.
IDEMPOTENT_TASKS = frozenset({
    "search.tasks.update_page_index",         # re-reads the page, indexes or removes it
    "search.tasks.update_pages_index",
    "search.tasks.update_pages_containing",
    "outbox.tasks.deliver_message",           # claims the row first; skips what was sent
    "outbox.tasks.send_due_messages",
    "applications.tasks.close_lapsed_applications",      # closes only what is still open
    "applications.tasks.anonymise_expired_applications",  # skips what is anonymised
    "wagtail.tasks.update_reference_index_task",  # rebuilds one object's references
    "wagtail.tasks.delete_file_from_storage_task",
    "wagtail.images.tasks.set_image_focal_point_task",
})


class WorkerLost(Exception):
    """Recorded on a task whose worker died while running it and that may not run twice."""


@dataclass
class RequeueReport:
    requeued: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def stalled_after() -> timedelta:
    return timedelta(seconds=settings.TASKS_STALLED_AFTER_SECONDS)


def requeue_stalled(*, worker_id: str | None = None, now=None) -> RequeueReport:
    """Requeue (or fail) RUNNING tasks of a dead worker, or running for too long."""
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    report = RequeueReport()
    with transaction.atomic():
        running = DBTaskResult.objects.running().select_for_update(skip_locked=True)
        if worker_id is None:
            running = running.filter(started_at__lt=now - stalled_after())
        for task in running:
            if worker_id is not None and (not task.worker_ids or task.worker_ids[-1] != worker_id):
                continue
            if task.task_path in IDEMPOTENT_TASKS:
                task.status = TaskResultStatus.READY
                task.started_at = None
                task.save(update_fields=["status", "started_at"])
                report.requeued.append(str(task.pk))
                logger.warning("task %s (%s) of a lost worker is queued again",
                               task.pk, task.task_path)
            else:
                task.status = TaskResultStatus.FAILED
                task.finished_at = now
                task.exception_class_path = f"{WorkerLost.__module__}.{WorkerLost.__qualname__}"
                task.traceback = (f"WorkerLost: the worker {task.worker_ids[-1:]} died while "
                                  "running this task; it is not safe to run twice.")
                task.save(update_fields=["status", "finished_at", "exception_class_path",
                                         "traceback"])
                report.failed.append(str(task.pk))
                logger.error("task %s (%s) of a lost worker is marked failed",
                             task.pk, task.task_path)
    return report


def queue_database_ok() -> bool:
    """The queue's store answers (the task table of the database backend is readable)."""
    from django_tasks import task_backends
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    backend = task_backends["default"]
    if isinstance(backend, DatabaseBackend):
        DBTaskResult.objects.filter(backend_name=backend.alias).exists()
    return True
