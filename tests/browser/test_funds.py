"""Browser test (issue 17): a department enters a batch from a spreadsheet in the admin, drafts
its page and submits it; the 科室负责人, the 保密审查员 and the 分管领导 each log in and decide in
the workflow's modal; the public sees the masked list, the filter and the charts.

Set SCREENSHOT_DIR to keep a screenshot of every step."""

import os

import pytest
from wagtail.models import Page

from departments.models import Department
from departments.roles import (
    CONFIDENTIALITY_OFFICER,
    DEPARTMENT_REVIEWER,
    EDITOR,
    SIGNATORY,
    setup_roles,
)
from funds.models import FundBatchPage, FundPage, Payment
from publishing.workflow import setup_workflow
from tests.browser.conftest import as_new_visitor
from tests.browser.test_catalogue_workflow import (
    CHECK,
    REVIEW,
    SIGN_OFF,
    edit_url,
    my_tasks,
    open_action_menu,
    run_workflow_action,
    shot,
    sign_confidentiality_check,
)
from tests.funds.conftest import xlsx_bytes

SCREENSHOTS = os.environ.get("SCREENSHOT_DIR")


def task_now(page):
    """The name of the workflow task the page waits at."""
    state = Page.objects.get(pk=page.pk).current_workflow_task_state
    return state.task.name if state else None


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_department_imports_batch_and_public_sees_masked_list_and_charts(
        browser_page, admin_login, home, make_user, tmp_path):
    from funds.models import FundIndexPage
    from tests.funds.conftest import payment_lines

    setup_roles()
    department = Department.objects.create(code="laoling", name="老龄健康科")
    make_user("b_editor", EDITOR.group_name, department.group)
    make_user("b_reviewer", DEPARTMENT_REVIEWER.group_name, department.group)
    make_user("b_officer", CONFIDENTIALITY_OFFICER.group_name)
    make_user("b_signatory", SIGNATORY.group_name)
    root = home.add_child(instance=FundIndexPage(title="民生资金公开", slug="msz"))
    fund = root.add_child(instance=FundPage(title="高龄津贴", slug="gljt", level="county",
                                            department=department, update_cycle="monthly",
                                            standard="300.00"))
    fund.save_revision().publish()
    setup_workflow()
    lines = payment_lines(40) + payment_lines(20, start=40, township="西城街道")
    spreadsheet = tmp_path / "发放明细.xlsx"
    spreadsheet.write_bytes(xlsx_bytes(lines))

    page = browser_page
    admin_login("b_editor")
    page.goto(page.base_url + "/admin/funds_batch/new/")
    page.select_option("select[name=fund]", str(fund.pk))
    page.fill("input[name=name]", "2026年3月")
    page.fill("input[name=period_year]", "2026")
    page.fill("input[name=period]", "2026-03")
    page.fill("input[name=paid_on]", "2026-03-20")
    page.keyboard.press("Escape")
    page.fill("input[name=amount]", "18000.00")
    page.locator("footer button.button-longrunning[type=submit]").first.click()
    page.wait_for_load_state()
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/funds-batch-created.png", full_page=True)
    batch = fund.batches.get()
    page.goto(f"{page.base_url}/admin/funds/batch/{batch.pk}/import/")
    page.set_input_files("input[type=file]", str(spreadsheet))
    page.get_by_role("button", name="上传并检查").click()
    page.wait_for_selector("text=检查通过")
    assert "410***********" in page.content()
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/funds-preview.png", full_page=True)
    page.get_by_role("button", name="确认导入").click()
    page.wait_for_selector("text=已导入 60 行")
    assert Payment.objects.filter(batch=batch).count() == 60

    # The department drafts the batch page in the admin and submits it; each approver logs in
    # and decides in the workflow's own modal, as in tests/browser/test_catalogue_workflow.py.
    page.goto(f"{page.base_url}/admin/pages/add/funds/fundbatchpage/{fund.pk}/")
    page.fill("#id_title", "高龄津贴2026年3月发放明细")
    options = page.locator("select[name=batch] option").all_inner_texts()
    assert any("2026年3月" in text for text in options)
    page.select_option("select[name=batch]", str(batch.pk))
    page.get_by_role("tab", name="推荐").click()
    page.fill("#id_slug", "2026-03")
    page.get_by_role("tab", name="内容").click()
    shot(page, "funds-1-batch-page-form")
    open_action_menu(page)
    page.locator("button[name='action-submit']").click()
    page.wait_for_url(lambda url: "/add/" not in url)
    batch_page = FundBatchPage.objects.get(batch=batch)
    assert task_now(batch_page) == REVIEW

    admin_login("b_reviewer")
    assert batch_page.title in my_tasks(page).inner_text()
    shot(page, "funds-2-reviewer-dashboard")
    page.goto(edit_url(page, batch_page))
    run_workflow_action(page, "审核通过")
    shot(page, "funds-3-review-modal")
    page.locator(".modal form button[type=submit]").click()
    page.wait_for_url(lambda url: "/edit/" not in url)
    assert task_now(batch_page) == CHECK

    admin_login("b_officer")
    page.goto(edit_url(page, batch_page))
    run_workflow_action(page, "审查通过并签名")
    shot(page, "funds-4-check-modal")
    sign_confidentiality_check(page)  # the scan of the masked rows found nothing
    assert task_now(batch_page) == SIGN_OFF

    admin_login("b_signatory")
    page.goto(edit_url(page, batch_page))
    run_workflow_action(page, "签发")
    # paid on 20 March: 20 working days have long passed, so the signatory gives the reason
    page.locator(".modal textarea[name=late_reason]").fill("发放数据经两轮核对后才定稿。")
    shot(page, "funds-5-sign-off-modal")
    page.locator(".modal form button[type=submit]").click()
    page.wait_for_url(lambda url: "/edit/" not in url)
    batch_page = FundBatchPage.objects.get(pk=batch_page.pk)
    assert batch_page.live and batch_page.current_workflow_state is None
    batch.refresh_from_db()
    assert batch.signed_off_at is not None

    as_new_visitor(page)
    page.goto(page.base_url + batch_page.url)
    rows = page.locator("table.fund-rows tbody tr")
    assert rows.count() == 50
    first = rows.first.locator("td").all_inner_texts()
    assert first[0].endswith("*") or "*" in first[0]
    assert first[1].startswith("410") and "*" * 11 in first[1]
    page.select_option("select[name=township]", "西城街道")
    page.get_by_role("button", name="筛选").click()
    from playwright.sync_api import expect

    expect(page.locator("table.fund-rows tbody tr")).to_have_count(20)  # waits for the new page
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/funds-batch.png", full_page=True)
    page.goto(page.base_url + fund.url)
    assert page.locator("svg.fund-chart").count() == 3
    assert page.locator("svg.fund-chart title").first.text_content() == "按项目统计"
    assert "18,000.00" in page.locator("svg.fund-chart").first.inner_html()
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/funds-fund.png", full_page=True)
