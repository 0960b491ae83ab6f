"""`manage.py load_standard_catalogue [FILE] [--department CODE]`: the standard catalogue's
items as columns of the disclosure catalogue (idempotent)."""

from django.core.management.base import BaseCommand, CommandError

from disclosure.standard_catalogue import (
    SHIPPED_HEALTH_CATALOGUE,
    CatalogueFileError,
    load_standard_catalogue,
)


class Command(BaseCommand):
    help = ("载入基层政务公开标准目录（JSON 或 YAML），按事项新建或更新目录栏目；重复运行不会重复创建。"
            "省略文件则载入随网站提供的卫生健康标准目录。")

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(SHIPPED_HEALTH_CATALOGUE),
                            help="标准目录文件路径")
        parser.add_argument("--department", metavar="CODE",
                            help="文件所列科室在本网站不存在时，承担这些事项的科室代码")
        parser.add_argument("--user", metavar="USERNAME",
                            help="以该账号的名义发布栏目（页面历史记录发布人）")

    def handle(self, *args, file, department, user, **options):
        from django.contrib.auth import get_user_model

        publisher = None
        if user:
            publisher = get_user_model().objects.filter(username=user).first()
            if publisher is None:
                raise CommandError(f"找不到账号“{user}”。")
        try:
            report = load_standard_catalogue(file, default_department=department,
                                             user=publisher)
        except CatalogueFileError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(report.summary()))
        if report.to_complete:
            self.stdout.write("待本机关按公开指南补充：")
            for line in report.to_complete:
                self.stdout.write(f"  {line}")
