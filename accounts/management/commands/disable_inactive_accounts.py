from django.core.management.base import BaseCommand

from accounts.inactivity import disable_inactive_accounts


class Command(BaseCommand):
    help = "停用长期未登录的账号（ACCOUNTS_INACTIVE_DAYS），不删除。"

    def handle(self, *args, **options):
        for username in disable_inactive_accounts():
            self.stdout.write(f"已停用：{username}")
