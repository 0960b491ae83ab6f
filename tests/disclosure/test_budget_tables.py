"""Budget workbooks read into accessible tables; totals checked; hostile files refused."""

import zipfile
from io import BytesIO

import pytest

from disclosure.budget_tables import (
    MAX_ROWS,
    TotalsError,
    WorkbookError,
    import_tables,
    read_workbook,
)
from disclosure.budget_totals import check_totals
from tests.disclosure.budget_workbooks import (
    SUMMARY_MERGES,
    SUMMARY_ROWS,
    add_merge,
    rewrite_sheet_xml,
    workbook_bytes,
    zip_bomb,
)


def read(data: bytes):
    return read_workbook(BytesIO(data))


def summary_workbook(rows=SUMMARY_ROWS):
    return workbook_bytes({"收支总表": rows}, {"收支总表": SUMMARY_MERGES})


def test_sheet_becomes_a_table_with_caption_unit_and_header_scopes():
    [table] = read(summary_workbook())
    assert table.caption == "2026年部门收支总表"
    assert table.unit == "万元"
    assert "编制单位：示例市卫生健康委员会" in table.notes
    first_header, second_header = table.head
    assert [(c["text"], c["th"], c.get("colspan")) for c in first_header] == [
        ("收入", "colgroup", 2), ("支出", "colgroup", 2)]
    assert [c["th"] for c in second_header] == ["col"] * 4
    first_row = table.body[0]["cells"]
    assert first_row[0] == {"ref": "A5", "col": 1, "text": "一、一般公共预算拨款收入",
                            "th": "row"}
    assert first_row[1]["text"] == "3,860.42"
    assert first_row[1]["value"] == "3860.42"
    assert [row["total"] for row in table.body] == [False, False, False, True, False, True]


def test_totals_that_add_up_pass_including_a_grand_total_over_a_lower_total():
    tables = read(summary_workbook())
    assert check_totals(tables) == []
    assert import_tables(BytesIO(summary_workbook()))[0]["caption"] == "2026年部门收支总表"


def test_total_mismatch_is_reported_with_the_cell_and_both_amounts():
    rows = [list(row) for row in SUMMARY_ROWS]
    rows[7][3] = 4400.72  # 本年支出合计 in D8, 4.00 more than its parts
    with pytest.raises(TotalsError) as raised:
        import_tables(BytesIO(summary_workbook(rows)))
    assert raised.value.messages == [
        "收支总表!D8 本年支出合计 4,400.72 ≠ 各项之和 4,396.72",
        "收支总表!D10 支出总计 4,476.72 ≠ 各项之和 4,480.72",
    ]


def test_subtotals_check_their_group_and_the_total_checks_the_subtotals():
    rows = [
        ["基本支出预算表"],
        ["单位：万元"],
        ["项目", "金额"],
        ["工资福利支出", 1200.00],
        ["对个人和家庭的补助", 300.00],
        ["人员经费小计", 1500.00],
        ["办公费", 60.00],
        ["差旅费", 25.50],
        ["公用经费小计", 85.00],  # wrong: 85.50
        ["合  计", 1585.50],
    ]
    tables = read(workbook_bytes({"基本支出": rows}))
    assert tables[0].unit == "万元"
    assert [m.message for m in check_totals(tables)] == [
        "基本支出!B9 公用经费小计 85.00 ≠ 各项之和 85.50",
        "基本支出!B10 合计 1,585.50 ≠ 各项之和 1,585.00",
    ]


def test_total_first_layout_counts_only_the_top_level_of_the_subject_codes():
    rows = [
        ["一般公共预算支出表"],
        ["单位：万元"],
        ["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
        [None, "合计", 1000.00, 700.00, 300.00],
        ["210", "卫生健康支出", 900.00, 650.00, 250.00],
        ["21001", "卫生健康管理事务", 600.00, 450.00, 150.00],
        ["21004", "公共卫生", 300.00, 200.00, 100.00],
        ["221", "住房保障支出", 100.00, 50.00, 50.00],
        ["其中：住房公积金", None, 50.00, 50.00, None],
    ]
    tables = read(workbook_bytes({"支出表": rows}))
    assert check_totals(tables) == []
    codes = [row["cells"][0] for row in tables[0].body]
    assert codes[1] == {"ref": "A5", "col": 1, "text": "210", "th": "row"}
    rows[3][4] = 310.00
    mismatch = check_totals(read(workbook_bytes({"支出表": rows})))
    assert [m.cell for m in mismatch] == ["支出表!E4"]


def test_sheet_names_with_spaces_are_quoted_as_excel_does():
    rows = [["项目", "金额"], ["甲", 1], ["乙", 2], ["合计", 4]]
    [mismatch] = check_totals(read(workbook_bytes({"Sheet 1": rows}, number_format="0")))
    assert mismatch.message == "'Sheet 1'!B4 合计 4.00 ≠ 各项之和 3.00"


def test_merged_cells_become_spans_and_are_not_counted_twice():
    rows = [["三公经费预算表"], ["项目", "预算数", None], [None, "本年", "上年"],
            ["因公出国（境）费", 0, 0], ["公务接待费", 3.2, 3.5], ["公务用车购置及运行费", 12, 12.5],
            ["合计", 15.2, 16]]
    tables = read(workbook_bytes({"三公": rows}, {"三公": ["A1:C1", "A2:A3", "B2:C2"]}))
    head = tables[0].head
    assert head[0][0] == {"ref": "A2", "col": 1, "text": "项目", "rowspan": 2, "th": "col"}
    assert head[0][1]["colspan"] == 2
    assert [cell["ref"] for cell in head[1]] == ["B3", "C3"]
    assert check_totals(tables) == []


def test_formula_with_a_saved_result_is_read_as_its_value():
    rows = [["项目", "金额"], ["甲", 1], ["乙", 2], ["合计", 3]]

    def with_formula(xml):
        return xml.replace('<c r="B4" s="1" t="n"><v>3</v></c>',
                           '<c r="B4" s="1"><f>SUM(B2:B3)</f><v>3</v></c>')

    data = rewrite_sheet_xml(workbook_bytes({"表": rows}, number_format="0"), with_formula)
    assert b"SUM(B2:B3)" in zipfile.ZipFile(BytesIO(data)).read("xl/worksheets/sheet1.xml")
    tables = read(data)
    assert tables[0].body[-1]["cells"][1]["value"] == "3"
    assert check_totals(tables) == []


HOSTILE = {
    "text": (b"this is not a spreadsheet", "不是有效的 Excel 工作簿"),
    "old_xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "另存为 .xlsx"),
    "empty": (b"", "空的"),
    "zip_without_workbook": (None, "不是有效的 Excel 工作簿"),
    "zip_bomb": (None, "压缩炸弹"),
    "formula_without_result": (None, "表!B4 是公式"),
    "huge_sheet": (None, f"超过 {MAX_ROWS} 行"),
    "merge_over_the_whole_sheet": (None, "行"),
    "broken_xml": (None, "无法"),
}


def hostile_bytes(kind):
    data, _message = HOSTILE[kind]
    if data is not None:
        return data
    if kind == "zip_without_workbook":
        stream = BytesIO()
        with zipfile.ZipFile(stream, "w") as archive:
            archive.writestr("hello.txt", "hello")
        return stream.getvalue()
    if kind == "zip_bomb":
        return zip_bomb()
    if kind == "formula_without_result":
        return workbook_bytes({"表": [["项目", "金额"], ["甲", 1], ["乙", 2],
                                     ["合计", "=SUM(B2:B3)"]]})
    if kind == "huge_sheet":
        return workbook_bytes({"表": [["项目", "金额"], ["甲", 1]] + [[None]] * 5000
                               + [["乙", 2]]})
    if kind == "merge_over_the_whole_sheet":
        return rewrite_sheet_xml(workbook_bytes({"表": [["项目", "金额"], ["甲", 1]]}),
                                 lambda xml: add_merge(xml, "A1:XFD1048576"))
    if kind == "broken_xml":
        return rewrite_sheet_xml(workbook_bytes({"表": [["项目", "金额"], ["甲", 1]]}),
                                 lambda xml: xml.replace("</sheetData>", "<row><c r=", 1))
    raise AssertionError(kind)


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_hostile_workbook_gets_a_clear_chinese_message(kind):
    with pytest.raises(WorkbookError) as raised:
        import_tables(BytesIO(hostile_bytes(kind)))
    assert HOSTILE[kind][1] in str(raised.value)


def test_too_large_upload_is_refused_before_reading():
    from disclosure import budget_tables

    data = b"PK" + b"\0" * (budget_tables.MAX_FILE_BYTES + 10)
    with pytest.raises(WorkbookError, match="超过 5 MB"):
        read(data)
