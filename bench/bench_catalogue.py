"""Benchmark: response time of the public catalogue with many entries (SQLite by default).

    .venv/bin/python bench/bench_catalogue.py [--documents 3000] [--runs 7]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_catalogue bench/bench_catalogue.py

Migrates a fresh SQLite file in a temporary directory (unless DATABASE_URL is set), builds a
catalogue with one policy-documents column holding N published documents (original generated
titles, spread over five years and several issuers), then times, with Django's test client,
the catalogue root, the column's first page, a filtered page, a deep page, one document, the
column's Atom feed and sitemap.xml. Prints the median and worst of several runs per URL.
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ISSUERS = ["示例市卫生健康委员会", "示例市卫生健康委员会办公室", "示例市爱国卫生运动委员会"]
TOPICS = ["医疗质量", "疾病预防", "基层卫生", "妇幼健康", "中医药", "职业健康", "健康促进"]
ACTIONS = ["关于印发", "关于做好", "关于进一步加强", "关于开展"]
SUBJECTS = ["health", "general", "finance"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    if "DATABASE_URL" not in os.environ:
        tmp = tempfile.mkdtemp(prefix="bench-catalogue-")
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        os.environ["VAR_DIR"] = tmp
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    column, document = build(args.documents)

    from django.test import Client

    client = Client()
    urls = [
        ("catalogue root", column.get_parent().url),
        ("column, page 1", column.url),
        ("column, filtered", f"{column.url}?year=2024&subject=health"),
        ("column, page 100", f"{column.url}?page=100"),
        ("policy document", document.url),
        ("column Atom feed", f"/disclosure/feed/column/{column.pk}/"),
        ("sitemap.xml", "/sitemap.xml"),
    ]
    print(f"{args.documents} published documents; {args.runs} runs per URL "
          f"({os.environ['DATABASE_URL'].split(':', 1)[0]})")
    for label, url in urls:
        client.get(url)  # warm caches and the URL resolver
        times = []
        for _run in range(args.runs):
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        print(f"  {label:<18} median {statistics.median(times):7.1f} ms   "
              f"worst {max(times):7.1f} ms")


def build(count):
    from django.db import transaction
    from wagtail.models import Page, Site

    from departments.models import Department
    from disclosure.models import CatalogueColumn, CatalogueRoot, PolicyDocument
    from portal.models import HomePage

    rng = random.Random(20261122)
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="首页", slug="bench-home"))
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.hostname = "testserver"
    site.save()
    department = Department.objects.create(code="bangongshi", name="办公室")
    catalogue = home.add_child(instance=CatalogueRoot(title="政府信息公开", slug="xxgk"))
    column = catalogue.add_child(instance=CatalogueColumn(
        title="政策文件", slug="zcwj", department=department, rule="document"))
    start = time.perf_counter()
    document = None
    with transaction.atomic():
        for n in range(1, count + 1):
            written = datetime.date(2021, 1, 1) + datetime.timedelta(days=rng.randrange(5 * 365))
            document = column.add_child(instance=PolicyDocument(
                title=f"{rng.choice(ACTIONS)}{rng.choice(TOPICS)}工作的通知（第{n}号）",
                slug=f"doc-{n}", issuing_body=rng.choice(ISSUERS),
                document_number=f"示卫〔{written.year}〕{n}号", written_on=written,
                formed_on=written, published_on=written + datetime.timedelta(days=3),
                subject=rng.choice(SUBJECTS), author="编辑", summary="本文件的内容概述。",
                body="<p>正文段落。</p>" * 5))
    print(f"built {count} documents in {time.perf_counter() - start:.1f} s")
    return column, document


if __name__ == "__main__":
    main()
