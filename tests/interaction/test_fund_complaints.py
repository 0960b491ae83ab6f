"""A livelihood fund's page lists the complaints about the fund and how they were handled, with
a link that opens the complaint form already about the fund (民生资金信息公开 000 第四条 (6))."""

from datetime import date
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import lxml.html
import pytest
from wagtail.models import PageViewRestriction

from funds.models import FundIndexPage, FundPage
from interaction import actions
from tests.portal.test_page_cache import PURGED

pytestmark = pytest.mark.django_db


@pytest.fixture
def fund(home, departments):
    root = home.add_child(instance=FundIndexPage(title="民生资金公开", slug="msz"))
    return root.add_child(instance=FundPage(
        title="计划生育家庭特别扶助金", slug="tfz", level="county", department=departments["caiwu"],
        update_cycle="quarterly", standard=Decimal("590.00")))


def complaint_link(client, fund):
    html = lxml.html.fromstring(client.get(fund.url).content.decode())
    (link,) = html.xpath("//section[@class='complaints-about']//a[@class='button']/@href")
    return link


def test_fund_page_lists_complaints_about_it_and_how_they_were_handled_000_article_4(
        client, fund, interaction_page, channels, form_data, make_message, office, head,
        editor, departments, today):
    today(date(2026, 3, 2))
    page = client.get(fund.url).content.decode()
    assert "投诉举报及处理情况" in page and "2026 年收到涉及本项目的投诉举报 0 件，已答复 0 件" in page
    link = complaint_link(client, fund)
    query = parse_qs(urlsplit(link).query)
    subject = channels["complaint"].subjects.get(name="民生资金")
    assert query == {"about": [str(fund.pk)], "channel": [str(channels["complaint"].pk)],
                     "subject": [str(subject.pk)]}

    form = lxml.html.fromstring(client.get(link).content.decode())
    assert form.xpath("//select[@name='channel']/option[@selected]/@value") == [
        str(channels["complaint"].pk)]
    assert form.xpath("//select[@name='subject']/option[@selected]/@value") == [str(subject.pk)]
    assert form.xpath("//input[@name='about_page']/@value") == [str(fund.pk)]
    assert "涉及：计划生育家庭特别扶助金" in form.text_content()

    message = make_message(date(2026, 3, 2), about_page=str(fund.pk), subject=str(subject.pk),
                           title="扶助金连续两季度未发放")
    assert message.about_page_id == fund.pk
    actions.Accept(message, office, department=departments["yizheng"]).execute()
    today(date(2026, 3, 12))
    actions.DraftReply(message, editor, text="经核查，系银行账户变更所致，已于3月10日补发。").execute()
    actions.ApproveReply(message, head).execute()
    actions.Publish(message, office).execute()

    page = client.get(fund.url).content.decode()
    assert "收到涉及本项目的投诉举报 1 件，已答复 1 件，自收到至首次答复平均 10.0 天" in page
    assert "扶助金连续两季度未发放" in page and message.tracking_number in page


def test_a_complaint_not_published_is_counted_but_never_shown(client, fund, interaction_page,
                                                             make_message):
    make_message(date(2026, 3, 2), about_page=str(fund.pk), title="请核查本村名单")
    page = client.get(fund.url).content.decode()
    assert "投诉举报 1 件，已答复 0 件" in page
    assert "请核查本村名单" not in page


@pytest.mark.parametrize("about", ["abc", "9" * 30, "-1", "", "<script>"])
def test_a_bad_about_link_is_ignored_never_an_error(about, client, interaction_page, channels,
                                                    make_message):
    response = client.get(interaction_page.url + "write/",
                          {"about": about, "channel": "9" * 30, "subject": "x"})
    assert response.status_code == 200
    assert response.context["about"] is None
    message = make_message(date(2026, 3, 2), about_page=about)
    assert message.about_page is None


def test_a_page_that_is_not_public_cannot_be_named(client, fund, interaction_page, make_message):
    PageViewRestriction.objects.create(page=fund, restriction_type="password", password="x")
    assert client.get(interaction_page.url + "write/", {"about": fund.pk}).context["about"] is None
    assert make_message(date(2026, 3, 2), about_page=str(fund.pk)).about_page is None
    fund.unpublish()
    assert make_message(date(2026, 3, 3), about_page=str(fund.pk)).about_page is None


def test_each_step_on_a_complaint_purges_the_fund_page(fund, interaction_page, make_message,
                                                      office, departments, settings,
                                                      django_capture_on_commit_callbacks):
    settings.WAGTAILFRONTENDCACHE = {"recorder": {
        "BACKEND": "tests.portal.test_page_cache.RecordingBackend"}}
    root = fund.get_site().root_url
    PURGED.clear()
    with django_capture_on_commit_callbacks(execute=True):
        message = make_message(date(2026, 3, 2), about_page=str(fund.pk))
    assert root + fund.url in PURGED
    PURGED.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.Accept(message, office, department=departments["yizheng"]).execute()
    assert root + fund.url in PURGED
    assert root + interaction_page.url not in PURGED, "nothing public of the message changed"
    PURGED.clear()
