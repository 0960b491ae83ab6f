"""Load the demo content of every app, once: running it again changes nothing."""

import importlib

from django.core.management.base import BaseCommand

# Order matters: later loaders build on the pages and departments of earlier ones.
DEMO_LOADERS = ["disclosure.demo", "disclosure.workflow_demo", "applications.demo", "search.demo"]


class Command(BaseCommand):
    help = "载入演示内容和演示账号（可重复运行，不会重复创建）。"

    def handle(self, *args, **options):
        from portal import demo as portal_demo

        site = portal_demo.load()
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
        self.stdout.write(self.style.SUCCESS("演示内容已就绪。"))
