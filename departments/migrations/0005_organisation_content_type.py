"""The organisation setting's content type and permissions follow it from portal.

(portal, portalsettings) becomes (departments, organisation), and its permission codenames
`*_portalsettings` become `*_organisation`, so the office's grant to edit the setting survives.
On a fresh database there is nothing to rename.
"""

from django.db import migrations

OLD = ("portal", "portalsettings")
NEW = ("departments", "organisation")


def forwards(apps, schema_editor):
    move(apps, OLD, NEW)


def backwards(apps, schema_editor):
    move(apps, NEW, OLD)


def move(apps, old, new):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type = ContentType.objects.filter(app_label=old[0], model=old[1]).first()
    if content_type is None:
        return
    # A content type already made under the new name holds no grants worth keeping.
    ContentType.objects.filter(app_label=new[0], model=new[1]).delete()
    content_type.app_label, content_type.model = new
    content_type.save(update_fields=["app_label", "model"])
    for permission in Permission.objects.filter(content_type=content_type):
        action = permission.codename.split("_", 1)[0]
        permission.codename = f"{action}_{new[1]}"
        permission.save(update_fields=["codename"])


class Migration(migrations.Migration):

    dependencies = [
        ("departments", "0004_organisation"),
        ("portal", "0003_portalsettings_moved_out"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
