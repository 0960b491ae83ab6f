"""`manage.py annual_report YEAR [--format json|xlsx|html] [--output FILE]`: the year's annual
report tables with their checks; exit status 1 when a check fails."""

import sys

from django.core.management.base import BaseCommand, CommandError

from reports.annual_report import build_report
from reports.exports import FORMATS, as_html, as_json, as_xlsx


class Command(BaseCommand):
    help = "生成政府信息公开工作年度报告的三张表格及核对结果（json、xlsx 或 html）；核对未通过时退出码为 1。"

    def add_arguments(self, parser):
        parser.add_argument("year", help="报告年度，如 2025")
        parser.add_argument("--format", default="json", choices=FORMATS, help="输出格式")
        parser.add_argument("--output", metavar="FILE",
                            help="写入文件（xlsx 必须指定）；省略则输出到标准输出")

    def handle(self, *args, year, format, output, **options):
        if not year.isdigit() or not 2008 <= int(year) <= 2100:
            raise CommandError(f"年度“{year}”无效：应为 2008 至 2100 之间的四位年份。")
        report = build_report(int(year))
        data = report.as_dict()
        if format == "xlsx":
            if not output:
                raise CommandError("xlsx 格式须用 --output 指定文件。")
            with open(output, "wb") as stream:
                stream.write(as_xlsx(data))
        else:
            text = as_json(data) if format == "json" else as_html(data)
            if output:
                with open(output, "w", encoding="utf-8") as stream:
                    stream.write(text)
            else:
                self.stdout.write(text, ending="")
        for check in report.failed_checks:
            self.stderr.write(f"核对未通过：{check.message}")
        if not report.passed:
            sys.exit(1)
