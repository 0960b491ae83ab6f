"""Serve the demo: the web server and the background workers side by side; Ctrl-C stops all.

`make demo` ends with this command. Each worker is its own process, as in production
(deploy/ runs them as separate systemd units); this command only starts them together and makes
sure none outlives the others.
"""

import signal
import subprocess
import sys
import threading

from django.core.management.base import BaseCommand


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
        processes = [subprocess.Popen([sys.executable, "manage.py", *command])  # noqa: S603
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

