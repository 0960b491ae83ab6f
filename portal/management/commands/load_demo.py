"""Load the demo content of every app, once: running it again changes nothing."""

import importlib
import os

from django.core.management.base import BaseCommand
from django.test import override_settings

from portal.site_address import public_host, set_site_address

# Order matters: later loaders build on the pages and departments of earlier ones.
DEMO_LOADERS = ["disclosure.demo", "disclosure.workflow_demo", "applications.demo",
                "disclosure.catalogue_sections_demo", "reports.demo", "interaction.demo",
                "search.demo", "funds.demo", "portal.demo_complaints",
                # issue 20: last, so that every column it judges already exists.
                "inspection.demo"]


class Command(BaseCommand):
    help = "载入演示内容和演示账号（可重复运行，不会重复创建）。"

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1",
                            help="演示网站的主机名或地址（make demo 传入 HOST）")
        parser.add_argument("--port", type=int, default=8000,
                            help="演示网站的端口（make demo 传入 PORT）")

    def handle(self, *args, host, port, **options):
        from portal import demo as portal_demo

        # Workflow e-mails written while loading link to where the demo will run.
        base_url = os.environ.get("WAGTAILADMIN_BASE_URL") or \
            f"http://{public_host(host)}:{port}"
        with override_settings(WAGTAILADMIN_BASE_URL=base_url):
            self.load(portal_demo, host, port)

    def load(self, portal_demo, host, port):
        site = portal_demo.load()
        address = set_site_address(host, port)
        for module_name in DEMO_LOADERS:
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError as error:
                if error.name != module_name:
                    raise
                continue
            module.load(site)
        if site.created_logins:
            self.stdout.write(self.style.SUCCESS("演示账号（仅在首次创建时显示）："))
            for username, password, role in site.created_logins:
                self.stdout.write(f"  {username:<10} {password:<22} {role}")
        self.stdout.write(self.style.SUCCESS(
            f"演示内容已就绪，网站地址为 {address.root_url}/（二维码、网站地图和邮件链接均使用此地址）。"))
