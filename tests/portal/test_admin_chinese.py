"""The admin reads Chinese for every role: what Wagtail's zh_Hans leaves in English comes from
the project's own catalogue, yes/no reads 是/否, names read 姓名 in Chinese order, no avatar is
fetched from Gravatar, and no role sees a menu item it cannot open."""

import json
import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils.translation import gettext, override

from departments.models import Department
from departments.roles import ROLES

LEFT_IN_ENGLISH_BY_WAGTAIL = {
    # msgid → what our catalogue says; each of these is missing from Wagtail 8's zh_Hans.
    "Privacy and access": "隐私和访问权限",
    "Page types usage": "页面类型使用情况",
    "Your pages and snippets in a workflow": "您在工作流中的页面和片段",
    "%(action)s by <b>%(who)s</b> at <b>%(at)s</b>": "%(action)s：<b>%(who)s</b>，<b>%(at)s</b>",
    "%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s":
        "共 %(items_count)s 个%(model_name)s，当前第 %(start_index)s—%(end_index)s 个",
}


@pytest.mark.parametrize("msgid", sorted(LEFT_IN_ENGLISH_BY_WAGTAIL))
def test_strings_wagtail_leaves_in_english_come_from_the_projects_catalogue(msgid):
    with override("zh-hans"):
        assert gettext(msgid) == LEFT_IN_ENGLISH_BY_WAGTAIL[msgid]


@pytest.fixture
def office_user(roles, make_user, home):
    department = Department.objects.create(code="bgs", name="办公室")
    return make_user("office", "政务公开办公室", department.group,
                     first_name="丽华", last_name="孙")


def test_empty_snippet_listing_and_page_types_report_read_chinese(client, office_user):
    client.force_login(office_user)
    html = client.get("/admin/snippets/publishing/holidayyear/").content.decode()
    assert "There are no" not in html and "Why not" not in html
    html = client.get(reverse("wagtailadmin_reports:page_types_usage")).content.decode()
    assert "页面类型使用情况" in html and "Page types usage" not in html


def test_dashboard_reads_chinese_without_gravatar_or_wagtail_guide(client, office_user):
    client.force_login(office_user)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "gravatar" not in html
    assert "guide.wagtail.org" not in html and "editor guide" not in html
    assert "Things in Wagtail" not in html


def test_draftail_placeholder_comes_translated_in_the_javascript_catalogue(client, db):
    js = client.get(reverse("wagtailadmin_javascript_catalog")).content.decode()
    assert json.dumps("输入文字，或输入“/”插入内容块")[1:-1] in js


def test_yes_no_columns_read_shi_fou(client, office_user):
    client.force_login(office_user)
    html = client.get("/admin/snippets/departments/department/").content.decode()
    cells = re.findall(r"<td[^>]*>\s*(是|否|True|False)\s*</td>", html)
    assert cells and set(cells) <= {"是", "否"}


def test_names_read_surname_first_without_a_space(client, office_user, make_user):
    make_user("reviewer", "科室负责人", first_name="建国", last_name="王")
    admin = make_user("root", is_superuser=True, first_name="管理员", last_name="系统")
    client.force_login(admin)
    html = client.get(reverse("wagtailusers_users:index")).content.decode()
    assert "王建国" in html and "建国 王" not in html
    assert office_user.get_full_name() == "孙丽华"


def test_a_name_in_latin_letters_keeps_its_own_order(make_user, db):
    assert make_user("anna", first_name="Anna", last_name="Li").get_full_name() == "Anna Li"


def _sidebar_urls(html):
    props = re.search(r'<script id="wagtail-sidebar-props"[^>]*>(.*?)</script>', html, re.S)
    found = []

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "url" and isinstance(value, str) and value.startswith("/admin/"):
                    found.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(props.group(1)))
    return sorted(set(found))


@pytest.mark.parametrize("role", ROLES, ids=[role.key for role in ROLES])
def test_every_menu_item_a_role_sees_opens_for_it(client, roles, make_user, make_department,
                                                  home, role):
    department, _sections = make_department("yizheng", "医政医管科", home)
    groups = [Group.objects.get(name=role.group_name)]
    if role.works_in_department:
        groups.append(department.group)
    user = make_user(f"someone-{role.key}", *groups, first_name="某", last_name="张")
    client.force_login(user)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    urls = _sidebar_urls(html)
    assert urls
    for url in urls:
        response = client.get(url, follow=True)
        final = response.redirect_chain[-1][0] if response.redirect_chain else url
        assert response.status_code == 200, url
        assert final != reverse("wagtailadmin_home"), f"{role.group_name} 看得到却打不开：{url}"
    # Editors of a department see its items; the office sees every item; nobody else any.
    assert ("/admin/disclosure_items/" in urls) == (role.edits_department_pages
                                                    or role.key == "office")


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_committed_mo_holds_every_translation_of_its_po(domain):
    """The .mo is committed (no gettext on a fresh machine), so it must match its .po."""
    import gettext
    from pathlib import Path

    from django.conf import settings

    folder = Path(settings.LOCALE_PATHS[0]) / "zh_Hans" / "LC_MESSAGES"
    with open(folder / f"{domain}.mo", "rb") as mo:
        catalogue = gettext.GNUTranslations(mo)
    po = (folder / f"{domain}.po").read_text(encoding="utf-8")
    entries = re.findall(r'^msgid "(.+)"\n(?:msgid_plural "(.*)"\n)?msgstr(?:\[0\])? "(.*)"$',
                         po, re.M)
    assert len(entries) > (300 if domain == "django" else 15)

    def unescape(text):
        return text.replace('\\"', '"').replace("\\\\", "\\")

    for msgid, plural, msgstr in entries:
        found = (catalogue.ngettext(unescape(msgid), unescape(plural), 1) if plural
                 else catalogue.gettext(unescape(msgid)))
        assert found == unescape(msgstr), msgid
