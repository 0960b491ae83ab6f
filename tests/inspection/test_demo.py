"""The demo: `inspect_site --format json` reports exactly the four seeded problems and exits 1;
fixing them makes it exit 0. The problems are dated relative to the day the demo is loaded."""

import json
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from wagtail.models import Page

from disclosure.models import CatalogueColumn, WorkNews
from inspection import demo as inspection_demo
from workdays.local_time import local_today

pytestmark = pytest.mark.django_db


def inspect():
    out = StringIO()
    try:
        call_command("inspect_site", "--format", "json", stdout=out)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, json.loads(out.getvalue())


def problems(data):
    return sorted((rule["key"], finding["page_title"], finding["detail"])
                  for rule in data["rules"] for finding in rule["findings"])


def test_the_demo_shows_exactly_the_four_seeded_problems_and_passes_once_they_are_fixed(
        django_capture_on_commit_callbacks):
    cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", host="127.0.0.1", port=8124, stdout=StringIO())
    code, data = inspect()
    assert code == 1 and data["veto"] is True and data["finding_count"] == 4
    assert problems(data) == sorted([
        ("columns", "卫生监督动态", "stale"),
        ("columns", "人事信息", "blank"),
        ("links", "全市开展冬季爱国卫生运动", inspection_demo.DEAD_LINK),
        ("errors", "市卫生健康委召开基层卫生工作推进会", "李名华"),
    ])
    # The demo publishes its 政府网站工作年度报表, linked from the home page.
    from inspection.models import WebsiteReportPage

    report = WebsiteReportPage.objects.get(year=inspection_demo.WEBSITE_REPORT_YEAR)
    assert report.live and report.figures
    home = report.get_site().root_page
    assert report.url in Client().get(home.url).content.decode()
    pages = Page.objects.count()
    inspection_demo.load(None)  # a second load changes nothing
    assert Page.objects.count() == pages

    stale = CatalogueColumn.objects.get(slug=inspection_demo.STALE_COLUMN)
    news = stale.add_child(instance=WorkNews(title="卫生监督所开展冬季专项检查", author="卫生监督所",
                                             happened_on=local_today(),
                                             body="<p>检查学校食堂30家。</p>"))
    news.save_revision().publish()
    blank = CatalogueColumn.objects.get(slug=inspection_demo.BLANK_COLUMN)
    blank.intro = "<p>本栏目公开本委人事任免、招录信息。</p>"
    blank.save_revision().publish()
    for title, old, new in [
            ("全市开展冬季爱国卫生运动", f'<a href="{inspection_demo.DEAD_LINK}">活动方案</a>',
             "活动方案"),
            ("市卫生健康委召开基层卫生工作推进会", "李名华", "李明华")]:
        page = WorkNews.objects.get(title=title)
        page.body = page.body.replace(old, new)
        page.save_revision().publish()
    code, data = inspect()
    assert (code, problems(data)) == (0, [])


@pytest.mark.parametrize("days_later", [40, 200])
def test_a_kept_demo_database_loaded_again_on_a_later_day_shows_the_same_four_problems(
        django_capture_on_commit_callbacks, monkeypatch, days_later):
    from datetime import timedelta

    from django.utils import timezone

    cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", host="127.0.0.1", port=8124, stdout=StringIO())
    loaded = problems(inspect()[1])
    real_now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: real_now() + timedelta(days=days_later))
    code, data = inspect()
    assert problems(data) != loaded  # kept as it was, the demo drifts into new findings …
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", host="127.0.0.1", port=8124, stdout=StringIO())
    code, data = inspect()  # … `make demo` again brings it back to the four
    assert (code, problems(data)) == (1, loaded)
    assert data["day"] == (real_now() + timedelta(days=days_later)).astimezone(
        timezone.get_fixed_timezone(480)).date().isoformat()
