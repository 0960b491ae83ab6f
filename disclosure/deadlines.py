"""Publication deadlines of disclosure items, and their recount when the holiday table changes.

Proactive disclosure (主动公开; corpus 004 政务公开制度 第九条): an item is due a number of
working (or calendar) days after the information is formed or changed, as its catalogue
column's rule says; an extension needs a recorded reason and may never pass the hard limit of
条例 第二十六条 (20 working days).
"""

from __future__ import annotations

import logging
from datetime import date

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from workdays.engine import CALENDAR, WORKING, Deadline, deadline, working_days_between
from workdays.local_time import local_date, local_today
from workdays.models import DeadlineChange, record_deadline_change

logger = logging.getLogger(__name__)

# 条例 第二十六条: proactively disclosed information is published within 20 working days of
# being formed or changed. Local rules (corpus 004 政务公开制度 第九条) ask for 10; an extension
# up to this limit needs a recorded reason.
PUBLICATION_HARD_LIMIT_DAYS = 20

def item_deadline(item, column=None) -> Deadline | None:
    """The publication deadline of a disclosure item (None while it has no start or column).

    Counted from `item.formed_on` (信息形成/变更日期, not itself counted) by the column's
    `deadline_days` in its `deadline_unit`, plus the item's `extension_days` as far as the hard
    limit allows (条例 第二十六条). `column`, when the caller already knows it (a recount of
    many items), saves looking it up.
    """
    if column is None:
        column = item.get_column()
    start = local_date(getattr(item, "formed_on", None))
    if column is None or start is None:
        return None
    base = int(column.deadline_days or 0)
    unit = column.deadline_unit or WORKING
    extension = min(max(int(getattr(item, "extension_days", 0) or 0), 0),
                    max_extension_days(base, unit))
    return deadline(start, base + extension, unit)


def max_extension_days(base_days: int, unit: str) -> int:
    """How far a column's deadline may be extended: up to 20 working days in all (第二十六条).

    Calendar-day deadlines (预算法 第十四条: budgets within 20 days of approval) are statutory
    and cannot be extended.
    """
    if unit == CALENDAR:
        return 0
    return max(PUBLICATION_HARD_LIMIT_DAYS - int(base_days), 0)


def validate_extension(item) -> None:
    """Raise ValidationError if the item's extension lacks a reason or passes the hard limit.

    For the item's `clean()`: errors are keyed by field (`extension_days`, `extension_reason`).
    """
    extension = int(getattr(item, "extension_days", 0) or 0)
    if extension == 0:
        return
    errors = {}
    if extension < 0:
        errors["extension_days"] = _("延期天数不能为负数。")
    column = item.get_column()
    if column is not None and extension > 0:
        limit = max_extension_days(column.deadline_days or 0, column.deadline_unit or WORKING)
        if limit == 0:
            errors["extension_days"] = _("本栏目的公开期限为法定自然日期限，不能延期。")
        elif extension > limit:
            errors["extension_days"] = _(
                "延期后公开期限不得超过 %(limit)s 个工作日（《政府信息公开条例》第二十六条），"
                "本栏目最多可延期 %(max)s 个工作日。"
            ) % {"limit": PUBLICATION_HARD_LIMIT_DAYS, "max": limit}
    if not (getattr(item, "extension_reason", "") or "").strip():
        errors["extension_reason"] = _("延期须填写理由。")
    if errors:
        raise ValidationError(errors)


def recompute_open_disclosure_items(years: set[int], reason: str | None = None) -> list:
    """Recompute the deadline of every not-yet-published disclosure item the years touch.

    Called (through workdays.signals.calendar_changed) when the holiday table changes;
    returns the DeadlineChange records of the items whose due date moved.
    """
    model = disclosure_item_model()
    if model is None or not years:
        return []
    reason = reason or _("节假日安排变更（%(years)s 年）") % {
        "years": "、".join(str(year) for year in sorted(years))}
    first, last = date(min(years), 1, 1), date(max(years), 12, 31)
    candidates = (
        model.objects.filter(first_published_at__isnull=True, formed_on__isnull=False,
                             formed_on__lte=last)
        .exclude(due_on__lt=first)
        .order_by("pk")
    )
    changes = []
    columns = catalogue_columns_by_path()
    with transaction.atomic():
        for item in candidates.iterator():
            new = item_deadline(item, column=nearest_column(item, columns))
            if new is None:
                continue
            if new.due == item.due_on and new.provisional == item.due_provisional:
                continue
            change = record_deadline_change(item, "due_on", item.due_on, new.due, reason)
            model.objects.filter(pk=item.pk).update(due_on=new.due,
                                                    due_provisional=new.provisional)
            if change is not None:
                changes.append(change)
    if changes:
        logger.info("holiday table change moved %d disclosure deadlines", len(changes))
    return changes


def recompute_when_calendar_changes(sender, years, **kwargs):
    """Receiver of workdays.signals.calendar_changed (connected by DisclosureConfig.ready())."""
    recompute_open_disclosure_items(set(years))


def catalogue_columns_by_path() -> dict:
    """Every catalogue column by tree path, to find items' columns without a query each."""
    try:
        column_model = apps.get_model("disclosure", "CatalogueColumn")
    except LookupError:
        return {}
    return {column.path: column for column in column_model.objects.select_related("department")}


def nearest_column(item, columns: dict):
    """The nearest column above `item` among `columns` (what item.get_column() finds)."""
    steplen = item.steplen
    for length in range(len(item.path) - steplen, 0, -steplen):
        column = columns.get(item.path[:length])
        if column is not None:
            return column
    return None


def disclosure_item_model():
    """disclosure.DisclosureItem, or None while the disclosure app does not define it."""
    try:
        return apps.get_model("disclosure", "DisclosureItem")
    except LookupError:
        return None


def deadline_summary(item, today: date | None = None) -> dict:
    """What the edit page shows about an item's deadline (see disclosure.deadline_panel)."""
    today = today or local_today()
    summary = {"due_on": None, "provisional": False, "changes": [], "published_on": None,
               "late_by": 0, "state": "", "state_label": "", "rule_text": ""}
    result = item_deadline(item) if getattr(item, "path", "") else None
    if result is None:
        return summary
    published_on = local_date(getattr(item, "first_published_at", None))
    due_on = item.due_on if published_on and item.due_on else result.due
    summary.update(due_on=due_on, provisional=result.provisional and not published_on,
                   published_on=published_on)
    unit = _("工作日") if result.unit == WORKING else _("自然日")
    summary["rule_text"] = _("按栏目规则：信息形成（变更）日期 %(start)s 后 %(days)s 个%(unit)s") % {
        "start": result.start.isoformat(), "days": result.days, "unit": unit}
    if published_on:
        late_by = working_days_between(due_on, published_on)
        summary["late_by"] = late_by
        summary["state"] = "published"
        summary["state_label"] = (_("逾期 %(n)s 个工作日发布") % {"n": late_by} if late_by
                                  else _("按时发布"))
    elif due_on < today:
        summary["state"] = "overdue"
        summary["state_label"] = _("已逾期 %(n)s 个工作日") % {
            "n": working_days_between(due_on, today)}
    else:
        summary["state"] = "open"
        summary["state_label"] = _("剩余 %(n)s 个工作日") % {"n": working_days_between(today, due_on)}
    if item.pk:
        summary["changes"] = list(DeadlineChange.objects.filter(
            content_type__app_label=item._meta.app_label, object_id=str(item.pk))[:10])
    return summary
