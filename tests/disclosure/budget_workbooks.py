"""Small .xlsx files built in memory for the budget tests (ordinary and hostile)."""

import re
import zipfile
from io import BytesIO

from openpyxl import Workbook


def workbook_bytes(sheets: dict[str, list[list]], merges: dict[str, list[str]] | None = None,
                   number_format="#,##0.00") -> bytes:
    """An .xlsx with one sheet per entry: rows of values, optional merged ranges."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
        for cells in sheet.iter_rows():
            for cell in cells:
                if isinstance(cell.value, int | float) and not isinstance(cell.value, bool):
                    cell.number_format = number_format
        for merged in (merges or {}).get(title, []):
            sheet.merge_cells(merged)
    stream = BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def rewrite_sheet_xml(data: bytes, change) -> bytes:
    """The same workbook with the first sheet's XML passed through `change(xml) -> xml`."""
    source = zipfile.ZipFile(BytesIO(data))
    target_stream = BytesIO()
    with zipfile.ZipFile(target_stream, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = change(content.decode("utf-8")).encode("utf-8")
            target.writestr(item, content)
    return target_stream.getvalue()


def add_merge(xml: str, reference: str) -> str:
    merge = f'<mergeCells count="1"><mergeCell ref="{reference}"/></mergeCells>'
    if "<mergeCells" in xml:
        return re.sub(r"<mergeCells[^>]*>", lambda m: m.group(0) + f'<mergeCell ref="{reference}"/>',
                      xml, count=1)
    return xml.replace("</sheetData>", "</sheetData>" + merge, 1)


def zip_bomb() -> bytes:
    """A zip whose sheet inflates a few kilobytes into 20 MB of zeros."""
    stream = BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (20 * 1024 * 1024))
    return stream.getvalue()


# The income-and-expenditure summary of a department budget (收支总表), in 万元. The figures
# are invented for the tests.
SUMMARY_ROWS = [
    ["2026年部门收支总表"],
    ["编制单位：示例市卫生健康委员会", None, None, "单位：万元"],
    ["收入", None, "支出", None],
    ["项目", "预算数", "项目", "预算数"],
    ["一、一般公共预算拨款收入", 3860.42, "一、卫生健康支出", 4120.18],
    ["二、事业收入", 512.30, "二、社会保障和就业支出", 236.54],
    ["三、其他收入", 24.00, "三、住房保障支出", 40.00],
    ["本年收入合计", 4396.72, "本年支出合计", 4396.72],
    ["上年结转", 80.00, "结转下年", 80.00],
    ["收入总计", 4476.72, "支出总计", 4476.72],
]
SUMMARY_MERGES = ["A1:D1", "A3:B3", "C3:D3"]
