"""After a workflow action on the edit page, a moderator without page permissions returns to the
dashboard (their task list) rather than to an explorer they may not open."""

import pytest
from django.test import RequestFactory

from portal.roles import CONFIDENTIALITY_OFFICER, EDITOR
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
