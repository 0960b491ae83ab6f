"""Close applications whose correction or fee deadline has passed (条例 第三十条, 第四十二条)."""

from django.core.management.base import BaseCommand

from applications.actions import close_lapsed


class Command(BaseCommand):
    help = "将逾期未补正、逾期未缴费的申请按视为撤回办结（每日运行）。"

    def handle(self, *args, **options):
        closed = close_lapsed()
        for application in closed:
            self.stdout.write(f"{application.tracking_number} 视为撤回")
        self.stdout.write(f"共 {len(closed)} 件。")
