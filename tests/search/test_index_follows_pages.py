"""What is indexed, and how the index follows the pages: only live pages the public may view."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import PageViewRestriction

from portal.models import SectionPage
from search import index
from search.backends import SearchRequest, get_backend
from search.models import IndexEntry, SearchTerm
from search.query import plan

pytestmark = pytest.mark.django_db


def found(text) -> list[int]:
    return [hit.page_id for hit in get_backend().search(SearchRequest(plan=plan(text))).hits]


def test_draft_pages_are_never_indexed_or_returned(make_page):
    draft = make_page("草稿", "<p>尚未发布的艾滋病防治方案。</p>", publish=False)
    assert found("艾滋病防治") == []
    assert not IndexEntry.objects.filter(page=draft).exists()


def test_scheduled_page_is_absent_until_live_wagtail_13959(make_page, home, searchable,
                                                           run_commit_hooks):
    with run_commit_hooks():
        page = home.add_child(instance=SectionPage(title="定时发布", live=False,
                              body="<p>定时发布的结核病筛查通知。</p>"))
        page.go_live_at = timezone.now() + timedelta(days=2)
        page.save_revision().publish()  # Wagtail sends page_published here too
    assert found("结核病筛查") == []
    assert not IndexEntry.objects.filter(page=page).exists()
    # Its time comes (as if two days passed): publish_scheduled publishes it, the index follows.
    page.refresh_from_db()
    revision = page.latest_revision
    revision.content["go_live_at"] = (timezone.now() - timedelta(minutes=1)).isoformat()
    revision.save()
    with run_commit_hooks():
        revision.publish()
    assert found("结核病筛查") == [page.pk]


def test_index_follows_publish_and_unpublish(make_page, run_commit_hooks):
    page = make_page("控烟", "<p>公共场所控烟工作检查通报。</p>")
    assert found("控烟工作") == [page.pk]
    with run_commit_hooks():
        page.unpublish()
    assert found("控烟工作") == []
    assert not IndexEntry.objects.filter(page=page).exists()
    with run_commit_hooks():
        page.save_revision().publish()
    assert found("控烟工作") == [page.pk]


def test_withdrawn_page_is_not_returned_even_before_its_task_runs(make_page):
    page = make_page("撤回", "<p>已经撤回的食品安全抽检结果。</p>")
    # Unpublished without the index being told (e.g. the task has not run yet):
    SectionPage.objects.filter(pk=page.pk).update(live=False)
    assert found("食品安全") == []


def test_expired_page_is_never_returned(make_page, run_commit_hooks):
    page = make_page("过期", "<p>已过期的义诊活动安排。</p>")
    SectionPage.objects.filter(pk=page.pk).update(expire_at=timezone.now() - timedelta(minutes=1))
    assert found("义诊活动") == []  # the query-time filter, before the scheduler runs
    page.refresh_from_db()
    with run_commit_hooks():
        page.unpublish(set_expired=True)
    assert not IndexEntry.objects.filter(page=page).exists()


def test_restricted_page_and_its_children_are_never_returned(make_page, run_commit_hooks):
    parent = make_page("内部栏目", "<p>内部栏目说明。</p>")
    child = make_page("内部通知", "<p>内部职工体检安排。</p>", parent=parent)
    assert found("职工体检") == [child.pk]
    with run_commit_hooks():
        restriction = PageViewRestriction.objects.create(
            page=parent, restriction_type=PageViewRestriction.GROUPS)
        restriction.groups.add(Group.objects.create(name="内部"))
    assert found("职工体检") == []
    assert not IndexEntry.objects.filter(page=child).exists()
    with run_commit_hooks():
        restriction.delete()
    assert found("职工体检") == [child.pk]


def test_restricted_page_is_filtered_at_query_time_too(make_page):
    page = make_page("限制", "<p>仅限内部的预算调整说明。</p>")
    PageViewRestriction.objects.bulk_create([PageViewRestriction(
        page=page, restriction_type=PageViewRestriction.LOGIN)])  # no signal: index untouched
    assert IndexEntry.objects.filter(page=page).exists()
    assert found("预算调整") == []


def test_move_updates_the_address_of_the_page_and_its_children(make_page, home,
                                                               run_commit_hooks):
    old_parent = make_page("旧栏目", "<p>旧栏目。</p>")
    new_parent = make_page("新栏目", "<p>新栏目。</p>")
    page = make_page("被移动", "<p>慢性病管理工作要点。</p>", parent=old_parent)
    old_url = IndexEntry.objects.get(page=page).url
    with run_commit_hooks():
        page.move(new_parent, pos="last-child")
    page.refresh_from_db()
    entry = IndexEntry.objects.get(page=page)
    assert entry.url == page.url and entry.url != old_url


def test_delete_removes_the_page(make_page, run_commit_hooks):
    page = make_page("将删除", "<p>口腔健康宣传周。</p>")
    page_id = page.pk
    with run_commit_hooks():
        page.delete()
    assert found("口腔健康") == []
    assert not IndexEntry.objects.filter(page_id=page_id).exists()


def test_pages_without_search_document_are_not_indexed(home, run_commit_hooks):
    # No `searchable` fixture here: SectionPage has no search_document().
    with run_commit_hooks():
        page = home.add_child(instance=SectionPage(title="普通栏目", body="<p>普通栏目正文。</p>"))
        page.save_revision().publish()
    assert not IndexEntry.objects.exists()


def test_abbreviation_finds_the_full_form_and_back(make_page, run_commit_hooks):
    full = make_page("委员会通知", "<p>示例市卫生健康委员会召开会议。</p>")
    short = make_page("简称通知", "<p>市卫健委发布通知。</p>")
    with run_commit_hooks():
        SearchTerm.objects.create(word="卫健委", synonyms="卫生健康委员会")
    assert set(found("卫健委")) == {full.pk, short.pk}
    assert set(found("卫生健康委员会")) == {full.pk, short.pk}


def test_a_new_dictionary_word_reindexes_the_pages_containing_it(make_page, run_commit_hooks):
    page = make_page("家医", "<p>推进家庭医生签约服务和慢病长处方。</p>")
    assert found("长处方") == [page.pk]  # found as single characters in a row
    with run_commit_hooks():
        SearchTerm.objects.create(word="长处方")
    assert "长处方" in IndexEntry.objects.get(page=page).body_tokens.split()
    assert found("长处方") == [page.pk]


def test_rebuild_swaps_generations_and_check_finds_missing_and_stale(make_page, searchable):
    first = make_page("第一", "<p>精神卫生工作。</p>")
    second = make_page("第二", "<p>职业病防治工作。</p>")
    IndexEntry.objects.filter(page=second).delete()
    IndexEntry.objects.filter(page=first).update(fingerprint="old")
    report = index.check()
    assert report.missing == [second.pk] and report.stale == [first.pk]
    before = IndexEntry.objects.get(page=first).generation
    result = index.rebuild()
    assert result.indexed == 2 and result.generation == before + 1
    assert set(IndexEntry.objects.values_list("generation", flat=True)) == {before + 1}
    assert index.check().ok
    assert found("职业病防治") == [second.pk]


def test_searches_keep_answering_while_a_rebuild_runs(make_page, monkeypatch):
    page = make_page("在线", "<p>重建期间仍可检索的狂犬病暴露处置。</p>")
    seen = []
    monkeypatch.setattr(index, "REBUILD_BATCH", 1)
    index.rebuild(progress=lambda done, total: seen.append(found("狂犬病暴露")))
    assert seen and all(result == [page.pk] for result in seen)
