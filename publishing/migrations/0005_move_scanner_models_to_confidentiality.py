"""SensitiveTerm and ScanRecord now belong to the confidentiality app (issue 15).

State only: the tables stay (the confidentiality models name them with db_table), so no row
is copied or lost.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('publishing', '0004_calendar_moves_to_workdays'),
        ('confidentiality', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name='ScanRecord'),
                migrations.DeleteModel(name='SensitiveTerm'),
            ],
        ),
    ]
