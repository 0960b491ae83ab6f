"""Benchmark: the website inspection on a large site, full then incremental (PostgreSQL only).

    createdb -h 127.0.0.1 -U postgres bench_inspection
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_inspection \\
        .venv/bin/python bench/bench_inspection.py [--pages 100000] [--runs 3] [--changes 300]

Issue 20's targets: a full inspection of a site with 100,000 pages and 500,000 internal links
under 10 minutes; an incremental run (what changed since the last run) under 1 minute.

Migrates the (empty) database, makes one column and one news item with the ORM, then copies
them in SQL (INSERT … SELECT over generate_series): pages/100 news columns of 100 news items
each, first published over the last 400 days, each body holding 5 internal links (3 to pages by
id, 2 by address; one page in a hundred has a dead one). Then, `--runs` times: a full run
(`inspect_site(full=True)`), then a day's changes (`--changes` pages republished with an edited
body, a tenth as many unpublished, deleted and moved) and an incremental run. Prints each
timing, the medians and the load average.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PER_COLUMN = 100
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--changes", type=int, default=300)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("bench_inspection needs DATABASE_URL=postgres://… (a database of its own): the "
                 "site is built with PostgreSQL's generate_series.")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    news_ids = build(args.pages)
    print(f"built {args.pages} news pages, {5 * args.pages} links in "
          f"{time.perf_counter() - start:.0f} s", flush=True)

    from django.db import connection

    from inspection.rules import inspect_site

    full_times, incremental_times = [], []
    previous = None
    for number in range(1, args.runs + 1):
        start = time.perf_counter()
        full = inspect_site(full=True)
        full_times.append(time.perf_counter() - start)
        if previous is not None:  # the incremental run found what a full run finds
            assert previous == full.as_dict(), "incremental and full runs differ"
        print(f"run {number}: full {full_times[-1]:.1f} s, {full.run.checked} pages, "
              f"{len(full.problems)} problems; load {load()}", flush=True)
        change(news_ids, args.changes, number)
        start = time.perf_counter()
        incremental = inspect_site()
        incremental_times.append(time.perf_counter() - start)
        previous = incremental.as_dict()
        assert incremental.run.mode == "incremental", incremental.run.mode
        print(f"run {number}: incremental {incremental_times[-1]:.1f} s, "
              f"{incremental.run.checked} pages rechecked, {len(incremental.problems)} problems; "
              f"load {load()}", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("select count(*) from inspection_pagelink")
        links = cursor.fetchone()[0]
    print(f"links stored: {links}")
    print(f"median full {statistics.median(full_times):.1f} s (target < 600 s), "
          f"median incremental {statistics.median(incremental_times):.1f} s (target < 60 s); "
          f"load {load()}")


def load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def build(count):
    """The site, in SQL copies of one column and one news item; returns the news page ids."""
    from django.db import connection, transaction
    from wagtail.models import Page, Site

    from departments.models import Department
    from disclosure.models import CatalogueColumn, CatalogueRoot, WorkNews
    from disclosure.models.catalogue import ColumnKind
    from portal.models import HomePage

    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="首页", slug="bench-home"))
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.hostname = "testserver"
    site.save()
    department = Department.objects.create(code="bangongshi", name="办公室")
    catalogue = home.add_child(instance=CatalogueRoot(title="政府信息公开", slug="xxgk"))
    template_column = catalogue.add_child(instance=CatalogueColumn(
        title="模板栏目", slug="template", department=department, rule="news",
        column_kind=ColumnKind.NEWS))
    template = template_column.add_child(instance=WorkNews(
        title="模板新闻", slug="template-news", author="办公室", body="<p>正文。</p>"))
    template.save_revision().publish()
    template_column.save_revision().publish()
    columns = -(-count // PER_COLUMN)
    with connection.cursor() as cursor:
        cursor.execute("select max(id) from wagtailcore_page")
        base = cursor.fetchone()[0] + 1
    news_base = base + columns
    home_prefix = home.url_path  # "/bench-home/"
    b36 = "pg_temp.b36"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"""create or replace function {b36}(n bigint) returns text as $$
            select substr('{ALPHABET}', (n / 46656 % 36)::int + 1, 1)
                || substr('{ALPHABET}', (n / 1296 % 36)::int + 1, 1)
                || substr('{ALPHABET}', (n / 36 % 36)::int + 1, 1)
                || substr('{ALPHABET}', (n % 36)::int + 1, 1) $$ language sql immutable""")
        # Column k (g = k + 1) is the catalogue's child number g + 1 (the template is 1).
        column_path = f"'{catalogue.path}' || {b36}(g + 1)"
        clone(cursor, "wagtailcore_page", "id", template_column.pk, columns, {
            "id": f"{base} - 1 + g", "path": column_path, "numchild": str(PER_COLUMN),
            "title": "'栏目' || g", "draft_title": "'栏目' || g", "slug": "'c' || g",
            "url_path": f"'{catalogue.url_path}c' || g || '/'",
            "translation_key": "gen_random_uuid()",
            "first_published_at": "now() - interval '500 days'",
            "last_published_at": "now() - interval '500 days'"})
        clone(cursor, "disclosure_cataloguecolumn", "page_ptr_id", template_column.pk, columns, {
            "page_ptr_id": f"{base} - 1 + g"})
        # News g (1 … count) is child j of column k: 3 links by id, 2 by address.
        k = f"((g - 1) / {PER_COLUMN} + 1)"
        j = f"((g - 1) % {PER_COLUMN} + 1)"

        def other(step):
            return f"(((g * {step}) % {count}) + 1)"

        def address(step):
            n = other(step)
            return (f"'/xxgk/c' || ((({n}) - 1) / {PER_COLUMN} + 1) || '/n' || ({n}) || '/'")

        body = (f"'<p>第' || g || '条新闻。' "
                f"|| '<a linktype=\"page\" id=\"' || ({news_base} - 1 + {other(7919)}) || '\">一</a>'"
                f"|| '<a linktype=\"page\" id=\"' || ({news_base} - 1 + {other(104729)}) || '\">二</a>'"
                f"|| '<a linktype=\"page\" id=\"' || ({news_base} - 1 + {other(1299709)}) || '\">三</a>'"
                f"|| '<a href=\"' || {address(15485863)} || '\">四</a>'"
                f"|| case when g % 100 = 0 then '<a href=\"/xxgk/nowhere-' || g || '/\">五</a>'"
                f"   else '<a href=\"' || {address(32452843)} || '\">五</a>' end || '</p>'")
        published = "now() - ((g % 400) || ' days')::interval"
        clone(cursor, "wagtailcore_page", "id", template.pk, count, {
            "id": f"{news_base} - 1 + g",
            "path": f"'{catalogue.path}' || {b36}({k} + 1) || {b36}({j})",
            "title": "'新闻' || g", "draft_title": "'新闻' || g", "slug": "'n' || g",
            "url_path": f"'{catalogue.url_path}c' || {k} || '/n' || g || '/'",
            "translation_key": "gen_random_uuid()",
            "first_published_at": published, "last_published_at": published})
        clone(cursor, "disclosure_disclosureitem", "page_ptr_id", template.pk, count, {
            "page_ptr_id": f"{news_base} - 1 + g", "index_number": "null",
            "formed_on": f"({published})::date - 1"})
        clone(cursor, "disclosure_worknews", "disclosureitem_ptr_id", template.pk, count, {
            "disclosureitem_ptr_id": f"{news_base} - 1 + g", "body": body,
            "happened_on": f"({published})::date - 1"})
        cursor.execute("update wagtailcore_page set numchild = numchild + %s where id = %s",
                       [columns, catalogue.pk])
        cursor.execute("select setval(pg_get_serial_sequence('wagtailcore_page', 'id'), "
                       "(select max(id) from wagtailcore_page))")
        cursor.execute("analyze")
    assert home_prefix.startswith("/")
    return list(range(news_base, news_base + count))


def clone(cursor, table, pk, template_pk, count, overrides):
    """INSERT … SELECT `count` copies of row `template_pk` of `table`, with `overrides`
    (column → SQL expression of g, the copy's number from 1)."""
    from django.db import connection

    columns = [column.name for column in connection.introspection.get_table_description(
        cursor, table)]
    unknown = set(overrides) - set(columns)
    assert not unknown, unknown
    values = ", ".join(overrides.get(column, f"t.{column}") for column in columns)
    cursor.execute(f"insert into {table} ({', '.join(columns)}) select {values} "
                   f"from {table} t, generate_series(1::bigint, {count}) g "
                   f"where t.{pk} = {int(template_pk)}")


def change(news_ids, count, seed):
    """A day on the site: `count` pages republished with an edited body, a tenth as many
    unpublished, deleted (with their subtree) and moved to another address."""
    import random

    from django.db import connection, transaction
    from django.utils import timezone

    rng = random.Random(seed)
    picked = rng.sample(news_ids, count + 3 * max(1, count // 10))
    edited, rest = picked[:count], picked[count:]
    tenth = len(rest) // 3
    unpublished, deleted, moved = rest[:tenth], rest[tenth:2 * tenth], rest[2 * tenth:]
    now = timezone.now()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("update wagtailcore_page set last_published_at = %s where id = any(%s)",
                       [now, edited])
        cursor.execute("update disclosure_worknews set body = body || '<p>更正。</p>' "
                       "where disclosureitem_ptr_id = any(%s)", [edited])
        cursor.execute("update wagtailcore_page set live = false where id = any(%s)",
                       [unpublished])
        cursor.execute("update wagtailcore_page set url_path = url_path || 'moved/' "
                       "where id = any(%s)", [moved])
    from wagtail.models import Page

    for page in Page.objects.filter(pk__in=deleted):
        page.delete()
        news_ids.remove(page.pk)
    for pk in unpublished:
        news_ids.remove(pk)


if __name__ == "__main__":
    main()
