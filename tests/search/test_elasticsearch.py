"""The Elasticsearch backend: mapping and generated queries without a server; the real thing
against the server at ELASTICSEARCH_URL when it is set (skipped, saying so, otherwise)."""

import os
from datetime import date

import pytest

from search.backends import SearchRequest, _backend
from search.backends.elastic import (
    EXACT_NUMBER_BOOST,
    ElasticsearchBackend,
    build_search,
    document_source,
    facets_from,
    index_definition,
)
from search.models import IndexEntry
from search.query import plan

ES_URL = os.environ.get("ELASTICSEARCH_URL", "")
needs_server = pytest.mark.skipif(
    not ES_URL, reason="ELASTICSEARCH_URL 未设置：Elasticsearch 实机测试跳过"
                       "（set ELASTICSEARCH_URL=http://127.0.0.1:9200 to run them）")


def test_mapping_uses_whitespace_analysis_of_segmented_text_by_default():
    body = index_definition("pages-test").to_dict()
    analyzer = body["settings"]["analysis"]["analyzer"]["segmented"]
    assert analyzer == {"type": "custom", "tokenizer": "whitespace", "filter": ["lowercase"]}
    properties = body["mappings"]["properties"]
    for field in ("title", "meta", "body", "attachments"):
        assert properties[field] == {"type": "text", "analyzer": "segmented", **(
            {"term_vector": "with_positions_offsets"} if field == "body" else {})}
    for field in ("document_number_key", "index_number_key", "kind", "column_facet",
                  "issuing_body", "validity"):
        assert properties[field] == {"type": "keyword"}
    assert properties["published_on"] == {"type": "date"}


@pytest.mark.parametrize("name", ["ik_smart", "smartcn"])
def test_plugin_analyzer_by_setting(name):
    properties = index_definition("pages-test", name).to_dict()["mappings"]["properties"]
    assert properties["body"] == {"type": "text", "analyzer": name}


@pytest.mark.django_db
def test_generated_query_quotes_every_word_and_boosts_the_exact_document_number():
    body = build_search(SearchRequest(plan=plan("平卫〔2021〕3号 民生监督 OR *"),
                                      filters={"year": 2021}, sort="date")).to_dict()
    should = body["query"]["bool"]["should"]
    words = should[0]["bool"]["must"]
    phrases = [alt["bool"]["must"][0]["multi_match"]["query"]
               for group in words for alt in group["bool"]["should"]]
    assert "民生监督" in phrases and "or" in phrases and "平 卫" in phrases
    assert all(group["bool"]["should"][0]["bool"]["must"][0]["multi_match"]["type"] == "phrase"
               for group in words)
    assert {"terms": {"document_number_key": ["平卫2021-3"], "boost": EXACT_NUMBER_BOOST}} \
        in should
    assert body["query"]["bool"]["filter"] == [{"term": {"year": 2021}}]
    assert set(body["aggs"]) == {"kind", "column", "year", "issuing_body", "validity"}
    assert body["sort"][0] == {"published_on": {"order": "desc", "missing": "_last"}}
    assert body["from"] == 0 and body["size"] == 10


@pytest.mark.django_db
def test_plugin_analyzer_queries_send_the_original_words_and_ask_for_highlights():
    body = build_search(SearchRequest(plan=plan("平台管理")), "ik_smart").to_dict()
    assert body["highlight"]["pre_tags"] == ["<mark>"]
    assert body["highlight"]["encoder"] == "html"


def test_facets_from_aggregations():
    facets = facets_from({"column": {"buckets": [{"key": "7|政策文件", "doc_count": 3}]},
                          "year": {"buckets": [{"key": 2021, "doc_count": 1},
                                               {"key": 2024, "doc_count": 2}]}})
    assert [(f.value, f.label, f.count) for f in facets["column"]] == [("7", "政策文件", 3)]
    assert [f.value for f in facets["year"]] == ["2024", "2021"]


@pytest.mark.django_db
def test_document_source_carries_segmented_text_and_facets(make_page):
    page = make_page("民生监督", "<p>民生监督大数据平台。</p>", column="政策文件", column_id=7,
                     published_on=date(2021, 3, 4), document_number="平卫〔2021〕3号")
    source = document_source(IndexEntry.objects.get(page=page))
    assert "监督" in source["body"].split() and source["column_facet"] == "7|政策文件"
    assert source["document_number_key"] == "平卫2021-3"


@pytest.mark.django_db
def test_unreachable_cluster_falls_back_to_the_database(make_page):
    page = make_page("民生监督", "<p>民生监督大数据平台。</p>")
    backend = ElasticsearchBackend("http://127.0.0.1:9")  # nothing listens on the discard port
    results = backend.search(SearchRequest(plan=plan("民生监督")))
    assert [hit.page_id for hit in results.hits] == [page.pk]


@pytest.fixture
def es_backend(settings):
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = ES_URL
    settings.SEARCH_ELASTICSEARCH_INDEX = f"test-pages-{os.getpid()}"
    _backend.cache_clear()
    backend = _backend("elasticsearch")
    yield backend
    client = backend.client
    for index in client.indices.get(index=f"{settings.SEARCH_ELASTICSEARCH_INDEX}-*"):
        client.indices.delete(index=index)
    _backend.cache_clear()


@needs_server
@pytest.mark.django_db
def test_real_elasticsearch_finds_words_ranks_numbers_and_follows_unpublish(
        es_backend, make_page, run_commit_hooks):
    from search import index

    notice = make_page("通知", "<p>平顶山市卫生健康委员会关于印发民生监督大数据平台管理使用办法的通知</p>",
                       document_number="平卫〔2021〕3号", column="政策文件", column_id=7)
    make_page("其他", "<p>平卫〔2021〕13号 管理使用办法 管理使用办法</p>", column_id=8, column="其他")
    index.rebuild()
    search = lambda text: es_backend.search(SearchRequest(plan=plan(text)))  # noqa: E731
    assert [hit.page_id for hit in search("民生监督").hits] == [notice.pk]
    assert search("平卫2021 3号").hits[0].page_id == notice.pk
    assert {f.label: f.count for f in search("管理使用办法").facets["column"]} == {
        "政策文件": 1, "其他": 1}
    with run_commit_hooks():
        notice.unpublish()
    assert search("民生监督").hits == []
