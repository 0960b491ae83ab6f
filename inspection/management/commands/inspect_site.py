"""`manage.py inspect_site [--format json] [--date D] [--full] [--record | --enqueue]`: the website
inspection (国办秘函〔2019〕19号) now; exit status 1 when a single-veto item is hit."""

import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from inspection.rules import VETO, WATCH, inspect_site
from inspection.tasks import record, run_daily_inspection

MARKS = {"red": "【红】", "yellow": "【黄】", "green": "【绿】"}


class Command(BaseCommand):
    help = "按《政府网站与政务新媒体检查指标》检查本站；触发单项否决时退出状态为 1。"

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["text", "json"], default="text",
                            help="输出格式：text（默认）或 json")
        parser.add_argument("--date", help="按指定日期（YYYY-MM-DD）检查")
        parser.add_argument("--record", action="store_true",
                            help="保存本次检查结果并发送每日检查邮件（每日任务使用，供检查看板显示趋势）")
        parser.add_argument("--full", action="store_true",
                            help="检查全部页面（默认只复查上次检查以来有变化的页面）")
        parser.add_argument("--enqueue", action="store_true",
                            help="不在此运行，而是加入后台任务队列（由任务进程检查并保存结果）")

    def handle(self, *args, **options):
        day = options.get("date")
        if day:
            try:
                date.fromisoformat(day)
            except ValueError:
                raise CommandError(f"日期“{day}”无效，请按 YYYY-MM-DD 填写。", returncode=2) from None
        if options["enqueue"]:
            result = run_daily_inspection.enqueue(day)
            self.stdout.write(f"已加入队列：{result.id}")
            return
        inspection = inspect_site(date.fromisoformat(day) if day else None, full=options["full"])
        if options["record"]:
            record(inspection)
        if options["format"] == "json":
            self.stdout.write(json.dumps(inspection.as_dict(), ensure_ascii=False, indent=2))
        else:
            self._text(inspection)
        if inspection.veto:
            raise SystemExit(1)

    def _text(self, inspection):
        self.stdout.write(f"网站检查 {inspection.day}："
                          + ("触发单项否决" if inspection.veto else "未触发单项否决"))
        for result in inspection.results:
            self.stdout.write(f"{MARKS[result.status]} {result.label}：{result.summary}")
            for finding in result.findings:
                mark = {VETO: "  ✗ ", WATCH: "  ! "}.get(finding.severity, "  - ")
                self.stdout.write(mark + finding.message)
            if result.note:
                self.stdout.write(f"  （{result.note}）")
