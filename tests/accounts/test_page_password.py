"""Wagtail's page-password form (a view restriction) gets the same lockout per address as the
login: Wagtail compares that password itself, outside authenticate()."""

import pytest
from django.test import Client
from wagtail.models import PageViewRestriction

from accounts.models import LoginEvent

pytestmark = pytest.mark.django_db


def test_page_password_form_locks_the_address_after_n_failures(client, home, settings):
    settings.ACCOUNTS_LOGIN_FAILURE_LIMIT = 3
    restriction = PageViewRestriction.objects.create(
        page=home, restriction_type=PageViewRestriction.PASSWORD, password="Open-Sesame-7")
    url = f"/_util/authenticate_with_password/{restriction.pk}/{home.pk}/"
    for _ in range(3):
        response = client.post(url, {"password": "wrong", "return_url": "/"},
                               REMOTE_ADDR="192.0.2.50")
        assert response.status_code == 200
    locked = client.post(url, {"password": "Open-Sesame-7", "return_url": "/"},
                         REMOTE_ADDR="192.0.2.50")
    assert locked.status_code == 429
    assert "密码错误次数过多" in locked.content.decode()
    other = client.post(url, {"password": "Open-Sesame-7", "return_url": "/"},
                        REMOTE_ADDR="192.0.2.51")
    assert other.status_code == 302
    assert LoginEvent.objects.filter(kind=LoginEvent.Kind.PAGE_PASSWORD_FAILURE).count() == 3
    assert LoginEvent.objects.filter(kind=LoginEvent.Kind.LOCKOUT).count() == 1


def _lock_page_password(client, home, address):
    restriction = PageViewRestriction.objects.create(
        page=home, restriction_type=PageViewRestriction.PASSWORD, password="Open-Sesame-7")
    url = f"/_util/authenticate_with_password/{restriction.pk}/{home.pk}/"
    for _ in range(3):
        client.post(url, {"password": "wrong", "return_url": "/"}, REMOTE_ADDR=address)
    return url


def test_security_administrator_sees_and_lifts_a_page_password_lock(client, home, settings,
                                                                     security_admin):
    """GB/T 22239-2019 8.1.4.1 b: the 安全管理员 lists the addresses locked out of page and
    document passwords on 设置 → 登录锁定 and lifts the lock there."""
    settings.ACCOUNTS_LOGIN_FAILURE_LIMIT = 3
    visitor = Client()
    url = _lock_page_password(visitor, home, "192.0.2.60")
    right = {"password": "Open-Sesame-7", "return_url": "/"}
    assert visitor.post(url, right, REMOTE_ADDR="192.0.2.60").status_code == 429
    client.force_login(security_admin)
    page = client.get("/admin/accounts/unlock/").content.decode()
    assert "192.0.2.60" in page and "页面和文档密码锁定" in page
    response = client.post("/admin/accounts/unlock/", {"address": "192.0.2.60"})
    assert response.status_code == 302
    assert visitor.post(url, right, REMOTE_ADDR="192.0.2.60").status_code == 302
    # Lifted: no longer listed, and the lifting is in the audit trail.
    assert "192.0.2.60" not in client.get("/admin/accounts/unlock/").content.decode()
    unlock = LoginEvent.objects.get(kind=LoginEvent.Kind.UNLOCK)
    assert "secadmin" in unlock.detail and "192.0.2.60" in unlock.detail


def test_only_the_security_administrator_sees_or_lifts_a_page_password_lock(
        client, home, settings, audit_admin, system_admin):
    settings.ACCOUNTS_LOGIN_FAILURE_LIMIT = 3
    visitor = Client()
    url = _lock_page_password(visitor, home, "192.0.2.61")
    for user in (audit_admin, system_admin):
        client.force_login(user)
        assert client.get("/admin/accounts/unlock/").url == "/admin/"
        assert client.post("/admin/accounts/unlock/", {"address": "192.0.2.61"}).url == "/admin/"
    right = {"password": "Open-Sesame-7", "return_url": "/"}
    assert visitor.post(url, right, REMOTE_ADDR="192.0.2.61").status_code == 429
    assert not LoginEvent.objects.filter(kind=LoginEvent.Kind.UNLOCK).exists()
