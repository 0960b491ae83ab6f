"""`manage.py import_documents FILE.jsonl [--column SLUG]`: move a department's old documents in."""

from django.core.management.base import BaseCommand, CommandError

from disclosure.importer import ImportSetupError, import_documents


class Command(BaseCommand):
    help = ("从 JSON Lines 文件批量导入已发布的政策文件（每行一个对象；必填 title、body、"
            "written_on）。重复运行不会重复创建。")

    def add_arguments(self, parser):
        parser.add_argument("file", help="JSON Lines 文件路径（UTF-8）")
        parser.add_argument("--column", metavar="SLUG",
                            help="目标栏目的标识（slug）；省略则导入目录的政策文件栏目")
        parser.add_argument("--genre", default="other", choices=["rule", "normative", "other"],
                            help="行内未写 genre（文种）时采用的文种：rule 规章、normative 行政规范性文件、"
                                 "other 其他文件（默认）")

    def handle(self, *args, **options):
        try:
            report = import_documents(options["file"], options["column"], genre=options["genre"],
                                      progress=self._progress if options["verbosity"] > 1
                                      else None)
        except ImportSetupError as error:
            raise CommandError(str(error)) from error
        for line, reason in report.errors:
            self.stderr.write(f"第 {line} 行：{reason}")
        style = self.style.WARNING if report.errors else self.style.SUCCESS
        self.stdout.write(style(report.summary()))

    def _progress(self, report):
        self.stdout.write(f"……已新建 {report.created} 篇，跳过 {report.existing} 篇")
