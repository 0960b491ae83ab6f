"""Page permissions follow the roles (网站管理制度 第七至十三条): a department's editors (信息员,
科室负责人) add and edit drafts of its sections; they never delete, move, lock, unlock or
unpublish a page, whatever its state; only the disclosure office (政务公开办公室) deletes and
withdraws. The application handler (依申请公开办理人) belongs to the department and holds no
page permission at all. Every check goes through the admin's own URLs."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupPagePermission, Page

from departments.roles import (
    APPLICATION_HANDLER,
    DEPARTMENT_REVIEWER,
    DISCLOSURE_OFFICE,
    EDITOR,
    setup_roles,
)
from portal.models import SectionPage
from publishing import workflow

STATES = ("draft", "in_workflow", "scheduled", "live")
DEPARTMENT_PEOPLE = ("editor", "reviewer", "handler", "other_editor")


@pytest.fixture
def desk(home, roles, make_department, make_user):
    department, (section,) = make_department("yizheng", "医政医管科", home, ("医政信息",))
    other, (other_section,) = make_department("jikong", "疾病预防控制科", home, ("疾控信息",))
    workflow.setup_workflow(roots=[section, other_section])
    people = {
        "editor": make_user("editor", EDITOR.group_name, department.group),
        "reviewer": make_user("reviewer", DEPARTMENT_REVIEWER.group_name, department.group),
        "handler": make_user("handler", APPLICATION_HANDLER.group_name, department.group),
        "other_editor": make_user("other_editor", EDITOR.group_name, other.group),
        "office": make_user("office", DISCLOSURE_OFFICE.group_name),
    }
    department.refresh_from_db()
    return type("Desk", (), {"section": section, "other_section": other_section,
                             "department": department, **people})


def page_in_state(desk, state, title=None):
    page = desk.section.add_child(instance=SectionPage(
        title=title or f"医政{state}", slug=f"p-{state}-{Page.objects.count()}", live=False,
        owner=desk.editor))
    revision = page.save_revision(user=desk.editor)
    if state == "in_workflow":
        page.get_workflow().start(page, desk.editor)
    elif state == "scheduled":
        page.go_live_at = timezone.now() + timedelta(days=3)
        revision = page.save_revision(user=desk.editor)
        revision.publish(user=desk.office)
    elif state == "live":
        revision.publish(user=desk.office)
    return Page.objects.get(pk=page.pk)


def test_membership_group_carries_no_page_permission_and_editors_group_only_add_and_edit(desk):
    assert not GroupPagePermission.objects.filter(group=desk.department.group).exists()
    granted = set(GroupPagePermission.objects.filter(group=desk.department.editors_group)
                  .values_list("page_id", "permission__codename"))
    assert granted == {(desk.section.pk, "add_page"), (desk.section.pk, "change_page")}


def test_editors_group_holds_exactly_the_members_who_draft_or_review(desk):
    editors = set(desk.department.editors_group.user_set.values_list("username", flat=True))
    assert editors == {"editor", "reviewer"}


def test_application_handler_has_no_page_permission_anywhere(desk):
    assert not GroupPagePermission.objects.filter(group__user=desk.handler).exists()
    assert not desk.section.permissions_for_user(desk.handler).can_edit()
    response = _client_for(desk.handler).get(
        reverse("wagtailadmin_pages:edit", args=[desk.section.pk]))
    assert response.status_code in (302, 403)


def test_leaving_the_editor_role_takes_the_editing_rights_away(desk):
    desk.editor.groups.remove(*desk.editor.groups.filter(name=EDITOR.group_name))
    assert not desk.editor.groups.filter(pk=desk.department.editors_group_id).exists()
    assert not desk.section.permissions_for_user(desk.editor).can_edit()


def test_editor_may_still_add_and_edit_drafts_in_own_section(desk):
    client = _client_for(desk.editor)
    add = client.get(reverse("wagtailadmin_pages:add",
                             args=["portal", "sectionpage", desk.section.pk]))
    assert add.status_code == 200
    page = page_in_state(desk, "draft")
    assert client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).status_code == 200


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("who", DEPARTMENT_PEOPLE)
def test_department_people_cannot_delete_a_page_directly_or_in_bulk(desk, who, state):
    page = page_in_state(desk, state)
    client = _client_for(getattr(desk, who))
    client.get(reverse("wagtailadmin_pages:delete", args=[page.pk]))
    client.post(reverse("wagtailadmin_pages:delete", args=[page.pk]))
    bulk = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])
    client.get(f"{bulk}?id={page.pk}")
    client.post(f"{bulk}?id={page.pk}")
    assert Page.objects.filter(pk=page.pk).exists()


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("who", DEPARTMENT_PEOPLE)
def test_department_people_cannot_move_lock_unlock_or_unpublish(desk, who, state):
    page = page_in_state(desk, state)
    user = getattr(desk, who)
    client = _client_for(user)
    target = desk.section.get_children().exclude(pk=page.pk).first() or desk.section
    client.post(reverse("wagtailadmin_pages:move_confirm", args=[page.pk, target.pk]))
    bulk_move = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "move"])
    client.post(f"{bulk_move}?id={page.pk}", {"chooser": target.pk})
    client.post(reverse("wagtailadmin_pages:lock", args=[page.pk]))
    page.refresh_from_db()
    assert page.get_parent().pk == desk.section.pk
    assert not page.locked

    Page.objects.filter(pk=page.pk).update(locked=True, locked_by=desk.office,
                                           locked_at=timezone.now())
    client.post(reverse("wagtailadmin_pages:unlock", args=[page.pk]))
    client.post(reverse("wagtailadmin_pages:unpublish", args=[page.pk]))
    page.refresh_from_db()
    assert page.locked
    assert page.live == (state == "live")


@pytest.mark.parametrize("who", DEPARTMENT_PEOPLE)
def test_delete_and_move_are_not_offered_in_the_listing(desk, who):
    page = page_in_state(desk, "draft")
    html = _client_for(getattr(desk, who)).get(
        reverse("wagtailadmin_explore", args=[desk.section.pk])).content.decode()
    assert reverse("wagtailadmin_pages:delete", args=[page.pk]) not in html
    assert reverse("wagtailadmin_pages:move", args=[page.pk]) not in html


@pytest.mark.parametrize("state", STATES)
def test_disclosure_office_deletes_a_page_in_any_state(desk, state):
    page = page_in_state(desk, state)
    response = _client_for(desk.office).post(reverse("wagtailadmin_pages:delete",
                                                     args=[page.pk]))
    assert response.status_code == 302
    assert not Page.objects.filter(pk=page.pk).exists()


def test_setup_roles_turns_an_old_department_group_into_membership_plus_editors(desk):
    """Before the split the department group held the page permissions itself."""
    old = desk.department.group
    for permission in desk.section.group_permissions.filter(
            group=desk.department.editors_group).values_list("permission", flat=True):
        GroupPagePermission.objects.create(group=old, page=desk.section, permission_id=permission)
    desk.department.editors_group.delete()

    assert setup_roles()
    desk.department.refresh_from_db()
    assert not GroupPagePermission.objects.filter(group=old).exists()
    assert desk.section.permissions_for_user(desk.editor).can_edit()
    assert not desk.section.permissions_for_user(desk.handler).can_edit()
    assert setup_roles() == []


def _client_for(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def test_demo_users_get_editing_rights_from_their_role_and_department(db):
    from portal import demo as portal_demo

    site = portal_demo.load()
    yizheng = site.department("yizheng")
    editors = set(yizheng.editors_group.user_set.values_list("username", flat=True))
    assert editors == {"editor", "reviewer"}
    handler = yizheng.group.user_set.get(username="handler")
    assert not GroupPagePermission.objects.filter(group__user=handler).exists()
