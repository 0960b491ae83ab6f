"""manage.py scan_confidential PATH... — the confidentiality scanner over files on disk.

For checking an old site's files before import: one JSON object per finding per line
(file, location, kind, severity, text), exit status 1 if anything blocking was found,
0 otherwise, 2 if an input could not be read (each named on stderr).
"""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import DatabaseError
from django.utils.translation import gettext as _

from confidentiality.scanner import load_terms, scan_file
from textextract import UnreadableDocument

EXIT_CLEAN = 0
EXIT_BLOCKING = 1
EXIT_UNREADABLE = 2


class Command(BaseCommand):
    help = _("保密扫描：检查文件（PDF、DOCX、XLSX、纯文本）中的密级标志、个人信息和敏感词，"
             "每个发现输出一行 JSON；有阻止发布的发现时退出码为 1，有无法读取的文件时为 2。")

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH",
                            help=_("要扫描的文件或目录（目录下的文件逐个扫描）"))

    def handle(self, *args, paths=(), **options):
        try:
            terms = load_terms()
        except DatabaseError:
            terms = []
            self.stderr.write(_("敏感词表不可用（数据库未就绪），仅按内置规则扫描。"))
        blocking = unreadable = False
        for path in _expand(paths):
            try:
                with path.open("rb") as handle:
                    report = scan_file(handle, path.name, terms=terms)
            except UnreadableDocument as error:
                unreadable = True
                self.stderr.write(_("无法读取：%(path)s（%(reason)s）") % {
                    "path": path, "reason": error.reason})
                continue
            except OSError as error:
                unreadable = True
                self.stderr.write(_("无法读取：%(path)s（%(reason)s）") % {
                    "path": path, "reason": error.strerror or error.__class__.__name__})
                continue
            for finding in report.findings:
                blocking = blocking or finding.is_blocking
                self.stdout.write(json.dumps({
                    "file": str(path), "location": finding.location, "kind": finding.kind,
                    "severity": finding.severity, "text": finding.text,
                }, ensure_ascii=False))
        self.stdout.flush()
        if unreadable:
            sys.exit(EXIT_UNREADABLE)
        if blocking:
            sys.exit(EXIT_BLOCKING)


def _expand(paths):
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(child for child in path.rglob("*") if child.is_file())
        else:
            yield path
