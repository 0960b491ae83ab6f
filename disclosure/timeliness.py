"""Who is late: the deadline dashboard and the monthly timeliness report per department.

corpus 004 网站管理制度 第十九条: the timeliness, count and quality of what each department
publishes are reported monthly. The dashboard shows open items due within
`DEADLINE_DUE_SOON_WORKING_DAYS` working days (amber) and those overdue (red).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.utils.translation import gettext as _

from departments.roles import departments_of
from disclosure.deadlines import catalogue_columns_by_path, disclosure_item_model, nearest_column
from workdays.engine import add_working_days, working_days_between
from workdays.local_time import LOCAL_TIME_ZONE, local_date, local_today
from workdays.models import DASHBOARD_PERMISSION

OVERDUE = "overdue"
DUE_SOON = "due_soon"


def due_soon_working_days() -> int:
    """How many working days ahead counts as "due soon" (default 3; a setting)."""
    return int(getattr(settings, "DEADLINE_DUE_SOON_WORKING_DAYS", 3))


# --- Who sees what --------------------------------------------------------------------------


def visible_departments(user):
    """The disclosure office (the permission) sees every department; others only their own."""
    from departments.models import Department

    if user.has_perm(DASHBOARD_PERMISSION):
        return Department.objects.filter(is_active=True)
    return departments_of(user).filter(is_active=True)


def can_view_deadlines(user) -> bool:
    return user.is_active and (user.has_perm(DASHBOARD_PERMISSION)
                               or departments_of(user).exists())


# --- The dashboard --------------------------------------------------------------------------


@dataclass
class DueItem:
    """An open item on the dashboard: its deadline and how far it is from today."""

    item: object
    column: object
    due_on: date
    provisional: bool
    state: str  # overdue | due_soon
    working_days: int  # overdue by, or left until due
    edit_url: str = ""  # where to act on it, when it is not a page's edit view

    @property
    def state_label(self) -> str:
        if self.state == OVERDUE:
            return _("已逾期 %(n)s 个工作日") % {"n": self.working_days}
        if self.working_days == 0:
            return _("今日到期")
        return _("%(n)s 个工作日内到期") % {"n": self.working_days}


@dataclass
class DepartmentDue:
    """One department's overdue and due-soon items."""

    department: object
    overdue: list[DueItem] = field(default_factory=list)
    due_soon: list[DueItem] = field(default_factory=list)
    stuck: list = field(default_factory=list)  # disclosure.stuck.StuckStep
    blocked: list = field(default_factory=list)  # open BlockedPublication records

    @property
    def deadline_total(self) -> int:
        return len(self.overdue) + len(self.due_soon)

    @property
    def total(self) -> int:
        return self.deadline_total + len(self.stuck) + len(self.blocked)


def deadline_dashboard(departments, today: date | None = None) -> list[DepartmentDue]:
    """Open (never published) items overdue or due soon, steps stuck longer than
    `WORKFLOW_STUCK_WORKING_DAYS` and blocked schedules, grouped by the column's department."""
    from disclosure.stuck import open_blocked_publications, stuck_steps

    today = today or local_today()
    limit = add_working_days(today, due_soon_working_days())
    groups = {department.pk: DepartmentDue(department) for department in departments}
    model = disclosure_item_model()
    if model is None or not groups:
        return list(groups.values())
    columns = catalogue_columns_by_path()
    items = (model.objects.filter(first_published_at__isnull=True, due_on__isnull=False,
                                  due_on__lte=limit)
             .order_by("due_on", "pk"))
    for item in items:
        column = nearest_column(item, columns)
        if column is None or column.department_id not in groups:
            continue
        group = groups[column.department_id]
        if item.due_on < today:
            group.overdue.append(DueItem(item, column, item.due_on, item.due_provisional, OVERDUE,
                                         working_days_between(item.due_on, today)))
        else:
            group.due_soon.append(DueItem(item, column, item.due_on, item.due_provisional,
                                          DUE_SOON, working_days_between(today, item.due_on)))
    for entry in other_app_entries(today, limit):
        group = groups.get(entry.department_id)
        if group is None:
            continue
        if entry.due_on < today:
            group.overdue.append(DueItem(entry.item, entry.column, entry.due_on,
                                         entry.provisional, OVERDUE,
                                         working_days_between(entry.due_on, today),
                                         entry.edit_url))
        else:
            group.due_soon.append(DueItem(entry.item, entry.column, entry.due_on,
                                          entry.provisional, DUE_SOON,
                                          working_days_between(today, entry.due_on),
                                          entry.edit_url))
    for step in stuck_steps(today):
        step.column = nearest_column(step.item, columns)
        if step.column is not None and step.column.department_id in groups:
            groups[step.column.department_id].stuck.append(step)
    for blocked in open_blocked_publications():
        column = nearest_column(blocked.page, columns)
        if column is not None and column.department_id in groups:
            groups[column.department_id].blocked.append(blocked)
    return [group for group in groups.values()]


def other_app_entries(today: date, limit: date) -> list:
    """Deadlines other apps hand over through the hook DEADLINE_ENTRIES_HOOK (open entries due
    on or before `limit`), so this room shows them without importing those apps."""
    from wagtail import hooks

    from workdays.wagtail_hooks import DEADLINE_ENTRIES_HOOK

    entries = []
    for provide in hooks.get_hooks(DEADLINE_ENTRIES_HOOK):
        entries.extend(entry for entry in provide(today, limit) if entry.due_on <= limit)
    return sorted(entries, key=lambda entry: entry.due_on)


# --- The monthly report ---------------------------------------------------------------------


@dataclass
class DepartmentTimeliness:
    """One department's month: what it published, how much on time, how late on average."""

    department: object
    published: int = 0
    on_time: int = 0
    late: int = 0
    without_deadline: int = 0
    delay_days: int = 0  # working days late, summed over late items

    @property
    def with_deadline(self) -> int:
        return self.published - self.without_deadline

    @property
    def on_time_rate(self) -> float | None:
        """Share of items (with a deadline) published on or before it; None if there were none."""
        return self.on_time / self.with_deadline if self.with_deadline else None

    @property
    def average_delay(self) -> float | None:
        """Average working days late over every item with a deadline (on time counts 0)."""
        return self.delay_days / self.with_deadline if self.with_deadline else None


def monthly_timeliness(departments, year: int, month: int) -> list[DepartmentTimeliness]:
    """Items first published in the month (Asia/Shanghai), per department of their column."""
    rows = {department.pk: DepartmentTimeliness(department) for department in departments}
    model = disclosure_item_model()
    if model is None or not rows:
        return list(rows.values())
    start, end = _month_bounds(year, month)
    columns = catalogue_columns_by_path()
    items = model.objects.filter(first_published_at__gte=start, first_published_at__lt=end)
    for item in items.order_by("pk"):
        column = nearest_column(item, columns)
        if column is None or column.department_id not in rows:
            continue
        row = rows[column.department_id]
        row.published += 1
        if item.due_on is None:
            row.without_deadline += 1
            continue
        published_on = local_date(item.first_published_at)
        if published_on <= item.due_on:
            row.on_time += 1
        else:
            row.late += 1
            row.delay_days += working_days_between(item.due_on, published_on)
    return list(rows.values())


def total_of(rows: list[DepartmentTimeliness]) -> DepartmentTimeliness:
    """The 合计 row of the monthly report."""
    total = DepartmentTimeliness(_("合计"))
    for row in rows:
        total.published += row.published
        total.on_time += row.on_time
        total.late += row.late
        total.without_deadline += row.without_deadline
        total.delay_days += row.delay_days
    return total


# --- Helpers --------------------------------------------------------------------------------


def _month_bounds(year: int, month: int):
    first = date(year, month, 1)
    following = (first + timedelta(days=32)).replace(day=1)
    return (datetime.combine(first, time.min, tzinfo=LOCAL_TIME_ZONE),
            datetime.combine(following, time.min, tzinfo=LOCAL_TIME_ZONE))


@dataclass(frozen=True)
class DashboardNotice:
    """A dated duty beside the items (e.g. the annual report due 31 January): what, by when,
    its state ("done", "warning" or "critical") and where to act."""

    title: str
    due_on: date
    status: str
    state_label: str
    url: str = ""
