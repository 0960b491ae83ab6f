"""An uncached public page stays cheap: at most 12 SQL queries for a policy document (with its
interpretation, the document it repeals and the one amending it), the home page and a column
(issue 21), a column also when its cached listing is made again; related pages in a restricted
section are not shown."""

import pytest
from django.core.cache import cache
from wagtail.models import PageViewRestriction

from portal.models import SectionPage
from tests.disclosure.conftest import publish

MAX_QUERIES = 12


@pytest.fixture
def policy_page(column, make_document, make_interpretation):
    old = publish(make_document("关于旧办法的通知"))
    amending = publish(make_document("关于修改本办法的通知"))
    document = make_document("关于加强医疗质量管理的通知")
    document.repeals.set([old])
    document = publish(document)
    amending.amends.set([document])
    publish(amending)
    publish(make_interpretation([document]))
    return document


def render(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_policy_page_home_and_column_take_at_most_12_queries(
        client, home, column, policy_page, django_assert_max_num_queries):
    for url in (policy_page.url, home.url, column.url):
        render(client, url)  # the menu and the QR code are made once, then cached
        with django_assert_max_num_queries(MAX_QUERIES):
            render(client, url)


def test_policy_page_lists_its_live_relations_from_one_query(client, policy_page):
    html = render(client, policy_page.url)
    assert "政策解读" in html and "《关于加强医疗质量管理的通知》政策解读" in html
    assert "关于旧办法的通知" in html  # the document it repeals
    assert "关于修改本办法的通知" in html  # the document amending it


def test_related_page_in_a_restricted_section_is_not_listed(
        client, home, policy_page, make_document):
    private = home.add_child(instance=SectionPage(title="内部栏目", slug="neibu"))
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    amending = policy_page.amended_by.get()
    amending.move(private, pos="last-child")
    cache.clear()
    assert "关于修改本办法的通知" not in render(client, policy_page.url)


def test_column_page_with_its_listing_made_again_takes_at_most_12_queries(
        client, column, policy_page, django_assert_max_num_queries):
    from portal import site_cache

    render(client, column.url)
    site_cache.forget_home_lists()  # as after a publication
    with django_assert_max_num_queries(MAX_QUERIES):
        assert "关于加强医疗质量管理的通知" in render(client, column.url)


def test_column_page_with_its_listing_cached_takes_at_most_3_queries(
        client, column, policy_page, django_assert_max_num_queries):
    """Routing: the chain of pages, then the column with its department; the
    filter choices, the entries and the page links come from the listing cache."""
    render(client, column.url)
    with django_assert_max_num_queries(3):
        assert "关于加强医疗质量管理的通知" in render(client, column.url)
