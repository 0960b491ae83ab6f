"""Browser test (issue 17): a department enters a batch from a spreadsheet in the admin, the
batch passes the workflow, and the public sees the masked list, the filter and the charts."""

import os

import pytest

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
from tests.funds.conftest import xlsx_bytes
from tests.funds.test_funds_rules import through_workflow

SCREENSHOTS = os.environ.get("SCREENSHOT_DIR")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_department_imports_batch_and_public_sees_masked_list_and_charts(
        browser_page, admin_login, home, make_user, tmp_path):
    from funds.models import FundIndexPage
    from tests.funds.conftest import payment_lines

    setup_roles()
    department = Department.objects.create(code="laoling", name="老龄健康科")
    people = {
        "editor": make_user("b_editor", EDITOR.group_name, department.group),
        "reviewer": make_user("b_reviewer", DEPARTMENT_REVIEWER.group_name, department.group),
        "officer": make_user("b_officer", CONFIDENTIALITY_OFFICER.group_name),
        "signatory": make_user("b_signatory", SIGNATORY.group_name),
    }
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

    # The page of the batch is drafted by the department; the three approvals are taken by the
    # workflow's own action (the modal journeys are in tests/browser/test_workflow.py).
    batch_page = fund.add_child(instance=FundBatchPage(title="高龄津贴2026年3月发放明细",
                                                       slug="2026-03", batch=batch, live=False,
                                                       owner=people["editor"]))
    batch_page.save_revision(user=people["editor"])
    batch_page = through_workflow(batch_page, people)
    assert batch_page.live

    page.context.clear_cookies()
    page.goto(page.base_url + batch_page.url)
    rows = page.locator("table.fund-rows tbody tr")
    assert rows.count() == 50
    first = rows.first.locator("td").all_inner_texts()
    assert first[0].endswith("*") or "*" in first[0]
    assert first[1].startswith("410") and "*" * 11 in first[1]
    page.select_option("select[name=township]", "西城街道")
    page.get_by_role("button", name="筛选").click()
    assert page.locator("table.fund-rows tbody tr").count() == 20
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/funds-batch.png", full_page=True)
    page.goto(page.base_url + fund.url)
    assert page.locator("svg.fund-chart").count() == 3
    assert page.locator("svg.fund-chart title").first.text_content() == "按项目统计"
    assert "18,000.00" in page.locator("svg.fund-chart").first.inner_html()
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/funds-fund.png", full_page=True)
