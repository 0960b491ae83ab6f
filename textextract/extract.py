"""The one place the project reads the text of an attachment (PDF, DOCX, XLSX, plain text).

`extract_segments(fileobj, filename)` returns the text as a list of `Segment`s, each with a
human-readable location in Chinese ("第3页", "第12行", "第4段", "表格1 第2行第3列",
"Sheet1!B7"), so the confidentiality scanner can say where a finding is and the search
index can read attachment text. Unreadable input raises `UnreadableDocument` with a Chinese
message; a format this module does not read raises `UnsupportedFormat` (a subclass), and a file
that would cost more than the limits of `limits.py` raises `LimitExceeded` (a subclass too).
"""

from __future__ import annotations

import gc
import os
import re
import zipfile
from contextlib import contextmanager
from html import unescape
from typing import NamedTuple

from django.utils.translation import gettext as _

from .errors import UnreadableDocument, UnsupportedFormat
from .limits import BoundedZipFile, Budget, ExtractionLimits, LimitExceeded

TEXT_EXTENSIONS = {".txt", ".csv", ".tsv", ".md", ".text", ".log"}
PDF_EXTENSIONS = {".pdf"}
DOCX_EXTENSIONS = {".docx", ".docm"}
XLSX_EXTENSIONS = {".xlsx", ".xlsm"}
SUPPORTED_EXTENSIONS = TEXT_EXTENSIONS | PDF_EXTENSIONS | DOCX_EXTENSIONS | XLSX_EXTENSIONS

# Text encodings tried in order for plain-text files; GB18030 is a superset of GBK/GB2312,
# which older Chinese government files use.
TEXT_ENCODINGS = ("utf-8-sig", "utf-16", "gb18030")


class Segment(NamedTuple):
    """A piece of a document's text and where it is in the document."""

    location: str
    text: str


def extract_segments(fileobj, filename: str, *, limits: ExtractionLimits | None = None
                     ) -> list[Segment]:
    """Read the text of `fileobj` (a binary file object), choosing the reader by `filename`.

    The extension decides; a file without a known extension is recognised by its first bytes.
    Reading stops at `limits` (default: the site's settings) with `LimitExceeded`.
    """
    budget = Budget(filename, limits or ExtractionLimits.from_settings())
    kind = detect_format(fileobj, filename)
    reader = {
        "pdf": _pdf_segments,
        "docx": _docx_segments,
        "xlsx": _xlsx_segments,
        "text": _text_segments,
    }[kind]
    try:
        return reader(fileobj, filename, budget)
    except UnreadableDocument:
        raise
    except Exception as error:  # every parser has its own exception types; name the file
        raise UnreadableDocument(filename, _("文件已损坏或格式不符（%(error)s）") % {
            "error": error.__class__.__name__}) from error


def detect_format(fileobj, filename: str) -> str:
    """Return "pdf", "docx", "xlsx" or "text" for a file, or raise UnsupportedFormat."""
    extension = os.path.splitext(filename or "")[1].lower()
    if extension in PDF_EXTENSIONS:
        return "pdf"
    if extension in DOCX_EXTENSIONS:
        return "docx"
    if extension in XLSX_EXTENSIONS:
        return "xlsx"
    if extension in TEXT_EXTENSIONS:
        return "text"
    head = _peek(fileobj, 4)
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK"):
        names = _zip_names(fileobj)
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
    raise UnsupportedFormat(filename, _("不支持的文件类型（可读取 PDF、DOCX、XLSX 和纯文本）"))


def extract_text(fileobj, filename: str, *, limits: ExtractionLimits | None = None) -> str:
    """All the text of a file as one string, segments separated by newlines (for indexing)."""
    return "\n".join(segment.text
                     for segment in extract_segments(fileobj, filename, limits=limits))


# --- readers ---------------------------------------------------------------------------


def _pdf_segments(fileobj, filename: str, budget: Budget) -> list[Segment]:
    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError

    try:
        return _pdf_reader_segments(PdfReader(fileobj), filename, budget)
    except LimitReachedError as error:  # one of pypdf's own limits (a stream over 75 MB, …)
        raise LimitExceeded(filename, _("超过 PDF 内容解析上限")) from error


def _pdf_reader_segments(reader, filename: str, budget: Budget) -> list[Segment]:
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("")
        except Exception as error:
            raise UnreadableDocument(filename, _("PDF 已加密")) from error
        if not opened:
            raise UnreadableDocument(filename, _("PDF 已加密"))
    budget.check_pages(len(reader.pages))
    segments = []
    for number, page in enumerate(reader.pages, start=1):
        budget.check_time()
        text = page.extract_text() or ""
        if text.strip():
            segments.append(Segment(_("第%(n)d页") % {"n": number}, text))
    return segments


def _docx_segments(fileobj, filename: str, budget: Budget) -> list[Segment]:
    import docx

    # python-docx reads the parts itself: the archive is first inflated once within the
    # budget (declared and real sizes), so what python-docx then reads is bounded.
    position = fileobj.tell()
    with BoundedZipFile(fileobj, budget) as archive:
        archive.inflate_all()
    fileobj.seek(position)
    document = docx.Document(fileobj)
    budget.check_time()
    segments = []
    for number, paragraph in enumerate(document.paragraphs, start=1):
        if paragraph.text.strip():
            segments.append(Segment(_("第%(n)d段") % {"n": number}, paragraph.text))
    for table_number, table in enumerate(document.tables, start=1):
        segments.extend(_docx_table_segments(table, _("表格%(n)d") % {"n": table_number}))
    # Classification marks are often printed in the header (GB/T 9704 puts them top left).
    for section_number, section in enumerate(document.sections, start=1):
        for label, part in ((_("页眉"), section.header), (_("页脚"), section.footer)):
            if part.is_linked_to_previous and section_number > 1:
                continue
            text = "\n".join(p.text for p in part.paragraphs if p.text.strip())
            if text:
                segments.append(Segment(_("第%(n)d节%(part)s") % {
                    "n": section_number, "part": label}, text))
            for table_number, table in enumerate(part.tables, start=1):
                segments.extend(_docx_table_segments(table, _("第%(n)d节%(part)s表格%(t)d") % {
                    "n": section_number, "part": label, "t": table_number}))
    return segments


def _docx_table_segments(table, prefix: str) -> list[Segment]:
    segments = []
    seen = set()
    for row_number, row in enumerate(table.rows, start=1):
        for column_number, cell in enumerate(row.cells, start=1):
            # Merged cells are returned once per grid position; read each cell once.
            if cell._tc in seen:
                continue
            seen.add(cell._tc)  # holding the element keeps its identity while we read
            if cell.text.strip():
                segments.append(Segment(_("%(table)s 第%(r)d行第%(c)d列") % {
                    "table": prefix, "r": row_number, "c": column_number}, cell.text))
    return segments


def _xlsx_segments(fileobj, filename: str, budget: Budget) -> list[Segment]:
    """Every non-empty cell of every worksheet, located as `Sheet1!B7`.

    openpyxl reads the package (sheet names and order, shared strings); the cells are then
    read from each sheet's XML by one regular-expression pass (or, for layouts it does not
    cover, one XSLT pass in libxslt), because openpyxl's own cell objects cost ~50 µs each and
    a 5 MB spreadsheet holds over half a million cells (bench/bench_scanner.py).

    Every part openpyxl or this function reads goes through a BoundedZipFile, so the sheets,
    the shared strings and the workbook count against one budget; sheets and cells are counted
    before a sheet is parsed.
    """
    from openpyxl.reader.excel import ExcelReader

    archive = BoundedZipFile(fileobj, budget)
    reader = ExcelReader(fileobj, read_only=True, data_only=True, keep_links=False)
    reader.archive.close()
    reader.archive = archive
    try:
        reader.read_manifest()
        reader.read_strings()
        reader.read_workbook()
        shared = reader.shared_strings
        sheets = list(reader.parser.find_sheets())
        budget.check_sheets(len(sheets))
        segments = []
        for sheet, relation in sheets:
            if relation.target not in reader.valid_files:
                continue
            if not relation.target.startswith("xl/worksheets/"):
                continue  # chart sheets hold no cell text
            budget.check_time()
            xml = reader.archive.read(relation.target)
            budget.add_cells(_cell_count(xml))
            with paused_gc():
                segments.extend(_xlsx_sheet_cells(xml, sheet.name, shared))
    finally:
        reader.archive.close()
    return segments


@contextmanager
def paused_gc():
    """Pause the cyclic garbage collector while a sheet's cells are read.

    A sheet makes hundreds of thousands of strings and tuples, none of them in a reference
    cycle; every 700 allocations the collector would walk all of them again, which doubled the
    time of a 5 MB sheet (bench/bench_scanner.py). Reference counting still frees everything.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _cell_count(xml: bytes) -> int:
    """The number of cell elements of a sheet's XML (empty ones included), counted in C."""
    count = xml.count(b"<c ") + xml.count(b"<c>") + xml.count(b"<c/>")
    if not count and b":c" in xml:  # a prefixed namespace (<x:c r="A1">): rare, so a regex
        count = len(_PREFIXED_CELL.findall(xml))
    return count


_PREFIXED_CELL = re.compile(rb"<\w+:c[\s>/]")

# One line per non-empty cell: reference, type, row, position in row, text (newlines in the
# text become U+2029 so that lines stay records).
_CELLS_XSLT = b"""<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:m="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
  <xsl:output method="text" encoding="UTF-8"/>
  <xsl:template match="/">
    <xsl:for-each select="/m:worksheet/m:sheetData/m:row/m:c[m:v or m:is]">
      <xsl:value-of select="@r"/><xsl:text>&#9;</xsl:text>
      <xsl:value-of select="@t"/><xsl:text>&#9;</xsl:text>
      <xsl:if test="not(@r)">
        <xsl:choose>
          <xsl:when test="../@r"><xsl:value-of select="../@r"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="count(../preceding-sibling::m:row) + 1"/></xsl:otherwise>
        </xsl:choose><xsl:text>,</xsl:text>
        <xsl:value-of select="count(preceding-sibling::m:c) + 1"/>
      </xsl:if><xsl:text>&#9;</xsl:text>
      <xsl:value-of select="translate(m:v | m:is, '&#10;&#13;', '&#x2029;&#x2029;')"/>
      <xsl:text>&#10;</xsl:text>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>"""
_cells_transform = None


# The cell layout Excel, LibreOffice and openpyxl write (`r` first, `t` last, the value right
# inside): read with one C-level regex pass. Any sheet where that does not account for every
# cell (formulas, prefixed tags, other layouts) goes through the XSLT below instead.
_PLAIN_CELL = re.compile(r'<c r="([A-Z]{1,3}[0-9]+)"[^>]*?(?: t="([a-zA-Z]+)")?>'
                         r"(?:<v>([^<]*)</v>|<is>(.*?)</is>)</c>", re.S)
_EMPTY_CELL = re.compile(r"<c [^>]*/>")
_TAG = re.compile(r"<[^>]+>")


def _xlsx_sheet_cells(xml: bytes, title: str, shared: list) -> list[Segment]:
    try:
        fast = _xlsx_plain_cells(xml.decode("utf-8"), title, shared)
    except (UnicodeDecodeError, ValueError, IndexError):
        fast = None
    return fast if fast is not None else _xlsx_transformed_cells(xml, title, shared)


def _xlsx_plain_cells(xml: str, title: str, shared: list) -> list[Segment] | None:
    cells = _PLAIN_CELL.findall(xml)
    # Every cell tag (`<c `, `<c>`, `<c/>`; text cannot hold a raw "<") must be a plain or an
    # empty cell, else the sheet is not in this layout.
    all_cells = xml.count("<c ") + xml.count("<c>") + xml.count("<c/>")
    if len(cells) + len(_EMPTY_CELL.findall(xml)) != all_cells:
        return None
    segments = []
    append = segments.append
    prefix = f"{title}!"
    # A spreadsheet repeats its values (names, places, statuses, dates): each distinct stored
    # value is decoded once. Some writers store every Chinese character as &#24352;.
    texts: dict[tuple[str, str, str], str] = {}
    for reference, kind, value, inline in cells:
        key = (kind, value, inline)
        text = texts.get(key)
        if text is None:
            text = texts[key] = _plain_cell_text(kind, value, inline, shared)
        if text:
            append(Segment(prefix + reference, text))
    return segments


def _plain_cell_text(kind: str, value: str, inline: str, shared: list) -> str:
    if kind == "s":
        return str(shared[int(value)])
    if kind == "inlineStr":
        text = _TAG.sub("", inline)  # tags first: an escaped "<" in the text is not a tag
    else:
        text = value
        if kind in ("", "n") and ("E" in text or "e" in text):
            text = _number_text(text)
    return unescape(text) if "&" in text else text


def _xlsx_transformed_cells(xml: bytes, title: str, shared: list) -> list[Segment]:
    from lxml import etree

    global _cells_transform
    if _cells_transform is None:
        _cells_transform = etree.XSLT(etree.XML(_CELLS_XSLT))
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    tree = etree.fromstring(xml, parser)
    output = str(_cells_transform(tree))
    del tree
    segments = []
    append = segments.append
    prefix = f"{title}!"
    for line in output.split("\n"):
        if not line:
            continue
        reference, kind, position, text = line.split("\t", 3)
        if kind == "s":
            text = str(shared[int(text)])
        elif not kind or kind == "n":
            if "E" in text or "e" in text:
                text = _number_text(text)
        elif "\u2029" in text:
            text = text.replace("\u2029", "\n")
        if not text:
            continue
        if not reference:
            row, column = position.split(",")
            reference = f"{_column_letter(int(column))}{row}"
        append(Segment(prefix + reference, text))
    return segments


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


def _number_text(text: str) -> str:
    """Numbers as a person reads them: 1.3812345678E10 → 13812345678 (Excel writes large
    integers in exponent form); ordinary numbers are left as stored."""
    if "E" in text or "e" in text:
        try:
            number = float(text)
        except ValueError:
            return text
        if number.is_integer() and abs(number) < 1e15:
            return str(int(number))
    return text


def _text_segments(fileobj, filename: str, budget: Budget) -> list[Segment]:
    data = fileobj.read(budget.limits.max_uncompressed_bytes + 1)
    budget.check_size(len(data))
    text = None
    for encoding in TEXT_ENCODINGS:
        if encoding == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if text is None:
        raise UnreadableDocument(filename, _("无法识别文本编码（支持 UTF-8、UTF-16、GB18030）"))
    if "\x00" in text:
        raise UnreadableDocument(filename, _("文件不是纯文本"))
    return [
        Segment(_("第%(n)d行") % {"n": number}, line)
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip()
    ]


# --- helpers -----------------------------------------------------------------------------


def _peek(fileobj, size: int) -> bytes:
    position = fileobj.tell()
    head = fileobj.read(size)
    fileobj.seek(position)
    return head or b""


def _zip_names(fileobj) -> set[str]:
    position = fileobj.tell()
    try:
        with zipfile.ZipFile(fileobj) as archive:
            return set(archive.namelist())
    except zipfile.BadZipFile:
        return set()
    finally:
        fileobj.seek(position)
