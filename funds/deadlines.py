"""The funds' deadlines on the deadline dashboard and in the daily reminders.

- A batch is due 20 working days after its payment date (000 第八条) until its page is live.
- A fund updated monthly is due by the end of each month for the previous month; one updated
  quarterly by the end of the quarter's first month for the previous quarter (001). A period
  counts as updated once a batch of it is live.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _


@dataclass
class FundDeadline:
    department_id: int
    item: object  # has .pk and .title
    column: object  # has .title
    due_on: date
    provisional: bool
    edit_url: str = ""


@dataclass
class _Titled:
    pk: int
    title: str


def fund_deadline_entries(today: date, limit: date) -> list[FundDeadline]:
    """Open batch deadlines and missing periodic updates due on or before `limit`."""
    return batch_deadlines(limit) + update_cycle_deadlines(today, limit)


def batch_deadlines(limit: date) -> list[FundDeadline]:
    from funds.models import DisbursementBatch

    entries = []
    open_batches = (DisbursementBatch.objects.filter(signed_off_at__isnull=True)
                    .select_related("fund").order_by("paid_on"))
    for batch in open_batches:
        page = getattr(batch, "page", None)
        if page is not None and page.live:
            continue
        due = batch.due()
        if due.due > limit:
            continue
        if page is not None:
            item, url = page, ""
        else:
            item = _Titled(batch.pk, _("%(name)s（尚未建立公开页面）") % {"name": batch.name})
            url = reverse("funds_batch:edit", args=[batch.pk])
        entries.append(FundDeadline(batch.fund.department_id, item, batch.fund, due.due,
                                    due.provisional, url))
    return entries


def update_cycle_deadlines(today: date, limit: date) -> list[FundDeadline]:
    """The periods of monthly and quarterly funds that are due and not yet published."""
    from funds.models import MONTHLY, QUARTERLY, FundBatchPage, FundPage

    entries = []
    for fund in FundPage.objects.filter(update_cycle__in=[MONTHLY, QUARTERLY]).live():
        published = set(FundBatchPage.objects.child_of(fund).live()
                        .values_list("batch__period", flat=True))
        for period, due_on in expected_periods(fund.update_cycle, today):
            if due_on > limit or period in published:
                continue
            item = _Titled(fund.pk, _("%(fund)s %(period)s 期数据更新") % {
                "fund": fund.title, "period": period})
            # A calendar date (month-end), so never provisional.
            entries.append(FundDeadline(fund.department_id, item, fund, due_on, False,
                                        reverse("wagtailadmin_pages:edit", args=[fund.pk])))
    return entries


def expected_periods(cycle: str, today: date) -> list[tuple[str, date]]:
    """The last two periods that should be published by now or soon, with their due dates:
    monthly — previous month by the end of this month; quarterly — previous quarter by the end
    of this quarter's first month."""
    from funds.models import MONTHLY

    result = []
    if cycle == MONTHLY:
        year, month = today.year, today.month
        for _step in range(2):
            due_on = date(year, month, calendar.monthrange(year, month)[1])
            year, month = (year, month - 1) if month > 1 else (year - 1, 12)
            result.append((f"{year}-{month:02d}", due_on))
        return result
    year, quarter = today.year, (today.month - 1) // 3 + 1
    for _step in range(2):
        first_month = (quarter - 1) * 3 + 1
        due_on = date(year, first_month, calendar.monthrange(year, first_month)[1])
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
        result.append((f"{year}-Q{quarter}", due_on))
    return result
