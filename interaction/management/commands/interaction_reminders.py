"""Daily chore: remind department heads and handlers, the discipline role and the office of the
messages due within 3 working days or overdue, and the office of the 3-month red line
(interaction.reminders)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from interaction.reminders import send_reminders


class Command(BaseCommand):
    help = "提醒承办人员：3 个工作日内到期或已逾期的留言，以及超过三个月未答复的红线（每日运行）。"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="按指定日期（YYYY-MM-DD）计算，用于补发某日的提醒")

    def handle(self, *args, **options):
        day = options.get("date")
        if day:
            try:
                day = date.fromisoformat(day)
            except ValueError:
                raise CommandError(f"日期“{day}”无效，请按 YYYY-MM-DD 填写。", returncode=2) from None
        sent = send_reminders(day)
        self.stdout.write(f"已向 {len(sent)} 人发出留言期限提醒。")
