"""Idle timeout (等保 2.0 登录连接超时自动退出): no request of the person's own for the set time
logs them out; the edit view's keep-alive pings and autosave posts do not count."""

import time

import pytest

from accounts.models import LoginEvent
from accounts.sessions import LAST_ACTIVITY

from .conftest import log_in

pytestmark = pytest.mark.django_db


def idle_for(client, seconds):
    session = client.session
    session[LAST_ACTIVITY] = time.time() - seconds
    session.save()


def test_session_idle_longer_than_the_timeout_is_logged_out(client, signatory, settings):
    settings.ACCOUNTS_IDLE_TIMEOUT_MINUTES = 30
    log_in(client, "signatory")
    idle_for(client, 31 * 60)
    response = client.get("/admin/")
    assert response.status_code == 302 and response.url.startswith("/admin/login/")
    assert "_auth_user_id" not in client.session
    assert LoginEvent.objects.filter(kind=LoginEvent.Kind.IDLE_TIMEOUT, user=signatory).exists()


def test_a_request_within_the_timeout_keeps_the_session(client, signatory):
    log_in(client, "signatory")
    idle_for(client, 29 * 60)
    assert client.get("/admin/").status_code == 200
    assert time.time() - client.session[LAST_ACTIVITY] < 60


def test_editing_session_pings_do_not_count_as_activity(client, signatory, home):
    log_in(client, "signatory")
    idle_for(client, 20 * 60)
    before = client.session[LAST_ACTIVITY]
    client.post(f"/admin/editing-sessions/ping/wagtailcore/page/{home.pk}/0/")
    assert client.session[LAST_ACTIVITY] == before


def test_autosave_posts_do_not_count_as_activity(client, signatory, home):
    log_in(client, "signatory")
    idle_for(client, 20 * 60)
    before = client.session[LAST_ACTIVITY]
    client.post(f"/admin/pages/{home.pk}/edit/", {"title": "x"},
                HTTP_ACCEPT="application/json")
    assert client.session[LAST_ACTIVITY] == before
    client.get(f"/admin/pages/{home.pk}/")
    assert client.session[LAST_ACTIVITY] > before
