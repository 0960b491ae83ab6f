"""The public frame of the site, the admin in Chinese, /healthz, and the demo loader."""

import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Page

from departments.models import Organisation
from portal.models import HomePage


def test_home_page_is_chinese_with_skip_link_and_footer(client, home):
    settings = Organisation.for_site(home.get_site())
    settings.organisation_name = "测试市卫生健康委员会"
    settings.icp_number = "测ICP备12345678号"
    settings.public_security_number = "测公网安备 00000000000001 号"
    settings.site_identifier = "9999000001"
    settings.save()
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-CN">' in html
    assert 'href="#main"' in html and 'id="main"' in html
    for text in ("测试市卫生健康委员会", "测ICP备12345678号", "测公网安备", "9999000001"):
        assert text in html


def test_no_asset_comes_from_another_host(client, home):
    html = client.get("/").content.decode()
    assert "//cdn" not in html and "https://" not in html.split("</head>")[0]


def test_admin_login_is_in_chinese(client, db):
    response = client.get(reverse("wagtailadmin_login"))
    assert response.status_code == 200
    assert "登录" in response.content.decode()


def test_healthz_reports_database_and_task_queue(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok", "database": "ok", "tasks": "ok"}


def test_healthz_says_unavailable_when_the_database_fails(client, db, monkeypatch):
    from portal import views

    monkeypatch.setattr(views, "_database_ok", lambda: False)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content)["database"] == "unavailable"


def test_public_pages_send_a_content_security_policy(client, home):
    response = client.get("/")
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]


def test_unknown_address_gets_a_chinese_404(client, home):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


@pytest.mark.django_db
def test_load_demo_is_idempotent(capsys):
    call_command("load_demo")
    first = capsys.readouterr().out
    counts = (HomePage.objects.count(), Page.objects.count())
    call_command("load_demo")
    second = capsys.readouterr().out
    assert "editor" in first and "editor" not in second
    assert counts == (HomePage.objects.count(),
                      Page.objects.count())
