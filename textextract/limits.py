"""What reading one attachment may cost: uncompressed size, sheets, cells, pages and time.

A 360 KB spreadsheet can unzip to 370 MB (a "zip bomb"); read in full it ties a web worker up
for seconds and most of a gigabyte. Extraction therefore stops at the limits below and raises
`LimitExceeded`, an `UnreadableDocument`: the confidentiality check reports such a file as an
unreadable attachment, which blocks publication until the officer has looked at it, and the
search index leaves its text out. A file over a limit is never reported as clean.

The limits are Django settings with safe defaults (`ExtractionLimits.from_settings()`):

    TEXTEXTRACT_MAX_UNCOMPRESSED_BYTES   100 MB  all parts of a DOCX/XLSX together, inflated;
                                                 the text of a PDF or a plain-text file
    TEXTEXTRACT_MAX_SHEETS               100     worksheets of a workbook
    TEXTEXTRACT_MAX_CELLS                2000000 cells of a workbook, all sheets together
    TEXTEXTRACT_MAX_PAGES                2000    pages of a PDF
    TEXTEXTRACT_MAX_SECONDS              30      reading one file

The zip's declared sizes are checked before anything is inflated, and the bytes really
inflated are counted while reading, since declared sizes can lie and a part may be read more
than once (several sheets can point at the same part). pypdf keeps its own per-stream limits
(75 MB, `pypdf.Configuration`); reaching one of them counts as a limit here too.
"""

from __future__ import annotations

import time
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from .errors import UnreadableDocument

MB = 1024 * 1024
# Inflated bytes are counted per chunk: the limit is passed by at most one chunk.
CHUNK_BYTES = MB


@dataclass(frozen=True)
class ExtractionLimits:
    """The most one file may cost to read."""

    max_uncompressed_bytes: int = 100 * MB
    max_sheets: int = 100
    max_cells: int = 2_000_000
    max_pages: int = 2000
    max_seconds: float = 30.0

    @classmethod
    def from_settings(cls) -> ExtractionLimits:
        """The limits of the running site (settings `TEXTEXTRACT_MAX_*`), defaults otherwise."""
        defaults = cls()
        return cls(**{
            name: getattr(settings, f"TEXTEXTRACT_{name.upper()}", getattr(defaults, name))
            for name in cls.__dataclass_fields__
        })


class LimitExceeded(UnreadableDocument):
    """Reading the file would pass one of the limits; `reason` says which, in Chinese
    ("超过解压后大小上限（100 MB）")."""


class Budget:
    """What is left of the limits while one file is read."""

    def __init__(self, filename: str, limits: ExtractionLimits):
        self.filename = filename
        self.limits = limits
        self.deadline = time.monotonic() + limits.max_seconds
        self.inflated = 0
        self.cells = 0

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise LimitExceeded(self.filename, _("超过读取时间上限（%(n)s 秒）") % {
                "n": _number(self.limits.max_seconds)})

    def check_size(self, size: int) -> None:
        """`size` bytes (declared, inflated or extracted) must stay within the size limit."""
        if size > self.limits.max_uncompressed_bytes:
            raise LimitExceeded(self.filename, _("超过解压后大小上限（%(size)s）") % {
                "size": _megabytes(self.limits.max_uncompressed_bytes)})

    def add_inflated(self, size: int) -> None:
        self.inflated += size
        self.check_size(self.inflated)
        self.check_time()

    def check_sheets(self, count: int) -> None:
        if count > self.limits.max_sheets:
            raise LimitExceeded(self.filename, _("超过工作表数量上限（%(n)d 个）") % {
                "n": self.limits.max_sheets})

    def check_pages(self, count: int) -> None:
        if count > self.limits.max_pages:
            raise LimitExceeded(self.filename, _("超过页数上限（%(n)d 页）") % {
                "n": self.limits.max_pages})

    def add_cells(self, count: int) -> None:
        self.cells += count
        if self.cells > self.limits.max_cells:
            raise LimitExceeded(self.filename, _("超过单元格数量上限（%(n)d 个）") % {
                "n": self.limits.max_cells})


class BoundedZipFile(zipfile.ZipFile):
    """A zip archive read within a `Budget`: refused when its declared sizes pass the size
    limit, and every member read through it counts the bytes really inflated (in chunks, so
    that reading stops as soon as the limit is passed)."""

    def __init__(self, file, budget: Budget):
        super().__init__(file, "r")
        self.budget = budget
        budget.check_size(sum(info.file_size for info in self.infolist()))

    def open(self, name, mode="r", pwd=None, *, force_zip64=False):
        stream = super().open(name, mode, pwd, force_zip64=force_zip64)
        return _CountedStream(stream, self.budget) if mode == "r" else stream

    def inflate_all(self) -> None:
        """Inflate every member once, keeping nothing, to prove the archive within budget."""
        for info in self.infolist():
            with self.open(info) as stream:
                while stream.read(CHUNK_BYTES):
                    pass


class _CountedStream:
    """A member of a BoundedZipFile: reads go through the budget."""

    def __init__(self, stream, budget: Budget):
        self._stream = stream
        self._budget = budget

    def read(self, size: int = -1) -> bytes:
        if size is not None and 0 <= size <= CHUNK_BYTES:
            data = self._stream.read(size)
            self._budget.add_inflated(len(data))
            return data
        parts = []
        remaining = -1 if size is None or size < 0 else size
        while remaining:
            chunk = self._stream.read(CHUNK_BYTES if remaining < 0 else min(remaining,
                                                                            CHUNK_BYTES))
            if not chunk:
                break
            self._budget.add_inflated(len(chunk))
            parts.append(chunk)
            if remaining > 0:
                remaining -= len(chunk)
        return b"".join(parts)

    def readline(self, size: int = -1) -> bytes:
        line = self._stream.readline(size)
        self._budget.add_inflated(len(line))
        return line

    def __iter__(self):
        return iter(self.readline, b"")

    def __getattr__(self, name):
        return getattr(self._stream, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self._stream.close()


def _megabytes(size: int) -> str:
    return f"{_number(size / MB)} MB"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"
