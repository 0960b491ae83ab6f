"""manage.py run_publisher: the worker that publishes scheduled revisions and expires pages."""

import logging
import signal

from django.core.management.base import BaseCommand, CommandError

from publishing.publisher import PublicationFailed, Publisher, run_due


class Command(BaseCommand):
    help = "定时发布与到期下线：在计划时间（秒级）发布已签发的版本、下线到期页面。"

    def add_arguments(self, parser):
        parser.add_argument("--max-sleep", type=float, default=300.0,
                            help="最长休眠秒数（仅作保险；有新计划时会被立即唤醒）。默认 300。")
        parser.add_argument("--once", action="store_true",
                            help="只处理当前已到期的项目后退出（相当于 publish_scheduled）。")

    def handle(self, *args, max_sleep, once, **options):
        if options["verbosity"] > 1:
            logging.getLogger("publishing.publisher").setLevel(logging.DEBUG)
        if once:
            try:
                published, expired = run_due()
            except PublicationFailed as error:
                raise CommandError(f"以下项目处理失败，仍保留在计划中（详见日志）：{error}") from error
            self.stdout.write(f"发布 {published} 项，下线 {expired} 项。")
            return
        worker = Publisher(max_sleep=max_sleep)
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: worker.stop())
        self.stdout.write(f"发布程序 {worker.name} 已启动。")
        worker.run_forever()
