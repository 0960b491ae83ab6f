"""The holiday table the disclosure office keeps, and the record of every deadline that moved.

chinesecalendar knows 2004–2026; for later years, and to correct any year, the office enters
the State Council's holiday notice (国务院办公厅关于部分节假日安排的通知) here. workdays.engine
reads it. The tables keep the names they had when the calendar lived in the publishing app.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel

from workdays.local_time import local_date

__all__ = ["HolidayYear", "HolidayDate", "DeadlineChange", "record_deadline_change"]

# Who may see every department's deadlines (the disclosure office): declared on the holiday
# table, read by the deadline dashboard and the record of moved deadlines.
DASHBOARD_PERMISSION = "workdays.view_deadline_dashboard"

FIRST_YEAR = 2000
LAST_YEAR = 2100


class HolidayYearForm(WagtailAdminModelForm):
    """Checks the year's dates as a whole: each inside the year, none listed twice."""

    def clean(self):
        cleaned = super().clean()
        year = cleaned.get("year")
        formset = self.formsets.get("dates") if hasattr(self, "formsets") else None
        if formset is None or year is None:
            return cleaned
        seen = {}
        for form in formset.forms:
            if not form.is_valid() or not form.cleaned_data:
                continue
            if form.cleaned_data.get("DELETE"):
                continue
            day = form.cleaned_data.get("date")
            if day is None:
                continue
            if day.year != year:
                form.add_error("date", _("日期 %(day)s 不在 %(year)s 年内。")
                               % {"day": day.isoformat(), "year": year})
            if day in seen:
                form.add_error("date", _("日期 %(day)s 重复填写。") % {"day": day.isoformat()})
            seen[day] = form
        return cleaned

    def save(self, commit=True):
        user = getattr(self, "for_user", None)
        if user is not None and user.is_authenticated:
            self.instance.changed_by = user
        return super().save(commit=commit)


class HolidayYear(ClusterableModel):
    """One year's official holidays and make-up workdays, entered from the State Council notice.

    Once a year is entered it is no longer provisional; its dates override chinesecalendar's.
    """

    year = models.PositiveSmallIntegerField(
        _("年份"), unique=True,
        help_text=_("例如 2027。保存后，该年度的期限不再标注为“暂定”，未办结事项的期限将重新计算。"),
    )
    notice = models.CharField(
        _("依据的通知"), max_length=200,
        help_text=_("国务院办公厅关于该年度部分节假日安排的通知的名称和文号。"),
    )
    notes = models.TextField(_("备注"), blank=True)
    changed_at = models.DateTimeField(_("最后修改时间"), auto_now=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("最后修改人"), null=True, blank=True,
        editable=False, on_delete=models.SET_NULL, related_name="+",
    )

    base_form_class = HolidayYearForm
    panels = [
        FieldRowPanel([FieldPanel("year"), FieldPanel("notice")]),
        FieldPanel("notes"),
        InlinePanel("dates", heading=_("放假日期与调休上班日期"), label=_("日期")),
    ]

    class Meta:
        db_table = "publishing_holidayyear"
        verbose_name = _("节假日年度")
        verbose_name_plural = _("节假日安排")
        ordering = ["-year"]
        permissions = [("view_deadline_dashboard", _("查看期限看板与及时性报表"))]

    def __str__(self):
        return _("%(year)s 年节假日安排") % {"year": self.year}

    def save(self, *args, **kwargs):
        # One transaction for the year and its dates, so that listeners hear of it once.
        with transaction.atomic():
            return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            return super().delete(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.year is not None and not FIRST_YEAR <= self.year <= LAST_YEAR:
            raise ValidationError(
                {"year": _("年份应在 %(first)s 至 %(last)s 之间。")
                 % {"first": FIRST_YEAR, "last": LAST_YEAR}})


class HolidayDate(models.Model):
    """A single day of a holiday year: a day off (放假) or a make-up workday (调休上班)."""

    HOLIDAY = "holiday"
    WORKDAY = "workday"
    KIND_CHOICES = [(HOLIDAY, _("放假")), (WORKDAY, _("调休上班"))]

    holiday_year = ParentalKey(HolidayYear, related_name="dates", on_delete=models.CASCADE,
                               verbose_name=_("年度"))
    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=10, choices=KIND_CHOICES, default=HOLIDAY)
    name = models.CharField(
        _("名称"), max_length=50, blank=True,
        help_text=_("例如 国庆节、春节；调休上班日可留空。"),
    )

    panels = [FieldRowPanel([FieldPanel("date"), FieldPanel("kind"), FieldPanel("name")])]

    class Meta:
        db_table = "publishing_holidaydate"
        verbose_name = _("节假日日期")
        verbose_name_plural = _("节假日日期")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date.isoformat()} {self.name or self.get_kind_display()}"

    def clean(self):
        super().clean()
        if self.date and self.holiday_year_id and self.holiday_year.year != self.date.year:
            raise ValidationError({"date": _("日期不在所属年度内。")})


class DeadlineChange(models.Model):
    """A deadline that moved (e.g. when a holiday year was entered), kept for the audit trail."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE,
                                     verbose_name=_("对象类型"))
    object_id = models.CharField(_("对象编号"), max_length=64, db_index=True)
    subject = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField(_("对象"), max_length=255)
    field = models.CharField(_("字段"), max_length=64)
    old_due = models.DateField(_("原期限"), null=True, blank=True)
    new_due = models.DateField(_("新期限"), null=True, blank=True)
    reason = models.CharField(_("原因"), max_length=255)
    changed_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        db_table = "publishing_deadlinechange"
        verbose_name = _("期限变动记录")
        verbose_name_plural = _("期限变动记录")
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        old = self.old_due.isoformat() if self.old_due else "—"
        new = self.new_due.isoformat() if self.new_due else "—"
        return f"{self.object_repr}：{old} → {new}（{self.reason}）"


def record_deadline_change(obj, field: str, old, new, reason: str):
    """Record that `obj.<field>` moved from `old` to `new` (dates or Deadlines); None if it did not."""
    old_due, new_due = _as_date(old), _as_date(new)
    if old_due == new_due:
        return None
    return DeadlineChange.objects.create(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        field=field,
        old_due=old_due,
        new_due=new_due,
        reason=str(reason)[:255],
    )


def _as_date(value):
    return local_date(getattr(value, "due", value))
