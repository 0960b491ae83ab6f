"""A complaint end to end in a real browser: the public sends it, the department drafts and
its head approves the answer, the complainant says they are not satisfied, the discipline
body's handler drafts an answer and a second person of the body approves it, and the public reads
both answers on the tracking page."""

import os

import pytest
from django.core.cache import cache

from departments.roles import (
    DEPARTMENT_REVIEWER,
    DISCIPLINE_INSPECTION,
    DISCLOSURE_OFFICE,
    EDITOR,
    setup_roles,
)
from interaction.models import (
    Channel,
    ChannelKind,
    ChannelSubject,
    InteractionPage,
    PublicMessage,
    Stage,
    State,
)
from tests.browser.conftest import as_new_visitor

pytestmark = [pytest.mark.browser,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCREENSHOTS = os.environ.get("SCREENSHOT_DIR")  # set it to keep the pictures of each page


def shot(page, name):
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"interaction-{name}.png"), full_page=True)


@pytest.fixture
def column(transactional_db, home, make_department):
    cache.clear()
    department, _sections = make_department("yizheng", "医政医管科", home, ("医政栏目",))
    setup_roles()
    department.refresh_from_db()
    channel = Channel.objects.create(
        name="投诉举报", slug="tousu", kind=ChannelKind.COMPLAINT, real_name_required=True,
        anonymous_allowed=False, escalates=True, level_above_name="示例市纪委监委")
    ChannelSubject.objects.create(channel=channel, name="医疗服务")
    page = home.add_child(instance=InteractionPage(
        title="互动交流", slug="hudong", privacy_notice="<p>您的个人信息仅用于办理留言。</p>"))
    return page, department, channel


def click_step(page, label, name):
    page.click(f"summary:has-text('{label}')")
    page.click(f"form[action$='/action/{name}/'] button[type=submit]")
    page.wait_for_selector(f"text=已完成：{label}")


def test_complaint_answered_by_department_then_discipline_read_on_tracking_page(
        column, browser_page, admin_login, make_user):
    interaction_page, department, channel = column
    make_user("office", DISCLOSURE_OFFICE.group_name)
    make_user("editor", EDITOR.group_name, department.group)
    make_user("head", DEPARTMENT_REVIEWER.group_name, department.group)
    make_user("jijian", DISCIPLINE_INSPECTION.group_name)
    make_user("jijian2", DISCIPLINE_INSPECTION.group_name)
    page = browser_page
    base = page.base_url

    # The public: an empty form is refused in Chinese and stores nothing, then a real complaint.
    page.goto(base + interaction_page.url + "write/")
    page.click("main form button[type=submit]")
    assert page.locator("#form-errors").is_visible()
    assert "请选择留言类别。" in page.content()
    assert not PublicMessage.objects.exists()
    shot(page, "form-errors")
    page.select_option("#id_channel", str(channel.pk))
    page.fill("#id_title", "镇卫生院门诊收费未公示")
    page.fill("#id_content", "我在镇卫生院看门诊时被收取了一项未公示的检查费，请核查并答复。")
    page.fill("#id_name", "浏览器投诉人")
    page.fill("#id_phone", "13800000077")
    page.check("#id_consent_to_publish")
    page.check("#id_consent")
    shot(page, "form")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/submitted/")
    number = page.locator(".tracking-number").inner_text().strip()
    code = page.locator(".query-code").inner_text().strip()
    assert len(code) == 10
    shot(page, "submitted")
    message = PublicMessage.objects.get(tracking_number=number)
    detail = f"{base}/admin/interaction_messages/{message.pk}/"

    # The office accepts it for 医政医管科.
    admin_login("office")
    page.goto(detail)
    assert "浏览器投诉人" in page.content()
    page.click("summary:has-text('受理')")
    page.select_option("select[name='accept-department']", str(department.pk))
    page.click("form[action$='/action/accept/'] button[type=submit]")
    page.wait_for_selector("text=已完成：受理")

    # The department drafts; it sees the complaint but not who wrote it.
    admin_login("editor")
    page.goto(detail)
    assert "浏览器投诉人" not in page.content() and "13800000077" not in page.content()
    page.click("summary:has-text('拟写答复')")
    page.fill("textarea[name='draft_reply-text']",
              "经核查，该检查项目属于收费目录内项目，卫生院未及时更新公示栏，已责令整改。")
    page.click("form[action$='/action/draft_reply/'] button[type=submit]")
    page.wait_for_selector("text=已完成：拟写答复")
    shot(page, "department-draft")

    # Its head approves.
    admin_login("head")
    page.goto(detail)
    click_step(page, "审核答复", "approve_reply")

    # The complainant reads the answer and is not satisfied.
    as_new_visitor(page)
    page.goto(base + interaction_page.url + "track/")
    page.fill("#id_tracking_number", number)
    page.fill("#id_query_code", code)
    page.click("main form button[type=submit]")
    page.wait_for_selector("text=医政医管科的答复")
    shot(page, "tracking-first-answer")
    page.check("input[name=satisfied][value=no]")
    page.fill("#feedback-text", "没有说明多收的费用是否退还。")
    page.click("form.feedback-form button[type=submit]")
    page.wait_for_selector("text=已收到您的评价")
    assert "同级纪检监察" in page.content()
    message.refresh_from_db()
    assert (message.stage, message.state) == (Stage.DISCIPLINE, State.ACCEPTED)

    # The discipline body's handler drafts its answer; a second person of the body approves it.
    admin_login("jijian")
    page.goto(detail)
    assert "浏览器投诉人" in page.content()
    page.click("summary:has-text('拟写答复')")
    page.fill("textarea[name='draft_reply-text']",
              "派驻纪检组已核实，卫生院已将多收的检查费退还，并对收费员进行了批评教育。")
    page.click("form[action$='/action/draft_reply/'] button[type=submit]")
    page.wait_for_selector("text=已完成：拟写答复")
    shot(page, "discipline-answer")
    admin_login("jijian2")
    page.goto(detail)
    click_step(page, "审核答复", "approve_reply")

    # The public reads both answers on the tracking page.
    as_new_visitor(page)
    page.goto(base + interaction_page.url + "track/")
    page.fill("#id_tracking_number", number)
    page.fill("#id_query_code", code)
    page.click("main form button[type=submit]")
    page.wait_for_selector("text=同级纪检监察的答复")
    answers = page.locator("section.answer")
    assert answers.count() == 2
    assert "已责令整改" in answers.nth(0).inner_text()
    assert "多收的检查费退还" in answers.nth(1).inner_text()
    assert "您的评价：不满意" in answers.nth(0).inner_text()
    shot(page, "tracking-both-answers")
