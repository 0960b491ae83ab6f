"""What a query reads for every match, in rows small enough to count tens of thousands quickly.

- `IndexEntry.expire_at`: the page's expiry as indexed (filled here from the pages), so a query
  leaves out a page whose time has passed before the unpublishing task has run.
- `FacetSet` and `IndexEntry.facet_set`: the entry's facet values (type, column, year, issuing
  body, validity) as one integer, so counting matches per facet groups by one small column.
- `SearchRow` (PostgreSQL; the table exists, empty, on SQLite): generation, page, facet set,
  dates, number keys and the tsvector of each entry, copied by a trigger on every insert and
  update of an entry and deleted with it (foreign key ON DELETE CASCADE). The GIN index moves
  from the entry's tsvector to this copy. The entry's long values are all stored out of line
  (`toast_tuple_target` 128, the minimum), so its tsvector reaches the copy out of line and
  stays there: a `SearchRow` is about 100 bytes, against up to 2 kB for an entry stored
  inline. Long values are compressed with lz4 where the server has it (cheaper than pglz to
  write and to read); the copy's tsvector is not compressed at all (tsvectors hardly
  compress, and ranking reads them).
  Entries written before this migration keep their old storage, and so do their copies:
  `manage.py search_index rebuild` after upgrading.
- PostgreSQL: a GIN index over the title's tokens, to find the pages whose title holds all of
  a query's words among many matches.
"""

import django.db.models.deletion
from django.db import DatabaseError, migrations, models

ENTRY = "search_indexentry"
ROW = "search_indexrow"
LONG = ["url", "title", "summary", "body", "attachments_text", "title_tokens", "meta_tokens",
        "body_tokens", "attachment_tokens", "search_vector"]
COPIED = ["id", "generation", "page_id", "facet_set_id", "published_on", "expire_at",
          "document_number_key", "index_number_key", "search_vector"]
FACET_COLUMNS = ["kind", "column_id", "column", "year", "issuing_body", "validity"]

# A generic plan keeps NEW.search_vector a pointer to the entry's out-of-line value, which
# the copy then stores out of line too; a custom plan (plpgsql's first five calls in a session)
# would fold it into a constant, which PostgreSQL detoasts, and the copy would keep the whole
# tsvector in its row.
COPY_FUNCTION = f"""
CREATE OR REPLACE FUNCTION search_indexrow_copy() RETURNS trigger LANGUAGE plpgsql
SET plan_cache_mode = force_generic_plan AS $$
BEGIN
    INSERT INTO {ROW} ({", ".join(COPIED)})
    VALUES ({", ".join("NEW." + name for name in COPIED)})
    ON CONFLICT (id) DO UPDATE SET {", ".join(
        f"{name} = EXCLUDED.{name}" for name in COPIED if name != "id")};
    RETURN NULL;
END
$$"""


def forward(apps, schema_editor):
    connection = schema_editor.connection
    postgresql = connection.vendor == "postgresql"
    execute = schema_editor.execute
    execute(f"""UPDATE {ENTRY} SET expire_at = (
        SELECT p.expire_at FROM wagtailcore_page p WHERE p.id = {ENTRY}.page_id)""")
    columns = ", ".join(f'"{name}"' for name in FACET_COLUMNS)
    same = " IS NOT DISTINCT FROM " if postgresql else " IS "
    execute(f"INSERT INTO search_facetset ({columns}) SELECT DISTINCT {columns} FROM {ENTRY}")  # noqa: S608
    matching = " AND ".join(f'f."{name}"{same}{ENTRY}."{name}"' for name in FACET_COLUMNS)
    execute(f"""UPDATE {ENTRY} SET facet_set_id = (
        SELECT MIN(f.id) FROM search_facetset f WHERE {matching})""")  # noqa: S608
    if not postgresql:
        return
    execute("SET CONSTRAINTS ALL IMMEDIATE")  # ALTER TABLE refuses pending foreign-key checks
    execute(f"ALTER TABLE {ENTRY} SET (toast_tuple_target = 128)")
    if _has_lz4(connection):
        for column in LONG:
            execute(f'ALTER TABLE {ENTRY} ALTER COLUMN "{column}" SET COMPRESSION lz4')
    execute(f"ALTER TABLE {ROW} SET (toast_tuple_target = 128)")
    execute(f"ALTER TABLE {ROW} ADD COLUMN search_vector tsvector")
    execute(f"ALTER TABLE {ROW} ALTER COLUMN search_vector SET STORAGE EXTERNAL")
    for column in ("document_number_key", "index_number_key"):
        execute(f"ALTER TABLE {ROW} ALTER COLUMN {column} SET STORAGE PLAIN")
    execute(f"""ALTER TABLE {ROW} ADD CONSTRAINT search_indexrow_entry_fk FOREIGN KEY (id)
                REFERENCES {ENTRY} (id) ON DELETE CASCADE""")
    execute(f"INSERT INTO {ROW} ({', '.join(COPIED)}) SELECT {', '.join(COPIED)} FROM {ENTRY}")  # noqa: S608
    execute(COPY_FUNCTION)
    execute(f"""CREATE TRIGGER search_indexrow_copy AFTER INSERT OR UPDATE ON {ENTRY}
                FOR EACH ROW EXECUTE FUNCTION search_indexrow_copy()""")
    execute("DROP INDEX IF EXISTS search_indexentry_vector_gin")
    execute(f"CREATE INDEX search_indexrow_vector_gin ON {ROW} USING GIN (search_vector)")
    execute(f"""CREATE INDEX search_indexentry_title_gin ON {ENTRY}
                USING GIN (to_tsvector('simple'::regconfig, title_tokens))""")
    execute(f"ANALYZE {ROW}")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    execute = schema_editor.execute
    execute(f"DROP TRIGGER IF EXISTS search_indexrow_copy ON {ENTRY}")
    execute("DROP FUNCTION IF EXISTS search_indexrow_copy()")
    execute("DROP INDEX IF EXISTS search_indexentry_title_gin")
    execute(f"CREATE INDEX search_indexentry_vector_gin ON {ENTRY} USING GIN (search_vector)")
    execute(f"ALTER TABLE {ENTRY} RESET (toast_tuple_target)")
    for column in LONG:
        execute(f'ALTER TABLE {ENTRY} ALTER COLUMN "{column}" SET COMPRESSION DEFAULT')


def _has_lz4(connection) -> bool:
    """Whether this server was built with lz4 (PostgreSQL 14+ configured --with-lz4)."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        if int(cursor.fetchone()[0]) < 140000:
            return False
        cursor.execute("SAVEPOINT search_lz4")
        try:
            cursor.execute("CREATE TEMPORARY TABLE search_lz4_probe (value text COMPRESSION lz4)")
        except DatabaseError:  # "compression method lz4 not supported"
            cursor.execute("ROLLBACK TO SAVEPOINT search_lz4")
            return False
        cursor.execute("DROP TABLE search_lz4_probe")
        cursor.execute("RELEASE SAVEPOINT search_lz4")
        return True


class Migration(migrations.Migration):
    dependencies = [("search", "0002_full_text")]

    operations = [
        migrations.AddField(
            model_name="indexentry",
            name="expire_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.CreateModel(
            name="FacetSet",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                           verbose_name="ID")),
                ("kind", models.CharField(blank=True, max_length=100)),
                ("column_id", models.IntegerField(blank=True, null=True)),
                ("column", models.CharField(blank=True, max_length=255)),
                ("year", models.SmallIntegerField(blank=True, null=True)),
                ("issuing_body", models.CharField(blank=True, max_length=200)),
                ("validity", models.CharField(blank=True, max_length=50)),
            ],
            options={
                "verbose_name": "分面组合",
                "verbose_name_plural": "分面组合",
                "indexes": [models.Index(
                    fields=["kind", "column_id", "year", "issuing_body", "validity"],
                    name="search_face_kind_d616d4_idx")],
            },
        ),
        migrations.AddField(
            model_name="indexentry",
            name="facet_set",
            field=models.ForeignKey(blank=True, db_index=False, null=True,
                                    on_delete=django.db.models.deletion.PROTECT,
                                    related_name="+", to="search.facetset"),
        ),
        migrations.CreateModel(
            name="SearchRow",
            fields=[
                ("entry", models.OneToOneField(db_column="id", db_constraint=False,
                                               on_delete=django.db.models.deletion.DO_NOTHING,
                                               primary_key=True, related_name="+",
                                               serialize=False, to="search.indexentry")),
                ("generation", models.PositiveIntegerField()),
                ("page_id", models.IntegerField()),
                ("facet_set_id", models.BigIntegerField(null=True)),
                ("published_on", models.DateField(null=True)),
                ("expire_at", models.DateTimeField(null=True)),
                ("document_number_key", models.CharField(blank=True, max_length=100)),
                ("index_number_key", models.CharField(blank=True, max_length=100)),
            ],
            options={
                "db_table": "search_indexrow",
                "verbose_name": "检索行",
                "verbose_name_plural": "检索行",
                "indexes": [
                    models.Index(fields=["generation", "published_on"],
                                 name="search_inde_generat_e46760_idx"),
                    models.Index(fields=["document_number_key"],
                                 name="search_inde_documen_21a633_idx"),
                    models.Index(fields=["index_number_key"],
                                 name="search_inde_index_n_416977_idx"),
                ],
            },
        ),
        migrations.RunPython(forward, backward),
    ]
