"""Fixtures shared by the whole suite."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Page, Site

from portal.models import Department, DepartmentSection, HomePage, SectionPage
from portal.roles import setup_roles


@pytest.fixture
def roles(db):
    """Every role group, as `manage.py setup_roles` makes them."""
    setup_roles()
    return {group.name: group for group in Group.objects.all()}


@pytest.fixture
def home(db):
    """A site whose root is a fresh HomePage (Wagtail's welcome page removed)."""
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="测试首页", slug="test-home"))
    site = Site.objects.get(is_default_site=True)
    old = site.root_page
    site.root_page = home
    site.hostname = "testserver"
    site.save()
    if old.pk != home.pk:
        old.delete()
    return home


@pytest.fixture
def make_department(db):
    """Make a department owning new sections under a parent page."""

    def make(code, name, parent, section_titles=("栏目",)):
        department = Department.objects.create(code=code, name=name)
        sections = []
        for index, title in enumerate(section_titles):
            section = parent.add_child(instance=SectionPage(
                title=title, slug=f"{code}-{index}", show_in_menus=True))
            DepartmentSection.objects.create(department=department, page=section)
            sections.append(section)
        department.refresh_from_db()
        return department, sections

    return make


@pytest.fixture
def make_user(db):
    """Make an active user in the named groups."""

    def make(username, *groups, **extra):
        user = get_user_model().objects.create_user(
            username=username, password="pw-for-tests-only", email=f"{username}@example.test",
            **extra)
        for group in groups:
            user.groups.add(group if isinstance(group, Group) else Group.objects.get(name=group))
        return user

    return make
