"""IndexState.token_version: how the active generation was segmented.

Existing indexes were written without the pairs of lone characters (version 1) and keep saying
so until `manage.py search_index rebuild`; a new index starts at the current version.

PostgreSQL: the GIN index of `search_indexrow` keeps at most 1 MB of new entries in its pending
list (4 MB by default), which every query reads in full until it is merged.
"""

from django.db import migrations, models


def _pending_list(clause):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"ALTER INDEX search_indexrow_vector_gin {clause}")

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0003_narrow_index_rows")]

    operations = [
        migrations.AddField(
            model_name="indexstate",
            name="token_version",
            field=models.PositiveSmallIntegerField(default=1),
        ),
        migrations.AlterField(
            model_name="indexstate",
            name="token_version",
            field=models.PositiveSmallIntegerField(default=2),
        ),
        migrations.RunPython(_pending_list("SET (gin_pending_list_limit = 1024)"),
                             _pending_list("RESET (gin_pending_list_limit)")),
    ]
