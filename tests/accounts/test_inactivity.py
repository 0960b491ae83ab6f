"""Accounts unused for ACCOUNTS_INACTIVE_DAYS are disabled, never deleted (等保 2.0: 停用多余的、
过期的账户)."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import LoginEvent

pytestmark = pytest.mark.django_db


def test_account_unused_for_n_days_is_disabled_not_deleted(signatory, make_user, settings):
    settings.ACCOUNTS_INACTIVE_DAYS = 90
    signatory.last_login = timezone.now() - timedelta(days=91)
    signatory.save()
    recent = make_user("recent")
    recent.last_login = timezone.now() - timedelta(days=10)
    recent.save()
    call_command("disable_inactive_accounts")
    signatory.refresh_from_db()
    recent.refresh_from_db()
    assert not signatory.is_active and recent.is_active
    assert LoginEvent.objects.filter(kind=LoginEvent.Kind.ACCOUNT_DISABLED,
                                     user=signatory).exists()


def test_inactivity_disabling_can_be_switched_off(signatory, settings):
    settings.ACCOUNTS_INACTIVE_DAYS = 0
    signatory.last_login = timezone.now() - timedelta(days=900)
    signatory.save()
    call_command("disable_inactive_accounts")
    signatory.refresh_from_db()
    assert signatory.is_active
