"""The flat admin list of catalogue entries shows each one's deadline, within the user's
department only (corpus 004 网站管理制度 第七至十三条; deadlines: 第十五条)."""

import pytest

from departments.models import Department
from departments.roles import EDITOR
from disclosure.models import CatalogueColumn, PolicyDocument

pytestmark = pytest.mark.django_db


def test_item_list_shows_the_deadline_of_each_entry(client, make_document, django_user_model):
    document = make_document(title="关于规范日间手术管理的通知")
    client.force_login(django_user_model.objects.create_superuser("boss", "b@x.test", "pw"))
    html = client.get("/admin/disclosure_items/").content.decode()
    assert "公开期限" in html
    assert "关于规范日间手术管理的通知" in html
    assert document.due_on.isoformat() in html


def test_editor_lists_only_the_items_of_their_department(client, catalogue, make_document,
                                                       department, roles, make_user):
    other = Department.objects.create(code="jikong", name="疾病预防控制科")
    other_column = catalogue.add_child(instance=CatalogueColumn(
        title="疾控文件", slug="jkwj", department=other, rule="document"))
    make_document(title="本科室的草稿")
    make_document(title="疾控科的草稿", parent=other_column)
    department.refresh_from_db()
    editor = make_user("editor-list", EDITOR.group_name, department.group)
    client.force_login(editor)
    html = client.get("/admin/disclosure_items/").content.decode()
    assert "本科室的草稿" in html
    assert "疾控科的草稿" not in html
    assert PolicyDocument.objects.count() == 2
