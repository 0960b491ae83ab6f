"""Every login, failure, lockout and logout goes into the audit trail (等保 2.0 安全审计);
connected in AccountsConfig.ready()."""

import time

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from . import audit
from .sessions import LAST_ACTIVITY, LOGIN_METHOD


@receiver(user_logged_in, dispatch_uid="accounts-audit-login")
def audit_login(sender, request, user, **kwargs):
    method = "password"
    if request is not None and hasattr(request, "session"):
        method = request.session.get(LOGIN_METHOD, "password")
        request.session[LOGIN_METHOD] = method
        request.session[LAST_ACTIVITY] = time.time()
    detail = "超级用户登录（仅限系统维护）" if user.is_superuser else ""
    audit.record(audit.Kind.LOGIN, request, user=user, method=method, detail=detail)


@receiver(user_login_failed, dispatch_uid="accounts-audit-failure")
def audit_failure(sender, credentials, request=None, **kwargs):
    username = (credentials or {}).get("username", "") or ""
    audit.record(audit.Kind.FAILURE, request, username=username, method="password")


@receiver(user_locked_out, dispatch_uid="accounts-audit-lockout")
def audit_lockout(sender, request, username=None, ip_address=None, **kwargs):
    audit.record(audit.Kind.LOCKOUT, request, username=username or "",
                 detail=f"失败次数达到上限，锁定账号“{username or '—'}”和地址 {ip_address or '—'}")


@receiver(user_logged_out, dispatch_uid="accounts-audit-logout")
def audit_logout(sender, request, user, **kwargs):
    if user is None:
        return
    idle = bool(request is not None and getattr(request, "accounts_idle_timeout", False))
    audit.record(audit.Kind.IDLE_TIMEOUT if idle else audit.Kind.LOGOUT, request, user=user)
