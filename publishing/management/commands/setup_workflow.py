"""manage.py setup_workflow: create the workflow 公开发布审批 and assign it to every catalogue root."""

from django.core.management.base import BaseCommand

from publishing.workflow import setup_workflow


class Command(BaseCommand):
    help = "创建“公开发布审批”流程（科室审核 → 保密审查 → 领导签发）并指定给每个公开目录；可重复运行。"

    def handle(self, *args, **options):
        report = setup_workflow()
        for line in report:
            self.stdout.write(line)
        if not report:
            self.stdout.write("审批流程已是最新，无需更改。")
