"""Anonymise closed applications older than APPLICATION_RETENTION_DAYS (run daily)."""

from django.core.management.base import BaseCommand

from applications.retention import anonymise_expired


class Command(BaseCommand):
    help = "匿名化超过保存期限（APPLICATION_RETENTION_DAYS）的已办结申请，保留统计数据。"

    def handle(self, *args, **options):
        count = anonymise_expired()
        self.stdout.write(f"已匿名化 {count} 件申请。")
