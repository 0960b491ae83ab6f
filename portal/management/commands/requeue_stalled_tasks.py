"""`manage.py requeue_stalled_tasks [--worker-id ID]` — tasks left RUNNING by a dead worker.

With --worker-id: every task that worker was running (portal-worker.service runs this before
each start with the id it is about to use; the previous process of that id is dead). Without:
tasks RUNNING for longer than TASKS_STALLED_AFTER_SECONDS (portal-tasks-watch.timer).
"""

from django.core.management.base import BaseCommand

from portal.task_queue import requeue_stalled


class Command(BaseCommand):
    help = "重新排队因任务进程中断而停留在“运行中”的后台任务（不可重复执行的任务标记为失败）。"

    def add_arguments(self, parser):
        parser.add_argument("--worker-id", default=None,
                            help="已停止的任务进程的 ID：其所有运行中的任务立即处理")

    def handle(self, *args, worker_id=None, **options):
        report = requeue_stalled(worker_id=worker_id)
        self.stdout.write(f"重新排队 {len(report.requeued)} 个任务，标记失败 {len(report.failed)} 个任务")
