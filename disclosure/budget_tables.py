"""Budget spreadsheets (预决算表格) read from an uploaded .xlsx into accessible HTML tables.

Entry points:

- `import_tables(fileobj)` → the tables as JSON-ready dicts, after both checks below.
- `read_workbook(fileobj)` → list of `BudgetTable`, or `WorkbookError` with a Chinese message for
  anything that is not a small, sane .xlsx (not a zip, an old .xls, a zip bomb, a huge sheet, a
  formula without a saved result).
- `budget_totals.check_totals(tables)` → list of `TotalMismatch`: every row labelled 合计 / 总计
  / 小计 is checked against its parts, column by column, and a mismatch names the cell
  (``收支总表!C12 合计 1,234.00 ≠ 各项之和 1,230.00``).

A table is stored as JSON on the budget release (`BudgetTable.as_dict()`) and rendered by
templates/disclosure/includes/budget_tables.html: caption, unit, ``<th scope>`` headers, merged
cells as row/col spans.

How a sheet is read (the usual shape of a Chinese budget table):
1. a title row (one text cell, usually merged across) becomes the caption;
2. rows that carry 单位：万元 or 编制单位：… become notes; the unit is taken from them;
3. the rows that follow, up to the first row with an amount, are the column headers;
4. the rest is the body; the leading text cells of a body row (codes, item names) are row headers.

The totals are checked by `disclosure.budget_totals`.
"""

import re
import zipfile
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation
from io import BytesIO

from defusedxml.ElementTree import iterparse
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import range_boundaries
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string, get_column_letter

from disclosure.budget_totals import cell_reference, check_totals, is_total_label, row_label

# Limits for an uploaded workbook. A budget workbook is a few sheets of a few hundred rows; these
# leave room for that and refuse what would tie up the server.
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 40 * 1024 * 1024
MAX_MEMBERS = 500
MAX_COMPRESSION_RATIO = 200
MAX_SHEETS = 30
MAX_ROWS = 2000
MAX_COLUMNS = 60
MAX_CELLS = 100_000

CODE_HEADER_WORDS = ("编码", "代码", "编号")
UNIT_PATTERN = re.compile(r"(?<![编报填制])单位(?!名称)\s*[：:]\s*([^\s：:，,；;]{1,8})")
NOTE_PATTERN = re.compile(r"^(编制|报送|填报)?(部门|单位)(名称)?\s*[：:]")
NUMBER_PATTERN = re.compile(r"^[-+]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class WorkbookError(ValueError):
    """The upload cannot be used as a budget workbook; the messages are for the editor."""

    @property
    def messages(self) -> list[str]:
        return [str(self)]


class TotalsError(WorkbookError):
    """Some total rows do not add up; one message per wrong cell."""

    def __init__(self, mismatches):
        self.mismatches = mismatches
        super().__init__("；".join(mismatch.message for mismatch in mismatches))

    @property
    def messages(self) -> list[str]:
        return [mismatch.message for mismatch in self.mismatches]


@dataclass
class BudgetTable:
    """One sheet: caption, unit, notes, header rows and body rows of cell dicts."""

    sheet: str
    caption: str
    unit: str = ""
    notes: list[str] = field(default_factory=list)
    head: list[list[dict]] = field(default_factory=list)
    body: list[dict] = field(default_factory=list)  # {"cells": [...], "total": bool}

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "BudgetTable":
        return cls(**{key: data.get(key, default) for key, default in (
            ("sheet", ""), ("caption", ""), ("unit", ""), ("notes", []), ("head", []),
            ("body", []))})


def import_tables(fileobj) -> list[dict]:
    """The tables of an uploaded workbook as stored on a budget release, once every total adds
    up; `WorkbookError` (or its `TotalsError`) otherwise."""
    tables = read_workbook(fileobj)
    mismatches = check_totals(tables)
    if mismatches:
        raise TotalsError(mismatches)
    return [table.as_dict() for table in tables]


def read_workbook(fileobj) -> list["BudgetTable"]:
    """Read every visible, non-empty sheet of an .xlsx into tables (see the module docstring)."""
    data = _read_bytes(fileobj)
    archive = _open_archive(data)
    with archive:
        _check_archive(archive)
        _prescan_sheets(archive)
    try:
        values = load_workbook(BytesIO(data), data_only=True)
        formulas = load_workbook(BytesIO(data), data_only=False)
    except WorkbookError:
        raise
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise WorkbookError(_("无法读取该 Excel 工作簿，文件可能已损坏（%(reason)s）。") % {
            "reason": type(error).__name__}) from error
    sheets = [ws for ws in values.worksheets if ws.sheet_state == "visible"]
    if len(sheets) > MAX_SHEETS:
        raise WorkbookError(_("工作簿有 %(count)d 个工作表，超过上限 %(limit)d 个。") % {
            "count": len(sheets), "limit": MAX_SHEETS})
    tables = []
    for ws in sheets:
        table = _read_sheet(ws, formulas[ws.title])
        if table is not None:
            tables.append(table)
    if not tables:
        raise WorkbookError(_("工作簿中没有含数据的工作表。"))
    return tables


# --- reading the file safely ---------------------------------------------------------------

def _read_bytes(fileobj) -> bytes:
    if hasattr(fileobj, "seek"):
        fileobj.seek(0)
    data = fileobj.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise WorkbookError(_("文件超过 %(limit)d MB，请拆分后再上传。") % {
            "limit": MAX_FILE_BYTES // (1024 * 1024)})
    if not data:
        raise WorkbookError(_("上传的文件是空的。"))
    return data


def _open_archive(data: bytes) -> zipfile.ZipFile:
    if data.startswith(XLS_MAGIC):
        raise WorkbookError(_("这是旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 后再上传。"))
    try:
        return zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise WorkbookError(_("文件不是有效的 Excel 工作簿（.xlsx）。")) from error


def _check_archive(archive: zipfile.ZipFile):
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise WorkbookError(_("文件结构异常（包含 %(count)d 个部件），已拒绝。") % {
            "count": len(members)})
    names = {member.filename for member in members}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise WorkbookError(_("文件不是有效的 Excel 工作簿（.xlsx）。"))
    total = 0
    for member in members:
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > 1024 * 1024 and ratio > MAX_COMPRESSION_RATIO:
            raise WorkbookError(_("文件压缩比异常（疑似压缩炸弹），已拒绝。"))
    if total > MAX_UNCOMPRESSED_BYTES:
        raise WorkbookError(_("文件解压后超过 %(limit)d MB，已拒绝。") % {
            "limit": MAX_UNCOMPRESSED_BYTES // (1024 * 1024)})


def _prescan_sheets(archive: zipfile.ZipFile):
    """Refuse huge sheets before openpyxl builds them in memory.

    openpyxl creates an object for every cell of a merged range, so a single merge over a whole
    sheet would exhaust the server; cell positions and merges are checked here by streaming the
    sheet XML (defusedxml: no entity expansion).
    """
    for name in archive.namelist():
        if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
            continue
        cells = 0
        with archive.open(name) as stream:
            try:
                for _event, element in iterparse(stream, events=("start",)):
                    tag = element.tag.rsplit("}", 1)[-1]
                    if tag == "c":
                        cells += 1
                        reference = element.get("r")
                        if reference:
                            _check_position(*_row_col(reference))
                        if cells > MAX_CELLS:
                            raise WorkbookError(_(
                                "工作表单元格超过 %(limit)d 个，请只上传公开所需的表格。") % {
                                "limit": MAX_CELLS})
                    elif tag == "mergeCell":
                        min_col, min_row, max_col, max_row = range_boundaries(
                            element.get("ref", ""))
                        _check_position(max_row or 1, max_col or 1)
            except WorkbookError:
                raise
            except Exception as error:
                raise WorkbookError(_("工作表内容无法解析，文件可能已损坏。")) from error


def _row_col(reference: str) -> tuple[int, int]:
    try:
        letters, row = coordinate_from_string(reference)
        return row, column_index_from_string(letters)
    except ValueError as error:
        raise WorkbookError(_("工作表内容无法解析，文件可能已损坏。")) from error


def _check_position(row: int, column: int):
    if row > MAX_ROWS:
        raise WorkbookError(_("工作表超过 %(limit)d 行，请只上传公开所需的表格。") % {
            "limit": MAX_ROWS})
    if column > MAX_COLUMNS:
        raise WorkbookError(_("工作表超过 %(limit)d 列，请只上传公开所需的表格。") % {
            "limit": MAX_COLUMNS})


# --- turning a sheet into a table ----------------------------------------------------------

def _read_sheet(ws, formula_ws) -> BudgetTable | None:
    max_row, max_col = ws.max_row, ws.max_column
    _check_position(max_row, max_col)
    spans, covered = _merged_spans(ws)
    grid = []  # rows of cell dicts (None where covered by a merge or empty)
    for row in range(1, max_row + 1):
        cells = []
        for col in range(1, max_col + 1):
            if (row, col) in covered:
                continue
            cell = ws.cell(row=row, column=col)
            value = cell.value
            if value is None:
                formula = formula_ws.cell(row=row, column=col).value
                if isinstance(formula, str) and formula.startswith("="):
                    raise WorkbookError(_(
                        "单元格 %(cell)s 是公式，但文件中没有保存计算结果。请在 Excel 中打开并"
                        "保存后再上传，或将公式转换为数值。") % {
                        "cell": cell_reference(ws.title, cell.coordinate)})
            rowspan, colspan = spans.get((row, col), (1, 1))
            cells.append(_cell_dict(cell, value, row, col, rowspan, colspan))
        grid.append(cells)
    while grid and not any(cell["text"] for cell in grid[-1]):
        grid.pop()
    if not grid:
        return None
    return _shape_table(ws.title, grid)


def _merged_spans(ws):
    spans, covered = {}, set()
    for merged in ws.merged_cells.ranges:
        min_col, min_row, max_col, max_row = merged.bounds
        spans[(min_row, min_col)] = (max_row - min_row + 1, max_col - min_col + 1)
        for row in range(min_row, max_row + 1):
            for col in range(min_col, max_col + 1):
                if (row, col) != (min_row, min_col):
                    covered.add((row, col))
    return spans, covered


def _cell_dict(cell, value, row, col, rowspan, colspan) -> dict:
    data = {"ref": f"{get_column_letter(col)}{row}", "col": col, "text": ""}
    if rowspan > 1:
        data["rowspan"] = rowspan
    if colspan > 1:
        data["colspan"] = colspan
    number = _as_number(value)
    if number is not None:
        decimals = _decimals(cell.number_format, number)
        data["value"] = str(number)
        data["text"] = _format_number(number, decimals, "," in (cell.number_format or ""))
    elif value is not None:
        data["text"] = " ".join(str(value).split())
    return data


def _as_number(value) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float | Decimal):
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            return None
        return number if number.is_finite() else None
    if isinstance(value, str):
        text = value.strip()
        if NUMBER_PATTERN.match(text):
            return Decimal(text.replace(",", ""))
    return None


def _decimals(number_format: str, number: Decimal) -> int:
    match = re.search(r"0\.(0+)", number_format or "")
    if match:
        return len(match.group(1))
    exponent = number.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _format_number(number: Decimal, decimals: int, thousands: bool) -> str:
    pattern = f"{{:{',' if thousands else ''}.{decimals}f}}"
    return pattern.format(number)


def _shape_table(sheet: str, grid: list[list[dict]]) -> BudgetTable:
    table = BudgetTable(sheet=sheet, caption=sheet)
    index = 0
    filled = [[cell for cell in row if cell["text"]] for row in grid]
    # 1. title row
    while index < len(grid) and not filled[index]:
        index += 1
    if index < len(grid) and len(filled[index]) == 1 and "value" not in filled[index][0] \
            and not _is_note(filled[index][0]["text"]):
        table.caption = filled[index][0]["text"]
        index += 1
    # 2. notes (unit, compiling body) and blank rows
    while index < len(grid):
        texts = [cell["text"] for cell in filled[index]]
        if texts and not any(_is_note(text) for text in texts):
            break
        for text in texts:
            unit = UNIT_PATTERN.search(text)
            if unit and not table.unit:
                table.unit = unit.group(1)
            if not (unit and unit.group(0) == text):  # the unit alone goes in the caption
                table.notes.append(text)
        index += 1
    # 3. header rows: text only, before the first row with an amount or a total label
    head_start = index
    while index < len(grid) and not _is_body_row(grid[index]):
        index += 1
    head = grid[head_start:index]
    code_columns = _code_columns(head)
    for row in head:
        cells = [dict(cell) for cell in row]
        for cell in cells:
            cell["th"] = "colgroup" if cell.get("colspan", 1) > 1 else "col"
        table.head.append(cells)
    # 4. body rows
    for row in grid[index:]:
        if not any(cell["text"] for cell in row):
            continue
        cells = [dict(cell) for cell in row]
        leading = True
        for cell in cells:
            if cell["col"] in code_columns and "value" in cell:
                cell.pop("value")
            if leading and "value" not in cell:
                cell["th"] = "row"
            else:
                leading = False
        label = row_label({"cells": cells})
        table.body.append({"cells": cells, "total": is_total_label(label),
                           "code": _row_code(cells, code_columns)})
    return table


def _is_note(text: str) -> bool:
    return bool(UNIT_PATTERN.search(text) or NOTE_PATTERN.match(text))


def _is_body_row(row: list[dict]) -> bool:
    """The first row with an amount ends the header (headers often say 合计 too)."""
    return any("value" in cell for cell in row)


def _code_columns(head: list[list[dict]]) -> set[int]:
    columns = set()
    for row in head:
        for cell in row:
            if any(word in cell["text"] for word in CODE_HEADER_WORDS):
                columns.update(range(cell["col"], cell["col"] + cell.get("colspan", 1)))
    return columns


def _row_code(cells: list[dict], code_columns: set[int]) -> str:
    for cell in cells:
        if cell["col"] in code_columns and cell["text"].isdigit():
            return cell["text"]
    return ""
