"""Searches whose words match more pages than are scored or collected at once (PostgreSQL
ranks more than DIRECT_LIMIT matches by the threshold algorithm over postings, reading
FIRST_DEPTH postings a term at first and looking up LOOKUP_BATCH entries at a time, and, in
date order, collects the matches among the RECENT_POOL newest entries; see
search/backends/database.py and postings.py). The limits are made tiny here so that a dozen
pages exercise every path; on SQLite the same assertions hold for its simpler plan."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from portal.models import SectionPage
from search.backends import SearchRequest, get_backend, postings
from search.backends import database as backend_module
from search.models import IndexEntry
from search.query import plan

pytestmark = pytest.mark.django_db


def search(text, **kwargs):
    return get_backend().search(SearchRequest(plan=plan(text), **kwargs))


def every_page(text, per_page=3, **kwargs):
    """Page ids of every result page, in order, with the totals each page reported."""
    listed, totals, offset = [], set(), 0
    while True:
        results = search(text, offset=offset, limit=per_page, **kwargs)
        totals.add(results.total)
        if not results.hits:
            return listed, totals
        listed += [hit.page_id for hit in results.hits]
        offset += per_page


@pytest.fixture
def tiny_windows(monkeypatch):
    monkeypatch.setattr(postings, "DIRECT_LIMIT", 0)
    monkeypatch.setattr(postings, "FIRST_DEPTH", 2)
    monkeypatch.setattr(postings, "LOOKUP_BATCH", 2)
    monkeypatch.setattr(backend_module, "COMPLETE_CHECK", 3)
    monkeypatch.setattr(backend_module, "RECENT_POOL", 4)
    backend_module._cutoffs.clear()
    yield
    backend_module._cutoffs.clear()


@pytest.fixture
def twelve(make_page):
    """Twelve matching pages, one a month in 2023, and one page that does not match."""
    pages = [make_page(f"工作动态{n}", "<p>" + "疫苗接种工作安排。" * (1 + n % 4) + "</p>",
                       published_on=date(2023, 1 + n, 1)) for n in range(12)]
    make_page("无关", "<p>办事指南。</p>", published_on=date(2023, 6, 15))
    return pages


def newest_first(pages):
    return [page.pk for page in sorted(pages, key=lambda page: page.pk)][::-1]


@pytest.mark.parametrize("pool", [4, 100])  # the first pass collects too few, or all
def test_every_match_is_listed_once_in_date_order(tiny_windows, twelve, monkeypatch, pool):
    monkeypatch.setattr(backend_module, "RECENT_POOL", pool)
    listed, totals = every_page("疫苗接种", sort="date")
    assert totals == {12}
    assert listed == newest_first(twelve)  # published a month apart, in creation order


def test_relevance_lists_every_match_once_in_the_order_of_scoring_them_all(twelve,
                                                                         monkeypatch):
    everything, totals = every_page("疫苗接种")
    assert totals == {12}
    assert sorted(everything) == sorted(page.pk for page in twelve)
    # The threshold algorithm, reading two postings at a time, gives the same order page by
    # page as scoring every match.
    monkeypatch.setattr(postings, "DIRECT_LIMIT", 0)
    monkeypatch.setattr(postings, "FIRST_DEPTH", 2)
    monkeypatch.setattr(postings, "LOOKUP_BATCH", 2)
    assert every_page("疫苗接种") == (everything, {12})


def test_an_old_page_with_every_word_in_its_title_is_ranked_among_the_first(tiny_windows,
                                                                           twelve, make_page):
    from search import index

    old = make_page("疫苗接种工作安排的说明", "<p>另见附件。</p>", published_on=date(2015, 3, 1))
    index.refresh_statistics()  # the daily job: the lengths of these short pages
    results = search("疫苗接种 工作")
    assert results.total == 13
    # Not left behind the newer pages: every match is ranked, and the title weighs most.
    assert old.pk in [hit.page_id for hit in results.hits[:4]]


def test_facet_filters_and_counts_with_a_large_result(tiny_windows, make_page):
    for n in range(6):
        make_page(f"通知{n}", "<p>健康教育活动。</p>", kind="通知公告" if n % 2 else "政策解读",
                  column="公示公告", column_id=11, published_on=date(2020 + n % 3, 5, 1))
    results = search("健康教育")
    facets = {name: {value.label: value.count for value in values}
              for name, values in results.facets.items()}
    assert results.total == 6
    assert facets["kind"] == {"通知公告": 3, "政策解读": 3}
    assert facets["year"] == {"2020": 2, "2021": 2, "2022": 2}
    filtered = search("健康教育", filters={"year": 2021})
    assert filtered.total == 2 and len(filtered.hits) == 2
    listed, totals = every_page("健康教育", filters={"kind": "通知公告"}, per_page=2)
    assert totals == {3} and len(set(listed)) == 3


@pytest.mark.parametrize("sort", ["relevance", "date"])
def test_a_page_restricted_behind_the_index_is_never_listed(tiny_windows, twelve, sort):
    hidden = twelve[5]
    # No signal: the index still holds the page, as before its task runs.
    PageViewRestriction.objects.bulk_create([PageViewRestriction(
        page=hidden, restriction_type=PageViewRestriction.LOGIN)])
    assert IndexEntry.objects.filter(page=hidden).exists()
    listed, _totals = every_page("疫苗接种", sort=sort)
    assert hidden.pk not in listed
    assert sorted(listed) == sorted(page.pk for page in twelve if page != hidden)


@pytest.mark.parametrize("sort", ["relevance", "date"])
def test_counts_leave_out_a_hidden_page_when_every_match_was_checked(make_page, sort):
    shown = make_page("甲", "<p>职业病防治宣传。</p>")
    withdrawn = make_page("乙", "<p>职业病防治培训。</p>", kind="通知公告")
    SectionPage.objects.filter(pk=withdrawn.pk).update(live=False)  # before its task runs
    results = search("职业病防治", sort=sort)
    assert [hit.page_id for hit in results.hits] == [shown.pk]
    assert results.total == 1
    assert {value.label for value in results.facets["kind"]} == {"栏目页"}


def test_a_page_whose_expiry_has_passed_is_neither_counted_nor_listed(tiny_windows, twelve):
    expired = twelve[7]
    # Indexed with an expiry that has now passed; the publisher has not unpublished it yet.
    past = timezone.now() - timedelta(minutes=1)
    SectionPage.objects.filter(pk=expired.pk).update(expire_at=past)
    IndexEntry.objects.filter(page=expired).update(expire_at=past)
    for sort in ("relevance", "date"):
        listed, totals = every_page("疫苗接种", sort=sort)
        assert totals == {11}
        assert expired.pk not in listed and len(listed) == 11
