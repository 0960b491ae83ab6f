"""Content types (and with them permissions, log entries, group grants) follow the models.

The permissions `portal.add_department` etc. hang on the content type (portal, department);
renaming its app_label makes them `departments.add_department` without touching a single
group's grants. On a fresh database there is nothing to rename: the content types are made
after the migrations, under their new app label.
"""

from django.db import migrations

MOVED = ("department", "departmentsection")


def forwards(apps, schema_editor):
    move_content_types(apps, "portal", "departments")


def backwards(apps, schema_editor):
    move_content_types(apps, "departments", "portal")


def move_content_types(apps, old_label, new_label):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        old = ContentType.objects.filter(app_label=old_label, model=model).first()
        if old is None:
            continue
        # A content type already made under the new label (a `migrate` run that stopped half
        # way) holds no grants worth keeping over the old one's: the old one wins.
        ContentType.objects.filter(app_label=new_label, model=model).delete()
        old.app_label = new_label
        old.save(update_fields=["app_label"])


class Migration(migrations.Migration):

    dependencies = [
        ("departments", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
