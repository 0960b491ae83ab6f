"""The search query log is written in batches, not with an UPDATE per search."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search import query_log
from search.models import QueryLog


@pytest.fixture
def batching(settings):
    settings.SEARCH_QUERY_LOG_FLUSH_SECONDS = 3600
    settings.SEARCH_QUERY_LOG_MAX_ENTRIES = 100
    query_log.flush()
    yield
    query_log.flush()


def test_searches_are_counted_in_memory_and_written_in_one_batch(client, home, batching):
    for query in ("医保报销", "医保报销", "医保报销", "不存在的词语组合"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/search/", {"q": query}).status_code == 200
        assert not [q for q in queries if "search_querylog" in q["sql"]
                    and q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))]
    assert not QueryLog.objects.exists()
    # (the search page may also count the spelling it suggests instead)
    assert query_log.pending() >= 4

    assert query_log.flush() >= 2
    rows = {row.query: row for row in QueryLog.objects.all()}
    assert rows["医保报销"].searches == 3 and rows["医保报销"].zero_result_searches == 3
    assert rows["不存在的词语组合"].searches == 1
    # The next batch adds to the day's rows.
    client.get("/search/", {"q": "医保报销"})
    query_log.flush()
    assert QueryLog.objects.get(query="医保报销").searches == 4


def test_a_batch_is_written_when_it_holds_the_most_queries_allowed(client, home, batching,
                                                                   settings):
    settings.SEARCH_QUERY_LOG_MAX_ENTRIES = 3
    for query in ("甲类传染病", "乙类传染病", "丙类传染病"):
        client.get("/search/", {"q": query})
    assert QueryLog.objects.count() >= 3
