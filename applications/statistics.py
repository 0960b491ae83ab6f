"""Applications per year in the shape of the annual report (国办公开办函〔2021〕30号, table 三).

Columns: natural persons; legal persons and other organisations split into business, research,
public-interest, legal-service and other; total. Rows: new this year, carried over, each reply
leaf, total handled, carried forward. The check (国办公开办函〔2021〕30号, table 三):
new + carried over = handled + carried forward, for every column.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import ApplicantType, DisclosureApplication
from .replies import REPLY_TREE

COLUMNS = [choice.value for choice in ApplicantType]
COLUMN_LABELS = [choice.label for choice in ApplicantType]


@dataclass
class Row:
    label: str
    counts: dict[str, int] = field(default_factory=dict)
    level: int = 0  # 0 heading row, 1 group, 2 leaf

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def cells(self) -> list[int]:
        return [self.counts.get(column, 0) for column in COLUMNS] + [self.total]


@dataclass
class YearStatistics:
    year: int
    new: Row
    carried_over: Row
    handled_rows: list[Row]
    handled: Row
    carried_forward: Row

    @property
    def balances(self) -> bool:
        """新收 + 上年结转 = 办理结果总计 + 结转下年度, in every column."""
        return all(
            self.new.counts.get(c, 0) + self.carried_over.counts.get(c, 0)
            == self.handled.counts.get(c, 0) + self.carried_forward.counts.get(c, 0)
            for c in COLUMNS)

    @property
    def rows(self) -> list[Row]:
        return [self.new, self.carried_over, *self.handled_rows, self.handled,
                self.carried_forward]


def year_statistics(year: int) -> YearStatistics:
    start, end = date(year, 1, 1), date(year, 12, 31)
    received = DisclosureApplication.objects.filter(received_on__isnull=False)
    new = _count(received.filter(received_on__range=(start, end)))
    carried_over = _count(received.filter(received_on__lt=start)
                          .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=start)))
    handled_qs = received.filter(closed_on__range=(start, end))
    by_leaf = {}
    for row in handled_qs.values("applicant_type", "reply_type"):
        counts = by_leaf.setdefault(row["reply_type"], {})
        counts[row["applicant_type"]] = counts.get(row["applicant_type"], 0) + 1
    handled_rows = []
    for group in REPLY_TREE:
        group_counts = {}
        leaf_rows = []
        for leaf in group.leaves:
            counts = by_leaf.get(leaf.code, {})
            for column, value in counts.items():
                group_counts[column] = group_counts.get(column, 0) + value
            leaf_rows.append(Row(leaf.label, dict(counts), level=2))
        handled_rows.append(Row(group.label, group_counts, level=1))
        if len(group.leaves) > 1:
            handled_rows.extend(leaf_rows)
    handled = _count(handled_qs)
    carried_forward = _count(received.filter(received_on__lte=end)
                             .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=end)))
    return YearStatistics(
        year=year,
        new=Row(_("一、本年新收政府信息公开申请数量"), new),
        carried_over=Row(_("二、上年结转政府信息公开申请数量"), carried_over),
        handled_rows=handled_rows,
        handled=Row(_("三、本年度办理结果总计"), handled),
        carried_forward=Row(_("四、结转下年度继续办理"), carried_forward),
    )


def _count(queryset) -> dict[str, int]:
    counts = {}
    for applicant_type in queryset.values_list("applicant_type", flat=True):
        counts[applicant_type] = counts.get(applicant_type, 0) + 1
    return counts
