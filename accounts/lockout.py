"""Lockout after repeated failures, per account and per address (等保 2.0 登录失败处理).

Admin logins go through Django's `authenticate()`, watched by django-axes (settings in
portal/settings/base.py: `ACCOUNTS_LOGIN_FAILURE_LIMIT`, `ACCOUNTS_LOCKOUT_MINUTES`); Wagtail
checks page and document passwords itself, outside `authenticate()`, so
`guard_password_view` wraps those views with the same limit per address, counted in the shared
cache. The 安全管理员 sees both kinds of lock on 设置 → 登录锁定 (`page_password_locks` lists the
addresses whose page-password lock still holds) and lifts either early (`unlock`).
"""

import functools
import hashlib
from datetime import timedelta

from axes.utils import reset as reset_axes
from django.conf import settings
from django.core.cache import cache
from django.db.models import Max
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from clientaddress import client_address

from . import audit
from .models import LoginEvent

LOCKED_MESSAGE = "登录失败次数过多，该账号或地址已被锁定。请在 %(minutes)s 分钟后再试，或联系安全管理员解除锁定。"
LOCKED_UNTIL_UNLOCKED = "登录失败次数过多，该账号或地址已被锁定，请联系安全管理员解除锁定。"
# The `method` of the audit records a page or document password writes: how the unlock page
# finds the addresses it locked (the counts themselves are in the cache, which cannot be listed).
PAGE_PASSWORD_METHOD = "page_password"  # noqa: S105 (a label, not a password)
PAGE_LOCKED_MESSAGE = "密码错误次数过多，该地址已被暂时禁止输入页面密码。请在 %(minutes)s 分钟后再试，或联系网站管理部门。"


def failure_limit() -> int:
    return int(getattr(settings, "ACCOUNTS_LOGIN_FAILURE_LIMIT", 5))


def lockout_minutes() -> int:
    return int(getattr(settings, "ACCOUNTS_LOCKOUT_MINUTES", 30))


def lockout_message() -> str:
    minutes = lockout_minutes()
    if minutes:
        return _(LOCKED_MESSAGE) % {"minutes": minutes}
    return _(LOCKED_UNTIL_UNLOCKED)


def lockout_response(request, original_response=None, credentials=None):
    """What a locked-out login gets (AXES_LOCKOUT_CALLABLE): a Chinese page, status 429."""
    return render(request, "accounts/locked_out.html", {"message": lockout_message()},
                  status=429)


def guard_password_view(view):
    """Wrap one of Wagtail's password views (page or document view restrictions): after
    `ACCOUNTS_LOGIN_FAILURE_LIMIT` wrong passwords from one address, that address gets the
    lockout page until the lock lapses or is lifted."""

    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        address = client_address(request)
        if request.method == "POST" and _page_failures(address) >= failure_limit():
            return render(request, "accounts/locked_out.html", {
                "message": _(PAGE_LOCKED_MESSAGE) % {"minutes": lockout_minutes() or 30}},
                status=429)
        response = view(request, *args, **kwargs)
        # Wagtail redirects after a right password and shows the form again after a wrong one.
        if request.method == "POST" and response.status_code == 200:
            count = _count_page_failure(address)
            audit.record(audit.Kind.PAGE_PASSWORD_FAILURE, request, method=PAGE_PASSWORD_METHOD,
                         detail=request.path[:200])
            if count == failure_limit():
                audit.record(audit.Kind.LOCKOUT, request, method=PAGE_PASSWORD_METHOD,
                             detail=f"页面密码错误次数达到上限，锁定地址 {address}")
        return response

    return guarded


def unlock(request, *, username: str = "", address: str = "") -> int:
    """Lift the lock on an account and/or an address; record who did it. Returns how many
    records of failures were cleared."""
    cleared = 0
    if username:
        cleared += reset_axes(username=username)
    if address:
        cleared += reset_axes(ip=address)
        if cache.get(_page_key(address)):
            cache.delete(_page_key(address))
            cleared += 1
    audit.record(audit.Kind.UNLOCK, request, user=None, username=username,
                 detail=f"{request.user.get_username()} 解除锁定：账号“{username or '—'}”，"
                        f"地址 {address or '—'}")
    return cleared


def page_password_locks() -> list[dict]:
    """The addresses whose page- or document-password lock still holds, newest first: each
    address locked within the lock's lifetime (from the audit trail) whose count in the cache
    is still at the limit (a lifted or lapsed lock is gone from the cache)."""
    since = timezone.now() - timedelta(seconds=_page_lock_seconds())
    locked = (LoginEvent.objects
              .filter(kind=LoginEvent.Kind.LOCKOUT, method=PAGE_PASSWORD_METHOD, at__gte=since)
              .exclude(address="").values("address").annotate(locked_at=Max("at"))
              .order_by("-locked_at"))
    limit = failure_limit()
    locks = []
    for row in locked[:200]:
        failures = _page_failures(row["address"])
        if failures >= limit:
            locks.append({"address": row["address"], "locked_at": row["locked_at"],
                          "failures": failures})
    return locks


def _page_lock_seconds() -> int:
    return (lockout_minutes() or 30) * 60


def _page_key(address: str) -> str:
    return "accounts:page-password:" + hashlib.sha256(address.encode()).hexdigest()[:32]


def _page_failures(address: str) -> int:
    return int(cache.get(_page_key(address), 0)) if address else 0


def _count_page_failure(address: str) -> int:
    if not address:
        return 0
    key = _page_key(address)
    seconds = _page_lock_seconds()
    if cache.add(key, 1, seconds):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, seconds)
        return 1
