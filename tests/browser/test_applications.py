"""An application end to end in a real browser: the public applies, staff handle it to a
部分公开 reply, and the applicant reads the reply on the tracking page."""

import os

import pytest
from django.core.cache import cache
from django.urls import reverse

from applications.models import ApplicationPage, DisclosureApplication, State
from applications.validators import id_number_check_character
from departments.roles import DISCLOSURE_OFFICE

pytestmark = [pytest.mark.browser,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCREENSHOTS = os.environ.get("SCREENSHOT_DIR")  # set it to keep the pictures of each page
ID17 = "99000019900307123"  # invented; region 990000 does not exist


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
    page.fill("#id_id_number", ID17 + id_number_check_character(ID17))
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

    # Staff confirm receipt, release a file and reply 部分公开.
    application = DisclosureApplication.objects.get(tracking_number=number)
    admin_login("office")
    page.goto(base + reverse("disclosure_applications:detail", args=[application.pk]))
    assert "浏览器测试申请人" in page.content()
    page.click("summary:has-text('确认收到申请')")
    page.click("form[action$='/confirm_receipt/'] button[type=submit]")
    page.wait_for_selector("text=已完成：确认收到申请")
    released = tmp_path / "校验结果（公开部分）.pdf"
    released.write_bytes(b"%PDF-1.4\n%%EOF\n")
    page.click("summary:has-text('上传拟提供的信息')")
    page.set_input_files("input[name='release_file-upload']", str(released))
    page.click("form[action$='/release_file/'] button[type=submit]")
    page.wait_for_selector("text=已完成：上传拟提供的信息")
    page.click("summary:has-text('作出答复')")
    page.select_option("select[name='reply-reply_type']", "partly_disclosed")
    page.fill("textarea[name='reply-text']", "涉及个人隐私的内容已删除，其余部分予以公开。")
    page.click("form[action$='/reply/'] button[type=submit]")
    page.wait_for_selector("text=已完成：作出答复")
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
    page.context.clear_cookies()
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
