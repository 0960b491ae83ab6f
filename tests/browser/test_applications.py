"""An application end to end in a real browser: the public applies, staff handle it to a
部分公开 reply, and the applicant reads the reply on the tracking page."""

import os

import pytest
from django.core.cache import cache
from django.urls import reverse

from applications.models import ApplicationPage, DisclosureApplication, State
from departments.roles import DISCLOSURE_OFFICE
from personaldata import id18_check_character
from tests.browser.conftest import as_new_visitor

pytestmark = [pytest.mark.browser,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCREENSHOTS = os.environ.get("SCREENSHOT_DIR")  # set it to keep the pictures of each page
ID17 = "41990019900307123"  # invented; province 41 (Henan), city code 99 is not assigned


def shot(page, name):
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"applications-{name}.png"), full_page=True)


@pytest.fixture
def application_page(transactional_db, home):
    cache.clear()
    return home.add_child(instance=ApplicationPage(
        title="依申请公开", slug="yishenqing",
        guide="<p>请写明所需信息的名称、文号或具体描述，申请时不需要说明用途。</p>",
        privacy_notice="<p>您的个人信息仅用于办理本申请。</p>"))


def test_public_applies_staff_reply_partly_disclosed_applicant_reads_the_reply(
        application_page, roles, browser_page, admin_login, make_user, tmp_path):
    make_user("office", DISCLOSURE_OFFICE.group_name, first_name="丽华", last_name="孙")
    page = browser_page
    base = page.base_url

    # The public fills in the form (a natural person is the default).
    page.goto(base + application_page.url)
    page.click("main form button[type=submit]")  # empty form first: errors in Chinese, nothing stored
    assert page.locator("#form-errors").is_visible()
    assert "请填写姓名或名称。" in page.content()
    assert not DisclosureApplication.objects.exists()
    shot(page, "form-errors")
    page.fill("#id_name", "浏览器测试申请人")
    page.select_option("#id_id_type", "resident_id")
    page.fill("#id_id_number", ID17 + id18_check_character(ID17))
    page.fill("#id_phone", "13800000000")
    page.fill("#id_email", "browser@example.test")
    page.fill("#id_information_title", "2025年度医疗机构校验结果")
    page.check("#id_consent")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/submitted/")
    number = page.locator(".tracking-number").inner_text().strip()
    code = page.locator(".query-code").inner_text().strip()
    assert number.endswith("-00001") and len(code) == 10
    shot(page, "confirmation")

    # Staff confirm receipt, route it 自办 (approved by the office's head), release a file and
    # reply 部分公开 once the office's head has signed the reply off.
    from departments.roles import OFFICE_HEAD

    make_user("officehead", OFFICE_HEAD.group_name, first_name="国华", last_name="郑")
    application = DisclosureApplication.objects.get(tracking_number=number)
    detail = base + reverse("disclosure_applications:detail", args=[application.pk])

    def step(summary, action, fill=None):
        page.click(f"summary:has-text('{summary}')")
        if fill:
            fill()
        page.click(f"form[action$='/{action}/'] button[type=submit]")
        page.wait_for_selector(f"text=已完成：{summary}")

    admin_login("office")
    page.goto(detail)
    assert "浏览器测试申请人" in page.content()
    step("确认收到申请", "confirm_receipt")
    step("提请审核受理和转办意见", "propose_routing")  # no department: 自办
    admin_login("officehead")
    page.goto(detail)
    step("审核通过受理和转办意见", "approve_routing")
    admin_login("office")
    page.goto(detail)
    released = tmp_path / "校验结果（公开部分）.pdf"
    released.write_bytes(b"%PDF-1.4\n%%EOF\n")
    step("上传拟提供的信息", "release_file",
         lambda: page.set_input_files("input[name='release_file-upload']", str(released)))

    def reply_form():
        page.select_option("select[name='draft_reply-reply_type']", "partly_disclosed")
        page.fill("textarea[name='draft_reply-text']", "涉及个人隐私的内容已删除，其余部分予以公开。")

    step("起草答复", "draft_reply", reply_form)
    admin_login("officehead")
    page.goto(detail)
    step("审核通过答复", "approve_reply")
    admin_login("office")
    page.goto(detail)
    step("发出答复", "reply")
    shot(page, "admin-detail")
    page.goto(base + reverse("disclosure_applications:index"))
    assert number in page.content() and "浏览器测试申请人" not in page.content()  # masked
    shot(page, "admin-list")
    page.goto(base + reverse("disclosure_applications:statistics"))
    assert "核对通过" in page.content()
    shot(page, "admin-statistics")
    application.refresh_from_db()
    assert application.state == State.CLOSED and application.reply_type == "partly_disclosed"

    # The applicant reads the reply on the tracking page.
    as_new_visitor(page)
    page.goto(base + application_page.url + "track/")
    page.fill("#id_tracking_number", number)
    page.fill("#id_query_code", code)
    page.click("main form button[type=submit]")
    result = page.locator(".tracking-result")
    assert "已办结" in result.inner_text() and "部分公开" in result.inner_text()
    assert "政府信息公开申请答复书" in result.inner_text()
    assert "校验结果（公开部分）.pdf" in result.inner_text()
    shot(page, "tracking")
    with page.expect_download() as download:
        page.click("a:has-text('政府信息公开申请答复书')")
    assert download.value.suggested_filename.endswith(".pdf")


def test_handbook_flow_office_registers_head_routes_handler_drafts_head_returns_then_approves(
        application_page, roles, browser_page, admin_login, make_user, make_department, home,
        tmp_path):
    """Issue 22 in a browser: the office registers a paper application, its head approves the
    routing, the office assigns it, the handler drafts a 部分公开 reply, the department head
    returns it once and then approves it, and the applicant reads the letter when tracking."""
    from departments.roles import (
        APPLICATION_HANDLER,
        DEPARTMENT_REVIEWER,
        OFFICE_HEAD,
        setup_roles,
    )
    from workdays.local_time import local_today

    yizheng, _sections = make_department("yizheng", "医政医管科", home, ("医政栏目",))
    setup_roles()
    yizheng.refresh_from_db()
    make_user("office", DISCLOSURE_OFFICE.group_name, first_name="丽华", last_name="孙")
    make_user("officehead", OFFICE_HEAD.group_name, first_name="国华", last_name="郑")
    make_user("handler", APPLICATION_HANDLER.group_name, yizheng.group, first_name="海涛",
              last_name="周")
    make_user("head", DEPARTMENT_REVIEWER.group_name, yizheng.group, first_name="建国",
              last_name="王")
    page = browser_page
    base = page.base_url

    def step(summary, action, fill=None):
        page.click(f"summary:has-text('{summary}')")
        if fill:
            fill()
        page.click(f"form[action$='/{action}/'] button[type=submit]")
        page.wait_for_selector(f"text=已完成：{summary}")

    # The office registers a paper application handed in today.
    admin_login("office")
    page.goto(base + reverse("disclosure_applications:add"))
    page.select_option("#id_channel", "in_person")
    page.fill("#id_received_on", local_today().isoformat())
    page.fill("#id_name", "纸质申请人")
    page.select_option("#id_id_type", "resident_id")
    page.fill("#id_id_number", ID17 + id18_check_character(ID17))
    page.fill("#id_phone", "13800000001")
    page.fill("#id_email", "paper@example.test")
    page.fill("#id_information_title", "2025年度医疗机构不良事件统计")
    page.click("main form button[type=submit]")
    page.wait_for_selector(".application-query-code")
    code = page.locator(".application-query-code").inner_text().strip()
    application = DisclosureApplication.objects.get()
    number = application.tracking_number
    detail = base + reverse("disclosure_applications:detail", args=[application.pk])
    step("提请审核受理和转办意见", "propose_routing",
         lambda: page.select_option("select[name='propose_routing-department']",
                                    str(yizheng.pk)))
    assert "转办承办科室" not in page.locator(".application-actions").inner_text()

    # The head of the office approves the routing; the office assigns it.
    admin_login("officehead")
    page.goto(base + "/admin/")
    assert number in page.locator(".application-notices").inner_text()  # admin notification
    page.goto(detail)
    step("审核通过受理和转办意见", "approve_routing")
    admin_login("office")
    page.goto(detail)
    step("转办承办科室", "assign")

    # The handler releases the public part and drafts a 部分公开 reply; the letter is made by
    # the background task and can be read before anyone approves it.
    admin_login("handler")
    page.goto(detail)
    released = tmp_path / "不良事件统计（公开部分）.pdf"
    released.write_bytes(b"%PDF-1.4\n%%EOF\n")
    step("上传拟提供的信息", "release_file",
         lambda: page.set_input_files("input[name='release_file-upload']", str(released)))

    def reply_form(text):
        def fill():
            page.select_option("select[name='draft_reply-reply_type']", "partly_disclosed")
            page.fill("textarea[name='draft_reply-text']", text)
        return fill

    step("起草答复", "draft_reply", reply_form("涉及患者个人信息的部分不予公开。"))
    page.wait_for_selector("a.application-draft-letter")
    assert "等待科室负责人审核" in page.locator(".application-draft").inner_text()
    assert "审核通过答复" not in page.content()  # the drafter never approves
    shot(page, "handbook-draft")

    # The department head returns it once with a comment, then approves the new draft.
    admin_login("head")
    page.goto(detail)
    preview = page.request.get(base + page.get_attribute("a.application-draft-letter", "href"))
    assert preview.ok and preview.body().startswith(b"%PDF")  # the head reads the letter first
    step("退回答复", "return_reply",
         lambda: page.fill("textarea[name='return_reply-reason']",
                           "请说明不予公开部分所依据的条款。"))
    admin_login("handler")
    page.goto(detail)
    assert "请说明不予公开部分所依据的条款。" in page.locator(".application-draft").inner_text()
    shot(page, "handbook-returned")
    step("起草答复", "draft_reply", reply_form(
        "涉及患者个人信息的部分依据《条例》第十五条不予公开，其余部分予以公开。"))
    admin_login("head")
    page.goto(detail)
    step("审核通过答复", "approve_reply")
    admin_login("handler")
    page.goto(detail)
    step("发出答复", "reply")
    shot(page, "handbook-sent")
    application.refresh_from_db()
    assert application.state == State.CLOSED and application.reply_type == "partly_disclosed"
    approved = application.events.get(kind="reply_approved").data["checksum"]
    assert application.events.get(kind="replied").data["checksum"] == approved

    # Last, the office files it (归档, seed 004); the handler is not offered the step.
    assert page.locator("summary:has-text('归档')").count() == 0
    admin_login("office")
    page.goto(detail)
    step("归档", "archive", lambda: page.fill("textarea[name='archive-reason']",
                                              "申请表、答复书、送达回证，存档案室"))
    archive_number = f"{local_today().year}-YSQ-0001"
    assert f"归档号 {archive_number}" in page.locator(".application-archive").inner_text()
    shot(page, "handbook-archived")

    # The applicant reads the letter on the tracking page.
    as_new_visitor(page)
    page.goto(base + application_page.url + "track/")
    page.fill("#id_tracking_number", number)
    page.fill("#id_query_code", code)
    page.click("main form button[type=submit]")
    result = page.locator(".tracking-result")
    assert "部分公开" in result.inner_text() and "政府信息公开申请答复书" in result.inner_text()
    shot(page, "handbook-tracking")
    with page.expect_download() as download:
        page.click("a:has-text('政府信息公开申请答复书')")
    import hashlib

    assert hashlib.sha256(open(download.value.path(), "rb").read()).hexdigest() == approved
