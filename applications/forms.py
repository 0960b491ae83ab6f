"""Forms: the public application form, the staff form for paper applications, and the small
forms of each handling step. Every message is Chinese and names the field to fix."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from publicforms.uploads import check_upload
from publicforms.validators import validate_phone, validate_plain_text
from workdays.local_time import local_today

from .conf import setting
from .models import (
    ApplicantType,
    Channel,
    Delivery,
    DisclosureApplication,
    IdDocumentType,
    InformationForm,
)
from .validators import (
    validate_credit_code,
    validate_other_id_number,
    validate_resident_id_number,
)

APPLICANT_FIELDS = ["applicant_type", "name", "id_type", "id_number", "credit_code",
                    "legal_representative", "contact_person", "phone", "email", "address",
                    "postcode"]
REQUEST_FIELDS = ["information_title", "information_document_number",
                  "information_description", "information_form", "delivery"]
NATURAL_ONLY = ["id_type", "id_number"]
ORGANISATION_ONLY = ["credit_code", "legal_representative", "contact_person"]
TEXT_FIELDS = ["name", "id_number", "credit_code", "legal_representative", "contact_person",
               "address", "information_title", "information_document_number",
               "information_description"]
# Fields that are required only for some applicants or some choices (checked in `clean`); the
# form says when, next to the label.
REQUIRED_WHEN = {
    "id_type": _("自然人必填"),
    "id_number": _("自然人必填"),
    "credit_code": _("法人或其他组织必填"),
    "legal_representative": _("法人或其他组织必填"),
    "contact_person": _("法人或其他组织必填"),
    "email": _("选择通过电子邮件获取或送达的必填"),
    "address": _("选择邮寄的必填"),
}
class ApplicationFieldsMixin:
    """The checks shared by the public form and the staff form."""

    def setup_fields(self):
        for name in APPLICANT_FIELDS + REQUEST_FIELDS:
            field = self.fields[name]
            field.error_messages["required"] = _("请填写%(label)s。") % {"label": field.label}
        self.fields["applicant_type"].widget = forms.RadioSelect(choices=ApplicantType.choices)
        self.fields["information_form"].widget = forms.RadioSelect(
            choices=InformationForm.choices)
        self.fields["delivery"].widget = forms.RadioSelect(choices=Delivery.choices)
        self.fields["id_type"].choices = [("", _("请选择"))] + IdDocumentType.choices
        self.fields["information_description"].widget = forms.Textarea(attrs={"rows": 6})
        self.fields["phone"].validators.append(validate_phone)
        for name in TEXT_FIELDS:
            self.fields[name].validators.append(validate_plain_text)
            self.fields[name].strip = True
        for name, when in REQUIRED_WHEN.items():
            self.fields[name].required_when = when
        self.fields["attachment"].help_text = _(
            "可选。PDF、JPG 或 PNG，不超过 %(mb)s MB。") % {
            "mb": setting("APPLICATION_UPLOAD_MAX_BYTES") // (1024 * 1024)}

    @property
    def applicant_block(self) -> str:
        """Which applicant block applies to the chosen type: "natural", "organisation", or ""
        while none is chosen (then both are shown)."""
        value = self["applicant_type"].value()
        if not value:
            return ""
        return "natural" if value == ApplicantType.NATURAL else "organisation"

    def clean_postcode(self):
        value = self.cleaned_data.get("postcode", "")
        if value and not (len(value) == 6 and value.isdigit()):
            raise forms.ValidationError(_("邮政编码应为 6 位数字。"))
        return value

    def clean_id_number(self):
        return self.cleaned_data.get("id_number", "").upper()

    def clean_credit_code(self):
        return self.cleaned_data.get("credit_code", "").upper()

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if not upload or not hasattr(upload, "content_type"):
            return upload
        check_upload(upload, setting("APPLICATION_UPLOAD_MAX_BYTES"))
        return upload

    def clean(self):
        data = super().clean()
        kind = data.get("applicant_type")
        required = {}
        if kind == ApplicantType.NATURAL:
            required = {"id_type": _("请选择证件类型。"), "id_number": _("请填写证件号码。")}
            for name in ORGANISATION_ONLY:
                data[name] = ""
        elif kind:
            required = {"credit_code": _("请填写统一社会信用代码。"),
                        "legal_representative": _("请填写法定代表人或负责人。"),
                        "contact_person": _("请填写联系人姓名。")}
            for name in NATURAL_ONLY:
                data[name] = ""
        for name, message in required.items():
            if not data.get(name) and name not in self.errors:
                self.add_error(name, message)
        self._check_identity(data)
        if not any(data.get(name) for name in ("information_title", "information_document_number",
                                               "information_description")) \
                and not any(name in self.errors for name in REQUEST_FIELDS):
            self.add_error("information_description",
                           _("请至少填写所需信息的名称、文号或内容描述中的一项。"))
        wants_email = (data.get("delivery") == Delivery.EMAIL
                       or data.get("information_form") == InformationForm.EMAIL)
        if wants_email and not data.get("email") and "email" not in self.errors:
            self.add_error("email", _("选择通过电子邮件获取信息的，请填写电子邮箱。"))
        if data.get("delivery") == Delivery.POST and not data.get("address") \
                and "address" not in self.errors:
            self.add_error("address", _("选择邮寄的，请填写通信地址。"))
        return data

    def _check_identity(self, data):
        try:
            if data.get("applicant_type") == ApplicantType.NATURAL and data.get("id_number"):
                if data.get("id_type") == IdDocumentType.RESIDENT_ID:
                    validate_resident_id_number(data["id_number"])
                else:
                    validate_other_id_number(data["id_number"])
        except forms.ValidationError as error:
            self.add_error("id_number", error)
        try:
            if data.get("applicant_type") != ApplicantType.NATURAL and data.get("credit_code"):
                validate_credit_code(data["credit_code"])
        except forms.ValidationError as error:
            self.add_error("credit_code", error)


class ApplicationForm(ApplicationFieldsMixin, forms.ModelForm):
    """The public form. `website` is a honeypot: people never see or fill it."""

    consent = forms.BooleanField(
        label=_("我已阅读个人信息处理说明，同意本机关为办理本申请处理我填写的个人信息。"),
        error_messages={"required": _("请阅读并同意个人信息处理说明，否则无法提交申请。")})
    website = forms.CharField(label=_("请勿填写此项"), required=False, max_length=200)
    # One token per displayed form: submitting it twice creates one application.
    submission_token = forms.RegexField(regex=r"^[0-9a-f]{32}$", required=False,
                                        widget=forms.HiddenInput)

    class Meta:
        model = DisclosureApplication
        fields = APPLICANT_FIELDS + REQUEST_FIELDS + ["attachment"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_fields()
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        self.fields["submission_token"].initial = uuid.uuid4().hex

    def clean_submission_token(self):
        return self.cleaned_data.get("submission_token") or None

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("提交未通过校验，请刷新页面后重新填写。"))
        return ""


class StaffApplicationForm(ApplicationFieldsMixin, forms.ModelForm):
    """Paper, postal and fax applications entered by the office with their own receipt date."""

    channel = forms.ChoiceField(label=_("申请方式"),
                                choices=[c for c in Channel.choices if c[0] != Channel.ONLINE])
    received_on = forms.DateField(
        label=_("收到申请之日"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        help_text=_("当面提交的为提交之日；邮寄的为签收之日；传真的为双方确认之日（《条例》第三十一条）。"))

    class Meta:
        model = DisclosureApplication
        fields = ["channel", "received_on"] + APPLICANT_FIELDS + REQUEST_FIELDS + ["attachment"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_fields()
        self.fields["delivery"].required = True

    def clean_received_on(self):
        day = self.cleaned_data["received_on"]
        if day > local_today():
            raise forms.ValidationError(_("收到申请之日不能晚于今天。"))
        return day


class TrackingForm(forms.Form):
    tracking_number = forms.CharField(label=_("受理编号"), max_length=20,
                                      help_text=_("例如 2026-00042"),
                                      error_messages={"required": _("请填写受理编号。")})
    query_code = forms.CharField(label=_("查询码"), max_length=20,
                                 help_text=_("提交申请时页面显示的 10 位查询码"),
                                 error_messages={"required": _("请填写查询码。")})
