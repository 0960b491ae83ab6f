"""Login with a CA digital certificate (corpus 001 第十二条: 所有用户必须使用CA数字证书登录平台;
第十五条: a lost certificate is revoked at once).

TLS and the certificate chain are checked in front of the site, by nginx on the staff host
(deploy/nginx-staff.conf: `ssl_verify_client`) or by a 国密 (SM2) gateway (docs/certificates.md);
they pass the result over the trusted hop in these headers, which the site believes only with
the gateway's shared key (`ACCOUNTS_CERTIFICATE_GATEWAY_KEY`), so the same headers sent to the
app server directly, or through the public host, are ignored:

    X-SSL-Gateway-Key      the shared key
    X-SSL-Client-Verify    SUCCESS when the chain verified (nginx's $ssl_client_verify)
    X-SSL-Client-Serial    the certificate's serial, hex ($ssl_client_serial)
    X-SSL-Client-Subject   its subject DN ($ssl_client_s_dn)
    X-SSL-Client-Issuer    its issuer DN ($ssl_client_i_dn)

A verified certificate registered to an active account (RegisteredCertificate) logs that person
in on the admin; TOTP is still asked where the role requires it. Revocation (or expiry) is
checked on every request of a session the certificate opened, so revoking it ends those
sessions at their next request (nginx reads a CRL only on reload). `ACCOUNTS_CERTIFICATE_LOGIN`:
"off" (default), "optional" (certificate or password), "required" (a session not opened by a
certificate is ended).
"""

import functools
import hmac

from django.conf import settings
from django.contrib.auth import login, logout
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.middleware import is_verified

from . import audit
from .models import RegisteredCertificate, normalise_serial
from .sessions import LOGIN_METHOD

CERTIFICATE_ID = "accounts_certificate_id"
_OPEN_WITHOUT_CERTIFICATE = ("/admin/login/", "/admin/logout/", "/admin/password_reset/")


def certificate_mode() -> str:
    return getattr(settings, "ACCOUNTS_CERTIFICATE_LOGIN", "off")


def presented_certificate(request) -> dict | None:
    """The certificate the trusted gateway verified for this request, or None."""
    key = getattr(settings, "ACCOUNTS_CERTIFICATE_GATEWAY_KEY", "")
    sent = request.META.get("HTTP_X_SSL_GATEWAY_KEY", "")
    if not key or not hmac.compare_digest(sent.encode(), key.encode()):
        return None
    hosts = getattr(settings, "ACCOUNTS_CERTIFICATE_HOSTS", [])
    if hosts and request.get_host().split(":")[0] not in hosts:
        return None
    if request.META.get("HTTP_X_SSL_CLIENT_VERIFY", "") != "SUCCESS":
        return None
    serial = request.META.get("HTTP_X_SSL_CLIENT_SERIAL", "")
    if not serial:
        return None
    return {"serial": normalise_serial(serial),
            "subject": request.META.get("HTTP_X_SSL_CLIENT_SUBJECT", ""),
            "issuer": request.META.get("HTTP_X_SSL_CLIENT_ISSUER", "")}


def registered(presented: dict) -> RegisteredCertificate | None:
    for certificate in (RegisteredCertificate.objects.select_related("user")
                        .filter(serial=presented["serial"])):
        if not certificate.issuer or certificate.issuer == presented["issuer"]:
            return certificate
    return None


def certificate_problem(certificate) -> str:
    """Why this certificate cannot be used now, or ""."""
    if certificate is None:
        return _("证书未登记")
    if certificate.revoked_at is not None:
        return _("证书已吊销")
    if certificate.valid_to <= timezone.now():
        return _("证书已过期")
    if not certificate.user.is_active:
        return _("账号已停用")
    return ""


class CertificateMiddleware:
    """After AuthenticationMiddleware and OTPMiddleware, before StaffSessionMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        mode = certificate_mode()
        if mode == "off":
            return self.get_response(request)
        refusal = self.check(request, mode)
        return refusal or self.get_response(request)

    def check(self, request, mode):
        user = request.user
        admin_path = request.path_info.startswith("/admin/")
        if user.is_authenticated:
            certificate_id = request.session.get(CERTIFICATE_ID)
            if certificate_id is not None:
                certificate = (RegisteredCertificate.objects.select_related("user")
                               .filter(pk=certificate_id).first())
                problem = certificate_problem(certificate)
                if problem:
                    audit.record(audit.Kind.CERTIFICATE, request, user=user,
                                 method="certificate", detail=f"{problem}，会话结束")
                    logout(request)
                    return self.refuse(request, _("您的数字证书%(problem)s，已退出登录。")
                                       % {"problem": problem.removeprefix("证书")})
            elif mode == "required" and admin_path \
                    and not request.path_info.startswith(_OPEN_WITHOUT_CERTIFICATE):
                logout(request)
                return self.refuse(request, _("须使用已登记的数字证书登录后台。"))
            return None
        presented = presented_certificate(request)
        if presented is None or not admin_path:
            return None
        certificate = registered(presented)
        problem = certificate_problem(certificate)
        if problem:
            audit.record(audit.Kind.CERTIFICATE, request,
                         user=certificate.user if certificate else None, method="certificate",
                         detail=f"{problem}：序列号 {presented['serial']}，{presented['subject']}")
            return None
        request.session[LOGIN_METHOD] = "certificate"
        login(request, certificate.user, backend="django.contrib.auth.backends.ModelBackend")
        request.session[CERTIFICATE_ID] = certificate.pk
        request.user.is_verified = functools.partial(is_verified, request.user)
        request.user.otp_device = None
        audit.record(audit.Kind.CERTIFICATE, request, user=certificate.user, method="certificate",
                     detail=f"证书登录：序列号 {certificate.serial}，{presented['subject']}")
        return None

    def refuse(self, request, message):
        return render(request, "accounts/locked_out.html", {"message": message}, status=403)
