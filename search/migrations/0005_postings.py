"""PostgreSQL ranks every match from postings (`search.backends.postings`).

- `IndexState`: the fields' average lengths, for the postings' length normalisation.
- PostgreSQL: `search_posting` (one row per word and entry with its precomputed impact), kept by
  triggers on `search_indexentry`; `search_termstat` (how many entries hold each common word);
  the SQL functions the trigger uses. Entries already indexed get their postings here, with the
  averages of the active generation, and the statistics are taken.
- The GIN index over titles is dropped: nothing reads it any more (titles weigh in the
  postings).
"""

from django.db import migrations, models


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from search.backends import postings

    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT active_generation FROM search_indexstate WHERE id = 1")
        row = cursor.fetchone()
        if row:
            postings.refresh_averages(cursor, row[0])
        cursor.execute(postings.TABLES)
        postings.install_functions(cursor)
        cursor.execute(postings.BACKFILL)
        cursor.execute(postings.INDEXES)
        for trigger in postings.TRIGGERS:
            cursor.execute(trigger)
        if row:
            postings.refresh_statistics(cursor, row[0])
        cursor.execute("DROP INDEX IF EXISTS search_indexentry_title_gin")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    execute = schema_editor.execute
    for name in ("insert", "update", "delete"):
        execute(f"DROP TRIGGER IF EXISTS search_posting_{name} ON search_indexentry")
        execute(f"DROP FUNCTION IF EXISTS search_posting_{name}()")
    execute("DROP FUNCTION IF EXISTS search_posting_impact(float8[], float8[], float8[])")
    execute("DROP FUNCTION IF EXISTS search_rank_factor(text, text)")
    execute("DROP TABLE IF EXISTS search_posting, search_termstat")
    execute("""CREATE INDEX search_indexentry_title_gin ON search_indexentry
               USING GIN (to_tsvector('simple'::regconfig, title_tokens))""")


class Migration(migrations.Migration):
    dependencies = [("search", "0004_index_token_version")]

    operations = [
        migrations.AddField(model_name="indexstate", name="average_title_length",
                            field=models.FloatField(default=12)),
        migrations.AddField(model_name="indexstate", name="average_meta_length",
                            field=models.FloatField(default=20)),
        migrations.AddField(model_name="indexstate", name="average_body_length",
                            field=models.FloatField(default=400)),
        migrations.AddField(model_name="indexstate", name="average_attachment_length",
                            field=models.FloatField(default=200)),
        migrations.RunPython(forward, backward),
    ]
