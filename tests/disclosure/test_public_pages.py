"""The public catalogue: what listings, feeds and the sitemap show, the filters, the pages."""

import datetime

import pytest
from django.utils import timezone

from disclosure.models import CatalogueColumn
from tests.disclosure.conftest import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_states(make_document):
    """A live document, a draft and one scheduled for tomorrow."""
    live = publish(make_document("已发布的通知"))
    draft = make_document("草稿通知")
    draft.save_revision()
    scheduled = make_document("定时发布的通知")
    scheduled.go_live_at = timezone.now() + datetime.timedelta(days=1)
    scheduled.save_revision().publish()
    scheduled.refresh_from_db()
    assert not scheduled.live
    return live, draft, scheduled


def test_drafts_and_scheduled_pages_absent_from_column_listing(three_states, column, client):
    html = client.get(column.url).content.decode()
    assert "已发布的通知" in html
    assert "草稿通知" not in html and "定时发布的通知" not in html


def test_drafts_and_scheduled_pages_absent_from_catalogue(three_states, catalogue, client):
    html = client.get(catalogue.url).content.decode()
    assert "已发布的通知" in html
    assert "草稿通知" not in html and "定时发布的通知" not in html


def test_drafts_and_scheduled_pages_absent_from_feeds(three_states, column, client):
    for url in ("/disclosure/feed/", f"/disclosure/feed/column/{column.pk}/"):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/atom+xml")
        xml = response.content.decode()
        assert "已发布的通知" in xml
        assert "草稿通知" not in xml and "定时发布的通知" not in xml


def test_drafts_and_scheduled_pages_absent_from_sitemap(three_states, client):
    live, draft, scheduled = three_states
    xml = client.get("/sitemap.xml").content.decode()
    assert live.url in xml
    assert f"/{draft.slug}/" not in xml and f"/{scheduled.slug}/" not in xml


def test_draft_and_scheduled_pages_are_not_served(three_states, client):
    _live, draft, scheduled = three_states
    assert client.get(f"{draft.get_parent().url}{draft.slug}/").status_code == 404
    assert client.get(f"{scheduled.get_parent().url}{scheduled.slug}/").status_code == 404


def test_feed_of_a_column_that_is_not_live_is_404(catalogue, department, client):
    hidden = catalogue.add_child(instance=CatalogueColumn(
        title="未发布栏目", slug="hidden", department=department, live=False))
    assert client.get(f"/disclosure/feed/column/{hidden.pk}/").status_code == 404


def test_column_filters_by_year_subject_issuing_body_and_validity(make_document, column, client):
    a = make_document("甲", subject="health", issuing_body="示例市卫生健康委员会",
                      published_on=datetime.date(2024, 5, 6))
    b = make_document("乙", subject="finance", issuing_body="示例市财政局",
                      published_on=datetime.date(2025, 7, 8))
    c = make_document("丙", subject="health", issuing_body="示例市财政局", validity="expired",
                      published_on=datetime.date(2025, 1, 2))
    for page in (a, b, c):
        publish(page)

    def titles(**query):
        response = client.get(column.url, query)
        return [item.title for item in response.context["items"].object_list]

    assert titles() == ["乙", "丙", "甲"]  # newest published first
    assert titles(year="2025") == ["乙", "丙"]
    assert titles(subject="health") == ["丙", "甲"]
    assert titles(issuing_body="示例市财政局") == ["乙", "丙"]
    assert titles(validity="expired") == ["丙"]
    assert titles(year="2025", subject="health") == ["丙"]


def test_bad_filter_value_is_reported_and_ignored(make_document, column, client):
    publish(make_document("甲"))
    response = client.get(column.url, {"year": "abc", "validity": "nonsense"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "部分筛选条件无效" in html
    assert [item.title for item in response.context["items"].object_list] == ["甲"]


def test_column_listing_paginates_twenty_a_page(make_document, column, client):
    for n in range(23):
        publish(make_document(f"文件{n:02d}"))
    first = client.get(column.url)
    assert len(first.context["items"].object_list) == 20
    second = client.get(column.url, {"page": 2})
    assert len(second.context["items"].object_list) == 3
    assert client.get(column.url, {"page": "x"}).status_code == 200


def test_policy_document_page_has_the_metadata_box(make_document, client):
    document = publish(make_document(summary="规范医疗质量管理。"))
    document.tags.add("医疗质量")
    publish(document)
    html = client.get(document.url).content.decode()
    assert 'class="metadata-box"' in html
    for label in ("索引号", "主题分类", "发文机关", "成文日期", "发文字号", "发布日期", "有效性",
                  "主题词", "医疗质量"):
        assert label in html
    organisation, serial = document.index_number.split("/")
    assert (f'<span class="index-number">{organisation}</span>/<wbr>'
            f'<span class="index-number">{serial}</span>') in html
    assert document.document_number in html


def test_every_item_shows_author_source_and_compile_time_article_16(make_document, make_news,
                                                                   client):
    for page in (make_document(source="医政医管科"), make_news(source="疾病预防控制科")):
        publish(page)
        html = client.get(page.url).content.decode()
        assert "作者" in html and page.author in html
        assert "来源" in html and page.source in html
        assert "编辑时间" in html and page.last_published_at.astimezone(
            datetime.timezone(datetime.timedelta(hours=8))).strftime("%Y-%m-%d") in html


def test_source_defaults_to_the_organisation(make_document, client):
    document = publish(make_document(source=""))
    assert "示例市卫生健康委员会" in client.get(document.url).content.decode()


def test_item_page_has_an_inline_svg_qr_code_and_a_print_button(make_document, client):
    document = publish(make_document())
    html = client.get(document.url).content.decode()
    assert '<svg role="img"' in html and 'class="qr-code"' in html
    assert "打印本页" in html


def test_catalogue_shows_guide_column_tree_and_application_link(catalogue, column, home, client):
    from applications.models import ApplicationPage

    application = home.add_child(instance=ApplicationPage(title="依申请公开", slug="ysqgk"))
    html = client.get(catalogue.url).content.decode()
    assert "本指南说明公开的范围和方式" in html
    assert column.url in html
    assert application.url in html


def test_latest_disclosures_tag_lists_live_items(three_states):
    from django.template import Context, Template

    html = Template("{% load disclosure_tags %}{% latest_disclosures 5 %}").render(Context({}))
    assert "已发布的通知" in html and "草稿通知" not in html and "定时发布的通知" not in html


def test_interpretation_and_document_link_each_other(make_document, make_interpretation, client):
    document = make_document(needs_interpretation=True)
    interpretation = publish(make_interpretation([document]))
    publish(document)
    assert interpretation.url in client.get(document.url).content.decode()
    assert document.url in client.get(interpretation.url).content.decode()


def test_published_item_shows_its_major_change_notes_publicly(client, make_document,
                                                               django_user_model):
    """A major change to a published item is shown in its public history (留痕)."""
    from django.utils import timezone

    from publishing.workflow_models import ChangeNote
    from tests.disclosure.conftest import publish

    document = publish(make_document(title="关于调整门诊收费项目的通知"))
    editor = django_user_model.objects.create_user("history-editor")
    revision = document.save_revision(user=editor)
    ChangeNote.objects.create(page=document, revision=revision, kind=ChangeNote.MAJOR,
                              note="更正了第三条的执行日期。", by=editor,
                              published_at=timezone.now())
    ChangeNote.objects.create(page=document, revision=document.save_revision(user=editor),
                              kind=ChangeNote.MINOR, note="改正错别字。", by=editor,
                              published_at=timezone.now())
    html = client.get(document.url).content.decode()
    assert "修改记录" in html
    assert "更正了第三条的执行日期。" in html
    assert "改正错别字。" not in html
