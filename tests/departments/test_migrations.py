"""Upgrading a database of the time departments lived in portal keeps every row and grant."""

import pytest
from django.contrib.auth.models import Group

from departments.models import Department, DepartmentSection
from tests.migration_support import BEFORE_SPLIT, migrate, migrate_to_latest

# serialized_rollback: the flush at the end keeps Django from re-making content types under new
# ids, which later tests that restore the serialized database would collide with.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def old_database():
    apps = migrate(BEFORE_SPLIT)
    yield apps
    migrate_to_latest()


def test_departments_sections_and_their_grants_survive_the_move_out_of_portal(old_database):
    apps = old_database
    OldDepartment = apps.get_model("portal", "Department")
    OldSection = apps.get_model("portal", "DepartmentSection")
    OldGroup = apps.get_model("auth", "Group")
    OldPermission = apps.get_model("auth", "Permission")
    OldPage = apps.get_model("wagtailcore", "Page")
    ContentType = apps.get_model("contenttypes", "ContentType")

    # The permissions the old code had: on the content type (portal, department).
    content_type = ContentType.objects.get(app_label="portal", model="department")
    change = OldPermission.objects.get(content_type=content_type, codename="change_department")
    members = OldGroup.objects.create(name="科室：医政医管科")
    office = OldGroup.objects.create(name="迁移测试：政务公开办公室")
    office.permissions.add(change)
    department = OldDepartment.objects.create(name="医政医管科", code="yizheng",
                                              email="yzk@example.gov.cn", group=members)
    page = OldPage.objects.order_by("depth").first()
    OldSection.objects.create(department=department, page_id=page.pk, sort_order=0)

    migrate_to_latest()

    moved = Department.objects.get(code="yizheng")
    assert (moved.pk, moved.name, moved.email) == (department.pk, "医政医管科",
                                                   "yzk@example.gov.cn")
    assert moved.group.name == "科室：医政医管科"
    assert list(DepartmentSection.objects.filter(department=moved)
                .values_list("page_id", flat=True)) == [page.pk]
    granted = Group.objects.get(name="迁移测试：政务公开办公室").permissions.get()
    assert (granted.content_type.app_label, granted.codename) == (
        "departments", "change_department")
    assert granted.pk == change.pk


def test_the_organisation_setting_and_its_grant_survive_the_move_out_of_portal(old_database):
    """PortalSettings (portal) becomes Organisation (departments): the row, its values and the
    office's permission to change it stay, under the new name."""
    from departments.models import Organisation

    apps = old_database
    OldSettings = apps.get_model("portal", "PortalSettings")
    OldGroup = apps.get_model("auth", "Group")
    OldPermission = apps.get_model("auth", "Permission")
    OldSite = apps.get_model("wagtailcore", "Site")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type = ContentType.objects.get(app_label="portal", model="portalsettings")
    change = OldPermission.objects.get(content_type=content_type, codename="change_portalsettings")
    office = OldGroup.objects.create(name="迁移测试：网站信息")
    office.permissions.add(change)
    site = OldSite.objects.order_by("pk").first()
    OldSettings.objects.filter(site_id=site.pk).delete()
    OldSettings.objects.create(site_id=site.pk, organisation_name="清江市卫生健康委员会",
                               organisation_code="11410000MB0000000X", icp_number="豫ICP备00000000号")

    migrate_to_latest()

    moved = Organisation.objects.get(site_id=site.pk)
    assert (moved.organisation_name, moved.organisation_code, moved.icp_number) == (
        "清江市卫生健康委员会", "11410000MB0000000X", "豫ICP备00000000号")
    granted = Group.objects.get(name="迁移测试：网站信息").permissions.get()
    assert (granted.content_type.app_label, granted.content_type.model, granted.codename) == (
        "departments", "organisation", "change_organisation")
    assert granted.pk == change.pk
