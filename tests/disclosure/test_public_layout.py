"""Public pages on a phone (390 px) and on paper: the event line wraps, a document's title comes
before its metadata box, an 索引号 wraps only after its "/", and a printout names the
organisation, the page's address and the day it was printed."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from departments.models import Organisation
from tests.disclosure.conftest import publish

pytestmark = pytest.mark.django_db

STATIC = Path(settings.BASE_DIR)


def css(path):
    return (STATIC / path).read_text(encoding="utf-8")


def test_work_news_event_line_wraps_between_date_and_place(make_news, client):
    news = publish(make_news(place="示例市卫生健康大楼三楼第一会议室（东侧入口）"))
    html = client.get(news.url).content.decode()
    line = re.search(r'<p class="event-line">(.*?)</p>', html, re.S).group(1)
    assert re.fullmatch(r"<span>活动日期：<time[^>]*>[^<]+</time></span>"
                        r"<span>地点：示例市卫生健康大楼三楼第一会议室（东侧入口）</span>", line)
    rule = re.search(r"\.event-line \{([^}]*)\}", css("disclosure/static/disclosure/disclosure.css"))
    assert "flex-wrap: wrap" in rule.group(1) and "nowrap" not in rule.group(1)


def test_document_title_comes_before_its_metadata_box_on_a_phone(make_document, client):
    html = client.get(publish(make_document()).url).content.decode()
    assert html.index("<h1>") < html.index('class="metadata-box"')
    # Wider screens put the box back on top (as the State Council's policy library does).
    stylesheet = css("disclosure/static/disclosure/disclosure.css")
    wide = re.search(r"@media \(min-width: 40\.0625rem\) \{(.*?)\n\}", stylesheet, re.S).group(1)
    assert ".with-metadata > .metadata-box { order: -1; }" in wide


def test_index_number_wraps_only_after_its_slash(make_document, client):
    document = publish(make_document())
    html = client.get(document.url).content.decode()
    organisation, serial = document.index_number.split("/")
    assert (f'<span class="index-number">{organisation}</span>/<wbr>'
            f'<span class="index-number">{serial}</span>') in html
    assert ".index-number { white-space: nowrap; }" in css(
        "disclosure/static/disclosure/disclosure.css")


def test_printout_names_organisation_page_address_and_print_date(make_document, client):
    document = publish(make_document())
    portal = Organisation.for_site(document.get_site())
    portal.organisation_name = "示例市卫生健康委员会"
    portal.save()
    html = client.get(document.url).content.decode()
    header = re.search(r'<div class="print-header">(.*?)</div>', html, re.S).group(1)
    assert "示例市卫生健康委员会" in header
    assert f"<span data-print-address>{document.full_url}</span>" in header
    assert re.search(r"打印日期：<span data-print-date>\d{4}年\d{1,2}月\d{1,2}日</span>", header)
    assert ".print-header { display: block !important;" in css("portal/static/portal/print.css")
    assert ".print-header { display: none; }" in css("portal/static/portal/site.css")
    script = css("portal/static/portal/print.js")
    assert "beforeprint" in script and "Asia/Shanghai" in script
