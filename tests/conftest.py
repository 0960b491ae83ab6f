"""Fixtures shared by the whole suite."""

import uuid

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Page, Site

from departments.models import Department, DepartmentSection
from departments.roles import setup_roles
from portal.models import HomePage, SectionPage


@pytest.fixture(autouse=True)
def _empty_django_cache():
    """Each test starts with an empty Django cache: a menu, a QR code or Wagtail's site roots
    cached by an earlier test (whose pages were rolled back) would otherwise show up."""
    yield
    from django.core.cache import cache

    cache.clear()


def pytest_collection_modifyitems(items):
    """Every transactional test (browser tests, the nginx harness, migrations, the publisher's
    threads) runs with serialized rollback: it starts from the rows the migrations made, with
    their ids, and its closing flush does not re-make content types and permissions under new
    ids. Mixing the two kinds broke the suite by order: after a plain transactional test the
    next one found content types under other ids than the ones cached in this process and in
    the nginx harness's gunicorn workers (a live attachment answered 404 there), and after a
    serialized one a plain one found no content types or page tree at all."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        kwargs = dict(marker.kwargs) if marker else {}
        transactional = kwargs.get("transaction") or (
            {"transactional_db", "live_server"} & set(item.fixturenames))
        if transactional and not kwargs.get("serialized_rollback"):
            item.add_marker(pytest.mark.django_db(
                **{**kwargs, "transaction": True, "serialized_rollback": True}), append=False)


@pytest.fixture
def roles(db):
    """Every role group, as `manage.py setup_roles` makes them."""
    setup_roles()
    return {group.name: group for group in Group.objects.all()}


@pytest.fixture
def home(db):
    """A site whose root is a fresh HomePage (Wagtail's welcome page removed)."""
    root = Page.get_first_root_node()
    # A fresh slug: a transactional test elsewhere may have left a home page behind.
    home = root.add_child(instance=HomePage(title="测试首页", slug=f"test-home-{uuid.uuid4().hex[:8]}"))
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

