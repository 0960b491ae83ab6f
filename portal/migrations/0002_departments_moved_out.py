"""Department and DepartmentSection left for the departments app; their tables stay."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("portal", "0001_initial"),
        ("departments", "0001_initial"),
        # Every foreign key to the old models points to the new ones first.
        ("disclosure", "0004_department_moved_to_departments"),
        ("applications", "0002_department_moved_to_departments"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="DepartmentSection"),
                migrations.DeleteModel(name="Department"),
            ],
            database_operations=[],
        ),
    ]
