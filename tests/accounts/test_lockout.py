"""Lockout after N failures per account and per address, with a Chinese message, lifted by the
安全管理员 (等保 2.0 身份鉴别: 登录失败处理)."""

import pytest
from django.test import Client

from accounts.models import LoginEvent

from .conftest import log_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def limit(settings):
    settings.AXES_FAILURE_LIMIT = 3


def test_account_is_locked_after_n_failures_even_for_the_right_password(client, signatory):
    for _ in range(3):
        response = log_in(client, "signatory", "wrong-password", address="192.0.2.1")
    assert response.status_code == 429
    # From another address, with the right password: the account is locked.
    response = log_in(client, "signatory", address="192.0.2.99")
    assert response.status_code == 429
    assert "已被锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert LoginEvent.objects.filter(kind=LoginEvent.Kind.LOCKOUT).exists()


def test_address_is_locked_after_n_failures_on_different_accounts(client, signatory):
    for name in ("nobody1", "nobody2", "nobody3"):
        log_in(client, name, "wrong-password", address="192.0.2.5")
    response = log_in(client, "signatory", address="192.0.2.5")
    assert response.status_code == 429
    # Another address still logs the real person in.
    response = log_in(Client(), "signatory", address="192.0.2.6")
    assert response.status_code == 302


def test_security_administrator_unlocks_the_account(client, signatory, security_admin):
    for _ in range(3):
        log_in(client, "signatory", "wrong-password", address="192.0.2.1")
    assert log_in(Client(), "signatory", address="192.0.2.2").status_code == 429
    admin = Client()
    admin.force_login(security_admin)
    response = admin.post("/admin/accounts/unlock/", {"username": "signatory"})
    assert response.status_code == 302
    assert log_in(Client(), "signatory", address="192.0.2.2").status_code == 302
    unlock = LoginEvent.objects.get(kind=LoginEvent.Kind.UNLOCK)
    assert "secadmin" in unlock.detail


def test_only_the_security_administrator_may_unlock(client, signatory, audit_admin):
    client.force_login(audit_admin)
    # Wagtail turns a refusal into a redirect to the dashboard with its message.
    assert client.get("/admin/accounts/unlock/").url == "/admin/"
    assert client.post("/admin/accounts/unlock/", {"username": "x"}).url == "/admin/"
    assert not LoginEvent.objects.filter(kind=LoginEvent.Kind.UNLOCK).exists()


def test_unlock_form_needs_a_username_or_an_address(client, security_admin):
    client.force_login(security_admin)
    response = client.post("/admin/accounts/unlock/", {})
    assert "请填写要解除锁定的用户名或地址" in response.content.decode()


def test_forged_forwarded_for_does_not_escape_the_address_lock(client, signatory, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    for index in range(3):
        client.post("/admin/login/", {"username": f"guess{index}", "password": "x"},
                    REMOTE_ADDR="203.0.113.4", HTTP_X_FORWARDED_FOR=f"10.0.0.{index}")
    response = Client().post("/admin/login/", {"username": "signatory",
                                               "password": "pw-for-tests-only"},
                             REMOTE_ADDR="203.0.113.4", HTTP_X_FORWARDED_FOR="10.0.0.77")
    assert response.status_code == 429


def test_behind_the_proxy_one_attacker_does_not_lock_out_everyone(client, signatory, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    for index in range(3):
        client.post("/admin/login/", {"username": f"guess{index}", "password": "x"},
                    REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.4")
    response = Client().post("/admin/login/", {"username": "signatory",
                                               "password": "pw-for-tests-only"},
                             REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.8")
    assert response.status_code == 302


def test_lock_lapses_after_the_lockout_minutes_and_the_right_password_logs_in(
        client, signatory, settings):
    """GB/T 22239-2019 8.1.4.1 b: the lock lasts ACCOUNTS_LOCKOUT_MINUTES, then lapses by itself.
    Time travels through axes' own attempt timestamps (the project has no freezegun)."""
    from datetime import timedelta

    from axes.models import AccessAttempt
    from django.utils import timezone

    minutes = settings.ACCOUNTS_LOCKOUT_MINUTES
    assert minutes > 0
    # axes is configured from the project's setting (portal/settings/base.py), in hours.
    assert timedelta(hours=settings.AXES_COOLOFF_TIME) == timedelta(minutes=minutes)
    for _ in range(3):
        log_in(client, "signatory", "wrong-password", address="192.0.2.1")
    assert log_in(Client(), "signatory", address="192.0.2.1").status_code == 429

    def failures_were(minutes_ago):
        AccessAttempt.objects.update(
            attempt_time=timezone.now() - timedelta(minutes=minutes_ago))

    failures_were(minutes - 1)
    assert log_in(Client(), "signatory", address="192.0.2.1").status_code == 429
    failures_were(minutes + 1)
    assert log_in(Client(), "signatory", address="192.0.2.1").status_code == 302
