"""The second factor (等保 2.0 身份鉴别: 两种或两种以上组合的鉴别技术): a TOTP code from an
authenticator app (django-otp's TOTPDevice), with ten single-use recovery codes
(StaticDevice) shown once at enrolment.

It is required, when `ACCOUNTS_TOTP_REQUIRED` is on, of everyone holding a role in
`ACCOUNTS_TOTP_REQUIRED_ROLES` (by default the roles that can put a page live: 分管领导 signs off,
政务公开办公室 force-publishes and withdraws) and of superusers; anyone else may enrol from the
same page. accounts.middleware sends such a person here before any other admin page.
"""

import io

from django import forms
from django.conf import settings
from django.db import transaction
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import audit

RECOVERY_CODES = 10


def needs_second_factor(user) -> bool:
    if not getattr(settings, "ACCOUNTS_TOTP_REQUIRED", True):
        return False
    if user.is_superuser:
        return True
    required = set(getattr(settings, "ACCOUNTS_TOTP_REQUIRED_ROLES", ()))
    return user.groups.filter(name__in=required).exists()


class CodeForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("动态口令或恢复码"), max_length=16,
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}))


class SecondFactorView(WagtailAdminTemplateMixin, FormView):
    """Enrol (scan the key, type a code; get the recovery codes) or verify (type a code or a
    recovery code)."""

    template_name = "accounts/otp.html"
    form_class = CodeForm
    page_title = gettext_lazy("动态口令（双因素认证）")
    header_icon = "key"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect("wagtailadmin_login")
        self.enrolled = user_has_device(request.user)
        return super().dispatch(request, *args, **kwargs)

    def pending_device(self) -> TOTPDevice:
        device = TOTPDevice.objects.filter(user=self.request.user, confirmed=False).first()
        return device or TOTPDevice.objects.create(user=self.request.user, name="TOTP",
                                                   confirmed=False)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["enrolled"] = self.enrolled
        if not self.enrolled:
            device = self.pending_device()
            context["config_url"] = device.config_url
            context["qr_svg"] = _qr_svg(device.config_url)
            context["secret"] = _base32(device.bin_key)
        return context

    def form_valid(self, form):
        user = self.request.user
        code = form.cleaned_data["code"].replace(" ", "")
        if self.enrolled:
            device = match_token(user, code)
            if device is None:
                audit.record(audit.Kind.OTP_FAILURE, self.request, user=user)
                form.add_error("code", _("动态口令不正确或已使用，请重新输入。"))
                return self.form_invalid(form)
            otp_login(self.request, device)
            method = "recovery_code" if isinstance(device, StaticDevice) else "totp"
            self.request.session["accounts_login_method"] = (
                self.request.session.get("accounts_login_method", "password") + "+" + method)
            return redirect(self.next_url())
        device = self.pending_device()
        if not device.verify_token(code):
            audit.record(audit.Kind.OTP_FAILURE, self.request, user=user, detail="绑定时口令错误")
            form.add_error("code", _("动态口令不正确，请核对手机时间后重新输入。"))
            return self.form_invalid(form)
        with transaction.atomic():
            device.confirmed = True
            device.save()
            codes = _new_recovery_codes(user)
            audit.record(audit.Kind.OTP_ENROLMENT, self.request, user=user)
        otp_login(self.request, device)
        self.enrolled = True
        return self.render_to_response(self.get_context_data(form=CodeForm(),
                                                             recovery_codes=codes,
                                                             next_url=self.next_url()))

    def next_url(self) -> str:
        candidate = self.request.GET.get("next", "")
        if url_has_allowed_host_and_scheme(candidate, self.request.get_host(),
                                           self.request.is_secure()):
            return candidate
        return "/admin/"


def _new_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="恢复码", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def _qr_svg(data: str) -> str:
    import segno

    out = io.BytesIO()
    segno.make(data).save(out, kind="svg", scale=4, xmldecl=False, svgns=True)
    return out.getvalue().decode()


def _base32(key: bytes) -> str:
    import base64

    return base64.b32encode(key).decode().rstrip("=")
