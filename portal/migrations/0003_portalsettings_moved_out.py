"""PortalSettings now lives in departments as `Organisation` (same table): leave portal's state."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("portal", "0002_departments_moved_out"),
        ("departments", "0004_organisation"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="PortalSettings")],
            database_operations=[],
        ),
    ]
