"""The publisher worker against the test database: on time, once, and through database trouble."""

import os
import time

import pytest
from django.db import OperationalError, connection
from django.utils import timezone
from wagtail.models import Page, PageLogEntry

from publishing import publisher

from .workflow_support import (  # noqa: F401  (fixtures)
    CHECKLIST,
    clean_scan_fixture,
    decide,
    desk_fixture,
    draft,
    running_publishers,
    schedule,
    submit,
    wait_until,
)

# serialized_rollback: the flush after each test would also remove the root page the migrations made.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def live(page):
    return Page.objects.filter(pk=page.pk, live=True).exists()


def test_draft_review_check_sign_off_scheduled_then_live_within_two_seconds(desk, client):
    page = draft(desk.section)
    submit(page, desk.editor)
    decide(page, desk.reviewer)
    decide(page, desk.officer, checklist=CHECKLIST, signature="赵敏")
    with running_publishers(1, max_sleep=300):  # sleeps long: only a wake-up brings it back
        go_live_at = timezone.now().replace(microsecond=0) + timezone.timedelta(seconds=3)
        decide(page, desk.signatory, go_live_at=go_live_at)
        assert not live(page)
        assert client.get(page.url).status_code == 404  # scheduled is not live
        assert wait_until(lambda: live(page), timeout=10)
    page.refresh_from_db()
    lag = (page.last_published_at - go_live_at).total_seconds()
    assert 0 <= lag < 2, lag
    assert client.get(page.url).status_code == 200
    assert PageLogEntry.objects.filter(page=page, action="wagtail.publish.scheduled").count() == 1


def test_scheduled_page_invisible_to_public_listing_and_sitemap_until_live(desk, client):
    page = draft(desk.section, title="定时发布的通知", slug="timed")
    schedule(page, timezone.now() + timezone.timedelta(seconds=2))
    page.refresh_from_db()
    assert not page.live and page.go_live_at
    assert client.get("/sitemap.xml").content.decode().count("/timed/") == 0
    assert "定时发布的通知" not in client.get(desk.section.url).content.decode()
    assert client.get(page.url).status_code == 404
    with running_publishers(1):
        assert wait_until(lambda: live(page))
    assert client.get("/sitemap.xml").content.decode().count("/timed/") == 1
    assert "定时发布的通知" in client.get(desk.section.url).content.decode()


def test_two_workers_publish_each_page_once(desk):
    pages = [draft(desk.section, title=f"批量{n}", slug=f"bulk-{n}") for n in range(12)]
    at = timezone.now() + timezone.timedelta(seconds=8)
    for page in pages:
        schedule(page, at)
    assert not Page.objects.filter(pk__in=[p.pk for p in pages], live=True).exists()
    with running_publishers(2):
        assert wait_until(lambda: Page.objects.filter(pk__in=[p.pk for p in pages],
                                                      live=True).count() == len(pages), 15)
    for page in pages:
        assert PageLogEntry.objects.filter(
            page=page, action="wagtail.publish.scheduled").count() == 1


def test_live_page_expires_on_time(desk):
    page = draft(desk.section, title="到期下线", slug="expiring")
    page.save_revision().publish()
    page.refresh_from_db()
    with running_publishers(1, max_sleep=300):
        expire_at = timezone.now() + timezone.timedelta(seconds=2)
        page.expire_at = expire_at
        page.save_revision().publish()
        assert wait_until(lambda: not live(page), timeout=8)
    page.refresh_from_db()
    assert page.expired
    assert PageLogEntry.objects.filter(page=page, action="wagtail.unpublish.scheduled").exists()


def test_worker_survives_database_errors_with_backoff(desk, monkeypatch):
    real_run_due = publisher.run_due
    failures = []

    def flaky(now=None):
        if len(failures) < 2:
            failures.append(timezone.now())
            raise OperationalError("server closed the connection unexpectedly")
        return real_run_due(now)

    monkeypatch.setattr(publisher, "run_due", flaky)
    page = draft(desk.section, title="数据库重启", slug="db-restart")
    schedule(page, timezone.now() + timezone.timedelta(seconds=1))
    with running_publishers(1):
        assert wait_until(lambda: live(page), timeout=15)
    assert len(failures) == 2 and (failures[1] - failures[0]).total_seconds() >= 0.9


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql" and "postgres" not in
                    os.environ.get("DATABASE_URL", ""), reason="needs DATABASE_URL on PostgreSQL")
def test_worker_reconnects_after_its_postgresql_connections_are_killed(desk):
    page = draft(desk.section, title="连接中断", slug="killed")
    with running_publishers(1, max_sleep=300):
        assert wait_until(lambda: False, timeout=1) is False  # let it connect and sleep
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                           "WHERE datname = current_database() AND pid <> pg_backend_pid()")
        schedule(page, timezone.now() + timezone.timedelta(seconds=2))
        assert wait_until(lambda: live(page), timeout=20)


def test_one_revision_that_fails_holds_back_neither_the_others_nor_the_worker(desk, monkeypatch):
    """A publication that raises (a broken signal receiver, say) is rolled back, logged and
    retried after a back-off; the other pages due at the same time go live on time, and the
    worker keeps running."""
    real_publish = publisher.publish_due_revision
    broken, attempts = draft(desk.section, title="出错的页面", slug="broken"), []

    def publish_or_fail(revision_id, now):
        from wagtail.models import Revision

        if Revision.objects.get(pk=revision_id).object_id == str(broken.pk) and not attempts:
            attempts.append(revision_id)
            raise RuntimeError("a receiver failed")
        return real_publish(revision_id, now)

    monkeypatch.setattr(publisher, "publish_due_revision", publish_or_fail)
    others = [draft(desk.section, title=f"同时发布{n}", slug=f"same-time-{n}") for n in range(3)]
    at = timezone.now() + timezone.timedelta(seconds=2)
    for page in [broken, *others]:
        schedule(page, at)
    with running_publishers(1, max_sleep=300):
        assert wait_until(lambda: all(live(page) for page in others), timeout=10)
        assert wait_until(lambda: live(broken), timeout=10)  # retried after the back-off
    assert attempts


def test_run_publisher_once_reports_what_failed(desk, monkeypatch):
    from django.core.management import CommandError, call_command

    def fail(revision_id, now):
        raise RuntimeError("a receiver failed")

    monkeypatch.setattr(publisher, "publish_due_revision", fail)
    page = draft(desk.section, title="出错的页面", slug="broken-once")
    schedule(page, timezone.now() + timezone.timedelta(seconds=1))
    time.sleep(1.2)  # until the go-live time has passed
    with pytest.raises(CommandError, match="处理失败"):
        call_command("run_publisher", "--once")
    assert not live(page)
