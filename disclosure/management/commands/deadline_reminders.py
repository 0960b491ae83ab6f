"""`manage.py deadline_reminders`: queue today's deadline and stuck-step reminder emails (run
daily by cron)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from disclosure.reminders import send_deadline_reminders, send_stuck_reminders


class Command(BaseCommand):
    help = "将当日的公开期限提醒邮件加入后台任务队列（由 cron 或 systemd 定时器每日运行一次）。"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="按指定日期（YYYY-MM-DD）计算，用于补发某日的提醒")

    def handle(self, *args, **options):
        day = options.get("date")
        if day:
            try:
                date.fromisoformat(day)
            except ValueError:
                raise CommandError(f"日期“{day}”无效，请按 YYYY-MM-DD 填写。", returncode=2) from None
        result = send_deadline_reminders.enqueue(day)
        self.stdout.write(f"已加入队列：{result.id}")
        result = send_stuck_reminders.enqueue(day)
        self.stdout.write(f"已加入队列：{result.id}")
