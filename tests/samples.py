"""Documents built in code (PDF, DOCX, XLSX, text) for checking the scanner: the tests plant
identifiers and traps in them, and bench/bench_scanner.py times scans of large ones."""

from __future__ import annotations

import html
import io
import re
import shutil
import subprocess  # noqa: S404 (fc-match, a fixed command, to find a CJK font)
import zipfile
from pathlib import Path

CJK_FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
)


def cjk_font_path() -> str | None:
    """A font file with Chinese glyphs, or None when the machine has none."""
    for candidate in CJK_FONT_CANDIDATES:
        if Path(candidate).exists():
            return candidate
    fc_match = shutil.which("fc-match")
    if fc_match:
        result = subprocess.run([fc_match, "-f", "%{file}", ":lang=zh-cn"],  # noqa: S603
                                capture_output=True, text=True, check=False, timeout=10)
        if result.returncode == 0 and result.stdout.strip():
            path = result.stdout.strip()
            if Path(path).exists() and Path(path).suffix.lower() in {".ttf", ".ttc", ".otf"}:
                return path
    return None


def build_pdf(pages: list[list[str]], font_path: str | None = None) -> bytes:
    """A PDF whose page N holds the lines pages[N-1] (fpdf2, a CJK TrueType font)."""
    from fpdf import FPDF

    font_path = font_path or cjk_font_path()
    if font_path is None:
        raise RuntimeError("no CJK font found for building a Chinese PDF")
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_font("cjk", fname=font_path)
    pdf.set_font("cjk", size=11)
    for lines in pages:
        pdf.add_page()
        for line in lines:
            pdf.cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def build_docx(paragraphs: list[str], tables: list[list[list[str]]] = (),
               header: str | None = None) -> bytes:
    """A DOCX with the given paragraphs, then tables (lists of rows of cell texts)."""
    import docx

    document = docx.Document()
    if header:
        document.sections[0].header.paragraphs[0].text = header
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    for rows in tables:
        table = document.add_table(rows=len(rows), cols=max(len(row) for row in rows))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                table.cell(r, c).text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def build_xlsx(sheets: dict[str, list[list]], *, shared_strings: bool = False) -> bytes:
    """An XLSX with one worksheet per item: name → rows of cell values.

    openpyxl writes text as inline strings with every Chinese character as a character
    reference (&#24352;); with `shared_strings`, the file is rewritten the way Excel and WPS
    write it: each distinct text once in xl/sharedStrings.xml, as plain UTF-8, and the cells
    pointing at it by number."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _with_shared_strings(buffer.getvalue()) if shared_strings else buffer.getvalue()


_INLINE_CELL = re.compile(r'<c r="([A-Z]+[0-9]+)"([^>]*?) t="inlineStr"><is><t[^>]*>(.*?)</t></is></c>',
                          re.S)
_SST_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_SST_RELATION = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def _with_shared_strings(data: bytes) -> bytes:
    strings: dict[str, int] = {}

    def shared(match):
        text = html.escape(html.unescape(match.group(3)), quote=False)
        index = strings.setdefault(text, len(strings))
        return f'<c r="{match.group(1)}"{match.group(2)} t="s"><v>{index}</v></c>'

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                content = _INLINE_CELL.sub(shared, content.decode()).encode()
            elif item.filename == "[Content_Types].xml":
                content = content.replace(b"</Types>", (
                    f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_SST_CONTENT_TYPE}"/>'
                    "</Types>").encode())
            elif item.filename == "xl/_rels/workbook.xml.rels":
                content = content.replace(b"</Relationships>", (
                    f'<Relationship Id="rIdSharedStrings" Type="{_SST_RELATION}" '
                    'Target="sharedStrings.xml"/></Relationships>').encode())
            target.writestr(item.filename, content)
        items = "".join(f"<si><t>{text}</t></si>" for text in strings)
        target.writestr("xl/sharedStrings.xml", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            f'count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>').encode())
    return out.getvalue()


def build_text(lines: list[str], encoding: str = "utf-8") -> bytes:
    return ("\n".join(lines) + "\n").encode(encoding)


# --- files that cost more to read than they weigh (issue 13: extraction limits) -------------

_XLSX_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.worksheet+xml"/></Types>'),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'),
}


def build_xlsx_bomb(uncompressed_bytes: int) -> bytes:
    """A valid XLSX whose one sheet inflates to about `uncompressed_bytes` of XML: a row, then
    blanks (whitespace XML allows between rows), megabyte after megabyte; runs of one byte
    deflate about a thousand to one, so 370 MB fit in about 360 KB. Written in 1 MB pieces,
    so building it needs little memory."""
    row = b'<row><c t="inlineStr"><is><t>0</t></is></c></row>'
    piece = row + b" " * (1024 * 1024 - len(row))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in _XLSX_PARTS.items():
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet '
                        b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                        b"<sheetData>")
            written = 0
            while written < uncompressed_bytes:
                sheet.write(piece)
                written += len(piece)
            sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


def build_huge_png(width: int, height: int) -> bytes:
    """A grey PNG of width × height pixels, all black: a few hundred KB for 121 megapixels,
    written row by row so that building it never holds the decoded picture."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))

    compressor = zlib.compressobj(9)
    row = b"\x00" * (width + 1)  # filter byte, then one byte per pixel
    parts = [compressor.compress(row) for _ in range(height)]
    parts.append(compressor.flush())
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", b"".join(parts))
            + chunk(b"IEND", b""))
