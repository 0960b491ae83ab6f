"""The Elasticsearch backend: mapping and generated queries without a server; the real thing
against the server at ELASTICSEARCH_URL when it is set (skipped, saying so, otherwise)."""

import json
import os
from datetime import date
from pathlib import Path

import pytest

from search.backends import SearchRequest, _backend
from search.backends.database import COVERAGE_STEP, VALIDITY_FACTOR
from search.backends.elastic import (
    EXACT_NUMBER_BOOST,
    ElasticsearchBackend,
    build_search,
    document_source,
    facets_from,
    index_definition,
)
from search.models import IndexEntry, SearchTerm
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
    words = should[0]["bool"]["filter"][0]["bool"]["should"]
    phrases = [alt["bool"]["must"][0]["multi_match"]["query"]
               for group in words for alt in group["dis_max"]["queries"]]
    assert "民生监督" in phrases and "or" in phrases and "平 卫" in phrases
    assert all(group["dis_max"]["queries"][0]["bool"]["must"][0]["multi_match"]["type"]
               == "phrase" for group in words)
    assert {"constant_score": {"filter": {"terms": {"document_number_key": ["平卫2021-3"]}},
                               "boost": EXACT_NUMBER_BOOST}} in should
    assert body["query"]["bool"]["filter"] == [{"term": {"year": 2021}}]
    assert set(body["aggs"]) == {"kind", "column", "year", "issuing_body", "validity"}
    assert body["sort"][0] == {"published_on": {"order": "desc", "missing": "_last"}}
    assert body["from"] == 0 and body["size"] == 10


# Query bodies recorded for the elasticsearch client version pinned in pyproject.toml (its
# elasticsearch.dsl writes them): a change of
# the generated query, or of the library's way of writing it, shows here. After a deliberate
# change, record them again with RECORD_ES_BODIES=1 and read the diff.
RECORDED_BODIES = Path(__file__).with_name("elasticsearch_bodies.json")
RECORDED_CASES = {
    # A former agency name and a word: both forms weighted, coverage, validity and page type.
    "former_name_and_word": ({"text": "卫计委 控烟"}, "whitespace"),
    # A document number typed with a leading zero: the exact number above everything.
    "document_number_leading_zero": ({"text": "清卫〔2012〕021号"}, "whitespace"),
    # A number without its issuer: matched against the end of the keys.
    "number_without_issuer": ({"text": "2024 12号"}, "whitespace"),
    # Three words, two of which are enough; a facet filter, date order, the second page.
    "three_words_filtered_by_date_page_two": (
        {"text": "医疗机构 校验 管理办法", "filters": {"validity": "有效"}, "sort": "date",
         "offset": 10}, "whitespace"),
    # A budget term through an analysis plugin: original words, highlighting by the server.
    "short_form_with_plugin_analyzer": ({"text": "三公经费"}, "ik_smart"),
}


def _recorded_request(case: dict) -> SearchRequest:
    return SearchRequest(plan=plan(case["text"]), filters=case.get("filters", {}),
                         sort=case.get("sort", "relevance"), offset=case.get("offset", 0))


@pytest.mark.django_db
def test_query_bodies_match_the_recorded_expectations_for_the_pinned_library_version():
    from elasticsearch import __versionstr__  # elasticsearch_dsl 8.18 is a shim over its .dsl

    SearchTerm.objects.create(word="卫计委", synonyms="卫生和计划生育委员会 卫生健康委员会")
    SearchTerm.objects.create(word="控烟", synonyms="控制吸烟 禁烟")
    SearchTerm.objects.create(word="三公经费", synonyms="三公 公务接待费")
    bodies = {name: json.loads(json.dumps(
        build_search(_recorded_request(case), analyzer).to_dict(), ensure_ascii=False,
        default=str)) for name, (case, analyzer) in RECORDED_CASES.items()}
    version = ".".join(__versionstr__.split(".")[:2])
    if os.environ.get("RECORD_ES_BODIES"):
        RECORDED_BODIES.write_text(json.dumps({"elasticsearch": version, "bodies": bodies},
                                              ensure_ascii=False, indent=1) + "\n",
                                   encoding="utf-8")
        pytest.skip(f"RECORD_ES_BODIES: query bodies recorded to {RECORDED_BODIES.name}")
    recorded = json.loads(RECORDED_BODIES.read_text(encoding="utf-8"))
    assert recorded["elasticsearch"] == version, (
        f"recorded for elasticsearch {recorded['elasticsearch']}, installed {version}: "
        "check the bodies against that version's server and record them again")
    for name in RECORDED_CASES:
        assert bodies[name] == recorded["bodies"][name], name


@pytest.mark.django_db
def test_elasticsearch_ranking_follows_the_database_backend_rules():
    SearchTerm.objects.create(word="卫计委", synonyms="卫生和计划生育委员会 卫生健康委员会")
    body = build_search(SearchRequest(plan=plan("卫计委 控烟 规定"))).to_dict()
    words = body["query"]["bool"]["should"][0]["bool"]
    # Two of the three words are enough, and each word held adds COVERAGE_STEP.
    assert words["filter"][0]["bool"]["minimum_should_match"] == 2
    coverage = [clause for clause in words["should"] if "constant_score" in clause]
    assert [clause["constant_score"]["boost"] for clause in coverage] == [COVERAGE_STEP] * 3
    # The word as typed counts fully, the same name written out more than another name.
    forms = {alternative["bool"]["must"][0]["multi_match"]["query"]: alternative["bool"]["boost"]
             for alternative in words["filter"][0]["bool"]["should"][0]["dis_max"]["queries"]}
    assert forms["卫计委"] == 1.0
    assert forms["卫生和计划生育委员会"] > forms["卫生健康委员会"]
    # A repealed or expired document below a current one: the validity factors multiply.
    functions = next(clause for clause in words["should"]
                     if "function_score" in clause)["function_score"]["functions"]
    assert {"filter": {"term": {"validity": "已废止"}}, "weight": VALIDITY_FACTOR["已废止"]} \
        in functions
    assert fields_of(body) == {"title^10", "meta^4", "body", "attachments^0.3"}


def fields_of(body) -> set:
    """Every field list of the multi_match clauses in a body."""
    found = set()
    if isinstance(body, dict):
        if "multi_match" in body:
            found.update(body["multi_match"]["fields"])
        for value in body.values():
            found |= fields_of(value)
    elif isinstance(body, list):
        for value in body:
            found |= fields_of(value)
    return found


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


@needs_server
@pytest.mark.django_db
def test_real_elasticsearch_ranks_as_the_database_backend_does(es_backend, make_page):
    from search import index

    old = make_page("校验办法", "<p>示例市医疗机构校验管理办法</p>", validity="已废止", kind="政策文件")
    new = make_page("执业登记和校验办法", "<p>示例市医疗机构执业登记和校验管理办法</p>",
                    validity="有效", kind="政策文件")
    both = make_page("预约诊疗", "<p>二级以上医院推行分时段预约诊疗。</p>")
    one = make_page("互联网医院", "<p>互联网医院为复诊患者提供诊疗服务。</p>")
    index.rebuild()
    search = lambda text: [hit.page_id for hit in  # noqa: E731
                           es_backend.search(SearchRequest(plan=plan(text))).hits]
    assert search("医疗机构 校验")[:2] == [new.pk, old.pk]
    assert search("分时段 预约诊疗 复诊") == [both.pk]
    assert set(search("互联网医院 预约诊疗")) == {one.pk, both.pk}
    assert search("房屋产权 预约诊疗") == []  # a word found nowhere: every word required
