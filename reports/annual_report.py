"""The annual report on disclosure work (政府信息公开工作年度报告) of one year, in the format of
国办公开办函〔2021〕30号, built from the site's data (条例 第四十九、五十条):

- table 二: 规章 and 行政规范性文件 counted from the catalogue (disclosure.annual_counts); 行政许可,
  行政处罚, 行政强制 decisions and 行政事业性收费 as the office entered them (AnnualReportFigures);
- table 三: the applications (applications.statistics), with two checks: new + carried over =
  handled + carried forward in every column, and every application handled in the year counted
  in exactly one reply leaf;
- table 四: reconsideration and litigation as the office entered them, totals computed;
- section 六: information-processing fees collected (the fee records the applications keep,
  条例 第四十二条) and the replies to 建议提案 published for the year.

Every failed check names its cell as the spreadsheet export lays the tables out
(e.g. `表三!B29 自然人 四、结转下年度继续办理`).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from applications.fees import tariff_source
from applications.models import ClockPause
from applications.statistics import COLUMN_LABELS, COLUMNS, year_statistics
from disclosure.annual_counts import COUNTED_GENRES, document_counts
from disclosure.models.policy import GENRE_CHOICES
from disclosure.models.proposals import KIND_CHOICES, replies_per_year
from reports.models import RESULTS, REVIEW_GROUPS, AnnualReportFigures

# Where the spreadsheet export puts the tables (the cells the checks name).
TABLE_THREE_SHEET = "表三"
TABLE_THREE_FIRST_ROW = 3  # rows 1-2 are the two header rows
TABLE_TWO_SHEET = "表二"


@dataclass
class Check:
    name: str
    passed: bool
    cell: str = ""
    message: str = ""

    def as_dict(self) -> dict:
        return {"name": self.name, "passed": self.passed, "cell": self.cell,
                "message": self.message}


@dataclass
class AnnualReport:
    year: int
    table_two: dict
    table_three: dict
    table_four: dict
    section_six: dict
    checks: list[Check] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return all(check.passed for check in self.checks)

    @property
    def failed_checks(self) -> list[Check]:
        return [check for check in self.checks if not check.passed]

    def as_dict(self) -> dict:
        return {
            "year": self.year,
            "table_two": self.table_two,
            "table_three": self.table_three,
            "table_four": self.table_four,
            "section_six": self.section_six,
            "checks": [check.as_dict() for check in self.checks],
            "passed": self.passed,
        }


def build_report(year: int) -> AnnualReport:
    figures = AnnualReportFigures.objects.filter(year=year).first()
    report = AnnualReport(
        year=year,
        table_two=_table_two(year, figures),
        table_three=_table_three(year),
        table_four=_table_four(figures),
        section_six=_section_six(year),
    )
    report.checks = (_table_two_checks(year, report.table_two, figures)
                     + _table_three_checks(year, report.table_three))
    return report


# --- table 二 -------------------------------------------------------------------------------


def _table_two(year, figures) -> dict:
    counts = document_counts(year)
    labels = dict(GENRE_CHOICES)
    documents = [{"genre": genre, "label": str(labels[genre]), "issued": counts[genre].issued,
                  "repealed": counts[genre].repealed, "in_force": counts[genre].in_force}
                 for genre in COUNTED_GENRES]

    def entered(label, name, source):
        return {"label": label, "decisions": getattr(figures, name) if figures else None,
                "source": getattr(figures, source) if figures else ""}

    return {
        "documents": documents,
        "licensing": entered(_("行政许可"), "licensing_decisions", "licensing_source"),
        "penalty": entered(_("行政处罚"), "penalty_decisions", "enforcement_source"),
        "coercion": entered(_("行政强制"), "coercion_decisions", "enforcement_source"),
        "fees": {"label": _("行政事业性收费"),
                 "amount_wan": _money(figures.fees_wan) if figures else None,
                 "source": figures.fees_source if figures else ""},
    }


def _table_two_checks(year, table, figures) -> list[Check]:
    checks = []
    previous = document_counts(year - 1)
    for row_number, row in enumerate(table["documents"], start=3):
        before = previous[row["genre"]].in_force
        expected = before + row["issued"] - row["repealed"]
        cell = f"{TABLE_TWO_SHEET}!D{row_number} {row['label']} {_('现行有效件数')}"
        passed = expected == row["in_force"]
        checks.append(Check(
            name=_("表二 %(label)s：上年现行有效 + 本年制发 − 本年废止 = 现行有效") % {
                "label": row["label"]},
            passed=passed, cell="" if passed else cell,
            message="" if passed else _(
                "%(cell)s：上年现行有效 %(before)d + 本年制发 %(issued)d − 本年废止 %(repealed)d "
                "= %(expected)d ≠ %(actual)d，请核对文件的成文日期和废止日期。") % {
                "cell": cell, "before": before, "issued": row["issued"],
                "repealed": row["repealed"], "expected": expected, "actual": row["in_force"]}))
    passed = figures is not None
    cell = f"{TABLE_TWO_SHEET}!B6 {_('行政许可')} {_('本年处理决定数量')}"
    checks.append(Check(
        name=_("表二、表四 本机关填报的数据"), passed=passed, cell="" if passed else cell,
        message="" if passed else _(
            "%(cell)s：%(year)s 年度的行政许可、行政处罚、行政强制、行政事业性收费和行政复议、"
            "行政诉讼数据尚未填报（年度报告 → 填报数据）。") % {"cell": cell, "year": year}))
    return checks


# --- table 三 -------------------------------------------------------------------------------


def _table_three(year) -> dict:
    statistics = year_statistics(year)
    return {
        "columns": [str(label) for label in COLUMN_LABELS] + [_("总计")],
        "rows": [{"label": str(row.label), "level": row.level, "cells": row.cells}
                 for row in statistics.rows],
    }


def _table_three_checks(year, table) -> list[Check]:
    rows = table["rows"]
    new, carried_over, *handled_rows, handled, carried_forward = rows
    groups = [row for row in handled_rows if row["level"] == 1]
    checks = []
    index = {id(row): number for number, row in enumerate(rows, start=TABLE_THREE_FIRST_ROW)}

    def cell(row, column):
        return (f"{TABLE_THREE_SHEET}!{get_column_letter(column + 2)}{index[id(row)]} "
                f"{table['columns'][column]} {row['label']}")

    balance_failures, leaf_failures = [], []
    for column in range(len(COLUMNS) + 1):
        left = new["cells"][column] + carried_over["cells"][column]
        right = handled["cells"][column] + carried_forward["cells"][column]
        if left != right:
            balance_failures.append(_(
                "%(cell)s：本年新收 %(new)d + 上年结转 %(over)d = %(left)d ≠ 办理结果总计 "
                "%(handled)d + 结转下年度 %(forward)d = %(right)d") % {
                "cell": cell(carried_forward, column), "new": new["cells"][column],
                "over": carried_over["cells"][column], "left": left,
                "handled": handled["cells"][column], "forward": carried_forward["cells"][column],
                "right": right})
        leaves = sum(group["cells"][column] for group in groups)
        if leaves != handled["cells"][column]:
            leaf_failures.append(_(
                "%(cell)s：办理结果总计 %(total)d ≠ 各答复类型之和 %(leaves)d，"
                "有申请未计入或重复计入答复类型。") % {
                "cell": cell(handled, column), "total": handled["cells"][column],
                "leaves": leaves})
    checks.append(Check(
        name=_("表三 本年新收 + 上年结转 = 办理结果总计 + 结转下年度"),
        passed=not balance_failures,
        cell=balance_failures[0].split("：")[0] if balance_failures else "",
        message="；".join(balance_failures)))
    checks.append(Check(
        name=_("表三 每件办结的申请只计入一种答复类型"),
        passed=not leaf_failures,
        cell=leaf_failures[0].split("：")[0] if leaf_failures else "",
        message="；".join(leaf_failures)))
    return checks


# --- table 四 and section 六 ----------------------------------------------------------------


def _table_four(figures) -> dict:
    return {
        "columns": [str(label) for _code, label in RESULTS] + [_("总计")],
        "groups": [{"code": code, "label": str(label),
                    "cells": figures.review_row(code) if figures else None}
                   for code, label in REVIEW_GROUPS],
        "source": figures.review_source if figures else "",
    }


def _section_six(year) -> dict:
    """Fees actually paid in the year (the fee pauses ended by a payment, 条例 第四十二条) and the
    建议提案 replies published for the year."""
    paid = ClockPause.objects.filter(kind=ClockPause.Kind.FEE, ended_on__year=year,
                                     amount__isnull=False)
    total = paid.aggregate(total=Sum("amount"))["total"] or Decimal(0)
    replies = replies_per_year(year)
    kinds = dict(KIND_CHOICES)
    return {
        "fees": {"count": paid.count(), "amount_yuan": _money(total),
                 "tariff": str(tariff_source())},
        "proposal_replies": [{"kind": code, "label": str(kinds[code]), "count": replies[code]}
                             for code, _label in KIND_CHOICES],
    }


def _money(value) -> str:
    return f"{Decimal(value):.2f}"
