"""The holiday table and the record of moved deadlines now belong to the workdays app.

State only: the tables stay where they are (workdays' 0001 took the models over under the same
table names), so nothing is dropped from the database.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('publishing', '0003_sensitiveterm_scanrecord'),
        ('workdays', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name='HolidayDate'),
                migrations.DeleteModel(name='HolidayYear'),
                migrations.DeleteModel(name='DeadlineChange'),
            ],
        ),
    ]
