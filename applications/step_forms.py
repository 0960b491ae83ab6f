"""The small forms of the handling steps in the admin; each step names its own (form_class).

Every step may say why: the reason goes into the application's audit trail.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from departments.models import Department
from workdays.local_time import local_today

from . import fees
from .conf import MAX_EXTENSION_WORKING_DAYS, setting
from .models import ClockPause
from .replies import DECISION_CHOICES


def _date_field(label):
    return forms.DateField(label=label, initial=local_today,
                           widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))


class ReasonForm(forms.Form):
    """A step's form; every step may say why (the reason goes into the audit trail)."""

    reason = forms.CharField(label=_("说明"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields([name for name in self.fields if name != "reason"] + ["reason"])


class ArchiveForm(ReasonForm):
    reason = forms.CharField(label=_("归档说明（案卷材料、保管位置等）"), required=False,
                             max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class ConfirmReceiptForm(ReasonForm):
    received_on = _date_field(_("收到申请之日（确认之日）"))


class ProposeRoutingForm(ReasonForm):
    department = forms.ModelChoiceField(
        label=_("转办科室"), required=False, queryset=Department.objects.filter(is_active=True),
        empty_label=_("不转办：政务公开办公室自办"))


class CommentForm(ReasonForm):
    reason = forms.CharField(label=_("退回意见"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))


class ReturnForm(ReasonForm):
    reason = forms.CharField(label=_("退回理由"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))


class CorrectionForm(ReasonForm):
    request_text = forms.CharField(label=_("需补正的全部内容"), max_length=2000,
                                   widget=forms.Textarea(attrs={"rows": 3}))
    period_days = forms.IntegerField(label=_("补正期限（工作日）"), min_value=1, max_value=60,
                                     initial=lambda: setting("APPLICATION_CORRECTION_PERIOD_DAYS"))


class ReceiveCorrectionForm(ReasonForm):
    received_on = _date_field(_("收到补正之日"))


class ExtensionForm(forms.Form):
    days = forms.IntegerField(label=_("延长工作日数"), min_value=1,
                              max_value=MAX_EXTENSION_WORKING_DAYS,
                              initial=MAX_EXTENSION_WORKING_DAYS)
    reason = forms.CharField(label=_("延期理由（告知申请人）"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))


class ConsultationForm(ReasonForm):
    kind = forms.ChoiceField(label=_("征求意见类型"), choices=[
        (ClockPause.Kind.THIRD_PARTY, ClockPause.Kind.THIRD_PARTY.label),
        (ClockPause.Kind.AGENCY, ClockPause.Kind.AGENCY.label)])
    counterpart = forms.CharField(label=_("征求意见对象"), max_length=100)


class EndConsultationForm(ReasonForm):
    ended_on = _date_field(_("收到意见之日（或期限届满之日）"))


class FeeForm(ReasonForm):
    method = forms.ChoiceField(label=_("计收方式"), choices=fees.METHOD_CHOICES)
    pages = forms.IntegerField(label=_("页数（按量计收）"), min_value=0, initial=0, required=False)

    def clean_pages(self):
        return self.cleaned_data.get("pages") or 0


class PaymentForm(ReasonForm):
    paid_on = _date_field(_("缴费日期"))


class ReleaseFileForm(ReasonForm):
    upload = forms.FileField(label=_("文件"))

    def clean_upload(self):
        upload = self.cleaned_data["upload"]
        if upload.size > setting("APPLICATION_RELEASE_MAX_BYTES"):
            raise forms.ValidationError(_("文件过大。"))
        return upload


class DraftReplyForm(ReasonForm):
    reply_type = forms.ChoiceField(label=_("答复类型"), choices=[("", _("请选择"))] + DECISION_CHOICES)
    text = forms.CharField(label=_("答复理由、依据或获取方式"), required=False, max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 5}))
