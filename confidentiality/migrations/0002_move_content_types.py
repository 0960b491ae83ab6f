"""The content types of SensitiveTerm and ScanRecord follow the models from publishing.

Permissions (`add_sensitiveterm`, …), their grants to groups and users, and audit-log entries
refer to a content type by its id, so relabelling the row keeps every one of them. Where a
database already holds a row for the new label too (Django creates missing content types after
each `migrate`), the permissions and log entries of the old row are moved onto it first.
"""

from django.db import migrations

MODELS = ("sensitiveterm", "scanrecord")


def relabel(old_label, new_label, models=MODELS):
    """The content types of `models` move from `old_label` to `new_label` (0004 uses it too)."""

    def move(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        Permission = apps.get_model("auth", "Permission")
        ModelLogEntry = apps.get_model("wagtailcore", "ModelLogEntry")
        db = schema_editor.connection.alias
        for model in models:
            old = ContentType.objects.using(db).filter(app_label=old_label, model=model).first()
            if old is None:
                continue
            new = ContentType.objects.using(db).filter(app_label=new_label, model=model).first()
            if new is None:
                old.app_label = new_label
                old.save(update_fields=["app_label"])
                continue
            _merge(db, Permission, ModelLogEntry, old, new)

    return move


def _merge(db, Permission, ModelLogEntry, old, new):
    """Move what points at `old` onto `new` (same model, both rows present), then drop `old`."""
    for permission in Permission.objects.using(db).filter(content_type=old):
        twin = Permission.objects.using(db).filter(content_type=new,
                                                   codename=permission.codename).first()
        if twin is None:
            permission.content_type = new
            permission.save(update_fields=["content_type"])
            continue
        for group in permission.group_set.all():
            group.permissions.add(twin)
        for user in permission.user_set.all():
            user.user_permissions.add(twin)
        permission.delete()
    ModelLogEntry.objects.using(db).filter(content_type=old).update(content_type=new)
    old.delete()


class Migration(migrations.Migration):

    dependencies = [
        ('confidentiality', '0001_initial'),
        ('publishing', '0005_move_scanner_models_to_confidentiality'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('auth', '0012_alter_user_first_name_max_length'),
        ('wagtailcore', '0098_apitoken'),
    ]

    operations = [
        migrations.RunPython(relabel("publishing", "confidentiality"),
                             relabel("confidentiality", "publishing")),
    ]
