"""The workflow 公开发布审批: review → check → sign-off, and the rules each step enforces."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry, TaskState

from confidentiality import pages as scanned_pages
from confidentiality.models import ConfidentialityReview, FindingOverride
from publishing import workflow
from publishing.workflow_models import SignOff

from .workflow_support import (  # noqa: F401  (fixtures)
    CHECKLIST,
    FakeReport,
    approve_all,
    clean_scan_fixture,
    decide,
    desk_fixture,
    draft,
    submit,
)

pytestmark = pytest.mark.django_db


def test_setup_workflow_is_idempotent_and_orders_review_check_sign_off(desk):
    assert workflow.setup_workflow(roots=[desk.section]) == []
    flow = desk.section.get_workflow()
    assert flow.name == "公开发布审批"
    assert [type(task.specific) for task in flow.tasks] == [
        workflow.DepartmentReviewTask, workflow.ConfidentialityCheckTask, workflow.SignOffTask]


def test_draft_review_check_sign_off_publishes_now(desk):
    page = draft(desk.section)
    submit(page, desk.editor)
    page = approve_all(page, desk)
    assert page.live
    sign_off = SignOff.objects.get(page=page)
    assert sign_off.signed_by == desk.signatory
    actions = list(PageLogEntry.objects.filter(page=page).values_list("action", flat=True))
    assert "publishing.sign_off" in actions and "publishing.confidentiality_check" in actions
    assert "wagtail.publish" in actions


def test_second_pair_of_eyes_submitter_never_approves_even_as_superuser(desk, make_user):
    page = draft(desk.section)
    submit(page, desk.admin)  # a superuser submits...
    assert page.current_workflow_task.get_actions(page, desk.admin) == []
    with pytest.raises(PermissionDenied):
        decide(page, desk.admin)  # ...and may not approve, though superusers may decide otherwise
    decide(page, desk.reviewer)
    assert page.current_workflow_task.get_actions(page, desk.admin) == []
    with pytest.raises(PermissionDenied):
        decide(page, desk.admin, checklist=CHECKLIST, signature="管理员")


def test_second_pair_of_eyes_reviewer_who_submitted_cannot_review(desk):
    page = draft(desk.section)
    submit(page, desk.reviewer)
    assert page.current_workflow_task.get_actions(page, desk.reviewer) == []
    assert not TaskState.objects.reviewable_by(desk.reviewer).exists()
    with pytest.raises(PermissionDenied):
        decide(page, desk.reviewer)


def test_second_pair_of_eyes_in_admin_view_is_refused(desk, client):
    page = draft(desk.section)
    submit(page, desk.admin)
    client.force_login(desk.admin)
    state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", state.pk])
    response = client.post(url, {"comment": "", "task_state_id": state.pk})
    assert response.status_code in (302, 403)  # Wagtail turns PermissionDenied into a redirect
    assert response.status_code == 403 or response.url == reverse("wagtailadmin_home")
    state.refresh_from_db()
    assert state.status == TaskState.STATUS_IN_PROGRESS


def test_department_review_only_by_reviewers_of_the_owning_department(desk):
    page = draft(desk.section)
    submit(page, desk.editor)
    task = page.current_workflow_task
    assert task.get_actions(page, desk.other_reviewer) == []
    assert task.get_actions(page, desk.officer) == []
    assert [name for name, *_ in task.get_actions(page, desk.reviewer)] == ["reject", "approve"]
    with pytest.raises(PermissionDenied):
        decide(page, desk.other_reviewer)


def test_request_changes_needs_comment_and_returns_page_to_editor(desk, client):
    page = draft(desk.section)
    submit(page, desk.editor)
    with pytest.raises(PermissionDenied):
        decide(page, desk.reviewer, "reject", comment="")
    decide(page, desk.reviewer, "reject", comment="请补充检查时间安排。")
    page.refresh_from_db()
    assert page.current_workflow_state.status == "needs_changes"
    client.force_login(desk.editor)
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    assert "请补充检查时间安排。" in response.content.decode()


def test_confidentiality_check_needs_every_category_ticked_and_a_signature(desk):
    page = draft(desk.section)
    submit(page, desk.editor)
    decide(page, desk.reviewer)
    with pytest.raises(PermissionDenied):
        decide(page, desk.officer, checklist=CHECKLIST[:-1], signature="赵敏")
    with pytest.raises(PermissionDenied):
        decide(page, desk.officer, checklist=CHECKLIST, signature="")
    decide(page, desk.officer, checklist=CHECKLIST, signature="赵敏")
    review = ConfidentialityReview.objects.get(page=page)
    assert review.signed_by == desk.officer and review.checklist == CHECKLIST


def test_blocking_finding_prevents_approval_until_overridden_with_reason(desk, monkeypatch):
    finding = {"location": "正文", "kind": "id_number", "severity": "block",
               "text": "410102199001011234", "suggestion": "410***********1234"}
    monkeypatch.setattr(scanned_pages, "scan_page", lambda page: FakeReport([finding]))
    page = draft(desk.section)
    submit(page, desk.editor)
    decide(page, desk.reviewer)
    review = ConfidentialityReview.objects.get(page=page)
    assert review.scan_report["has_blocking"] and review.revision == page.get_latest_revision()
    with pytest.raises(PermissionDenied):
        decide(page, desk.officer, checklist=CHECKLIST, signature="赵敏")
    with pytest.raises(PermissionDenied):
        decide(page, desk.officer, checklist=CHECKLIST, signature="赵敏", override_0="可")
    decide(page, desk.officer, checklist=CHECKLIST, signature="赵敏",
           override_0="该号码为公开的机构登记号，非个人身份证号。")
    override = FindingOverride.objects.get(review=review)
    assert override.by == desk.officer and override.finding["kind"] == "id_number"
    assert PageLogEntry.objects.filter(page=page, action="publishing.finding_override").exists()


def test_scanner_failure_blocks_like_a_finding(desk, monkeypatch):
    def broken(page):
        raise RuntimeError("pdf unreadable")

    monkeypatch.setattr(scanned_pages, "scan_page", broken)
    page = draft(desk.section)
    submit(page, desk.editor)
    decide(page, desk.reviewer)
    review = ConfidentialityReview.objects.get(page=page)
    assert review.scan_error and review.unresolved_blocking()


def test_sign_off_at_chosen_time_schedules_without_going_live(desk):
    page = draft(desk.section)
    submit(page, desk.editor)
    go_live_at = timezone.now() + timezone.timedelta(hours=2)
    page = approve_all(page, desk, go_live_at=go_live_at)
    assert not page.live
    revision = page.get_latest_revision()
    assert abs((revision.approved_go_live_at - go_live_at).total_seconds()) < 1
    assert abs((page.go_live_at - go_live_at).total_seconds()) < 1


def test_go_live_after_due_date_needs_recorded_reason_article_26(desk, monkeypatch):
    from portal.models import SectionPage

    due = timezone.localdate() + timezone.timedelta(days=1)
    # The workflow learns the due date from the page itself (publication_due_date()).
    monkeypatch.setattr(SectionPage, "publication_due_date", lambda self: (due, False),
                        raising=False)
    page = draft(desk.section)
    submit(page, desk.editor)
    late = timezone.now() + timezone.timedelta(days=3)
    decide(page, desk.reviewer)
    decide(page, desk.officer, checklist=CHECKLIST, signature="赵敏")
    with pytest.raises(PermissionDenied):
        decide(page, desk.signatory, go_live_at=late)
    decide(page, desk.signatory, go_live_at=late, late_reason="待配套解读材料同步发布。")
    sign_off = SignOff.objects.get(page=page)
    assert sign_off.late_reason and sign_off.due_on == due


def test_notifications_go_to_next_deciders_and_editor(desk, django_capture_on_commit_callbacks):
    page = draft(desk.section)
    with django_capture_on_commit_callbacks(execute=True):
        submit(page, desk.editor)
    assert [m.to for m in mail.outbox] == [["reviewer@example.test"]]
    with django_capture_on_commit_callbacks(execute=True):
        decide(page, desk.reviewer)
    recipients = [sorted(m.to) for m in mail.outbox[1:]]
    assert ["officer@example.test"] in recipients and ["editor@example.test"] in recipients


def test_broken_mail_server_never_blocks_an_approval(desk, settings,
                                                     django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "tests.publishing.workflow_support.BrokenMailBackend"
    page = draft(desk.section)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        submit(page, desk.editor)
        page = approve_all(page, desk)
    assert callbacks  # the emails were attempted (and failed) in the background task
    assert page.live and not mail.outbox
