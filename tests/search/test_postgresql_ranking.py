"""PostgreSQL ranks every match from postings (search/backends/postings.py): the trigger keeps
them, their impacts follow the BM25F formula, and the threshold algorithm's first pages are
those of scoring every match (issue 16: "ranking well across all matches, not only the newest
200")."""

import math
import os
import random
from datetime import date, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone
from wagtail.models import Locale, Page

from search import index
from search.backends import SearchRequest, get_backend, postings
from search.backends.database import KIND_FACTOR, VALIDITY_FACTOR
from search.models import IndexEntry, IndexState, SearchTerm
from search.query import plan

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgres"),
                       reason="PostgreSQL 的排序表（search_posting）只在 PostgreSQL 上存在；"
                              "set DATABASE_URL=postgres://… to run"),
]

WORDS = ("医疗 卫生 健康 疫苗 接种 医院 药品 监督 管理 服务 预算 公开 信息 疾病 预防 控制 "
         "传染病 急救 中医药 妇幼 保健 养老 护理 检查 通知 规定 办法 实施 政策 解读").split()
KINDS = ("政策文件", "工作动态", "通知公告")
VALIDITIES = ("有效", "已废止", "")


def generated(page) -> dict:
    """Text for a bulk-created page, from its id: sentences of the words, Zipf-like."""
    rng = random.Random(page.pk)
    weights = [1 / (rank + 1) for rank in range(len(WORDS))]
    sentences = ["".join(rng.choices(WORDS, weights=weights, k=rng.randint(3, 9))) + "。"
                 for _ in range(rng.randint(1, 8))]
    return {"title": page.title, "body": "".join(sentences), "summary": sentences[0],
            "kind": KINDS[page.pk % 3], "validity": VALIDITIES[page.pk % 3],
            "published_on": date(2018, 1, 1) + timedelta(days=page.pk % 2000)}


@pytest.fixture
def corpus(home, monkeypatch):
    """300 live pages with generated text under the home page, indexed by a rebuild."""
    monkeypatch.setattr(Page, "search_document", generated, raising=False)
    rng = random.Random(3)
    content_type = ContentType.objects.get_for_model(Page)
    now = timezone.now()
    pages = []
    for number in range(1, 301):
        title = "".join(rng.choices(WORDS, k=2)) + "工作"
        pages.append(Page(
            title=title, draft_title=title, slug=f"gen-{number}", content_type=content_type,
            path=Page._get_path(home.path, home.depth + 1, home.numchild + number),
            depth=home.depth + 1, numchild=0, url_path=f"{home.url_path}gen-{number}/",
            live=True, has_unpublished_changes=False, first_published_at=now,
            last_published_at=now, locale=Locale.get_default()))
    Page.objects.bulk_create(pages)
    Page.objects.filter(pk=home.pk).update(numchild=home.numchild + 300)
    index.rebuild()
    return pages


def ids(results):
    return [hit.page_id for hit in results.hits]


def search(text, **kwargs):
    return get_backend().search(SearchRequest(plan=plan(text), **kwargs))


def test_the_threshold_algorithm_lists_what_scoring_every_match_lists(corpus, monkeypatch):
    rng = random.Random(11)
    queries = [" ".join(rng.sample(WORDS, rng.choice((1, 2, 2, 3)))) for _ in range(40)]
    requests = [dict(), dict(offset=10), dict(filters={"kind": "政策文件"}),
                dict(filters={"validity": "有效"}, limit=5)]
    exact = {}
    monkeypatch.setattr(postings, "DIRECT_LIMIT", 10 ** 9)
    for text in queries:
        for number, request in enumerate(requests):
            results = search(text, **request)
            exact[text, number] = (ids(results), results.total)
    assert sum(total > 10 for _ids, total in exact.values()) > 100  # large results mostly
    # Reading three postings a term at a time and looking up two entries at a time makes
    # every query take many rounds.
    monkeypatch.setattr(postings, "DIRECT_LIMIT", 0)
    monkeypatch.setattr(postings, "FIRST_DEPTH", 3)
    monkeypatch.setattr(postings, "LOOKUP_BATCH", 2)
    for text in queries:
        for number, request in enumerate(requests):
            results = search(text, **request)
            assert (ids(results), results.total) == exact[text, number], (text, request)


def test_impacts_are_bm25f_of_the_fields_with_the_rank_factors(corpus):
    state = IndexState.current()
    averages = [state.average_title_length, state.average_meta_length,
                state.average_body_length, state.average_attachment_length]
    assert averages[2] > 5  # taken from the generated pages by the rebuild's statistics
    entry = IndexEntry.objects.filter(generation=state.active_generation,
                                      validity="已废止").order_by("pk").first()
    fields = [entry.title_tokens, entry.meta_tokens, entry.body_tokens,
              entry.attachment_tokens]
    tokens = [text.split() for text in fields]
    with connection.cursor() as cursor:
        cursor.execute("SELECT term, impact FROM search_posting WHERE entry_id = %s", [entry.pk])
        stored = dict(cursor.fetchall())
    assert set(stored) == {token.lower() for field in tokens for token in field}
    factor = KIND_FACTOR.get(entry.kind, 1) * VALIDITY_FACTOR["已废止"]
    for term in {*tokens[0], *tokens[2][:5]}:
        weighted = sum(weight * field.count(term) / (1 - postings.B + postings.B * len(field)
                                                     / max(average, 1))
                       for weight, field, average in zip(postings.FIELD_WEIGHTS, tokens, averages,
                                                         strict=True))
        expected = factor * weighted * (postings.K1 + 1) / (postings.K1 + weighted)
        assert math.isclose(stored[term], expected, rel_tol=1e-5), term


def test_postings_follow_the_entry_and_leave_with_it(corpus):
    entry = IndexEntry.objects.filter(generation=IndexState.current().active_generation,
                                      validity="有效").order_by("pk").first()
    word = entry.title_tokens.split()[0]

    def impacts():
        with connection.cursor() as cursor:
            cursor.execute("SELECT term, impact FROM search_posting WHERE entry_id = %s",
                           [entry.pk])
            return dict(cursor.fetchall())

    before = impacts()
    entry.body_tokens = entry.body_tokens + " 血吸虫病"
    entry.save()
    assert "血吸虫病" in impacts() and "血吸虫病" not in before
    entry.validity = "已废止"
    entry.save()
    assert impacts()[word] == pytest.approx(before[word] * VALIDITY_FACTOR["已废止"], rel=1e-2)
    entry.delete()
    assert impacts() == {}


def test_the_rank_factor_function_has_the_codes_factors():
    with connection.cursor() as cursor:
        for kind, kind_factor in [*KIND_FACTOR.items(), ("工作动态", 1)]:
            for validity, validity_factor in [*VALIDITY_FACTOR.items(), ("有效", 1)]:
                cursor.execute("SELECT search_rank_factor(%s, %s)", [kind, validity])
                assert cursor.fetchone()[0] == pytest.approx(kind_factor * validity_factor)


def test_a_word_new_since_the_statistics_ranks_at_once(corpus, make_page):
    new = make_page("鼠疫防控工作", "<p>鼠疫防控知识。</p>")
    assert ids(search("鼠疫")) == [new.pk]
    with connection.cursor() as cursor:
        cursor.execute("SELECT df FROM search_termstat WHERE term = '工作'")
        assert cursor.fetchone()[0] >= 300  # every generated title holds it
        cursor.execute("SELECT COUNT(*) FROM search_termstat WHERE term = '鼠疫'")
        assert cursor.fetchone()[0] == 0  # rare: counted when asked


def test_a_form_of_several_words_must_stand_together(corpus, make_page, monkeypatch):
    SearchTerm.objects.create(word="卫计委", synonyms="卫生和计划生育委员会")
    together = make_page("原卫生和计划生育委员会文件目录", "<p>历史文件。</p>")
    apart = make_page("计划生育委员会与卫生部门的协作", "<p>委员会和卫生、计划生育。</p>")
    monkeypatch.setattr(postings, "DIRECT_LIMIT", 0)
    monkeypatch.setattr(postings, "FIRST_DEPTH", 1)
    found = ids(search("卫计委"))
    assert together.pk in found and apart.pk not in found


def test_the_upgrade_writes_the_postings_the_triggers_write(corpus):
    """Migration 0005 fills the postings of entries indexed before it with the same SQL as
    `remake_postings`: the same rows as the triggers wrote."""

    def everything():
        with connection.cursor() as cursor:
            cursor.execute("SELECT entry_id, generation, term, impact FROM search_posting "
                           "ORDER BY 1, 3")
            return cursor.fetchall()

    written = everything()
    assert len(written) > 3000
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM search_posting")
        postings.remake_postings(cursor, IndexState.current().active_generation)
    assert everything() == written


def test_statistics_renew_the_averages_and_remake_the_postings_when_they_moved(corpus):
    state = IndexState.current()
    real = state.average_body_length  # the rebuild's statistics took it from the pages
    IndexState.objects.filter(pk=state.pk).update(average_body_length=real * 3)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE search_posting SET impact = 0")  # as if made with other averages
    assert index.refresh_statistics() > 0
    state.refresh_from_db()
    assert state.average_body_length == pytest.approx(real)
    with connection.cursor() as cursor:
        cursor.execute("SELECT MIN(impact) FROM search_posting")
        assert cursor.fetchone()[0] > 0
