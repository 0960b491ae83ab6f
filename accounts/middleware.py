"""Per-request checks of a logged-in staff member (after AuthenticationMiddleware and
django-otp's OTPMiddleware):

1. idle timeout (等保 2.0 登录连接超时自动退出): a session with no request of the person's own
   for `ACCOUNTS_IDLE_TIMEOUT_MINUTES` (default 30) is logged out. Requests the editor's page
   makes by itself do not count as activity: Wagtail's editing-session pings and releases
   (`/admin/editing-sessions/ping/…`, `…/release/…`, namespace `wagtailadmin_editing_sessions`)
   and autosave, which posts the edit or create form without asking for HTML (Wagtail's
   `expects_json_response`, wagtail/admin/views/generic/mixins.py);
2. an expired password (ACCOUNTS_PASSWORD_MAX_AGE_DAYS) sends the person to the account page;
3. a second factor (TOTP) for the roles that publish (ACCOUNTS_TOTP_REQUIRED_ROLES) when
   ACCOUNTS_TOTP_REQUIRED is on: such a person must enrol, then verify, before the admin opens;
4. the superuser is for maintenance only and its use is logged (等保 2.0 安全审计): every
   POST, PUT, PATCH or DELETE a superuser sends to the admin goes into the login audit with the
   path, the method, the time, the address and the response status; never the request body
   nor the query string (a form may carry a password).
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from . import audit
from .passwords import password_expired
from .sessions import LAST_ACTIVITY, LOGIN_METHOD
from .two_factor import needs_second_factor

_BACKGROUND_NAMESPACES = {"wagtailadmin_editing_sessions"}
_AUTOSAVE_URL_NAMES = {"edit", "add", "create"}

# The views a person with an expired password or without a second factor may still open.
_ALWAYS_OPEN = {"wagtailadmin_logout", "wagtailadmin_login", "wagtailadmin_account",
                "wagtailadmin_javascript_catalog", "accounts_otp"}


class StaffSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        superuser = getattr(request, "accounts_superuser_action", None)
        if superuser is not None:
            record_superuser_action(request, superuser, response.status_code)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        now = time.time()
        last = request.session.get(LAST_ACTIVITY)
        if last is not None and now - last > idle_timeout_seconds():
            request.accounts_idle_timeout = True
            logout(request)
            messages.warning(request, _("长时间未操作，已自动退出登录，请重新登录。"))
            if is_background(request):
                return JsonResponse({"success": False, "error_code": "logged_out",
                                     "error_message": _("已自动退出登录，请重新登录。")},
                                    status=401)
            return redirect(f"{reverse('wagtailadmin_login')}?next={request.path}")
        if not is_background(request):
            request.session[LAST_ACTIVITY] = now
        match = request.resolver_match
        name = _url_name(match)
        if not request.path_info.startswith("/admin/"):
            return None
        if (user.is_superuser and request.method in STATE_CHANGING_METHODS
                and name != "wagtailadmin_logout"
                and not set(getattr(match, "namespaces", ())) & _BACKGROUND_NAMESPACES):
            # Kept on the request and written once the view has answered (__call__), so the
            # record holds the outcome too; the logout is recorded as a logout already.
            request.accounts_superuser_action = user
        if name in _ALWAYS_OPEN:
            return None
        if needs_second_factor(user) and not user.is_verified():
            return redirect(f"{reverse('accounts_otp')}?next={request.path}")
        if password_expired(user):
            messages.warning(request, _("密码已过期，请先修改密码。"))
            return redirect(reverse("wagtailadmin_account") + "#password")
        return None


STATE_CHANGING_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def record_superuser_action(request, user, status_code: int):
    """One superuser request that may change something, in the login audit: method, path and
    status. The path only: the query string and the body are never kept."""
    audit.record(audit.Kind.SUPERUSER_ACTION, request, user=user,
                 method=request.session.get(LOGIN_METHOD, "") if hasattr(request, "session")
                 else "",
                 detail=f"超级用户操作（仅限系统维护）：{request.method} {request.path[:400]}"
                        f"（响应 {status_code}）")


def idle_timeout_seconds() -> float:
    return float(getattr(settings, "ACCOUNTS_IDLE_TIMEOUT_MINUTES", 30)) * 60


def is_background(request) -> bool:
    """A request the edit view makes by itself: an editing-session ping or release, or an
    autosave (a POST to an edit or create view that does not ask for HTML)."""
    match = request.resolver_match
    if match is None:
        return False
    if set(match.namespaces) & _BACKGROUND_NAMESPACES:
        return True
    return (request.method == "POST" and match.url_name in _AUTOSAVE_URL_NAMES
            and not request.accepts("text/html"))


def _url_name(match) -> str:
    if match is None:
        return ""
    return match.view_name if match.namespaces else (match.url_name or "")
