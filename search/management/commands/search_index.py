"""`manage.py search_index rebuild|update|check|terms|statistics` — maintain the full-text index."""

from django.core.management.base import BaseCommand, CommandError

from search import index
from search.terms import load_starting_synonyms


class Command(BaseCommand):
    help = ("rebuild：重建索引（建好新索引后切换，期间检索照常）；update：逐页更新；"
            "check：列出缺失或过期的页面（--repair 同时修复）；terms：载入内置的简称与同义词表；"
            "statistics：更新排序用的词频统计（PostgreSQL，每日任务使用）。")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "update", "check", "terms", "statistics"])
        parser.add_argument("--repair", action="store_true",
                            help="check：逐一更新缺失、过期和多余的页面后再检查一次（每日任务使用）")

    def handle(self, *args, action, **options):
        verbosity = options["verbosity"]
        progress = self._progress if verbosity > 1 else None
        if action == "rebuild":
            report = index.rebuild(progress=progress)
            self.stdout.write(self.style.SUCCESS(
                f"已重建索引：第 {report.generation} 代，{report.indexed} 个页面，"
                f"用时 {report.seconds:.1f} 秒"))
        elif action == "statistics":
            words = index.refresh_statistics()
            self.stdout.write(self.style.SUCCESS(f"已更新词频统计：{words} 个常用词"))
        elif action == "update":
            counts = index.update_all(progress=progress)
            self.stdout.write(self.style.SUCCESS(
                f"已更新：编入 {counts['indexed']} 个页面，移出 {counts['removed']} 个页面"))
        elif action == "check":
            report = index.check()
            for label, ids in (("缺失", report.missing), ("过期", report.stale),
                               ("不应在索引中", report.extra)):
                for page_id in ids:
                    self.stdout.write(f"{label}\tpage {page_id}")
            if options["repair"] and not report.ok:
                for page_id in report.missing + report.stale + report.extra:
                    index.update_page(page_id)
                repaired = len(report.missing) + len(report.stale) + len(report.extra)
                self.stdout.write(f"已修复 {repaired} 个页面")
                report = index.check()
            if not report.ok:
                raise CommandError(
                    f"索引与页面不一致：缺失 {len(report.missing)}，过期 {len(report.stale)}，"
                    f"多余 {len(report.extra)}。请运行 manage.py search_index update")
            self.stdout.write(self.style.SUCCESS("索引与页面一致"))
        else:
            added = load_starting_synonyms()
            self.stdout.write(self.style.SUCCESS(f"已载入 {added} 个检索词"))

    def _progress(self, done, total):
        if done == total or done % 1000 == 0:
            self.stdout.write(f"{done}/{total}")
