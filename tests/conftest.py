"""Fixtures shared by the whole suite."""

import uuid

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Collection, Locale, Page, Site

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


@pytest.fixture(autouse=True)
def _wagtail_initial_rows(request):
    """Put back the rows Wagtail's migrations create, for tests on a flushed database.

    A transactional test (browser tests, the publisher's threads) ends by flushing every table;
    the post-migrate signal then restores permissions and content types, but not the data that
    Wagtail's migrations insert: the default locale, the root page, the default site and the
    root collection. The next transactional test would find no page tree at all.
    """
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(request.fixturenames))
    if not transactional:
        return
    request.getfixturevalue("transactional_db")
    language = settings.WAGTAIL_CONTENT_LANGUAGES[0][0]
    Locale.objects.get_or_create(language_code=language)
    if not Collection.get_first_root_node():
        Collection.add_root(name="Root")
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=Locale.get_default()))
    if not Site.objects.exists():
        welcome = root.get_children().filter(slug="welcome").first() or root.add_child(
            instance=Page(title="Welcome", slug="welcome"))
        Site.objects.create(hostname="localhost", port=80, root_page=welcome,
                            is_default_site=True)


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
