"""After a workflow action on the edit page, a moderator without page permissions returns to the
dashboard (their task list) rather than to an explorer they may not open."""

import pytest
from django.test import RequestFactory

from departments.roles import CONFIDENTIALITY_OFFICER, EDITOR
from publishing.workflow_hooks import back_to_my_tasks_after_a_workflow_action

pytestmark = pytest.mark.django_db


def _request(user, data):
    request = RequestFactory().post("/admin/pages/1/edit/", data)
    request.user = user
    return request


def test_officer_returns_to_the_dashboard_after_a_workflow_action(home, roles, make_department,
                                                                  make_user):
    _department, (section,) = make_department("a", "甲科", home)
    officer = make_user("officer-x", CONFIDENTIALITY_OFFICER.group_name)
    response = back_to_my_tasks_after_a_workflow_action(
        _request(officer, {"action-workflow-action": "1"}), section)
    assert response is not None and response.url == "/admin/"


def test_editor_of_the_department_keeps_wagtails_own_redirect(home, roles, make_department,
                                                              make_user):
    department, (section,) = make_department("a", "甲科", home)
    child = section.add_child(instance=type(section)(title="子栏目", slug="child"))
    editor = make_user("editor-x", EDITOR.group_name, department.group)
    assert back_to_my_tasks_after_a_workflow_action(
        _request(editor, {"action-workflow-action": "1"}), child) is None


def test_plain_saves_are_left_alone(home, roles, make_department, make_user):
    _department, (section,) = make_department("a", "甲科", home)
    officer = make_user("officer-y", CONFIDENTIALITY_OFFICER.group_name)
    assert back_to_my_tasks_after_a_workflow_action(_request(officer, {}), section) is None


def test_bulk_publish_and_unpublish_of_workflow_pages_are_refused(client, home, roles,
                                                                  make_department,
                                                                  django_user_model):
    """Bulk actions would bypass the review, check and sign-off (and the withdrawal reason)."""
    from django.contrib.messages import get_messages
    from wagtail.models import Workflow, WorkflowPage

    from portal.models import SectionPage

    _department, (section,) = make_department("a", "甲科", home)
    WorkflowPage.objects.create(workflow=Workflow.objects.create(name="测试流程"), page=section)
    draft = section.add_child(instance=SectionPage(title="待审草稿", slug="draft", live=False))
    draft.save_revision()
    published = section.add_child(instance=SectionPage(title="已发布页", slug="live"))
    published.save_revision().publish()
    client.force_login(django_user_model.objects.create_superuser("root", "r@x.test", "pw"))
    for action, page in (("publish", draft), ("unpublish", published)):
        url = f"/admin/bulk/wagtailcore/page/{action}/?id={page.pk}&next=/admin/"
        response = client.post(url, {})
        assert any("不能批量" in str(m) for m in get_messages(response.wsgi_request)), action
    draft.refresh_from_db()
    published.refresh_from_db()
    assert not draft.live
    assert published.live
