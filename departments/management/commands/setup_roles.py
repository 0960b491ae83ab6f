"""Create or update the role groups and each department's group. Safe to run again."""

from django.core.management.base import BaseCommand

from departments.roles import setup_roles


class Command(BaseCommand):
    help = "创建或更新各角色组及各科室权限组（可重复运行）。"

    def handle(self, *args, **options):
        changes = setup_roles()
        for line in changes:
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(f"角色与科室权限已就绪（变更 {len(changes)} 项）。"))
