"""Accounts unused for `ACCOUNTS_INACTIVE_DAYS` (default 90; 0 = never) are disabled, never
deleted (等保 2.0 身份鉴别: 应及时删除或停用多余的、过期的账户; corpus 001 第十三条 keeps the record).
Run daily by `manage.py disable_inactive_accounts` (portal-daily.service)."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from . import audit


def disable_inactive_accounts(now=None) -> list[str]:
    """Disable every active account whose last login (or, never logged in, whose creation) is
    older than the setting; record each in the audit trail; return their usernames."""
    days = int(getattr(settings, "ACCOUNTS_INACTIVE_DAYS", 90))
    if not days:
        return []
    cutoff = (now or timezone.now()) - timedelta(days=days)
    stale = (get_user_model().objects.filter(is_active=True)
             .annotate(last_seen=Coalesce("last_login", "date_joined"))
             .filter(Q(last_seen__lt=cutoff)))
    disabled = []
    for user in stale:
        user.is_active = False
        user.save(update_fields=["is_active"])
        audit.record(audit.Kind.ACCOUNT_DISABLED, None, user=user,
                     detail=f"{days} 天未登录，自动停用")
        disabled.append(user.get_username())
    return disabled
