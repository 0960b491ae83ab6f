"""The public form, the tracking and feedback forms, and the small forms of each staff step.
Every message is Chinese and names the field to fix."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from departments.models import Department
from publicforms.uploads import check_upload
from publicforms.validators import validate_phone, validate_plain_text
from workdays.local_time import local_today

from .conf import setting
from .models import Channel, ChannelSubject, PublicMessage


class MessageForm(forms.ModelForm):
    """What the public send. `website` is a honeypot: people never see or fill it."""

    channel = forms.ModelChoiceField(
        label=_("留言类别"), queryset=Channel.objects.filter(is_active=True),
        empty_label=_("请选择"), error_messages={
            "required": _("请选择留言类别。"),
            "invalid_choice": _("请从列表中选择留言类别。")})
    subject = forms.ModelChoiceField(
        label=_("事项"), required=False, queryset=ChannelSubject.objects.all(),
        empty_label=_("（不选）"), error_messages={"invalid_choice": _("请从列表中选择事项。")})
    consent_to_publish = forms.BooleanField(
        label=_("同意在答复后将留言和答复（隐去个人信息）在网站公开"), required=False)
    consent = forms.BooleanField(
        label=_("我已阅读个人信息处理说明，同意本机关为办理留言处理我填写的个人信息。"),
        error_messages={"required": _("请阅读并同意个人信息处理说明，否则无法提交。")})
    website = forms.CharField(label=_("请勿填写此项"), required=False, max_length=200)
    submission_token = forms.RegexField(regex=r"^[0-9a-f]{32}$", required=False,
                                        widget=forms.HiddenInput)
    # The public page the writer came from (its 投诉举报 link: ?about=<page id>).
    about_page = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = PublicMessage
        fields = ["channel", "subject", "anonymous", "name", "phone", "email", "title", "content",
                  "attachment", "consent_to_publish", "about_page"]
        widgets = {"content": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels = {"title": _("标题"), "content": _("留言内容")}
        for name, field in self.fields.items():
            if name in labels:
                field.label = labels[name]
            field.error_messages["required"] = _("请填写%(label)s。") % {"label": field.label}
            field.error_messages["max_length"] = _(
                "%(label)s最多 %%(limit_value)d 个字（现有 %%(show_value)d 个）。") % {
                "label": field.label}
        self.fields["channel"].error_messages["required"] = _("请选择留言类别。")
        self.fields["consent"].error_messages["required"] = _(
            "请阅读并同意个人信息处理说明，否则无法提交。")
        self.fields["anonymous"].label = _("匿名留言（仅限允许匿名的类别；匿名留言无法电话回复）")
        self.fields["email"].error_messages["invalid"] = _("请填写有效的电子邮箱地址。")
        for name in ("name", "title", "content"):
            self.fields[name].validators.append(validate_plain_text)
        self.fields["phone"].validators.append(validate_phone)
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        self.fields["submission_token"].initial = uuid.uuid4().hex
        self.fields["attachment"].help_text = _("可选。PDF、JPG 或 PNG，不超过 %(mb)s MB。") % {
            "mb": setting("INTERACTION_UPLOAD_MAX_BYTES") // (1024 * 1024)}
        self.fields["name"].required_when = _("实名类别必填")
        self.fields["phone"].required_when = _("实名类别必填")

    def clean_about_page(self):
        """The live, public page named, or None: a link to a page that is gone or not public is
        dropped (the writer cannot fix a hidden field, and the message stands on its own)."""
        return public_page(self.cleaned_data.get("about_page"))

    def clean_submission_token(self):
        return self.cleaned_data.get("submission_token") or None

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("提交未通过校验，请刷新页面后重新填写。"))
        return ""

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload and hasattr(upload, "content_type"):
            check_upload(upload, setting("INTERACTION_UPLOAD_MAX_BYTES"))
        return upload

    def clean(self):
        data = super().clean()
        channel = data.get("channel")
        if channel is None:
            return data
        subject = data.get("subject")
        if subject is not None and subject.channel_id != channel.pk:
            self.add_error("subject", _("所选事项不属于该留言类别。"))
        if data.get("anonymous"):
            if not channel.anonymous_allowed:
                self.add_error("anonymous", _("“%(channel)s”须实名留言，不能匿名。") % {
                    "channel": channel.name})
            else:
                # Anonymous: nothing of who wrote is kept, even if it was typed.
                data["name"] = data["phone"] = ""
        elif channel.real_name_required or not channel.anonymous_allowed:
            for name, message in (("name", _("实名留言请填写姓名。")),
                                  ("phone", _("实名留言请填写联系电话。"))):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, message)
        return data


class TrackingForm(forms.Form):
    tracking_number = forms.CharField(label=_("留言编号"), max_length=20,
                                      help_text=_("例如 2026-00042"),
                                      error_messages={"required": _("请填写留言编号。")})
    query_code = forms.CharField(label=_("查询码"), max_length=20,
                                 help_text=_("提交留言时页面显示的 10 位查询码"),
                                 error_messages={"required": _("请填写查询码。")})


class FeedbackForm(TrackingForm):
    """The writer says satisfied or not; the number and code prove it is them."""

    satisfied = forms.TypedChoiceField(
        label=_("您对答复是否满意"), coerce=lambda value: value == "yes",
        choices=[("yes", _("满意")), ("no", _("不满意"))], widget=forms.RadioSelect,
        error_messages={"required": _("请选择满意或不满意。"),
                        "invalid_choice": _("请选择满意或不满意。")})
    text = forms.CharField(label=_("意见（可选）"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           validators=[validate_plain_text])


# --- Staff steps --------------------------------------------------------------------------
class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("说明"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))


class AcceptForm(ReasonForm):
    department = forms.ModelChoiceField(label=_("承办科室"), required=False,
                                        queryset=Department.objects.filter(is_active=True),
                                        help_text=_("留空则交渠道的默认承办科室。"))
    complained_department = forms.ModelChoiceField(
        label=_("被投诉科室（如有）"), required=False,
        queryset=Department.objects.filter(is_active=True),
        help_text=_("其人员看不到留言人身份。"))


class ReassignForm(ReasonForm):
    department = forms.ModelChoiceField(label=_("转交科室"),
                                        queryset=Department.objects.filter(is_active=True))


class DraftReplyForm(forms.Form):
    text = forms.CharField(label=_("答复内容"), max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 6}),
                           validators=[validate_plain_text])


class ExtendForm(ReasonForm):
    approval_reference = forms.CharField(
        label=_("批准文书（文号或日期）"), required=False, max_length=200,
        help_text=_("由上级机关批准的，填写其批准文书。"))


class TransferOutForm(ReasonForm):
    body = forms.CharField(label=_("接收的上级纪检监察机关"), max_length=100)
    sent_on = forms.DateField(label=_("转交日期"), initial=local_today,
                              widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    letter = forms.CharField(label=_("转办函内容"), max_length=5000,
                             widget=forms.Textarea(attrs={"rows": 5}))


STAFF_FORMS = {
    "accept": AcceptForm,
    "refuse": ReasonForm,
    "to_application": ReasonForm,
    "reassign": ReassignForm,
    "draft_reply": DraftReplyForm,
    "approve_reply": ReasonForm,
    "return_reply": ReasonForm,
    "extend": ExtendForm,
    "transfer_out": TransferOutForm,
    "publish": ReasonForm,
    "unpublish": ReasonForm,
}


def public_page(value):
    """The live page with this id that anybody may see (no view restriction), else None."""
    from wagtail.models import Page

    value = str(value or "").strip()
    if not value.isdigit() or len(value) > 9:
        return None
    return Page.objects.live().public().filter(pk=int(value)).first()

