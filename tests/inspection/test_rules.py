"""Each inspection rule (国办秘函〔2019〕19号) on the days around its threshold."""

from datetime import date, timedelta

import pytest
from wagtail.models import Page

from confidentiality.models import SensitiveTerm
from disclosure.models import DisclosureAttachment
from inspection.models import InspectionSettings, LeaderName, WrongExpression
from inspection.rules import RED, VETO, inspect_site
from tests.inspection.conftest import set_published

pytestmark = pytest.mark.django_db

DAY = date(2026, 6, 15)


def rule(inspection, key):
    return next(result for result in inspection.results if result.key == key)


def column_findings(day, kind_detail=None):
    result = rule(inspect_site(day), "columns")
    return [f for f in result.findings if kind_detail in (None, f.detail)], result


# --- home page (单项否决: 首页超过2周未更新) -----------------------------------------------------


def test_home_page_updated_14_days_ago_is_fresh_15_days_ago_is_a_single_veto(
        make_column, make_news):
    column = make_column("工作动态", "news")
    make_news(column, DAY - timedelta(days=14))
    assert not rule(inspect_site(DAY), "home").veto
    result = rule(inspect_site(DAY + timedelta(days=1)), "home")
    assert result.veto and result.status == RED
    assert result.findings[0].severity == VETO


def test_home_page_threshold_is_the_offices_setting(make_column, make_news):
    make_news(make_column("工作动态", "news"), DAY - timedelta(days=10))
    settings = InspectionSettings.load()
    settings.home_stale_days = 7
    settings.save()
    assert rule(inspect_site(DAY), "home").veto


# --- stale columns ------------------------------------------------------------------------------


def test_news_column_is_stale_after_two_weeks(make_column, make_news):
    column = make_column("工作动态", "news")
    make_news(column, DAY - timedelta(days=14))
    assert column_findings(DAY, "stale")[0] == []
    stale, result = column_findings(DAY + timedelta(days=1), "stale")
    assert [f.page_id for f in stale] == [column.pk]
    assert not result.veto  # one stale column costs points, five are a single veto


def test_notice_column_is_stale_after_six_months_counted_to_the_same_day(make_column, make_news):
    column = make_column("通知公告", "notice")
    make_news(column, date(2025, 12, 15))
    assert column_findings(date(2026, 6, 15), "stale")[0] == []
    assert len(column_findings(date(2026, 6, 16), "stale")[0]) == 1


def test_policy_column_updated_on_31_december_is_fresh_until_30_june(make_column, make_news):
    column = make_column("政策文件", "policy")
    make_news(column, date(2025, 12, 31))
    assert column_findings(date(2026, 6, 30), "stale")[0] == []
    assert len(column_findings(date(2026, 7, 1), "stale")[0]) == 1


def test_five_stale_columns_are_a_single_veto_four_are_not(make_column, make_news):
    old = DAY - timedelta(days=30)
    for index in range(4):
        make_news(make_column(f"动态{index}", "news"), old)
    make_news(make_column("最新动态", "news"), DAY)
    assert not column_findings(DAY)[1].veto
    make_news(make_column("动态4", "news"), old)
    stale, result = column_findings(DAY, "stale")
    assert len(stale) == 5 and result.veto and all(f.severity == VETO for f in stale)


def test_other_columns_are_long_stale_after_twelve_months_and_ten_are_a_veto(
        make_column, make_news):
    columns = [make_column(f"规划计划{index}", "other") for index in range(10)]
    for column in columns:
        make_news(column, date(2025, 6, 15))
    make_news(make_column("要闻", "news"), DAY)
    long_stale, result = column_findings(date(2026, 6, 15), "long_stale")
    assert long_stale == [] and not result.veto
    long_stale, result = column_findings(date(2026, 6, 16), "long_stale")
    assert len(long_stale) == 10 and result.veto


def test_a_fixed_content_column_is_never_stale(make_column, make_news):
    make_news(make_column("机构职能", "fixed"), date(2020, 1, 1))
    assert column_findings(DAY)[0] == []


def test_a_container_column_is_judged_by_its_sub_columns(make_column, make_news):
    parent = make_column("政策文件", "policy")
    child = make_column("医政医管", "policy", parent=parent)
    make_news(child, DAY)
    assert column_findings(DAY)[0] == []


# --- blank columns --------------------------------------------------------------------------


def test_a_column_with_no_content_is_blank_and_five_are_a_veto(make_column, make_news):
    make_column("人事信息", "other")
    make_column("有说明的栏目", "other", intro="<p>本栏目公开人事任免信息。</p>")
    blank, result = column_findings(DAY, "blank")
    assert [f.page_title for f in blank] == ["人事信息"] and not result.veto
    for index in range(4):
        make_column(f"空白{index}", "other")
    blank, result = column_findings(DAY, "blank")
    assert len(blank) == 5 and result.veto


def test_a_column_whose_only_item_is_a_draft_is_blank(make_column, make_news):
    column = make_column("招聘信息", "notice")
    news = make_news(column, DAY)
    news.unpublish()
    assert [f.page_id for f in column_findings(DAY, "blank")[0]] == [column.pk]


# --- messages (单项否决: 有效留言超过3个月未答复) ---------------------------------------------------


def test_an_unanswered_message_is_watched_up_to_its_red_line_and_a_veto_the_day_after(
        make_message, channels, today):
    from interaction.models import InspectionKind

    channels["complaint"].inspection_kind = InspectionKind.CONSULTATION
    channels["complaint"].save()
    message = make_message(date(2026, 3, 2))
    message.refresh_from_db()
    limit = message.inspection_limit_on
    assert limit >= date(2026, 6, 2)
    on_limit = rule(inspect_site(limit), "messages")
    assert not on_limit.veto and [f.severity for f in on_limit.findings] == ["watch"]
    after = rule(inspect_site(limit + timedelta(days=1)), "messages")
    assert after.veto and after.findings[0].detail == str(message.pk)


def test_a_petition_channel_message_never_counts(make_message, channels):
    from interaction.models import InspectionKind

    channels["complaint"].inspection_kind = InspectionKind.PETITION
    channels["complaint"].save()
    make_message(date(2026, 1, 5))
    assert rule(inspect_site(date(2026, 6, 15)), "messages").findings == []


# --- links and attachments ------------------------------------------------------------------


def test_links_to_missing_or_unpublished_pages_and_unknown_addresses_are_found(
        make_column, make_news, home):
    column = make_column("工作动态", "news")
    target = make_news(column, DAY, title="目标")
    draft = make_news(column, DAY, title="草稿")
    draft.unpublish()
    body = (f'<p><a linktype="page" id="{target.pk}">好</a>'
            f'<a linktype="page" id="{draft.pk}">未发布</a>'
            '<a linktype="page" id="999999">不存在</a>'
            f'<a href="{column.url_path[len(home.url_path) - 1:]}">栏目</a>'
            '<a href="/no-such-page/">无</a><a href="/search/">搜索</a>'
            '<a href="https://example.com/">外部</a></p>')
    page = make_news(column, DAY, title="带链接", body=body)
    result = rule(inspect_site(DAY), "links")
    assert sorted(f.detail for f in result.findings) == sorted(
        ["/no-such-page/", f"page:{draft.pk}", "page:999999"])
    assert {f.page_id for f in result.findings} == {page.pk}
    assert not result.veto and "外部链接" in result.note


def test_an_attachment_whose_file_is_gone_is_found(make_column, make_news):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    document = Document(title="附件")
    document.file.save("inspection-attachment.pdf", ContentFile(b"%PDF-1.4"), save=True)
    news = make_news(make_column("通知公告", "notice"), DAY)
    DisclosureAttachment.objects.create(page=news, document=document)
    assert rule(inspect_site(DAY), "links").findings == []
    document.file.storage.delete(document.file.name)
    result = rule(inspect_site(DAY), "links")
    assert [f.detail for f in result.findings] == [f"attachment:{document.pk}"]


# --- serious errors (错敏词) --------------------------------------------------------------------


def test_a_miswritten_leader_name_and_a_wrong_expression_are_a_veto_sensitive_terms_cost_points(
        make_column, make_news):
    column = make_column("工作动态", "news")
    LeaderName.objects.create(name="张三", title="主任", miswritten="张叁\n张三副主任")
    news = make_news(column, DAY, body="<p>委党组书记、主任张三出席会议。</p>")
    assert rule(inspect_site(DAY), "errors").findings == []
    news.body = "<p>委党组书记、主任张叁出席会议。</p>"
    news.save_revision().publish()
    result = rule(inspect_site(DAY), "errors")
    assert result.veto and [f.detail for f in result.findings] == ["张叁"]
    news.body = "<p>主任张三出席会议。</p>"
    news.save_revision().publish()
    SensitiveTerm.objects.create(term="内部资料")
    page = make_news(column, DAY, body="<p>此为内部资料。</p>")
    result = rule(inspect_site(DAY), "errors")
    assert not result.veto and [(f.page_id, f.severity) for f in result.findings] == [
        (page.pk, "fault")]
    WrongExpression.objects.create(wrong="中华人民共和国政府信息公开条例", correct="《中华人民共和国政府信息公开条例》")
    make_news(column, DAY, body="<p>依据《中华人民共和国政府信息公开条例》。</p>")
    assert not rule(inspect_site(DAY), "errors").veto  # the correct form is no error
    make_news(column, DAY, body="<p>依据中华人民共和国政府信息公开条例。</p>")
    assert rule(inspect_site(DAY), "errors").veto


def test_draft_content_is_not_inspected(make_column, make_news):
    LeaderName.objects.create(name="张三", title="主任", miswritten="张叁")
    news = make_news(make_column("工作动态", "news"), DAY, body="<p>张叁</p>")
    news.unpublish()
    assert rule(inspect_site(DAY), "errors").findings == []


# --- dates ----------------------------------------------------------------------------------


def test_a_publication_date_in_the_future_or_before_the_information_existed_is_a_veto(
        make_column, make_news):
    column = make_column("工作动态", "news")
    make_news(column, DAY)
    assert rule(inspect_site(DAY), "dates").findings == []
    future = make_news(column, DAY)
    Page.objects.filter(pk=future.pk).update(
        first_published_at=future.first_published_at + timedelta(days=400))
    early = make_news(column, DAY, happened_on=DAY - timedelta(days=3))
    set_published(early, DAY - timedelta(days=4))
    result = rule(inspect_site(DAY), "dates")
    assert result.veto and {f.page_id for f in result.findings} == {future.pk, early.pk}
