"""The public search page: results list, facets, sorting, pagination, polite answers."""

import re
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search.models import PromotedResult, QueryLog

pytestmark = pytest.mark.django_db


def result_links(response) -> list[str]:
    html = response.content.decode()
    results = html.split('<ol class="search-results"', 1)
    if len(results) < 2:
        return []
    block = results[1].split("</ol>", 1)[0]
    return re.findall(r'<li>\s*<h2><a href="([^"]+)"', block)


def test_results_are_an_ordered_list_with_link_snippet_and_metadata(client, make_page):
    page = make_page("民生监督平台管理办法", "<p>为加强民生监督大数据平台管理，制定本办法。</p>",
                     column="政策文件", column_id=7, issuing_body="示例市卫生健康委员会",
                     validity="有效", document_number="示卫〔2024〕5号",
                     published_on=date(2024, 3, 1))
    response = client.get("/search/", {"q": "民生监督"})
    assert response.status_code == 200
    html = response.content.decode()
    assert result_links(response) == [page.url]
    assert "<mark>民生监督</mark>" in html
    for text in ("政策文件", "示例市卫生健康委员会", "有效", "2024-03-01", "示卫〔2024〕5号"):
        assert text in html


def test_facet_counts_are_right(client, make_page):
    for number in range(3):
        make_page(f"疫苗接种通知{number}", "<p>关于疫苗接种工作安排。</p>", kind="通知公告",
                  column="公示公告", column_id=11, published_on=date(2023, 1, 2 + number))
    make_page("疫苗接种解读", "<p>疫苗接种政策解读。</p>", kind="政策解读", column="政策解读",
              column_id=12, published_on=date(2024, 6, 1), validity="有效")
    make_page("无关", "<p>办事指南。</p>", kind="通知公告", column="公示公告", column_id=11)
    from search.backends import SearchRequest, get_backend
    from search.query import plan

    results = get_backend().search(SearchRequest(plan=plan("疫苗接种")))
    facets = {name: {value.label: value.count for value in values}
              for name, values in results.facets.items()}
    assert results.total == 4
    assert facets["kind"] == {"通知公告": 3, "政策解读": 1}
    assert facets["column"] == {"公示公告": 3, "政策解读": 1}
    assert facets["year"] == {"2023": 3, "2024": 1}
    assert facets["validity"] == {"有效": 1}
    filtered = client.get("/search/", {"q": "疫苗接种", "column": 12})
    assert len(result_links(filtered)) == 1
    by_year = get_backend().search(SearchRequest(plan=plan("疫苗接种"), filters={"year": 2023}))
    assert by_year.total == 3


def test_sort_by_date_and_pagination(client, make_page):
    # The more often the words occur, the higher the relevance: the reverse of the date order.
    pages = [make_page(f"健康教育活动{n}", "<p>" + "开展健康教育活动。" * (12 - n) + "</p>",
                       published_on=date(2020 + n % 5, 1 + n, 1)) for n in range(12)]
    first = client.get("/search/", {"q": "健康教育", "sort": "date"})
    second = client.get("/search/", {"q": "健康教育", "sort": "date", "page": 2})
    newest_first = sorted(pages, key=lambda p: (date(2020 + pages.index(p) % 5,
                                                     1 + pages.index(p), 1)), reverse=True)
    assert result_links(first) == [p.url for p in newest_first[:10]]
    assert result_links(second) == [p.url for p in newest_first[10:]]
    assert 'start="11"' in second.content.decode()
    by_relevance = client.get("/search/", {"q": "健康教育"})
    assert result_links(by_relevance)[0] != newest_first[0].url


def test_empty_and_over_long_queries_are_answered_politely(client, home):
    empty = client.get("/search/", {"q": "  "})
    assert empty.status_code == 200 and "请输入要检索的关键词" in empty.content.decode()
    long = client.get("/search/", {"q": "卫" * 101})
    assert long.status_code == 200 and "检索词过长" in long.content.decode()


HOSTILE = ['"', "'", '"民生', "* : ( ) - AND OR NEAR", "NEAR(a b)", "a OR", "(", ")", "-",
           "'; DROP TABLE search_indexentry; --", "1' OR '1'='1", "title:*", "^民生",
           '"a" NOT "b"', "民生*", "{title}: x", "\\", "%", "_", "\x00", "卫\x00生",
           "𠀀𠀁", "🙂", "‮", "　", "平卫〔", "〔2021〕", "x" * 10_000, "OR AND NOT"]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_never_cause_a_server_error(client, make_page, query):
    """NUL bytes are refused with a 400 before the search runs (portal.middleware)."""
    make_page("民生监督", "<p>民生监督大数据平台。</p>")
    response = client.get("/search/", {"q": query})
    assert response.status_code == (400 if "\x00" in query else 200)


def test_lone_surrogates_and_bad_parameters_in_the_url_are_harmless(client, home):
    """Bytes that are not UTF-8 (a lone surrogate too) and NUL are a 400; the rest is a 200."""
    for url in ["/search/?q=%ED%A0%80", "/search/?q=%ED%A0%80%E6%B0%91",
                "/search/?q=%FF%FE", "/search/?q=a&column=%00", "/search/?q=a&kind=%00",
                "/search/?q=%00"]:
        assert client.get(url).status_code == 400, url
    for url in ["/search/?q=a&page=-1", "/search/?q=a&page=99999999999",
                "/search/?q=a&year=abc", "/search/?q=a&sort=evil", "/search/?q[]=a"]:
        assert client.get(url).status_code == 200, url


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(max_size=120))
def test_random_unicode_queries_never_cause_a_server_error(client, home, query):
    assert client.get("/search/", {"q": query}).status_code == (400 if "\x00" in query else 200)


def test_query_log_counts_searches_and_zero_results_without_personal_data(client, make_page):
    make_page("民生监督", "<p>民生监督。</p>")
    client.get("/search/", {"q": "民生监督"})
    client.get("/search/", {"q": "民生监督"})
    client.get("/search/", {"q": "不存在的词语组合"})
    rows = {row.query: row for row in QueryLog.objects.all()}
    assert rows["民生监督"].searches == 2 and rows["民生监督"].zero_result_searches == 0
    assert rows["不存在的词语组合"].zero_result_searches == 1
    field_names = {field.name for field in QueryLog._meta.get_fields()}
    assert field_names == {"id", "query", "day", "searches", "zero_result_searches"}


def test_query_log_keeps_id_and_mobile_numbers_masked_article_15(client, home):
    client.get("/search/", {"q": "440306198512014565 办理进度"})
    client.get("/search/", {"q": "13812345678"})
    assert set(QueryLog.objects.values_list("query", flat=True)) == {
        "440***********4565 办理进度", "138****5678"}


def test_promoted_result_comes_first_once(client, make_page):
    ordinary = make_page("医保报销", "<p>医保报销 医保报销 医保报销 流程说明。</p>")
    chosen = make_page("办事指南", "<p>一份指南，提到医保报销。</p>")
    PromotedResult.objects.create(query="医保报销", page=chosen)
    links = result_links(client.get("/search/", {"q": "医保报销"}))
    assert links == [chosen.url, ordinary.url]


def test_promoted_result_is_not_repeated_on_later_pages(client, make_page):
    ordinary = [make_page(f"义诊活动{n}", "<p>义诊活动安排。</p>") for n in range(10)]
    chosen = make_page("义诊活动总表", "<p>义诊活动总表。</p>")
    PromotedResult.objects.create(query="义诊活动", page=chosen)
    first = result_links(client.get("/search/", {"q": "义诊活动"}))
    second_response = client.get("/search/", {"q": "义诊活动", "page": 2})
    second = result_links(second_response)
    assert first[0] == chosen.url and len(first) == 11
    assert chosen.url not in second and len(second) == 0
    assert sorted(first[1:]) == sorted(page.url for page in ordinary)
