"""The database cache the beneficiary query's throttle counts in (settings FUNDS_THROTTLE_CACHE):
every worker process shares it. `migrate` makes its table so no extra command is needed."""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("funds", "0001_initial")]

    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]
