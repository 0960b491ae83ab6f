"""Documents built in code (PDF, DOCX, XLSX, text) for checking the scanner: the tests plant
identifiers and traps in them, and bench/bench_scanner.py times scans of large ones."""

from __future__ import annotations

import hashlib
import html
import io
import os
import re
import tempfile
import zipfile
from pathlib import Path

import pylopdf_fonts_zh_cn


def build_pdf(pages: list[list[str]]) -> bytes:
    """A PDF whose page N holds the lines pages[N-1] (fpdf2, Chinese glyphs embedded)."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_font("cjk", fname=chinese_font_file("".join(line for lines in pages for line in lines)))
    pdf.set_font("cjk", size=11)
    for lines in pages:
        pdf.add_page()
        for line in lines:
            pdf.cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def chinese_font_file(text: str) -> str:
    """A TrueType font file with the glyphs of `text`, cut from Noto Sans SC of the pip package
    pylopdf-fonts-zh-cn (a runtime dependency, as for the reply letters), so that no system
    font is needed and `fc-match` can never hand over a font without Chinese glyphs.

    The package's font has CFF outlines, for which fpdf2 writes an embedded CMap encoding that
    pypdf reads one byte at a time (every character comes out with a NUL before it); with
    TrueType outlines fpdf2 writes Identity-H, as Word and WPS do, and the text reads back."""
    characters = "".join(sorted(set(text) | set("0123456789")))
    key = hashlib.sha256(characters.encode()).hexdigest()[:16]
    path = Path(tempfile.gettempdir()) / f"sample-noto-sans-sc-{key}.ttf"
    if not path.exists():
        font = _truetype_subset(characters)
        partial = path.with_suffix(f".{os.getpid()}.part")
        font.save(partial)
        partial.replace(path)
    return str(path)


def _truetype_subset(characters: str):
    """Noto Sans SC cut to `characters`, its cubic CFF outlines turned into quadratic glyf
    outlines (fontTools' cu2qu, as its otf2ttf recipe does)."""
    from fontTools import subset
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable

    font = TTFont(str(pylopdf_fonts_zh_cn.sans_path()))
    options = subset.Options()
    options.layout_features = []
    options.notdef_outline = True
    options.name_IDs = ["*"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(font)

    order = font.getGlyphOrder()
    cubic = font.getGlyphSet()
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(cubic)
        cubic[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    for field in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                  "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, field, 0)
    post = font["post"]
    post.formatType, post.extraNames, post.mapping, post.glyphOrder = 2.0, [], {}, order
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"
    return font


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
