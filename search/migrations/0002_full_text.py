"""The database's own full-text index over IndexEntry's token columns.

SQLite: an FTS5 external-content table with triggers that keep it in step with the rows.
PostgreSQL: a generated, weighted tsvector column ('simple' configuration: the tokens are already
segmented by jieba) with a GIN index.
"""

from django.db import migrations

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE search_indexentry_fts USING fts5(
        title_tokens, meta_tokens, body_tokens, attachment_tokens,
        content='search_indexentry', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0')""",
    """CREATE TRIGGER search_indexentry_fts_insert AFTER INSERT ON search_indexentry BEGIN
        INSERT INTO search_indexentry_fts(rowid, title_tokens, meta_tokens, body_tokens,
                                          attachment_tokens)
        VALUES (new.id, new.title_tokens, new.meta_tokens, new.body_tokens,
                new.attachment_tokens);
    END""",
    """CREATE TRIGGER search_indexentry_fts_delete AFTER DELETE ON search_indexentry BEGIN
        INSERT INTO search_indexentry_fts(search_indexentry_fts, rowid, title_tokens,
                                          meta_tokens, body_tokens, attachment_tokens)
        VALUES ('delete', old.id, old.title_tokens, old.meta_tokens, old.body_tokens,
                old.attachment_tokens);
    END""",
    """CREATE TRIGGER search_indexentry_fts_update AFTER UPDATE ON search_indexentry BEGIN
        INSERT INTO search_indexentry_fts(search_indexentry_fts, rowid, title_tokens,
                                          meta_tokens, body_tokens, attachment_tokens)
        VALUES ('delete', old.id, old.title_tokens, old.meta_tokens, old.body_tokens,
                old.attachment_tokens);
        INSERT INTO search_indexentry_fts(rowid, title_tokens, meta_tokens, body_tokens,
                                          attachment_tokens)
        VALUES (new.id, new.title_tokens, new.meta_tokens, new.body_tokens,
                new.attachment_tokens);
    END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_indexentry_fts_update",
    "DROP TRIGGER IF EXISTS search_indexentry_fts_delete",
    "DROP TRIGGER IF EXISTS search_indexentry_fts_insert",
    "DROP TABLE IF EXISTS search_indexentry_fts",
]
POSTGRESQL_FORWARD = [
    """ALTER TABLE search_indexentry ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, title_tokens), 'A') ||
        setweight(to_tsvector('simple'::regconfig, meta_tokens), 'B') ||
        setweight(to_tsvector('simple'::regconfig, body_tokens), 'C') ||
        setweight(to_tsvector('simple'::regconfig, attachment_tokens), 'D')) STORED""",
    "CREATE INDEX search_indexentry_vector_gin ON search_indexentry USING GIN (search_vector)",
]
POSTGRESQL_BACKWARD = [
    "DROP INDEX IF EXISTS search_indexentry_vector_gin",
    "ALTER TABLE search_indexentry DROP COLUMN IF EXISTS search_vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRESQL_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRESQL_BACKWARD}),
        ),
    ]
