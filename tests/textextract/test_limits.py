"""Extraction stops at its limits (issue 13 point 4): a file that would cost more than the
configured uncompressed size, sheets, cells, pages or time is unreadable, never clean."""

import io
import struct
import zipfile

import pytest
from django.test import override_settings
from pypdf import PdfWriter

from tests.samples import build_docx, build_text, build_xlsx, build_xlsx_bomb
from textextract import ExtractionLimits, LimitExceeded, UnreadableDocument, extract_segments
from textextract.limits import CHUNK_BYTES, BoundedZipFile, Budget

MB = 1024 * 1024


def read(data: bytes, filename: str, **limits):
    return extract_segments(io.BytesIO(data), filename, limits=ExtractionLimits(**limits))


def test_a_zip_bomb_workbook_is_refused_over_the_uncompressed_size_limit():
    bomb = build_xlsx_bomb(5 * MB)
    assert len(bomb) < 20 * 1024  # 5 MB of sheet in a few KB
    with pytest.raises(LimitExceeded) as refused:
        read(bomb, "预算表.xlsx", max_uncompressed_bytes=MB)
    assert refused.value.reason == "超过解压后大小上限（1 MB）"
    assert "无法读取文件“预算表.xlsx”" in str(refused.value)


def test_the_declared_sizes_refuse_a_bomb_before_anything_is_inflated():
    budget = Budget("bomb.xlsx", ExtractionLimits(max_uncompressed_bytes=MB))
    with pytest.raises(LimitExceeded):
        BoundedZipFile(io.BytesIO(build_xlsx_bomb(5 * MB)), budget)
    assert budget.inflated == 0


def test_bytes_really_inflated_are_counted_when_a_part_is_read_again():
    """Several sheets may point at one part: the declared sizes pass, the reading does not."""
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (3 * MB))
    budget = Budget("shared.xlsx", ExtractionLimits(max_uncompressed_bytes=5 * MB))
    archive = BoundedZipFile(data, budget)
    archive.read("xl/worksheets/sheet1.xml")
    with pytest.raises(LimitExceeded):
        archive.read("xl/worksheets/sheet1.xml")
    assert budget.inflated <= 5 * MB + CHUNK_BYTES  # stopped while inflating


def test_a_zip_whose_declared_sizes_understate_its_content_is_unreadable_not_clean():
    """zipfile inflates no more than the declared size; the checksum then fails."""
    honest = build_xlsx_bomb(3 * MB)
    lying = _with_declared_size(honest, "xl/worksheets/sheet1.xml", 1000)
    with pytest.raises(UnreadableDocument):
        read(lying, "lying.xlsx", max_uncompressed_bytes=MB)


def test_a_workbook_over_the_sheet_limit_is_refused():
    data = build_xlsx({"一": [["a"]], "二": [["b"]], "三": [["c"]]})
    with pytest.raises(LimitExceeded) as refused:
        read(data, "a.xlsx", max_sheets=2)
    assert refused.value.reason == "超过工作表数量上限（2 个）"
    assert len(read(data, "a.xlsx", max_sheets=3)) == 3


def test_a_workbook_over_the_cell_limit_is_refused_counting_every_sheet():
    data = build_xlsx({"一": [["a", "b", "c"]], "二": [["d", "e", "f"]]})
    with pytest.raises(LimitExceeded) as refused:
        read(data, "a.xlsx", max_cells=5)
    assert refused.value.reason == "超过单元格数量上限（5 个）"
    assert len(read(data, "a.xlsx", max_cells=6)) == 6


def test_reading_stops_at_the_time_limit():
    data = build_xlsx({"名单": [["张三", "13812345678"]]})
    with pytest.raises(LimitExceeded) as refused:
        read(data, "a.xlsx", max_seconds=0)
    assert refused.value.reason == "超过读取时间上限（0 秒）"


def test_a_pdf_over_the_page_limit_is_refused():
    writer = PdfWriter()
    for _page in range(3):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(LimitExceeded) as refused:
        read(buffer.getvalue(), "a.pdf", max_pages=2)
    assert refused.value.reason == "超过页数上限（2 页）"
    assert read(buffer.getvalue(), "a.pdf", max_pages=3) == []


def test_a_docx_is_inflated_within_the_size_limit():
    data = build_docx(["正文" * 2000])
    with pytest.raises(LimitExceeded):
        read(data, "a.docx", max_uncompressed_bytes=4096)
    assert read(data, "a.docx")[0].text == "正文" * 2000


def test_a_plain_text_file_over_the_size_limit_is_refused():
    with pytest.raises(LimitExceeded):
        read(build_text(["第一行" * 100]), "a.txt", max_uncompressed_bytes=100)


def test_limits_come_from_the_settings_with_safe_defaults():
    with override_settings(TEXTEXTRACT_MAX_SHEETS=7, TEXTEXTRACT_MAX_SECONDS=2.5):
        limits = ExtractionLimits.from_settings()
    assert (limits.max_sheets, limits.max_seconds) == (7, 2.5)
    assert limits.max_uncompressed_bytes == ExtractionLimits().max_uncompressed_bytes
    with override_settings(TEXTEXTRACT_MAX_UNCOMPRESSED_BYTES=MB):
        with pytest.raises(LimitExceeded):
            extract_segments(io.BytesIO(build_xlsx_bomb(5 * MB)), "bomb.xlsx")


def _with_declared_size(data: bytes, member: str, size: int) -> bytes:
    """`data` with the uncompressed size of `member` in the central directory set to `size`
    (the ZIP64 extra field too, where Python wrote one)."""
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(member)
    raw = bytearray(data)
    name = member.encode()
    header = raw.rfind(b"PK\x01\x02", 0, raw.rfind(name))
    struct.pack_into("<I", raw, header + 24, size if info.file_size < 0xFFFFFFFF else 0xFFFFFFFF)
    extra_start = header + 46 + len(name)
    extra_length = struct.unpack_from("<H", raw, header + 30)[0]
    position = extra_start
    while position < extra_start + extra_length:
        tag, length = struct.unpack_from("<HH", raw, position)
        if tag == 1:  # ZIP64: the uncompressed size comes first
            struct.pack_into("<Q", raw, position + 4, size)
            struct.pack_into("<I", raw, header + 24, 0xFFFFFFFF)
        position += 4 + length
    return bytes(raw)
