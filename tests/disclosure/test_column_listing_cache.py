"""A column's listing comes from Django's cache (disclosure.listing_cache, issue 21): it shows
every publication, unpublication, withdrawal and restriction at once, counts the entries of
each filter combination as the database does, and is never kept for a preview, a restricted
column, an invalid filter or a made-up query string."""

import datetime
import re

import pytest
from django.core.cache import cache
from wagtail.models import Page, PageViewRestriction

from disclosure.models import CatalogueColumn
from publishing.actions.withdraw import WithdrawAction
from tests.disclosure.conftest import publish

pytestmark = pytest.mark.django_db


def html(client, url, query=None):
    response = client.get(url, query or {})
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def listed_titles(page_html):
    listing = page_html.split('<ul class="item-list">', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'<a href="[^"]*">([^<]+)</a>', listing)


def counted(page_html):
    return int(re.search(r"共 (\d+) 条", page_html).group(1))


def test_cached_column_listing_shows_a_publication_and_an_unpublication_at_once(
        client, column, make_document):
    publish(make_document("关于旧事项的通知"))
    assert listed_titles(html(client, column.url)) == ["关于旧事项的通知"]  # now cached
    document = publish(make_document("关于新事项的通知"))
    page_html = html(client, column.url)
    assert "关于新事项的通知" in listed_titles(page_html) and counted(page_html) == 2
    document.unpublish()
    page_html = html(client, column.url)
    assert listed_titles(page_html) == ["关于旧事项的通知"] and counted(page_html) == 1


def test_cached_column_listing_drops_a_withdrawn_entry_at_once(
        client, column, make_document, roles, make_user):
    document = publish(make_document("关于需撤下的通知"))
    assert "关于需撤下的通知" in listed_titles(html(client, column.url))
    office = make_user("office", "政务公开办公室")
    WithdrawAction(Page.objects.get(pk=document.pk), office, "confidentiality").execute()
    assert "关于需撤下的通知" not in html(client, column.url)


def test_cached_column_listing_follows_a_new_restriction_on_a_sub_column_at_once(
        client, column, department, make_document):
    sub = column.add_child(instance=CatalogueColumn(
        title="内部文件", slug="nbwj", department=department, rule="document"))
    publish(make_document("关于内部事项的通知", parent=sub))
    page_html = html(client, column.url)
    assert "内部文件" in page_html and "关于内部事项的通知" in listed_titles(page_html)
    PageViewRestriction.objects.create(page=sub, restriction_type="login")
    page_html = html(client, column.url)
    assert "内部文件" not in page_html and "关于内部事项的通知" not in page_html


def test_filtered_counts_and_entries_from_the_cache_match_the_filters(
        client, column, make_document):
    for title, subject, body, validity, day in [
            ("甲", "health", "示例市卫生健康委员会", "valid", datetime.date(2024, 5, 6)),
            ("乙", "finance", "示例市财政局", "valid", datetime.date(2025, 7, 8)),
            ("丙", "health", "示例市财政局", "expired", datetime.date(2025, 1, 2))]:
        publish(make_document(title, subject=subject, issuing_body=body, validity=validity,
                              published_on=day))
    expected = [({}, ["乙", "丙", "甲"]), ({"year": "2025"}, ["乙", "丙"]),
                ({"subject": "health"}, ["丙", "甲"]),
                ({"issuing_body": "示例市财政局"}, ["乙", "丙"]),
                ({"validity": "expired"}, ["丙"]), ({"year": "2025", "subject": "health"}, ["丙"]),
                ({"year": "2024", "validity": "expired"}, [])]
    for _ in range(2):  # made, then read from the cache
        for query, titles in expected:
            page_html = html(client, column.url, query)
            assert listed_titles(page_html) == titles, query
            assert counted(page_html) == len(titles), query


def test_column_listing_is_kept_only_for_the_columns_own_filter_values(
        client, column, make_document):
    publish(make_document("甲", published_on=datetime.date(2025, 7, 8)))

    def key(query):
        return client.get(column.url, query).context["listing_cache_key"]

    assert key({}) and key({"year": "2025", "page": "1"})
    assert key({"year": "2031"}) is None  # no entry of that year: an invalid choice
    assert key({"issuing_body": "随便写的机关"}) is None
    assert key({"utm_source": "x"}) is None  # other parameters are kept in the page links
    assert client.get(f"{column.url}?year=2025&year=2025").context["listing_cache_key"] is None


def test_listing_of_a_restricted_column_is_never_cached(client, column, make_document,
                                                          make_user):
    publish(make_document("关于内部事项的通知"))
    PageViewRestriction.objects.create(page=column, restriction_type="login")
    cache.clear()
    client.force_login(make_user("reader"))
    response = client.get(column.url)
    assert response.status_code == 200
    assert response.context["listing_cache_key"] is None


def test_preview_of_a_column_is_never_cached(admin_client, column, make_document):
    publish(make_document("关于预览的通知"))
    response = admin_client.get(f"/admin/pages/{column.pk}/view_draft/")
    assert response.status_code == 200
    assert response.context["listing_cache_key"] is None
