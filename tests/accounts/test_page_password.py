"""Wagtail's page-password form (a view restriction) gets the same lockout per address as the
login: Wagtail compares that password itself, outside authenticate()."""

import pytest
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
