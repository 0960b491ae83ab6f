"""What a newcomer meets in `make demo`: the site's own Chinese error pages (DEBUG off), every
link built with the address the demo runs at, and demo content an official would accept."""

import datetime
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.test import RequestFactory
from django.views.defaults import server_error
from wagtail.models import PageLogEntry, Site

from disclosure import demo as disclosure_demo
from disclosure.models import BudgetRelease, CatalogueRoot, PublicNotice
from portal.management.commands.serve_demo import Command as ServeDemo

pytestmark = pytest.mark.django_db




@pytest.fixture
def loaded_demo(capsys, django_capture_on_commit_callbacks):
    cache.clear()  # the demo's applications pass the submission rate limit
    with django_capture_on_commit_callbacks(execute=True):  # the workflow e-mails go out
        call_command("load_demo", host="0.0.0.0", port=8123)  # noqa: S104 (bind-all)
    return capsys.readouterr().out


def test_demo_links_carry_the_host_and_port_it_runs_at(loaded_demo, client):
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("localhost", 8123)
    assert "http://localhost:8123/" in loaded_demo
    sitemap = client.get("/sitemap.xml").content.decode()
    locations = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert locations and all(url.startswith("http://localhost:8123/") for url in locations)
    notice = PublicNotice.objects.live().first()
    html = client.get(notice.url).content.decode()
    assert f"<span data-print-address>http://localhost:8123{notice.url}</span>" in html
    # The workflow e-mails written while loading link there too.
    links = re.findall(r"https?://[^/\s]+/admin/", "".join(
        message.body for message in mail.outbox))
    assert links and set(links) == {"http://localhost:8123/admin/"}
    # Run again with another PORT: the site moves with it.
    call_command("load_demo", host="127.0.0.1", port=9000)
    site.refresh_from_db()
    assert (site.hostname, site.port) == ("127.0.0.1", 9000)


def test_demo_content_is_what_an_office_would_publish(loaded_demo):
    # The budget release went out within the 20 days after approval (预算法 第十四条).
    release = BudgetRelease.objects.live().get()
    assert release.published_date - release.approved_on <= datetime.timedelta(days=20)
    assert release.published_date <= release.due_on
    # The guide has no line break inside a paragraph (it would show as a stray space).
    guide = CatalogueRoot.objects.get().guide
    assert "\n" not in guide and "政务新媒体、市档案馆" in guide
    # Every notice ends with its 落款: the issuing organisation, then the date.
    for notice in PublicNotice.objects.all():
        ending = re.findall(r"<p>([^<]*)</p>", notice.body)[-2:]
        assert ending[0] == notice.issuing_body, notice.title
        assert re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", ending[1]), notice.title
    # Every publication was made by a person (the reports show who, never "None").
    publications = PageLogEntry.objects.filter(action="wagtail.publish")
    assert publications.exists() and not publications.filter(user__isnull=True).exists()


def test_signature_block_writes_the_date_in_chinese():
    assert disclosure_demo.signature_block("示例市卫生健康委员会", datetime.date(2026, 3, 8)) == (
        "<p>示例市卫生健康委员会</p><p>2026年3月8日</p>")


@pytest.mark.parametrize(("address", "base_url", "hosts"), [
    ("0.0.0.0:8123", "http://localhost:8123", "*"),  # noqa: S104
    ("127.0.0.1:9000", "http://127.0.0.1:9000", "localhost,127.0.0.1,[::1],127.0.0.1"),
    ("demo.example.gov.cn:80", "http://demo.example.gov.cn:80",
     "localhost,127.0.0.1,[::1],demo.example.gov.cn"),
])
def test_demo_processes_run_with_debug_off_and_the_demos_own_address(monkeypatch, address,
                                                                     base_url, hosts):
    for name in ("DEBUG", "WAGTAILADMIN_BASE_URL", "ALLOWED_HOSTS"):
        monkeypatch.delenv(name, raising=False)
    env = ServeDemo.demo_environment(address)
    assert env["DEBUG"] == "0"
    assert env["WAGTAILADMIN_BASE_URL"] == base_url
    assert env["ALLOWED_HOSTS"] == hosts


def test_debug_set_by_the_caller_wins(monkeypatch):
    monkeypatch.setenv("DEBUG", "1")
    assert ServeDemo.demo_environment("127.0.0.1:8000")["DEBUG"] == "1"


def test_server_error_page_is_chinese_and_needs_no_database(db):
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "服务暂时不可用" in response.content.decode()


def test_unknown_page_is_a_chinese_404_with_the_site_frame(client, home):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "页面不存在" in html and 'lang="zh-CN"' in html


def test_set_site_address_gives_the_server_its_real_host_for_every_absolute_link(home, client):
    call_command("set_site_address", "gongkai.example.gov.cn")
    site = Site.objects.get(is_default_site=True)
    assert site.root_url == "https://gongkai.example.gov.cn"
    assert "<loc>https://gongkai.example.gov.cn/</loc>" in client.get("/sitemap.xml").content.decode()
