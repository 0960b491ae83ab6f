"""Cache headers of public and personal responses, and the purges that every change of a
public page sends to nginx's page cache (issue 21). The same through the real nginx config:
tests/nginx/test_page_cache.py."""

import time

import pytest
from django.core.cache import cache
from django.test import Client
from wagtail.contrib.frontend_cache.backends.base import BaseBackend
from wagtail.models import Page, Site

from departments.models import Organisation
from outbox.models import Message
from portal.cache_purge import purge_urls
from portal.models import SectionPage
from publishing.actions.withdraw import WithdrawAction

PURGED: list[str] = []


class RecordingBackend(BaseBackend):
    """A purge backend that notes what it was asked to purge."""

    def purge(self, url):
        PURGED.append(url)


@pytest.fixture
def purged(settings):
    settings.WAGTAILFRONTENDCACHE = {"recorder": {
        "BACKEND": "tests.portal.test_page_cache.RecordingBackend"}}
    PURGED.clear()
    yield PURGED
    PURGED.clear()


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Purges run once the transaction commits: `with commit():` runs an action's commit
    callbacks as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def section(home):
    return publish(home.add_child(instance=SectionPage(
        title="医政信息", slug="yizheng", body="<p>正文。</p>", show_in_menus=True)))


@pytest.fixture
def office(roles, make_user):
    return make_user("office", "政务公开办公室")


# --- headers ------------------------------------------------------------------------------------

def test_public_page_is_public_for_60_seconds_and_one_day_in_nginx(client, section):
    response = client.get(section.url)
    assert response["Cache-Control"] == "public, max-age=60, s-maxage=60"
    assert response["X-Accel-Expires"] == str(24 * 3600)
    assert response.has_header("ETag") and response.has_header("Last-Modified")
    assert "Accept-Language" not in response.get("Vary", "")
    assert "Cookie" not in response.get("Vary", "")
    assert client.get(section.url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_browser_lifetime_is_a_setting(client, section, settings):
    settings.PAGE_CACHE_BROWSER_SECONDS = 15
    assert client.get(section.url)["Cache-Control"] == "public, max-age=15, s-maxage=15"


def test_url_with_a_query_string_is_kept_by_nginx_for_seconds_only(client, section):
    assert client.get(section.url, {"page": 2})["X-Accel-Expires"] == "5"


def test_logged_in_person_gets_private_no_store(client, section, make_user):
    client.force_login(make_user("reader"))
    response = client.get(section.url)
    assert response["Cache-Control"] == "private, no-store"
    assert not response.has_header("X-Accel-Expires")
    assert not response.has_header("ETag")


def test_response_with_a_csrf_token_is_private_no_store(client, home):
    response = client.get("/admin/login/")
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert not response.has_header("X-Accel-Expires")


def test_feed_and_sitemap_are_public(client, section):
    for url in ("/disclosure/feed/", "/sitemap.xml"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "public, max-age=60, s-maxage=60", url


# --- purges -------------------------------------------------------------------------------------

def test_publication_purges_the_page_its_ancestors_feeds_and_sitemap(purged, commit, home,
                                                                    section):
    purged.clear()
    section.title = "医政信息（更新）"
    with commit():
        publish(section)
    root = Site.objects.get(root_page=home).root_url
    assert {root + section.url, root + "/", root + "/sitemap.xml",
            root + "/disclosure/feed/"} <= set(purged)


def test_unpublication_and_deletion_purge_the_page(purged, commit, home, section):
    root = Site.objects.get(root_page=home).root_url
    purged.clear()
    with commit():
        section.unpublish()
    assert root + section.url in purged
    publish(section)
    purged.clear()
    url = section.url
    with commit():
        Page.objects.get(pk=section.pk).delete()
    assert root + url in purged


def test_a_move_purges_the_old_address_and_the_pages_below_it(purged, commit, home, section):
    child = publish(section.add_child(instance=SectionPage(title="子栏目", slug="zi")))
    other = publish(home.add_child(instance=SectionPage(title="其他", slug="qita")))
    root = Site.objects.get(root_page=home).root_url
    purged.clear()
    with commit():
        Page.objects.get(pk=section.pk).move(other, pos="last-child")
    assert {root + "/yizheng/", root + "/yizheng/zi/", root + "/qita/yizheng/zi/"} <= set(purged)
    assert child.pk


def test_a_page_linking_to_the_changed_one_is_purged(purged, commit, home, section):
    linking = publish(home.add_child(instance=SectionPage(
        title="链接页", slug="lianjie",
        body=f'<p><a linktype="page" id="{section.pk}">医政</a></p>')))
    root = Site.objects.get(root_page=home).root_url
    purged.clear()
    with commit():
        publish(section)
    assert root + linking.url in purged


def test_a_site_setting_purges_every_page(purged, commit, home, section):
    root = Site.objects.get(root_page=home).root_url
    purged.clear()
    setting = Organisation.for_site(Site.objects.get(root_page=home))
    setting.organisation_name = "示例市卫生健康委员会（新）"
    with commit():
        setting.save()
    assert {root + "/", root + section.url, root + "/sitemap.xml"} <= set(purged)


def test_menu_is_cached_per_site_and_rebuilt_when_a_menu_page_changes(client, home, section):
    assert "医政信息" in client.get("/").content.decode()
    section.title = "医政管理"
    publish(section)
    html = Client().get("/").content.decode()
    assert "医政管理" in html
    assert cache.get(f"portal:main-menu:{Site.objects.get(root_page=home).pk}") is not None


UNREACHABLE = {"unreachable": {
    "BACKEND": "portal.cache_purge.BoundedPurgeBackend",
    "LOCATION": "http://127.0.0.1:9", "TIMEOUT": 0.5, "RETRIES": 1}}


def test_failed_purge_of_a_page_withdrawn_for_confidentiality_alarms_the_office(
        settings, home, section, office, django_capture_on_commit_callbacks):
    settings.WAGTAILFRONTENDCACHE = UNREACHABLE
    with django_capture_on_commit_callbacks(execute=True):
        WithdrawAction(Page.objects.get(pk=section.pk), office, "confidentiality").execute()
    alarm = Message.objects.get(to=office.email)
    assert "保密" in alarm.subject and "医政信息" in alarm.subject
    assert "unreachable" in alarm.body


def test_failed_purge_of_an_ordinary_withdrawal_raises_no_alarm(
        settings, home, section, office, django_capture_on_commit_callbacks):
    settings.WAGTAILFRONTENDCACHE = UNREACHABLE
    with django_capture_on_commit_callbacks(execute=True):
        WithdrawAction(Page.objects.get(pk=section.pk), office, "repealed").execute()
    assert not Message.objects.filter(to=office.email).exists()


def test_purge_is_bounded_in_time_retried_and_reports_what_failed(settings):
    settings.WAGTAILFRONTENDCACHE = UNREACHABLE
    started = time.monotonic()
    failures = purge_urls(["https://gongkai.example.gov.cn/a/"])
    assert failures == {"unreachable": ["https://gongkai.example.gov.cn/a/"]}
    assert time.monotonic() - started < 5  # two attempts of at most 0.5 s each, and a pause


def test_a_browser_asking_for_english_gets_the_one_chinese_copy(client, section):
    """The cache keeps one copy per URL: whoever asks first, it is the Chinese page."""
    response = client.get(section.url, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "zh-hans"
    login = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "登录" in login and "Sign in" not in login


def test_renaming_a_department_purges_the_columns_it_owns(purged, commit, home, make_department):
    from disclosure.models import CatalogueColumn, CatalogueRoot

    department, _sections = make_department("yizheng", "医政医管科", home, ())
    catalogue = home.add_child(instance=CatalogueRoot(title="政府信息公开", slug="xxgk"))
    column = catalogue.add_child(instance=CatalogueColumn(
        title="政策文件", slug="zcwj", department=department, rule="document"))
    purged.clear()
    with commit():
        department.name = "医政医管处"
        department.save()
    assert column.get_site().root_url + column.url in purged
