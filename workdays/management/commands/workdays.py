"""`manage.py workdays add DATE N` / `manage.py workdays between DATE DATE`: the calculator.

Prints the result, then every day counted, naming holidays and make-up workdays
(e.g. `2026-10-10 周六 调休上班 第 5 个工作日`). Bad input exits with status 2.
"""

from django.core.management.base import BaseCommand, CommandError

from workdays import calculator

USAGE_ERROR = 2


class Command(BaseCommand):
    requires_system_checks = []  # a calculator: answers even while some other part is misconfigured
    help = "工作日计算器：add 日期 天数（某日之后第 N 个工作日）；between 日期 日期（两日之间的工作日数）。"

    def add_arguments(self, parser):
        operations = parser.add_subparsers(dest="operation", required=True,
                                           parser_class=type(parser))
        add = operations.add_parser("add", help="某日（不计）之后第 N 个工作日",
                                    called_from_command_line=parser.called_from_command_line)
        add.add_argument("date", help="起算日期，YYYY-MM-DD（当日不计）")
        add.add_argument("days", help="工作日天数")
        between = operations.add_parser("between", help="两个日期之间的工作日数（起日不计，止日计）",
                                        called_from_command_line=parser.called_from_command_line)
        between.add_argument("start", help="开始日期，YYYY-MM-DD（不计）")
        between.add_argument("end", help="结束日期，YYYY-MM-DD（计）")

    def handle(self, *args, **options):
        try:
            if options["operation"] == "add":
                result = calculator.add(calculator.parse_date(options["date"]),
                                        calculator.parse_count(options["days"]))
            else:
                result = calculator.between(calculator.parse_date(options["start"]),
                                            calculator.parse_date(options["end"]))
        except calculator.CalculatorInputError as error:
            raise CommandError(str(error), returncode=USAGE_ERROR) from None
        self.stdout.write(result.summary())
        for day in result.days:
            self.stdout.write("  " + day.line())
