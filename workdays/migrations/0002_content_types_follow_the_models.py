"""Content types of the moved models follow them from `publishing` to `workdays`.

Renaming the content type rows in place keeps everything that points at them: the permissions
(and the groups and users holding them), the DeadlineChange records, Wagtail's audit log of the
holiday table. Should the new app's rows already exist (post_migrate creates them after any
`migrate` run with the new code), what points at them is moved onto the old rows first, and the
empty new rows are removed; the same happens the other way when migrating backwards.
"""

from django.db import migrations

MODELS = ("holidayyear", "holidaydate", "deadlinechange")


def move_content_types(apps, from_label, to_label):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    for model in MODELS:
        old = ContentType.objects.filter(app_label=from_label, model=model).first()
        if old is None:
            continue
        new = ContentType.objects.filter(app_label=to_label, model=model).first()
        if new is not None:
            _merge_into(apps, Permission, ContentType, source=new, target=old)
            new.delete()
        old.app_label = to_label
        old.save(update_fields=["app_label"])
    ContentType.objects.clear_cache()


def _merge_into(apps, Permission, ContentType, source, target):
    """Re-point everything that refers to content type `source` at `target`."""
    kept = {perm.codename: perm for perm in Permission.objects.filter(content_type=target)}
    for perm in Permission.objects.filter(content_type=source):
        twin = kept.get(perm.codename)
        if twin is None:
            perm.content_type = target
            perm.save(update_fields=["content_type"])
            continue
        for group in perm.group_set.all():
            group.permissions.add(twin)
        for user in perm.user_set.all():
            user.user_permissions.add(twin)
        perm.delete()
    for model in apps.get_models():
        if model is Permission:
            continue
        for field in model._meta.concrete_fields:
            if field.is_relation and field.many_to_one and field.related_model is ContentType:
                model._base_manager.filter(**{field.name: source}).update(**{field.name: target})


def forwards(apps, schema_editor):
    move_content_types(apps, "publishing", "workdays")


def backwards(apps, schema_editor):
    move_content_types(apps, "workdays", "publishing")


class Migration(migrations.Migration):

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('publishing', '0004_calendar_moves_to_workdays'),
        ('workdays', '0001_initial'),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
