"""Remind handlers and heads a few working days before an application is due (issue 22)."""

from django.core.management.base import BaseCommand

from applications.reminders import announce_due_soon


class Command(BaseCommand):
    help = "提醒承办科室：答复期限前 3 个工作日的申请（每日运行）。"

    def handle(self, *args, **options):
        self.stdout.write(f"已提醒 {announce_due_soon()} 件。")
