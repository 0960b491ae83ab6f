"""Tracking-number serials move to the site's one serial counter (serials.SerialCounter,
counter "applications", one scope per year); the rows are copied, so numbering continues."""

from django.db import migrations

COUNTER = "applications"


def forwards(apps, schema_editor):
    TrackingCounter = apps.get_model("applications", "TrackingCounter")
    SerialCounter = apps.get_model("serials", "SerialCounter")
    for old in TrackingCounter.objects.all():
        SerialCounter.objects.update_or_create(name=COUNTER, scope=str(old.year),
                                               defaults={"last": old.last})


def backwards(apps, schema_editor):
    TrackingCounter = apps.get_model("applications", "TrackingCounter")
    SerialCounter = apps.get_model("serials", "SerialCounter")
    for counter in SerialCounter.objects.filter(name=COUNTER):
        TrackingCounter.objects.update_or_create(year=int(counter.scope),
                                                 defaults={"last": counter.last})


class Migration(migrations.Migration):

    dependencies = [
        ("applications", "0002_department_moved_to_departments"),
        ("serials", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.DeleteModel(name="TrackingCounter"),
    ]
