"""What people are told when something is stuck: steps waiting too long, schedules that fail."""
# ruff: noqa: F811  (pytest fixtures imported from calendar_support are used as arguments)

import datetime
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import PageLogEntry, Revision, TaskState

import disclosure.models as disclosure_models
from confidentiality.models import FORBIDDEN_CATEGORIES
from departments.models import Department
from disclosure import stuck, timeliness
from disclosure.reminders import send_stuck_reminders
from outbox.models import Message
from portal import demo as portal_demo
from publishing import publisher
from publishing.workflow import setup_workflow
from tests.workdays.calendar_support import fresh_calendar_cache  # noqa: F401
from workdays.local_time import LOCAL_TIME_ZONE

pytestmark = pytest.mark.django_db

# Submitted on Wednesday 2026-09-30, before the National Day holiday (10-01..10-07);
# 10-08 (Thu), 10-09 (Fri) and 10-10 (Sat, 调休上班) are working days.
SUBMITTED = datetime.datetime(2026, 9, 30, 16, 0, tzinfo=LOCAL_TIME_ZONE)


@pytest.fixture
def site(db, fresh_calendar_cache):
    site = portal_demo.load()
    catalogue = site.home.add_child(instance=disclosure_models.CatalogueRoot(
        title="政府信息公开目录", slug="xxgk"))
    site.news = catalogue.add_child(instance=disclosure_models.CatalogueColumn(
        title="工作动态", slug="gzdt", department=site.department("yizheng"), rule="news"))
    site.documents = catalogue.add_child(instance=disclosure_models.CatalogueColumn(
        title="政策文件", slug="zcwj", department=site.department("yizheng"), rule="document"))
    setup_workflow()
    site.users = {user.username: user for user in get_user_model().objects.all()}
    return site


def submitted_news(site, title="医政医管科召开医疗质量安全工作会议"):
    news = site.news.add_child(instance=disclosure_models.WorkNews(
        title=title, slug=f"news-{disclosure_models.WorkNews.objects.count() + 1}", live=False,
        owner=site.users["editor"], author="李文静", happened_on=date(2026, 9, 30),
        body="<p>会议部署了下一阶段的医疗质量安全工作。</p>"))
    news.save_revision(user=site.users["editor"])
    news.get_workflow().start(news, site.users["editor"])
    TaskState.objects.filter(workflow_state__object_id=str(news.pk)).update(started_at=SUBMITTED)
    return news


# --- steps waiting too long -----------------------------------------------------------------


def test_a_step_is_stuck_only_after_more_than_two_working_days_on_the_calendar(site):
    """Default threshold 2 working days, counted on the official calendar (holidays skipped,
    调休 Saturdays counted): nine calendar days later it is still not stuck."""
    news = submitted_news(site)
    assert stuck.stuck_steps(date(2026, 10, 9)) == []  # 10-08, 10-09: two working days
    [step] = stuck.stuck_steps(date(2026, 10, 10))  # 调休 Saturday: the third
    assert step.item.pk == news.pk and step.working_days == 3
    assert step.step_name == "科室审核" and step.since == date(2026, 9, 30)
    assert "科室审核" in step.state_label and "2026-09-30" in step.state_label


def test_the_stuck_threshold_is_a_setting(site, settings):
    submitted_news(site)
    settings.WORKFLOW_STUCK_WORKING_DAYS = 3
    assert stuck.stuck_steps(date(2026, 10, 10)) == []
    assert len(stuck.stuck_steps(date(2026, 10, 12))) == 1


def test_a_stuck_step_shows_on_the_dashboard_of_its_department_only(site, client, monkeypatch):
    news = submitted_news(site)
    monkeypatch.setattr("disclosure.timeliness_views.local_today", lambda: date(2026, 10, 12))
    groups = {group.department.code: group
              for group in timeliness.deadline_dashboard(Department.objects.all(),
                                                         date(2026, 10, 12))}
    assert [step.item.pk for step in groups["yizheng"].stuck] == [news.pk]
    assert groups["jikong"].stuck == []
    for username, sees in (("reviewer", True), ("office", True), ("editor2", False)):
        client.force_login(site.users[username])
        text = client.get("/admin/deadlines/").content.decode()
        assert ("滞留：科室审核 自 2026-09-30 起" in text) is sees, username
        assert (news.title in text) is sees, username


def test_the_daily_reminder_mails_each_decider_of_a_stuck_step_once_through_the_outbox(site):
    news = submitted_news(site)
    second = submitted_news(site, title="医政医管科开展行风建设专项检查")
    result = send_stuck_reminders.call(date(2026, 10, 12).isoformat())
    assert result == {"reviewer": 2}  # the 科室负责人 decides 科室审核; the editor submitted
    [message] = Message.objects.filter(subject__contains="审批滞留")
    assert message.to == site.users["reviewer"].email
    assert news.title in message.body and second.title in message.body
    assert "科室审核" in message.body and "/admin/pages/" in message.body
    assert send_stuck_reminders.call(date(2026, 10, 9).isoformat()) == {}


# --- a scheduled item that cannot go live ---------------------------------------------------


def signed_off_document_with_its_interpretation_withdrawn(site):
    """A document needing an interpretation, signed off for a time at which its interpretation
    was scheduled; the interpretation's schedule is then cancelled."""
    users = site.users
    document = site.documents.add_child(instance=disclosure_models.PolicyDocument(
        title="关于推进分级诊疗的实施意见", slug="fjzl", live=False, owner=users["editor"],
        issuing_body="示例市卫生健康委员会", document_number="示卫〔2026〕30号",
        written_on=date(2026, 11, 2), formed_on=date(2026, 11, 2), needs_interpretation=True,
        body="<p>为推进分级诊疗制度建设，提出如下意见。</p>"))
    go_live_at = timezone.now().replace(microsecond=0) + datetime.timedelta(minutes=5)
    interpretation = site.documents.add_child(instance=disclosure_models.PolicyInterpretation(
        title="《关于推进分级诊疗的实施意见》解读", slug="fjzl-jd", live=False,
        author="王建国", go_live_at=go_live_at - datetime.timedelta(minutes=1)))
    interpretation.documents.set([document])
    interpretation.save_revision().publish(skip_permission_checks=True)
    document.save_revision(user=users["editor"])
    document.get_workflow().start(document, users["editor"])
    approvals = [(users["reviewer"], {"comment": "同意。"}),
                 (users["officer"], {"checklist": [key for key, _ in FORBIDDEN_CATEGORIES],
                                     "signature": "赵敏"}),
                 (users["signatory"], {"go_live_at": go_live_at, "late_reason": "与解读同步发布。"})]
    for user, data in approvals:
        document = type(document).objects.get(pk=document.pk)
        document.current_workflow_task.on_action(document.current_workflow_task_state, user,
                                                 "approve", **data)
    revision = Revision.objects.get(object_id=str(document.pk), approved_go_live_at__isnull=False)
    Revision.objects.filter(object_id=str(interpretation.pk)).update(approved_go_live_at=None)
    return document, revision, go_live_at


def test_sign_off_refuses_a_time_before_the_interpretation_is_scheduled_three_sync(site):
    """三同步: the document may not be signed off for a moment before its interpretation's."""
    from publishing.workflow_forms import SignOffForm

    users = site.users
    document = site.documents.add_child(instance=disclosure_models.PolicyDocument(
        title="关于加强院感防控的通知", slug="ygfk", live=False, owner=users["editor"],
        issuing_body="示例市卫生健康委员会", document_number="示卫〔2026〕31号",
        written_on=date(2026, 11, 2), formed_on=date(2026, 11, 2), needs_interpretation=True,
        body="<p>通知如下。</p>"))
    later = timezone.now().replace(second=0, microsecond=0) + datetime.timedelta(days=2)
    interpretation = site.documents.add_child(instance=disclosure_models.PolicyInterpretation(
        title="《关于加强院感防控的通知》解读", slug="ygfk-jd", live=False, author="王建国",
        go_live_at=later))
    interpretation.documents.set([document])
    interpretation.save_revision().publish(skip_permission_checks=True)
    document.save_revision(user=users["editor"])
    document.get_workflow().start(document, users["editor"])
    for user, data in [(users["reviewer"], {"comment": "同意。"}),
                       (users["officer"], {"checklist": [k for k, _ in FORBIDDEN_CATEGORIES],
                                           "signature": "赵敏"})]:
        document = type(document).objects.get(pk=document.pk)
        document.current_workflow_task.on_action(document.current_workflow_task_state, user,
                                                 "approve", **data)
    state = type(document).objects.get(pk=document.pk).current_workflow_task_state
    fmt = "%Y-%m-%dT%H:%M"
    before = timezone.localtime(later - datetime.timedelta(days=1)).strftime(fmt)
    form = SignOffForm(data={"task_state_id": state.pk, "go_live_at": before}, task_state=state)
    assert not form.is_valid()
    assert "三同步" in str(form.errors["go_live_at"])
    same = timezone.localtime(later).strftime(fmt)
    form = SignOffForm(data={"task_state_id": state.pk, "go_live_at": same,
                             "late_reason": "与解读同步发布。"}, task_state=state)
    assert form.is_valid(), form.errors


def test_a_blocked_schedule_is_reported_once_to_the_office_and_the_signatory_and_not_retried(
        site, client, django_capture_on_commit_callbacks):
    document, revision, go_live_at = signed_off_document_with_its_interpretation_withdrawn(site)
    Message.objects.all().delete()
    due = go_live_at + datetime.timedelta(seconds=1)
    Revision.objects.filter(pk=revision.pk).update(approved_go_live_at=timezone.now())

    assert publisher.run_due(due) == (0, 0)  # no PublicationFailed: nothing is left to retry
    document.refresh_from_db()
    assert not document.live
    assert Revision.objects.get(pk=revision.pk).approved_go_live_at is None
    assert publisher.next_due_time() is None
    entry = PageLogEntry.objects.get(page=document, action="publishing.schedule_blocked")
    assert "三同步" in entry.data["reason"]
    [blocked] = disclosure_models.BlockedPublication.objects.all()
    assert blocked.signed_by == site.users["signatory"] and "三同步" in blocked.reason
    recipients = sorted(Message.objects.filter(subject__contains="定时发布受阻")
                        .values_list("to", flat=True))
    assert recipients == sorted([site.users["office"].email, site.users["signatory"].email])

    assert publisher.run_due(due + datetime.timedelta(minutes=1)) == (0, 0)
    assert Message.objects.count() == 2  # reported once, not on every loop

    client.force_login(site.users["office"])
    text = client.get("/admin/deadlines/").content.decode()
    assert "deadline-blocked" in text and "未能按时发布" in text and document.title in text
    assert "1 项定时发布未能按时发布" in client.get("/admin/").content.decode()
    client.force_login(site.users["editor2"])  # another department does not see it
    assert document.title not in client.get("/admin/deadlines/").content.decode()


def test_signing_off_again_closes_the_blocked_record(site):
    document, revision, go_live_at = signed_off_document_with_its_interpretation_withdrawn(site)
    Revision.objects.filter(pk=revision.pk).update(approved_go_live_at=timezone.now())
    publisher.run_due(go_live_at + datetime.timedelta(seconds=1))
    assert stuck.open_blocked_publications().count() == 1
    document = type(document).objects.get(pk=document.pk)
    document.go_live_at = go_live_at + datetime.timedelta(days=1)
    document.save_revision().publish(skip_permission_checks=True)  # scheduled again
    assert stuck.open_blocked_publications().count() == 0
