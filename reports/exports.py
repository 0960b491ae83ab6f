"""The annual report as JSON, a spreadsheet (one sheet a table, and the checks) or HTML.

The spreadsheet's layout is the one the checks name their cells in (reports.annual_report)."""

import io
import json

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

FORMATS = ("json", "xlsx", "html")


def as_json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def as_html(data: dict) -> str:
    return render_to_string("reports/annual_report_standalone.html", {"tables": data})


def as_xlsx(data: dict) -> bytes:
    workbook = Workbook()
    _table_two(workbook.active, data["table_two"])
    _table_three(workbook.create_sheet(_("表三")), data["table_three"])
    _table_four(workbook.create_sheet(_("表四")), data["table_four"])
    _checks(workbook.create_sheet(_("核对")), data["checks"])
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


BOLD = Font(bold=True)


def _header(sheet, row, values):
    for column, value in enumerate(values, start=1):
        cell = sheet.cell(row=row, column=column, value=value)
        cell.font = BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="center")


def _table_two(sheet, table):
    sheet.title = _("表二")
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["E"].width = 40
    sheet.cell(row=1, column=1, value=_("第二十条第（一）项")).font = BOLD
    _header(sheet, 2, [_("信息内容"), _("本年制发件数"), _("本年废止件数"), _("现行有效件数")])
    for row, item in enumerate(table["documents"], start=3):  # rows 3-4
        for column, value in enumerate(
                [item["label"], item["issued"], item["repealed"], item["in_force"]], start=1):
            sheet.cell(row=row, column=column, value=value)
    _header(sheet, 5, [_("第二十条第（五）项：信息内容"), _("本年处理决定数量"), "", "",
                       _("数据来源")])
    _entered(sheet, 6, table["licensing"], "decisions")
    _header(sheet, 7, [_("第二十条第（六）项：信息内容"), _("本年处理决定数量")])
    _entered(sheet, 8, table["penalty"], "decisions")
    _entered(sheet, 9, table["coercion"], "decisions")
    _header(sheet, 10, [_("第二十条第（八）项：信息内容"), _("本年收费金额（单位：万元）")])
    _entered(sheet, 11, table["fees"], "amount_wan")


def _entered(sheet, row, item, key):
    value = item[key]
    if key == "amount_wan" and value is not None:
        value = float(value)
    sheet.cell(row=row, column=1, value=item["label"])
    sheet.cell(row=row, column=2, value=value if value is not None else _("尚未填报"))
    sheet.cell(row=row, column=5, value=item["source"])


def _table_three(sheet, table):
    sheet.column_dimensions["A"].width = 40
    _header(sheet, 1, [_("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"),
                       _("申请人情况")])
    _header(sheet, 2, ["", *table["columns"]])
    for row, item in enumerate(table["rows"], start=3):
        sheet.cell(row=row, column=1, value=("    " * item["level"]) + item["label"])
        for column, value in enumerate(item["cells"], start=2):
            sheet.cell(row=row, column=column, value=value)


def _table_four(sheet, table):
    sheet.column_dimensions["A"].width = 30
    _header(sheet, 1, [_("类别"), *table["columns"]])
    for row, group in enumerate(table["groups"], start=2):
        sheet.cell(row=row, column=1, value=group["label"])
        for column, value in enumerate(group["cells"] or [_("尚未填报")], start=2):
            sheet.cell(row=row, column=column, value=value)
    sheet.cell(row=len(table["groups"]) + 3, column=1,
               value=_("数据来源：%(source)s") % {"source": table["source"] or "—"})


def _checks(sheet, checks):
    sheet.column_dimensions["A"].width = 50
    sheet.column_dimensions["C"].width = 80
    _header(sheet, 1, [_("核对项"), _("结果"), _("说明")])
    for row, check in enumerate(checks, start=2):
        sheet.cell(row=row, column=1, value=check["name"])
        sheet.cell(row=row, column=2, value=_("通过") if check["passed"] else _("未通过"))
        sheet.cell(row=row, column=3, value=check["message"])
