"""The confidentiality check in a real browser (issue 6): a submission blocked by the scanner,
one finding masked by the editor in one click, one overridden by the officer with a reason,
and the officer's approval (条例 第十四、十五条: what is never published)."""

import os

import pytest
from wagtail.models import Page

from confidentiality.models import FORBIDDEN_CATEGORIES, ConfidentialityReview
from portal.models import SectionPage
from publishing import workflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SHOTS = os.environ.get("SCREENSHOT_DIR", "")
CITIZEN_ID = "41010519900307123X"
HOTLINE = "13812345678"


def shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"confidentiality-{name}.png"))


@pytest.fixture
def desk(home, roles, make_department, make_user):
    """医政医管科's section under the workflow 公开发布审批, and one person per role."""
    department, (section,) = make_department("yizheng", "医政医管科", home, ("医政信息",))
    workflow.setup_workflow(roots=[section])
    people = {
        "editor": make_user("editor", "信息员", department.group),
        "reviewer": make_user("reviewer", "科室负责人", department.group),
        "officer": make_user("officer", "保密审查员"),
        "signatory": make_user("signatory", "分管领导"),
    }
    return type("Desk", (), {"section": section, **people})


@pytest.fixture
def submitted(desk):
    """A notice with a citizen's ID number and a mobile number, submitted and past the
    department review, so it waits at the confidentiality check."""
    page = desk.section.add_child(instance=SectionPage(
        title="关于慢性病补助申领的公告", slug="buzhu", live=False,
        body=(f"<p>申请人身份证号{CITIZEN_ID}已登记。</p>"
              f"<p>咨询电话：{HOTLINE}（工作日8:00—12:00）。</p>")))
    page.save_revision(user=desk.editor)
    page.get_workflow().start(page, desk.editor)
    page = Page.objects.get(pk=page.pk).specific
    page.current_workflow_task.on_action(page.current_workflow_task_state, desk.reviewer,
                                         "approve")
    return page


def open_workflow_action(browser_page, page_id, label):
    """On the edit page, open the action menu and start a workflow action's modal form."""
    browser_page.goto(f"{browser_page.base_url}/admin/pages/{page_id}/edit/")
    browser_page.click("footer [data-w-dropdown-target='toggle'], footer .w-dropdown__toggle")
    browser_page.click(f"button:has-text('{label}')")
    browser_page.wait_for_selector(".modal-content form")


def approve_with(browser_page, reasons):
    for index, reason in reasons.items():
        browser_page.fill(f".modal-content textarea[name=override_{index}]", reason)
    for key, _label in FORBIDDEN_CATEGORIES:
        browser_page.check(f".modal-content input[name=checklist][value={key}]")
    browser_page.fill(".modal-content input[name=signature]", "赵敏")
    browser_page.click(".modal-content button[type=submit]")


def test_blocked_submission_mask_override_and_approval(browser_page, admin_login, desk, submitted):
    review = ConfidentialityReview.objects.get(page=submitted)
    kinds = [(f["kind"], f["severity"]) for f in review.findings]
    assert kinds == [("id_number", "block"), ("mobile", "block")]

    # 1. The officer sees both blocking findings; approving without reasons is refused.
    admin_login("officer")
    open_workflow_action(browser_page, submitted.pk, "审查通过并签名")
    modal = browser_page.inner_text(".modal-content")
    assert "410***********123X" in modal and "138****5678" in modal
    approve_with(browser_page, {})
    browser_page.wait_for_selector(".modal-content .messages li.error")
    browser_page.locator(".modal-content .messages").scroll_into_view_if_needed()
    shot(browser_page, "1-blocked")
    assert "以下阻断项须先退回修改，或逐项填写放行理由" in browser_page.inner_text(
        ".modal-content .messages")
    submitted.refresh_from_db()
    assert submitted.current_workflow_task.specific.__class__.__name__ == "ConfidentialityCheckTask"

    # ... and sends it back to the editor.
    state = Page.objects.get(pk=submitted.pk).specific.current_workflow_task_state
    state.task.specific.on_action(state, desk.officer, "reject", comment="请遮盖身份证号。")

    # 2. The editor applies the suggested mask to the ID number in one click, then resubmits.
    admin_login("editor")
    browser_page.goto(f"{browser_page.base_url}/admin/confidentiality/page/{submitted.pk}/")
    shot(browser_page, "2-report")
    row = browser_page.locator("tr[data-kind=id_number]")
    row.locator("button:has-text('应用建议遮盖')").click()
    browser_page.wait_for_selector(".messages")
    assert "遮盖为“410***********123X”" in browser_page.inner_text(".messages")
    assert browser_page.locator("tr[data-kind=id_number]").count() == 0
    shot(browser_page, "3-masked")
    draft = Page.objects.get(pk=submitted.pk).specific.get_latest_revision_as_object()
    assert "410***********123X" in draft.body and CITIZEN_ID not in draft.body
    browser_page.goto(f"{browser_page.base_url}/admin/pages/{submitted.pk}/edit/")
    browser_page.click("footer [data-w-dropdown-target='toggle'], footer .w-dropdown__toggle")
    browser_page.click("button[name=action-submit]")  # 重新提交到“保密审查”
    browser_page.wait_for_selector(".messages .success")

    # 3. The officer lets the public hotline through with a reason, ticks the list, signs.
    admin_login("officer")
    open_workflow_action(browser_page, submitted.pk, "审查通过并签名")
    modal = browser_page.inner_text(".modal-content")
    assert "410***********123X" not in modal  # the masked number is no longer a finding
    new_review = ConfidentialityReview.objects.filter(page=submitted).order_by("-pk").first()
    [(index, finding)] = new_review.unresolved_blocking()
    assert finding["kind"] == "mobile"
    approve_with(browser_page, {index: "该号码为本机关对外公布的咨询电话，依法应当公开。"})
    shot(browser_page, "4-override")
    browser_page.wait_for_selector(".messages .success", timeout=40_000)
    shot(browser_page, "5-approved")

    new_review.refresh_from_db()
    override = new_review.overrides.get()
    assert override.reason == "该号码为本机关对外公布的咨询电话，依法应当公开。"
    assert override.by == desk.officer
    assert new_review.signature == "赵敏" and new_review.signed_by == desk.officer
    approved = new_review.task_state
    approved.refresh_from_db()
    assert approved.status == approved.STATUS_APPROVED
    # the content changed since the department review, so it goes back there
    # (WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT), then on to sign-off
    page = Page.objects.get(pk=submitted.pk).specific
    assert page.current_workflow_task.specific.__class__.__name__ == "DepartmentReviewTask"
