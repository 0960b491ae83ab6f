"""Serve the demo: the web server and the background workers side by side; Ctrl-C stops all.

The demo shows what the public would see: DEBUG is off (the site's own Chinese 404 and 500
pages, not Django's debug pages; `DEBUG=1 make demo` brings those back), and every process
builds links with the address the demo runs at (WAGTAILADMIN_BASE_URL for e-mails).

`make demo` ends with this command. Each worker is its own process, as in production
(deploy/ runs them as separate systemd units); this command only starts them together and makes
sure none outlives the others.
"""

import os
import signal
import subprocess
import sys
import threading

from django.core.management.base import BaseCommand

from portal.site_address import WILDCARD_HOSTS, public_host


class Command(BaseCommand):
    help = "启动演示网站及后台任务进程，按 Ctrl-C 全部停止。"

    def add_arguments(self, parser):
        parser.add_argument("address", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args, address, **options):
        commands = [
            ["db_worker", "--queue-name", "*", "--interval", "1", "--no-reload"],
            ["run_publisher"],
            ["runserver", "--noreload", address],
        ]
        env = self.demo_environment(address)
        processes = [subprocess.Popen([sys.executable, "manage.py", *command], env=env)  # noqa: S603
                     for command in commands]
        stopping = threading.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stopping.set())
        try:
            while not stopping.wait(0.5):
                if any(process.poll() is not None for process in processes):
                    if not stopping.is_set():
                        self.stderr.write("有进程意外退出，正在停止其余进程。")
                    break
            self.stdout.write("正在停止……")
        finally:
            for process in processes:
                if process.poll() is None:
                    process.terminate()
            for process in processes:
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()


    @staticmethod
    def demo_environment(address: str) -> dict[str, str]:
        """The environment of the demo's processes; what the caller set explicitly wins."""
        host, _sep, port = address.rpartition(":")
        host = host or "127.0.0.1"
        env = dict(os.environ)
        env.setdefault("DEBUG", "0")
        env.setdefault("WAGTAILADMIN_BASE_URL", f"http://{public_host(host)}:{port}")
        # With DEBUG off Django answers only the host names it knows; bound to every address,
        # the demo is reached by names and addresses nobody can list beforehand.
        env.setdefault("ALLOWED_HOSTS", "*" if host in WILDCARD_HOSTS
                       else f"localhost,127.0.0.1,[::1],{host}")
        return env
