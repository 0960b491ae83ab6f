"""Rehearse an upgrade on PostgreSQL before running it on a real server.

    .venv/bin/python deploy/rehearse_upgrade.py [--from e3a6672] [--database-url postgres://...]

1. Exports the older commit (`git archive`) into a temporary directory, makes a scratch
   database, migrates it with the older code, and loads the demo there: a site in the state a
   running office would have, with pages, workflow records, calendars, scans and applications.
2. Migrates that database with the code of this checkout and runs `setup_roles` and
   `load_demo` again (both idempotent: they must find everything in place).
3. Migrates a second, fresh database with this checkout, and compares the two: tables, columns
   and their types, indexes, content types and permissions must be the same, and no table that
   held rows before the upgrade may have lost them (unless a migration moved them on purpose —
   listed with --moved OLD_TABLE=NEW_TABLE).

Exits 0 when the upgraded database matches the fresh one, 1 otherwise (the differences are
printed). Both scratch databases are dropped at the end unless --keep is given. Needs `git`,
`psql` and a PostgreSQL server the given URL may create databases on.
"""

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

CHECKOUT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="old", default="e3a6672",
                        help="the commit a running site has now (default: e3a6672)")
    parser.add_argument("--database-url", default=os.environ.get(
        "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
        help="a PostgreSQL server where scratch databases may be created")
    parser.add_argument("--moved", action="append", default=list(MOVED_SINCE_E3A6672),
                        metavar="OLD=NEW",
                        help="a table whose rows a migration moved into another table")
    parser.add_argument("--fewer", action="append", default=list(FEWER_SINCE_E3A6672),
                        metavar="TABLE", help="a table that may hold fewer rows afterwards")
    parser.add_argument("--keep", action="store_true", help="keep the scratch databases")
    options = parser.parse_args(argv)

    server = urlsplit(options.database_url)
    upgraded_url = _with_database(server, "rehearse_upgraded")
    fresh_url = _with_database(server, "rehearse_fresh")
    admin_url = _with_database(server, "postgres")
    for url in (upgraded_url, fresh_url):
        _recreate(admin_url, urlsplit(url).path.lstrip("/"))
    try:
        with tempfile.TemporaryDirectory(prefix="rehearse-") as scratch:
            scratch = Path(scratch)
            old_tree = scratch / "old"
            old_tree.mkdir()
            archive = subprocess.run(["git", "-C", str(CHECKOUT), "archive", options.old],
                                     check=True, capture_output=True).stdout
            subprocess.run(["tar", "-x", "-C", str(old_tree)], input=archive, check=True)

            print(f"== {options.old}: migrate and load the demo")
            old_env = _environment(upgraded_url, scratch / "var-old")
            for command in (["migrate", "--no-input", "-v", "0"], ["setup_roles", "-v", "0"],
                            ["load_demo"]):
                _manage(old_tree, old_env, command)
            before = _row_counts(upgraded_url)

            print("== this checkout: migrate the old database, roles and demo again")
            new_env = _environment(upgraded_url, scratch / "var-old")
            for command in (["migrate", "--no-input", "-v", "0"], ["setup_roles", "-v", "0"],
                            ["load_demo"]):
                _manage(CHECKOUT, new_env, command)

            print("== this checkout: migrate a fresh database")
            _manage(CHECKOUT, _environment(fresh_url, scratch / "var-fresh"),
                    ["migrate", "--no-input", "-v", "0"])

            problems = compare(upgraded_url, fresh_url, before, dict(
                item.split("=", 1) for item in options.moved), set(options.fewer))
    finally:
        if not options.keep:
            for url in (upgraded_url, fresh_url):
                _drop(admin_url, urlsplit(url).path.lstrip("/"))
    if problems:
        print("The upgraded database differs from a fresh one:")
        for problem in problems:
            print(f"  - {problem}")
        return 1
    print("The upgraded database matches a fresh one; no table lost its rows.")
    return 0


def compare(upgraded_url, fresh_url, before, moved, fewer=frozenset()) -> list[str]:
    """Differences between the upgraded and the fresh database, and rows lost on the way."""
    problems = []
    for label, query in SCHEMA_QUERIES.items():
        upgraded, fresh = _rows(upgraded_url, query), _rows(fresh_url, query)
        for row in sorted(upgraded - fresh):
            problems.append(f"{label} only after the upgrade: {row}")
        for row in sorted(fresh - upgraded):
            problems.append(f"{label} missing after the upgrade: {row}")
    after = _row_counts(upgraded_url)
    for table, count in sorted(before.items()):
        target = moved.get(table, table)
        if count and after.get(target, 0) < count and table not in fewer:
            problems.append(f"table {table}: {count} rows before the upgrade, "
                            f"{after.get(target, 0)} in {target} after it")
    return problems


# What the rooms' upgrade moves on purpose (the commit the script rehearses from by default):
# the applicants' emails into the one mail outbox, both counters into the one serial counter.
MOVED_SINCE_E3A6672 = (
    "applications_outgoingemail=outbox_message",
    "applications_trackingcounter=serials_serialcounter",
    "disclosure_indexnumbercounter=serials_serialcounter",
)
# setup_roles takes the page permissions off the department membership groups (they route work
# and grant nothing) and gives add/change only to the editors' groups: fewer rows, by design.
# Content types and permissions are compared as sets above; the upgrade forgets those of the
# models whose rows moved, so their tables may hold fewer rows.
FEWER_SINCE_E3A6672 = ("wagtailcore_grouppagepermission", "django_content_type", "auth_permission")

SCHEMA_QUERIES = {
    "column": """
        SELECT table_name, column_name, data_type, is_nullable, character_maximum_length
        FROM information_schema.columns WHERE table_schema = 'public'""",
    "index": """
        SELECT tablename, regexp_replace(indexdef, '^CREATE (UNIQUE )?INDEX \\S+', 'INDEX')
        FROM pg_indexes WHERE schemaname = 'public'""",
    "constraint": """
        SELECT conrelid::regclass::text, contype, pg_get_constraintdef(oid)
        FROM pg_constraint WHERE connamespace = 'public'::regnamespace""",
    "content type": "SELECT app_label, model FROM django_content_type",
    "permission": """
        SELECT ct.app_label, ct.model, p.codename FROM auth_permission p
        JOIN django_content_type ct ON ct.id = p.content_type_id""",
}


def _row_counts(url) -> dict[str, int]:
    with psycopg.connect(url) as connection:
        tables = [row[0] for row in connection.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        return {table: connection.execute(
                    sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))).fetchone()[0]
                for table in tables}


def _rows(url, query) -> set[tuple]:
    with psycopg.connect(url) as connection:
        return {tuple(row) for row in connection.execute(query)}


def _manage(tree: Path, env: dict, command: list[str]) -> None:
    subprocess.run([PYTHON, "manage.py", *command], cwd=tree, env=env, check=True,
                   stdout=subprocess.DEVNULL)


def _environment(database_url: str, var_dir: Path) -> dict:
    var_dir.mkdir(parents=True, exist_ok=True)
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env.update({"DATABASE_URL": database_url, "VAR_DIR": str(var_dir),
                "PYTHONPATH": "", "PYTHONDONTWRITEBYTECODE": "1"})
    return env


def _with_database(server, name) -> str:
    return urlunsplit(server._replace(path=f"/{name}"))


def _recreate(admin_url, name) -> None:
    _drop(admin_url, name)
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _drop(admin_url, name) -> None:
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
            sql.Identifier(name)))


if __name__ == "__main__":
    sys.exit(main())
