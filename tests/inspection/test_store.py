"""Incremental inspection runs (issue 20): a run today rechecks only the pages that changed since
the last one, and finds exactly what a full run finds."""

from datetime import timedelta

import pytest
from django.core.management import call_command

from inspection.models import InspectedPage, InspectionCursor, LeaderName, PageLink
from inspection.rules import inspect_site
from workdays.local_time import local_today

pytestmark = pytest.mark.django_db


def rule(inspection, key):
    return next(result for result in inspection.results if result.key == key)


def details(inspection, key):
    return sorted(finding.detail for finding in rule(inspection, key).findings)


def same_as_full(incremental):
    """The incremental run found what a full run finds (the full run rebuilds the store)."""
    full = inspect_site(full=True)
    assert full.run.mode == "full"
    assert incremental.as_dict() == full.as_dict()


@pytest.fixture
def yesterday():
    return local_today() - timedelta(days=1)


@pytest.fixture
def site_pages(make_column, make_news, yesterday, home):
    column = make_column("工作动态", "news")
    other = make_column("通知公告", "notice")
    target = make_news(column, yesterday, title="目标")
    moving = make_news(column, yesterday, title="将移动")
    source = make_news(column, yesterday, title="引用", body=(
        f'<p><a linktype="page" id="{target.pk}">按编号</a>'
        f'<a href="{moving.url_path[len(home.url_path) - 1:]}">按地址</a></p>'))
    plain = make_news(column, yesterday, title="无链接")
    assert source.body.count("href") == 1
    return {"home": home, "column": column, "other": other, "target": target, "moving": moving,
            "source": source, "plain": plain}


def test_the_first_run_checks_every_page_the_next_only_what_changed(site_pages):
    first = inspect_site()
    assert first.run.mode == "full" and first.run.checked >= 6
    assert InspectedPage.objects.count() == first.run.checked
    assert PageLink.objects.filter(source_id=site_pages["source"].pk).count() == 2
    second = inspect_site()
    assert second.run.mode == "incremental" and second.run.checked == 0
    LeaderName.objects.create(name="张三", miswritten="张叁")
    assert inspect_site().run.mode == "full"  # a word list changed: every page again
    plain = site_pages["plain"]
    plain.body = "<p>主任张叁出席。</p>"
    plain.save_revision().publish()
    third = inspect_site()
    assert third.run.mode == "incremental" and third.run.checked == 1
    assert details(third, "errors") == ["张叁"]
    same_as_full(third)


def test_unpublishing_a_linked_page_rechecks_the_page_linking_to_it(site_pages):
    inspect_site()
    site_pages["target"].unpublish()
    run = inspect_site()
    assert run.run.mode == "incremental" and run.run.checked == 1
    assert details(run, "links") == [f"page:{site_pages['target'].pk}"]
    same_as_full(run)


def test_deleting_a_linked_page_rechecks_the_page_linking_to_it(site_pages):
    inspect_site()
    target_pk = site_pages["target"].pk
    site_pages["target"].delete()
    run = inspect_site()
    assert details(run, "links") == [f"page:{target_pk}"]
    assert not InspectedPage.objects.filter(page_id=target_pk).exists()
    same_as_full(run)


def test_moving_a_page_breaks_the_links_to_its_old_address_and_a_new_page_there_mends_them(
        site_pages, make_news, yesterday):
    from disclosure.models import WorkNews

    inspect_site()
    moving, column = site_pages["moving"], site_pages["column"]
    old_address = moving.url_path[len(site_pages["home"].url_path) - 1:]
    moving.move(site_pages["other"], pos="last-child")
    run = inspect_site()
    assert run.run.mode == "incremental"
    assert details(run, "links") == [old_address]
    same_as_full(run)
    # A page published at the old address answers the link again.
    replacement = column.add_child(instance=WorkNews(
        title="新页面", slug=moving.slug, body="<p>内容</p>", happened_on=yesterday,
        formed_on=yesterday))
    replacement.save_revision().publish()
    run = inspect_site()
    assert details(run, "links") == []
    same_as_full(run)


def test_a_future_publication_date_is_judged_again_every_day_without_a_change(
        site_pages, yesterday):
    from wagtail.models import Page

    inspect_site()
    plain = site_pages["plain"]
    Page.objects.filter(pk=plain.pk).update(
        first_published_at=plain.first_published_at + timedelta(days=3))
    # A change behind the site's back is not seen until a full run …
    assert inspect_site().run.checked == 0
    flagged = inspect_site(full=True)
    assert [f.page_id for f in rule(flagged, "dates").findings] == [plain.pk]
    # … but a page with a date finding is checked again on every run.
    Page.objects.filter(pk=plain.pk).update(first_published_at=plain.first_published_at)
    mended = inspect_site()
    assert mended.run.mode == "incremental" and mended.run.checked == 1
    assert rule(mended, "dates").findings == []


def test_a_run_as_of_another_day_leaves_the_store_alone(site_pages):
    inspect_site()
    before = InspectionCursor.objects.get().refreshed_at
    other = inspect_site(local_today() + timedelta(days=30))
    assert other.run.mode == "memory"
    assert InspectionCursor.objects.get().refreshed_at == before


def test_inspect_site_full_option_rebuilds_the_store(site_pages):
    inspect_site()
    InspectedPage.objects.all().delete()
    call_command("inspect_site", "--full", "--format", "json", stdout=open("/dev/null", "w"))
    assert InspectedPage.objects.count() >= 6


def test_deleting_a_linked_document_rechecks_the_page_linking_to_it(
        make_column, make_news, yesterday):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    document = Document(title="方案")
    document.file.save("inspection-store.pdf", ContentFile(b"%PDF-1.4"), save=True)
    page = make_news(make_column("工作动态", "news"), yesterday,
                     body=f'<p><a linktype="document" id="{document.pk}">方案</a></p>')
    assert details(inspect_site(), "links") == []
    document_pk = document.pk
    document.delete()
    run = inspect_site()
    assert run.run.mode == "incremental" and run.run.checked == 1
    assert [(f.page_id, f.detail) for f in rule(run, "links").findings] == [
        (page.pk, f"document:{document_pk}")]
    same_as_full(run)
