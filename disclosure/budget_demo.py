"""Demo budget release: the 2026 department budget of the fictional 示例市卫生健康委员会, with its
tables in an .xlsx made here with openpyxl. Every figure is invented (in 万元) and the totals add
up. Called by the disclosure demo loader as `load(demo, catalogue)`; adds only what is missing.
"""

import datetime
from io import BytesIO

from django.core.files.base import ContentFile
from django.db import transaction
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from wagtail.documents import get_document_model

from disclosure.budget_tables import import_tables
from disclosure.demo import join_lines, publish_dated
from disclosure.models import BudgetRelease, CatalogueColumn
from disclosure.models.catalogue import RULE_BUDGET

COLUMN_TITLE = "预决算公开"
COLUMN_SLUG = "yujuesuan"
RELEASE_TITLE = "示例市卫生健康委员会2026年部门预算"
WORKBOOK_TITLE = "示例市卫生健康委员会2026年部门预算公开表"
ORGANISATION = "示例市卫生健康委员会"

SUMMARY = [  # 收支总表: income on the left, expenditure on the right
    ("一、一般公共预算拨款收入", 8642.35, "一、卫生健康支出", 9486.27),
    ("二、政府性基金预算拨款收入", 1200.00, "二、社会保障和就业支出", 612.48),
    ("三、事业收入", 356.80, "三、住房保障支出", 464.40),
    ("四、其他收入", 45.60, None, None),
    ("本年收入合计", 10244.75, "本年支出合计", 10563.15),
    ("上年结转", 318.40, "结转下年", 0.00),
    ("收入总计", 10563.15, "支出总计", 10563.15),
]

GENERAL_EXPENDITURE = [  # 一般公共预算支出表 by functional classification; 合计 first
    (None, "合计", 8642.35, 5123.45, 3518.90),
    ("210", "卫生健康支出", 7565.47, 4046.57, 3518.90),
    ("21001", "卫生健康管理事务", 1268.32, 1068.32, 200.00),
    ("21002", "公立医院", 1770.00, 1393.00, 377.00),
    ("21004", "公共卫生", 3402.15, 1585.25, 1816.90),
    ("21007", "计划生育事务", 1125.00, 0.00, 1125.00),
    ("208", "社会保障和就业支出", 612.48, 612.48, 0.00),
    ("20805", "行政事业单位养老支出", 612.48, 612.48, 0.00),
    ("221", "住房保障支出", 464.40, 464.40, 0.00),
    ("22102", "住房改革支出", 464.40, 464.40, 0.00),
]

THREE_PUBLIC = [  # “三公”经费: this year and last year
    ("因公出国（境）费", 0.00, 0.00),
    ("公务接待费", 4.20, 4.80),
    ("公务用车购置及运行维护费", 18.60, 21.30),
    ("其中：公务用车购置费", 0.00, 0.00),
    ("其中：公务用车运行维护费", 18.60, 21.30),
    ("合计", 22.80, 26.10),
]

EXPLANATION = """
<h3>一、部门主要职责</h3>
<p>示例市卫生健康委员会负责拟订全市卫生健康事业发展规划和政策措施，统筹卫生健康资源配置，
组织实施疾病预防控制规划和基本公共卫生服务项目，指导公立医院改革和基层医疗卫生机构建设，
承担全市突发公共卫生事件的医疗救治和应急处置工作。</p>
<h3>二、部门预算收支情况</h3>
<p>2026年收入预算总计10563.15万元，其中一般公共预算拨款收入8642.35万元，政府性基金预算拨款收入
1200.00万元，事业收入356.80万元，其他收入45.60万元，上年结转318.40万元。支出预算总计10563.15万元，
主要用于卫生健康管理事务、公立医院补助、重大公共卫生服务和计划生育奖励扶助。</p>
<h3>三、一般公共预算支出增减变化</h3>
<p>一般公共预算支出比上年增加312.60万元，主要是新增基层医疗卫生机构能力提升项目和
适龄儿童免疫规划疫苗接种补助；会议费、培训费按照过紧日子的要求压减。</p>
<h3>四、“三公”经费预算情况</h3>
<p>“三公”经费预算22.80万元，比上年减少3.30万元。其中公务接待费4.20万元，公务用车运行维护费18.60万元，
因公出国（境）费和公务用车购置费均未安排预算。减少的主要原因是严格执行公务接待标准、
压缩公务用车运行开支。</p>
<h3>五、名词解释</h3>
<p>基本支出：为保障机构正常运转、完成日常工作任务而发生的人员经费和公用经费。
项目支出：在基本支出之外为完成特定行政任务和事业发展目标所发生的支出。</p>
"""


def load(demo, catalogue):
    """Add the budget column (owned by 规划财务科) and the published 2026 budget release."""
    with transaction.atomic():
        column = _budget_column(demo, catalogue)
        if BudgetRelease.objects.child_of(column).filter(fiscal_year=2026, kind="budget").exists():
            return
        data = build_workbook()
        tables = import_tables(BytesIO(data))  # the demo passes the same check as the editor
        document = get_document_model().objects.create(
            title=WORKBOOK_TITLE, file=ContentFile(data, name="2026-department-budget.xlsx"))
        release = column.add_child(instance=BudgetRelease(
            title=RELEASE_TITLE, slug="2026-bumen-yusuan", fiscal_year=2026, kind="budget",
            approved_on=datetime.date(2026, 2, 6), author="规划财务科",
            summary="公开本委2026年部门收支总体情况、一般公共预算支出和“三公”经费预算安排。",
            explanation=join_lines(EXPLANATION), source_workbook=document, tables=tables,
            live=False,
        ))
        # Published twelve days after approval, within the twenty of 预算法 第十四条.
        publish_dated(release, release.approved_on, days_after=12)


def build_workbook() -> bytes:
    """The three tables of the 2026 budget as an .xlsx, laid out as finance offices do."""
    workbook = Workbook()
    _summary_sheet(workbook.active)
    _general_sheet(workbook.create_sheet())
    _three_public_sheet(workbook.create_sheet())
    stream = BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def _budget_column(demo, catalogue):
    column = CatalogueColumn.objects.child_of(catalogue).filter(rule=RULE_BUDGET).first()
    if column is None:
        column = catalogue.add_child(instance=CatalogueColumn(
            title=COLUMN_TITLE, slug=COLUMN_SLUG, department=demo.department("caiwu"),
            rule=RULE_BUDGET,
            intro="<p>本委部门预算、部门决算和“三公”经费预决算，在财政部门批复后20日内公开。</p>",
        ))
    return column


def _title_rows(sheet, title, width, unit="单位：万元"):
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append([f"编制单位：{ORGANISATION}"] + [None] * (width - 2) + [unit])


def _amounts(sheet, first_row, first_column):
    for row in sheet.iter_rows(min_row=first_row, min_col=first_column):
        for cell in row:
            if isinstance(cell.value, float):
                cell.number_format = "#,##0.00"


def _summary_sheet(sheet):
    sheet.title = "收支总表"
    _title_rows(sheet, "2026年部门收支总表", 4)
    sheet.append(["收入", None, "支出", None])
    sheet.merge_cells("A3:B3")
    sheet.merge_cells("C3:D3")
    sheet.append(["项目", "预算数", "项目", "预算数"])
    for row in SUMMARY:
        sheet.append(list(row))
    _amounts(sheet, 5, 2)
    sheet.column_dimensions["A"].width = sheet.column_dimensions["C"].width = 30


def _general_sheet(sheet):
    sheet.title = "一般公共预算支出表"
    _title_rows(sheet, "2026年一般公共预算支出表", 5)
    sheet.append(["功能分类科目编码", "科目名称", "合计", "基本支出", "项目支出"])
    for row in GENERAL_EXPENDITURE:
        sheet.append(list(row))
    _amounts(sheet, 4, 3)
    sheet.column_dimensions["B"].width = 24


def _three_public_sheet(sheet):
    sheet.title = "三公经费预算表"
    _title_rows(sheet, "2026年一般公共预算“三公”经费支出表", 3)
    sheet.append(["项目", "2026年预算数", "2025年预算数"])
    for row in THREE_PUBLIC:
        sheet.append(list(row))
    _amounts(sheet, 4, 2)
    sheet.column_dimensions["A"].width = 28
