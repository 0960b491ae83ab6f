"""The upgrade that moved the holiday table and DeadlineChange from publishing to workdays.

Migrates the test database back to the schema before the split, writes rows of every moved
model (with the permissions held on them and DeadlineChange links), migrates forward again and
checks that everything survived under the new app label. Runs on SQLite and PostgreSQL.
"""

from datetime import date

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# serialized_rollback, as the publisher's tests: the flush after each test then leaves the
# content types to be restored with their original ids, so later tests find the same rows.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE_SPLIT = [("publishing", "0003_sensitiveterm_scanrecord"), ("workdays", None)]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    ContentType.objects.clear_cache()
    return executor.loader.project_state(
        [target for target in targets if target[1] is not None]).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.fixture
def before_split(transactional_db):
    """The database as it was before the split; put back to the latest schema afterwards."""
    old_apps = migrate(BEFORE_SPLIT)
    yield old_apps
    migrate(latest())
    # Leave the content-type cache as the other tests expect it (every model, the ids the rows
    # have again): the next test's serialized rollback saves rows whose signal receivers look
    # their content type up, and a miss there would insert a row before the restored one.
    ContentType.objects.get_for_models(*django_apps.get_models())


def permission(old_apps, label, codename):
    model = old_apps.get_model("auth", "Permission")
    content_types = old_apps.get_model("contenttypes", "ContentType")
    app_label, model_name = label.split(".")
    content_type, _created = content_types.objects.get_or_create(app_label=app_label,
                                                                 model=model_name)
    perm, _created = model.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": codename})
    return perm


def test_upgrade_keeps_holiday_table_moves_and_permissions_of_every_moved_model(
        before_split, django_user_model):
    old_apps = before_split
    HolidayYear = old_apps.get_model("publishing", "HolidayYear")
    HolidayDate = old_apps.get_model("publishing", "HolidayDate")
    DeadlineChange = old_apps.get_model("publishing", "DeadlineChange")
    OldGroup = old_apps.get_model("auth", "Group")
    OldUser = old_apps.get_model("auth", "User")

    year = HolidayYear.objects.create(year=2027, notice="国务院办公厅关于2027年部分节假日安排的通知")
    HolidayDate.objects.create(holiday_year=year, date=date(2027, 1, 1), kind="holiday",
                               name="元旦")
    HolidayDate.objects.create(holiday_year=year, date=date(2027, 1, 9), kind="workday")
    year_type = permission(old_apps, "publishing.holidayyear", "change_holidayyear").content_type
    change = DeadlineChange.objects.create(
        content_type=year_type, object_id=str(year.pk), object_repr="2027 年节假日安排",
        field="due_on", old_due=date(2027, 1, 4), new_due=date(2027, 1, 5), reason="测试")

    office = OldGroup.objects.create(name="迁移测试办公室")
    office.permissions.add(
        permission(old_apps, "publishing.holidayyear", "change_holidayyear"),
        permission(old_apps, "publishing.holidayyear", "view_deadline_dashboard"),
        permission(old_apps, "publishing.holidaydate", "view_holidaydate"),
        permission(old_apps, "publishing.deadlinechange", "view_deadlinechange"),
    )
    clerk = OldUser.objects.create(username="migration-clerk", is_active=True)
    clerk.user_permissions.add(permission(old_apps, "publishing.holidayyear", "view_holidayyear"))
    # What post_migrate leaves behind when the new code ran `migrate` before this upgrade: an
    # empty workdays content type, whose permission one group was already given.
    early = OldGroup.objects.create(name="迁移测试早到组")
    early.permissions.add(permission(old_apps, "workdays.holidayyear", "change_holidayyear"),
                          permission(old_apps, "workdays.holidayyear", "add_holidayyear"))

    migrate(latest())

    from workdays.models import DeadlineChange as NewDeadlineChange
    from workdays.models import HolidayYear as NewHolidayYear

    moved_year = NewHolidayYear.objects.get(pk=year.pk)
    assert moved_year.notice == "国务院办公厅关于2027年部分节假日安排的通知"
    assert [(day.date, day.kind) for day in moved_year.dates.all()] == [
        (date(2027, 1, 1), "holiday"), (date(2027, 1, 9), "workday")]
    moved_change = NewDeadlineChange.objects.get(pk=change.pk)
    assert moved_change.subject == moved_year
    assert moved_change.content_type == ContentType.objects.get_for_model(NewHolidayYear)

    assert not ContentType.objects.filter(
        app_label="publishing", model__in=["holidayyear", "holidaydate", "deadlinechange"]
    ).exists()
    assert ContentType.objects.filter(app_label="workdays", model="holidayyear").count() == 1
    assert set(Group.objects.get(name="迁移测试办公室").permissions.values_list(
        "content_type__app_label", "codename")) == {
        ("workdays", "change_holidayyear"), ("workdays", "view_deadline_dashboard"),
        ("workdays", "view_holidaydate"), ("workdays", "view_deadlinechange")}
    assert set(Group.objects.get(name="迁移测试早到组").permissions.values_list(
        "content_type__app_label", "codename")) == {
        ("workdays", "change_holidayyear"), ("workdays", "add_holidayyear")}
    assert Permission.objects.filter(content_type__app_label="workdays",
                                     codename="change_holidayyear").count() == 1
    user = django_user_model.objects.get(pk=clerk.pk)
    assert user.has_perm("workdays.view_holidayyear")
    assert not user.has_perm("publishing.view_holidayyear")


def test_downgrade_gives_the_content_types_back_to_publishing(before_split):
    old_apps = before_split
    ContentTypeBefore = old_apps.get_model("contenttypes", "ContentType")
    assert ContentTypeBefore.objects.filter(app_label="workdays", model="holidayyear").count() \
        == 0
    assert ContentTypeBefore.objects.filter(app_label="publishing", model="holidayyear").count() \
        == 1
