"""The one attachment text extractor: every format gives its text with a readable location."""

import io
import zipfile

import pytest

from tests.samples import build_docx, build_pdf, build_text, build_xlsx
from textextract import (
    Segment,
    UnreadableDocument,
    UnsupportedFormat,
    extract_segments,
    extract_text,
)


def segments_of(data: bytes, filename: str) -> list[Segment]:
    return extract_segments(io.BytesIO(data), filename)


def test_pdf_text_is_read_page_by_page():
    data = build_pdf([["第一页的标题", "平卫〔2021〕3号"], [], ["第三页：联系电话13812345678"]])
    segments = segments_of(data, "通知.pdf")
    assert [segment.location for segment in segments] == ["第1页", "第3页"]
    assert "平卫〔2021〕3号" in segments[0].text
    assert "13812345678" in segments[1].text


def test_docx_paragraphs_tables_and_header_are_read_with_their_places():
    data = build_docx(["标题", "", "第三段正文"], tables=[[["姓名", "电话"], ["张三", "13812345678"]]],
                      header="秘密★1年")
    by_location = {segment.location: segment.text for segment in segments_of(data, "a.docx")}
    assert by_location["第1段"] == "标题"
    assert by_location["第3段"] == "第三段正文"
    assert by_location["表格1 第2行第2列"] == "13812345678"
    assert by_location["第1节页眉"] == "秘密★1年"
    assert "第2段" not in by_location  # empty paragraphs are not segments


def test_xlsx_cells_are_located_by_sheet_and_cell():
    data = build_xlsx({"名单": [["序号", "电话"], [1, "13812345678"], [2, 13912345678]],
                       "说明": [[None, "内部资料"]]})
    by_location = {segment.location: segment.text for segment in segments_of(data, "a.xlsx")}
    assert by_location == {
        "名单!A1": "序号", "名单!B1": "电话", "名单!A2": "1", "名单!B2": "13812345678",
        "名单!A3": "2", "名单!B3": "13912345678", "说明!B1": "内部资料",
    }


def test_xlsx_large_integers_stored_in_exponent_form_are_read_as_digits():
    from textextract.extract import _number_text

    assert _number_text("1.3812345678E10") == "13812345678"
    assert _number_text("1234567.89") == "1234567.89"


def test_xlsx_cells_without_references_are_counted_along_the_row():
    sheet = (b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
             b'spreadsheetml/2006/main"><sheetData><row><c t="inlineStr"><is><t>a</t></is>'
             b'</c><c><v>5</v></c></row><row><c t="inlineStr"><is><t>x\ny</t></is></c>'
             b'<c t="s"><v>0</v></c></row></sheetData></worksheet>')
    from textextract.extract import _xlsx_sheet_cells

    assert _xlsx_sheet_cells(sheet, "S", ["共享"]) == [
        Segment("S!A1", "a"), Segment("S!B1", "5"), Segment("S!A2", "x\ny"),
        Segment("S!B2", "共享")]


def test_plain_text_lines_are_numbered_in_utf8_and_gb18030():
    for encoding in ("utf-8", "gb18030", "utf-8-sig"):
        segments = segments_of(build_text(["第一行", "", "第三行 秘密"], encoding), "a.txt")
        assert segments == [Segment("第1行", "第一行"), Segment("第3行", "第三行 秘密")]


def test_format_is_recognised_from_content_when_the_name_has_no_extension():
    data = build_xlsx({"表": [["x"]]})
    assert segments_of(data, "附件") == [Segment("表!A1", "x")]


def test_unsupported_format_is_refused_in_chinese():
    with pytest.raises(UnsupportedFormat) as caught:
        segments_of(b"\x89PNG\r\n\x1a\n....", "照片.png")
    assert "照片.png" in str(caught.value)
    assert "不支持" in str(caught.value)


@pytest.mark.parametrize("filename", ["坏文件.pdf", "坏文件.docx", "坏文件.xlsx"])
def test_damaged_file_raises_unreadable_naming_the_file(filename):
    with pytest.raises(UnreadableDocument) as caught:
        segments_of(b"this is not what the name says", filename)
    assert filename in str(caught.value)


def test_zip_that_is_not_an_office_file_is_unsupported():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(UnsupportedFormat):
        segments_of(buffer.getvalue(), "压缩包")


def test_extract_text_joins_segments_for_indexing():
    assert extract_text(io.BytesIO(build_text(["甲", "乙"])), "a.txt") == "甲\n乙"


def test_xlsx_fast_path_and_xslt_path_agree_on_escapes_formulas_and_exponents():
    from textextract.extract import _xlsx_plain_cells, _xlsx_sheet_cells, _xlsx_transformed_cells

    plain = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             b'<sheetData><row r="1"><c r="A1" s="1" t="s"><v>0</v></c>'
             b'<c r="B1" t="inlineStr"><is><t>A&amp;B &lt;1&gt;</t></is></c>'
             b'<c r="C1" s="2"/><c r="D1" t="n"><v>1.3812345678E10</v></c></row></sheetData>'
             b'</worksheet>')
    expected = [Segment("S!A1", "共享"), Segment("S!B1", "A&B <1>"),
                Segment("S!D1", "13812345678")]
    assert _xlsx_plain_cells(plain.decode(), "S", ["共享"]) == expected
    assert _xlsx_transformed_cells(plain, "S", ["共享"]) == expected

    formula = plain.replace(b'<c r="D1" t="n"><v>', b'<c r="D1"><f>A1*2</f><v>')
    assert _xlsx_plain_cells(formula.decode(), "S", ["共享"]) is None  # not its layout
    assert _xlsx_sheet_cells(formula, "S", ["共享"]) == expected


def test_xlsx_numeric_character_references_are_read_as_characters_but_markup_stays_escaped():
    from textextract.extract import _xlsx_plain_cells

    sheet = ('<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&#24352;&#x4E09; &#38; &#60;'
             '</t></is></c></row></sheetData>')
    assert _xlsx_plain_cells(sheet, "S", []) == [Segment("S!A1", "张三 & <")]


@pytest.mark.parametrize("enabled", [True, False])
def test_paused_gc_restores_the_collector_as_it_found_it_even_after_an_error(enabled):
    import gc

    from textextract.extract import paused_gc

    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        with pytest.raises(ValueError), paused_gc():
            assert not gc.isenabled()
            raise ValueError("a broken sheet")
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_sample_pdfs_need_no_system_font_only_the_pip_installed_noto_font():
    """`make test` passes on a machine without Chinese system fonts: the sample PDFs embed
    glyphs cut from Noto Sans SC of the pylopdf-fonts-zh-cn package."""
    from fontTools.ttLib import TTFont

    from tests.samples import chinese_font_file

    font = TTFont(chinese_font_file("第一页的标题平卫〔〕号"))
    assert font["name"].getDebugName(1) == "Noto Sans SC"
    cmap = font.getBestCmap()
    assert all(ord(character) in cmap for character in "第一页的标题平卫〔〕号0123")
