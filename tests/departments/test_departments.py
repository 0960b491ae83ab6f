"""Department isolation: an editor works only inside the sections their department owns
(corpus 004 网站管理制度 第七至十三条)."""

import pytest
from django.urls import reverse
from wagtail.models import GroupPagePermission

from departments.models import DepartmentSection
from departments.roles import EDITOR, department_for_page, setup_roles
from portal.models import SectionPage


@pytest.fixture
def two_departments(home, roles, make_department, make_user):
    dept_a, (section_a,) = make_department("a", "甲科", home, ["甲科栏目"])
    dept_b, (section_b,) = make_department("b", "乙科", home, ["乙科栏目"])
    draft_b = section_b.add_child(instance=SectionPage(
        title="乙科未发布草稿", slug="b-draft", live=False))
    draft_b.save_revision()
    editor_a = make_user("editor_a", EDITOR.group_name, dept_a.group)
    return {"a": section_a, "b": section_b, "draft_b": draft_b, "editor_a": editor_a,
            "dept_a": dept_a, "dept_b": dept_b}


def test_department_editors_group_holds_page_permissions_on_its_sections_only(two_departments):
    dept_a = two_departments["dept_a"]
    pages = set(GroupPagePermission.objects.filter(group=dept_a.editors_group)
                .values_list("page_id", flat=True))
    assert pages == {two_departments["a"].pk}


def test_editor_may_edit_own_department_section(client, two_departments):
    client.force_login(two_departments["editor_a"])
    response = client.get(reverse("wagtailadmin_pages:edit", args=[two_departments["a"].pk]))
    assert response.status_code == 200


def test_editor_cannot_edit_or_preview_other_department_draft(client, two_departments):
    client.force_login(two_departments["editor_a"])
    draft = two_departments["draft_b"]
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[draft.pk]))
    assert edit.status_code in (302, 403)
    assert "乙科未发布草稿" not in edit.content.decode()
    preview = client.get(reverse("wagtailadmin_pages:view_draft", args=[draft.pk]))
    assert preview.status_code in (302, 403)
    assert "乙科未发布草稿" not in preview.content.decode()


def test_editor_cannot_submit_other_department_page(client, two_departments):
    client.force_login(two_departments["editor_a"])
    draft = two_departments["draft_b"]
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[draft.pk]),
        {"title": "篡改", "slug": "b-draft", "action-submit": "1"},
    )
    assert response.status_code in (302, 403)
    draft.refresh_from_db()
    assert draft.title == "乙科未发布草稿"
    assert draft.workflow_states.count() == 0


def test_editor_cannot_add_page_in_other_department(client, two_departments):
    client.force_login(two_departments["editor_a"])
    url = reverse("wagtailadmin_pages:add", args=["portal", "sectionpage", two_departments["b"].pk])
    response = client.get(url)
    assert response.status_code in (302, 403)


def test_editor_does_not_see_other_department_drafts_in_listings(client, two_departments):
    client.force_login(two_departments["editor_a"])
    for url in (
        reverse("wagtailadmin_pages:search") + "?q=草稿",
        reverse("wagtailadmin_explore", args=[two_departments["b"].pk]),
        reverse("wagtailadmin_home"),
    ):
        response = client.get(url)
        assert "乙科未发布草稿" not in response.content.decode(), url


def test_editor_cannot_publish_even_in_own_department(two_departments):
    """Publication goes through the workflow: no department group holds publish_page."""
    perms = two_departments["a"].permissions_for_user(two_departments["editor_a"])
    assert perms.can_edit()
    assert not perms.can_publish()


def test_moving_a_section_to_another_department_moves_the_permissions(two_departments):
    section = DepartmentSection.objects.get(page=two_departments["a"])
    section.department = two_departments["dept_b"]
    section.save()
    # The signal re-syncs the new owner; a full run also cleans the old one.
    setup_roles()
    perms = two_departments["a"].permissions_for_user(two_departments["editor_a"])
    assert not perms.can_edit()


def test_department_for_page_is_the_nearest_owning_section(two_departments):
    assert department_for_page(two_departments["draft_b"]) == two_departments["dept_b"]
    assert department_for_page(two_departments["a"]) == two_departments["dept_a"]


def test_setup_roles_is_idempotent(roles):
    assert setup_roles() == []
