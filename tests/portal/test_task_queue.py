"""Tasks survive a worker crash: a task left RUNNING by a dead worker is queued again when it
may run twice, marked failed when it may not; /healthz really asks the queue's database."""

import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command, get_commands
from django.db import OperationalError
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from portal.task_queue import IDEMPOTENT_TASKS, requeue_stalled

pytestmark = pytest.mark.django_db

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend",
                                  "QUEUES": ["default"]}}


def left_running(task_path, args=(), *, minutes_ago=120, worker="worker-that-died"):
    return DBTaskResult.objects.create(
        task_path=task_path, args_kwargs={"args": list(args), "kwargs": {}},
        status=TaskResultStatus.RUNNING, backend_name="default", run_after=get_date_max(),
        started_at=timezone.now() - timedelta(minutes=minutes_ago), worker_ids=[worker])


# The worker closes its database connection; serialized rollback, as the suite's other
# transactional tests: the flush afterwards would also remove the rows the migrations made.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_idempotent_task_left_running_by_a_dead_worker_is_queued_again_and_runs(
        database_queue, home):
    task = left_running("outbox.tasks.send_due_messages")
    report = requeue_stalled()
    assert report.requeued == [str(task.pk)]
    task.refresh_from_db()
    assert task.status == TaskResultStatus.READY
    call_command("db_worker", "--batch", "--no-startup-delay", "--worker-id", "new-worker",
                 "--no-reload", verbosity=0)
    task.refresh_from_db()
    assert task.status == TaskResultStatus.SUCCESSFUL
    assert task.worker_ids == ["worker-that-died", "new-worker"]


def test_task_that_may_not_run_twice_is_marked_failed_not_run_again(database_queue):
    task = left_running("disclosure.reminders.send_deadline_reminders", [])
    assert "disclosure.reminders.send_deadline_reminders" not in IDEMPOTENT_TASKS
    report = requeue_stalled()
    task.refresh_from_db()
    assert report.failed == [str(task.pk)] and task.status == TaskResultStatus.FAILED
    assert task.exception_class_path == "portal.task_queue.WorkerLost"


def test_task_running_for_less_than_the_limit_is_left_alone(database_queue, settings):
    settings.TASKS_STALLED_AFTER_SECONDS = 1800
    task = left_running("search.tasks.update_page_index", [1], minutes_ago=5)
    assert requeue_stalled().requeued == []
    task.refresh_from_db()
    assert task.status == TaskResultStatus.RUNNING


def test_restarted_worker_requeues_what_its_previous_process_was_running_at_once(
        database_queue):
    mine = left_running("search.tasks.update_page_index", [1], minutes_ago=0, worker="host-a")
    other = left_running("search.tasks.update_page_index", [2], minutes_ago=0, worker="host-b")
    call_command("requeue_stalled_tasks", "--worker-id", "host-a")
    mine.refresh_from_db()
    other.refresh_from_db()
    assert (mine.status, other.status) == (TaskResultStatus.READY, TaskResultStatus.RUNNING)


def test_healthz_says_the_task_queue_is_unavailable_when_its_database_fails(
        database_queue, client, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(DBTaskResult.objects, "filter", unreachable)
    monkeypatch.setattr(DBTaskResult.objects, "exists", unreachable)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content)["tasks"] == "unavailable"


def test_healthz_is_ok_with_the_database_queue(database_queue, client):
    response = client.get("/healthz")
    assert response.status_code == 200 and json.loads(response.content)["tasks"] == "ok"


def test_deploy_units_run_real_commands_and_the_daily_chores_repair_the_search_index():
    commands = get_commands()
    found = []
    for unit in DEPLOY.glob("*.service"):
        for line in unit.read_text().splitlines():
            match = re.match(r"ExecStart(?:Pre)?=\S+ manage\.py (\S+)(.*)", line)
            if match:
                assert match.group(1) in commands, f"{unit.name}: {match.group(1)}"
                found.append((unit.name, match.group(1) + match.group(2)))
    assert ("portal-daily.service", "search_index check --repair") in found
    assert any(unit == "portal-worker.service" and command.startswith("requeue_stalled_tasks")
               for unit, command in found)
    assert any(unit == "portal-tasks-watch.service" and command == "requeue_stalled_tasks"
               for unit, command in found)
