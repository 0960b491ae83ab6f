"""Index-number serials move to the site's one serial counter (serials.SerialCounter, counter
"index_numbers"); the rows are copied, so numbering continues where it stopped."""

from django.db import migrations

COUNTER = "index_numbers"


def forwards(apps, schema_editor):
    IndexNumberCounter = apps.get_model("disclosure", "IndexNumberCounter")
    SerialCounter = apps.get_model("serials", "SerialCounter")
    for old in IndexNumberCounter.objects.all():
        SerialCounter.objects.update_or_create(name=COUNTER, scope=old.scope,
                                               defaults={"last": old.last_serial})


def backwards(apps, schema_editor):
    IndexNumberCounter = apps.get_model("disclosure", "IndexNumberCounter")
    SerialCounter = apps.get_model("serials", "SerialCounter")
    for counter in SerialCounter.objects.filter(name=COUNTER):
        IndexNumberCounter.objects.update_or_create(scope=counter.scope,
                                                    defaults={"last_serial": counter.last})


class Migration(migrations.Migration):

    dependencies = [
        ("disclosure", "0004_department_moved_to_departments"),
        ("serials", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.DeleteModel(name="IndexNumberCounter"),
    ]
