"""A fund's public statistics are computed when its published batches change and stored
(FundStatistics); the fund's public page only reads them and never sums the payment rows."""

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from funds.actions import RequestCorrection
from funds.models import FundBatchPage, FundStatistics
from publishing.workflow import setup_workflow

from . import test_funds_rules as rules
from .conftest import payment_lines
from .test_funds_rules import batch_page, imported, through_workflow

pytestmark = pytest.mark.django_db
people = rules.people  # the roles of the fund's department and the approvers (a fixture)


def payment_queries(queries):
    return [q["sql"] for q in queries if '"funds_payment"' in q["sql"]]


def public_page(client, fund):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(fund.url)
    assert response.status_code == 200
    return response.content.decode(), payment_queries(queries.captured_queries)


def test_statistics_are_stored_at_sign_off_and_the_public_page_never_sums_the_rows(
        fund, make_batch, people, client, django_capture_on_commit_callbacks):
    setup_workflow()
    batch = imported(make_batch(), payment_lines(10))
    with django_capture_on_commit_callbacks(execute=True):
        page = through_workflow(batch_page(fund, batch, people["editor"]), people)
    stored = FundStatistics.objects.get(fund=fund)
    assert stored.figures["by_township"] == [["东城街道", 10, "3000.00"]]
    text, queries = public_page(client, fund)
    assert queries == []
    assert "3,000.00" in text and "正在更新" not in text

    # a correction passes the workflow: the stored figures follow, still no row summed publicly
    RequestCorrection(batch, line=3, field="amount", new_value="250.00", reason="多计一个月",
                      user=people["editor"]).execute()
    page.correction_note = "更正1人金额"
    page.save_revision(user=people["editor"])
    with django_capture_on_commit_callbacks(execute=True):
        through_workflow(page, people, change_note="更正1人金额")
    stored.refresh_from_db()
    assert stored.figures["by_township"] == [["东城街道", 10, "2950.00"]]
    text, queries = public_page(client, fund)
    assert queries == [] and "2,950.00" in text


def test_unpublished_or_restricted_batch_leaves_the_statistics(
        fund, make_batch, people, client, django_capture_on_commit_callbacks):
    setup_workflow()
    batch = imported(make_batch(), payment_lines(10))
    with django_capture_on_commit_callbacks(execute=True):
        page = through_workflow(batch_page(fund, batch, people["editor"]), people)
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=page, restriction_type="password",
                                           password="内部核对")
    assert FundStatistics.objects.get(fund=fund).figures["by_township"] == []
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.filter(page=page).delete()
    assert FundStatistics.objects.get(fund=fund).figures["by_township"] != []
    with django_capture_on_commit_callbacks(execute=True):
        FundBatchPage.objects.get(pk=page.pk).unpublish(user=people["office"])
    assert FundStatistics.objects.get(fund=fund).figures["by_year"] == []


def test_stale_statistics_show_no_figures_and_ask_the_background_task(
        fund, make_batch, people, client, django_capture_on_commit_callbacks):
    setup_workflow()
    batch = imported(make_batch(), payment_lines(10))
    with django_capture_on_commit_callbacks(execute=True):
        through_workflow(batch_page(fund, batch, people["editor"]), people)
    FundStatistics.objects.filter(fund=fund).update(stamp="stale", figures={
        "by_township": [["旧数字", 1, "1.00"]]})
    cache.clear()  # no refresh asked for by an earlier test of a fund with the same key
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        text, queries = public_page(client, fund)
    assert queries == []  # the request itself sums nothing
    assert "统计数据正在更新" in text and "旧数字" not in text
    # The refresh is handed to the background task (the page may also make the site's
    # organisation setting on first read, whose cache is dropped on commit).
    refresh = [callback for callback in callbacks
               if callback.__qualname__.startswith("schedule_refresh")]
    assert len(refresh) == 1
    refresh[0]()
    stored = FundStatistics.objects.get(fund=fund)
    assert stored.figures["by_township"] == [["东城街道", 10, "3000.00"]]
    text, queries = public_page(client, fund)
    assert queries == [] and "3,000.00" in text
    assert Decimal("3000.00") == sum(Decimal(a) for _l, _n, a in stored.figures["by_year"])


def test_a_page_saying_the_figures_are_being_updated_is_not_kept_for_a_day(
        fund, make_batch, people, client, settings, django_capture_on_commit_callbacks):
    """nginx keeps a public page a day; the copy that says 统计数据正在更新 only seconds, and new
    figures purge the fund's page at once."""
    from tests.portal.test_page_cache import PURGED

    setup_workflow()
    batch = imported(make_batch(), payment_lines(10))
    with django_capture_on_commit_callbacks(execute=True):
        through_workflow(batch_page(fund, batch, people["editor"]), people)
    assert client.get(fund.url)["X-Accel-Expires"] == str(settings.PAGE_CACHE_SECONDS)
    FundStatistics.objects.filter(fund=fund).update(stamp="stale")
    cache.clear()
    with django_capture_on_commit_callbacks(execute=False):
        response = client.get(fund.url)
    assert "统计数据正在更新" in response.content.decode()
    assert response["X-Accel-Expires"] == str(settings.PAGE_CACHE_QUERY_SECONDS)

    settings.WAGTAILFRONTENDCACHE = {"recorder": {
        "BACKEND": "tests.portal.test_page_cache.RecordingBackend"}}
    PURGED.clear()
    from funds.statistics import store_statistics

    with django_capture_on_commit_callbacks(execute=True):
        store_statistics(fund)
    assert fund.get_site().root_url + fund.url in PURGED
    PURGED.clear()
