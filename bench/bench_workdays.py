"""Benchmark: the working-day engine, the deadline dashboard and the recomputation on entering a year.

    .venv/bin/python bench/bench_workdays.py [--items 500] [--runs 5] [--calls 100000]

Migrates a fresh SQLite file (not timed), makes two departments with a column each and --items
open disclosure items formed in Nov-Dec 2026 (so their deadlines reach into provisional 2027).
Then, --runs times each, prints each run and the median of:
  - engine: --calls calls of add_working_days(random start 2004-2027, 10) with a warm cache;
  - dashboard: deadline_dashboard() over every department (today = 2026-12-28);
  - recompute: entering 2027 in the holiday table (save + calendar_changed + every open item
    recomputed and each move recorded), undone between runs (not timed).
Settings: portal.settings.dev with that database.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--calls", type=int, default=100_000)
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="bench-workdays-")
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    os.environ.setdefault("SECRET_KEY", "bench-only")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    items = prepare(args.items)
    print(f"{items} open items prepared in {workdir}")

    report(f"engine: add_working_days x {args.calls}",
           [time_engine(args.calls) for _ in range(args.runs)])
    report(f"dashboard over {items} items", [time_dashboard() for _ in range(args.runs)])
    report(f"recompute {items} items on entering 2027",
           [time_recompute() for _ in range(args.runs)])


def prepare(count):
    from wagtail.models import Page

    from departments.models import Department
    from disclosure.models import CatalogueColumn, CatalogueRoot, PublicNotice

    root = Page.get_first_root_node()
    catalogue = root.add_child(instance=CatalogueRoot(title="政府信息公开目录", slug="xxgk"))
    columns = []
    for code, name in (("yizheng", "医政医管科"), ("jikong", "疾病预防控制科")):
        department = Department.objects.create(code=code, name=name, email=f"{code}@example.test")
        columns.append(catalogue.add_child(instance=CatalogueColumn(
            title=name + "栏目", slug=code, department=department, rule="general")))
    rng = random.Random(7)
    for index in range(count):
        formed = date(2026, 11, 1) + timedelta(days=rng.randrange(61))
        columns[index % 2].add_child(instance=PublicNotice(
            title=f"关于第{index}批事项的公告", slug=f"n{index}", live=False, formed_on=formed,
            body="<p>公告正文。</p>"))
    return count


def time_engine(calls):
    from workdays.engine import add_working_days

    rng = random.Random(1)
    starts = [date(2004, 1, 1) + timedelta(days=rng.randrange(24 * 365)) for _ in range(calls)]
    add_working_days(starts[0], 10)  # warm the cache
    began = time.perf_counter()
    for start in starts:
        add_working_days(start, 10)
    return time.perf_counter() - began


def time_dashboard():
    from departments.models import Department
    from disclosure.timeliness import deadline_dashboard

    began = time.perf_counter()
    deadline_dashboard(list(Department.objects.all()), date(2026, 12, 28))
    return time.perf_counter() - began


def time_recompute():
    from workdays.models import DeadlineChange, HolidayDate, HolidayYear

    year = HolidayYear(year=2027, notice="基准测试用通知")
    year.dates = [HolidayDate(date=date(2027, 1, d), kind="holiday", name="元旦")
                  for d in (1, 2, 3)]
    began = time.perf_counter()
    year.save()  # its own transaction: calendar_changed runs once, on commit
    elapsed = time.perf_counter() - began
    moved = DeadlineChange.objects.count()
    year.delete()  # back to provisional (recomputes again; not timed)
    DeadlineChange.objects.all().delete()
    print(f"    ({moved} deadlines moved)")
    return elapsed


def report(label, times):
    print(f"{label}: " + ", ".join(f"{t:.3f}s" for t in times)
          + f"; median {statistics.median(times):.3f}s (load average {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
