"""Forget the content types (and with them the permissions and group grants) of the models an
earlier migration removed when their rows moved to a bottom room; a fresh database never had
them. Django leaves such stale content types behind unless told."""

from django.db import migrations

REMOVED = ["indexnumbercounter"]


def forget(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="disclosure", model__in=REMOVED).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("disclosure", "0005_index_number_counter_to_serials"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forget, migrations.RunPython.noop)]
