"""Set the address the site answers at (run once on a server, after `migrate`)."""

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site

from portal.site_address import set_site_address


class Command(BaseCommand):
    help = "设置网站的正式域名和端口（二维码、网站地图、打印页和邮件中的链接均使用此地址）。"

    def add_arguments(self, parser):
        parser.add_argument("hostname", help="正式域名，如 gongkai.example.gov.cn")
        parser.add_argument("port", type=int, nargs="?", default=443,
                            help="端口，默认 443（HTTPS）")

    def handle(self, *args, hostname, port, **options):
        if not Site.objects.filter(is_default_site=True).exists():
            raise CommandError("还没有默认站点：请先运行 migrate。")
        site = set_site_address(hostname, port)
        self.stdout.write(self.style.SUCCESS(f"网站地址已设为 {site.root_url}/"))
