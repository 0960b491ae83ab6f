"""Checking the totals of a budget table (预决算表格): every 合计 / 总计 / 小计 row against the sum
of its parts, column by column; a mismatch names the cell
(``收支总表!C12 合计 1,234.00 ≠ 各项之和 1,230.00``).

Which rows a total covers (the parts):
- 小计: the rows above it, back to the previous total row or the header;
- 合计 / 总计 placed below its rows: every row above it back to the previous 合计 / 总计;
- 合计 / 总计 placed directly under the header (the common 合计-first layout): every row below
  it up to the next 合计 / 总计 or the end.
Within those rows, other total rows and 其中 (“of which”) rows are left out, and where a code
column (科目编码) or numbered labels (一、 (一) 1.) show a hierarchy, only the top level counts.

The tables are those `disclosure.budget_tables` reads: body rows of cell dicts, each row marked
`total` when its label is a total (`is_total_label`).
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl.utils import quote_sheetname

# Two amounts are equal when they differ by less than half a cent of the sheet's unit.
TOLERANCE = Decimal("0.005")

TOTAL_WORDS = ("合计", "总计", "小计")
TOTAL_LEVELS = {"小计": 1, "合计": 2, "总计": 3}
TOP_LEVEL_LABEL = re.compile(r"^[一二三四五六七八九十]+、")
SECOND_LEVEL_LABEL = re.compile(r"^[（(][一二三四五六七八九十]+[)）]")


@dataclass
class TotalMismatch:
    """A total cell whose value differs from the sum of its parts."""

    cell: str  # 收支总表!C12
    label: str  # 合计
    stated: Decimal
    computed: Decimal

    @property
    def message(self) -> str:
        return _("%(cell)s %(label)s %(stated)s ≠ 各项之和 %(computed)s") % {
            "cell": self.cell, "label": self.label,
            "stated": format_amount(self.stated), "computed": format_amount(self.computed)}

    def __str__(self):
        return self.message


def check_totals(tables) -> list[TotalMismatch]:
    """Every 合计 / 总计 / 小计 row against the sum of its parts, column by column."""
    mismatches = []
    for table in tables:
        sheet, rows = ((table.get("sheet", ""), table.get("body", [])) if isinstance(table, dict)
                       else (table.sheet, table.body))
        for index, row in enumerate(rows):
            if not row.get("total"):
                continue
            parts = _parts_of(rows, index)
            if not parts:
                continue
            for cell in row["cells"]:
                if "value" not in cell:
                    continue
                label = _label_left_of(row, cell["col"])
                stated = Decimal(cell["value"])
                computed = sum((_value_at(part, cell["col"]) for part in parts), Decimal(0))
                if abs(stated - computed) >= TOLERANCE:
                    mismatches.append(TotalMismatch(
                        cell=cell_reference(sheet, cell["ref"]), label=label,
                        stated=stated, computed=computed))
    return mismatches


def cell_reference(sheet: str, coordinate: str) -> str:
    """Sheet1!C12, quoted as Excel does when the sheet name has spaces or punctuation."""
    if re.fullmatch(r"\w+", sheet):
        return f"{sheet}!{coordinate}"
    return f"{quote_sheetname(sheet)}!{coordinate}"


def format_amount(value: Decimal, decimals: int = 2) -> str:
    return f"{value:,.{decimals}f}"


def _normalise(text: str) -> str:
    return "".join(text.split())


def is_total_label(text: str) -> bool:
    text = _normalise(text)
    return any(word in text for word in TOTAL_WORDS) and not text.startswith("其中")


def row_label(row: dict) -> str:
    """The row's name: its first text cell that is not a code."""
    for cell in row["cells"]:
        text = _normalise(cell["text"])
        if text and "value" not in cell and not text.isdigit():
            return text
    return ""


def _level(row: dict) -> int:
    """小计 1, 合计 2, 总计 3; 0 for a row that is not a total."""
    if not row.get("total"):
        return 0
    label = row_label(row)
    return max((level for word, level in TOTAL_LEVELS.items() if word in label), default=2)


def _label_left_of(row: dict, col: int) -> str:
    """The text nearest to the left of a total cell (both halves of a 收支总表 have one)."""
    label = ""
    for cell in row["cells"]:
        if cell["col"] >= col:
            break
        text = _normalise(cell["text"])
        if text and "value" not in cell and not text.isdigit():
            label = text
    return label or row_label(row)


def _parts_of(rows: list[dict], index: int) -> list[dict]:
    """The rows a total row adds up (see the module docstring)."""
    level = _level(rows[index])
    parts, _stop = _walk_up(rows, index, level)
    if not parts:
        parts = []
        for row in rows[index + 1:]:
            if _level(row) >= level:
                break
            if not row.get("total"):
                parts.append(row)
    totals = [row for row in parts if row.get("total")]
    details = [row for row in parts
               if not row.get("total") and not row_label(row).startswith("其中")]
    return totals + _top_level(details)


def _walk_up(rows: list[dict], index: int, level: int) -> tuple[list[dict], int]:
    """Rows above `index` back to a total of the same or a higher level; a lower total stands
    for the rows it covers."""
    parts = []
    position = index - 1
    while position >= 0:
        row = rows[position]
        row_level = _level(row)
        if row_level >= level:
            break
        parts.append(row)
        if row_level:
            _covered, position = _walk_up(rows, position, row_level)
        else:
            position -= 1
    parts.reverse()
    return parts, position


def _top_level(rows: list[dict]) -> list[dict]:
    codes = [row["code"] for row in rows if row.get("code")]
    if codes:
        shortest = min(len(code) for code in codes)
        return [row for row in rows if row.get("code") and len(row["code"]) == shortest]
    labels = [row_label(row) for row in rows]
    for pattern in (TOP_LEVEL_LABEL, SECOND_LEVEL_LABEL):
        if any(pattern.match(label) for label in labels):
            return [row for row, label in zip(rows, labels, strict=True) if pattern.match(label)]
    return rows


def _value_at(row: dict, col: int) -> Decimal:
    for cell in row["cells"]:
        if cell["col"] == col and "value" in cell:
            return Decimal(cell["value"])
    return Decimal(0)
