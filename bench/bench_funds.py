"""Benchmark: a livelihood-fund batch of 100,000 payment rows imported in under 2 minutes, and
the fund's public statistics page under 100 ms at that size (issue 17), on SQLite.

    nice -n 10 .venv/bin/python bench/bench_funds.py [--rows 100000] [--requests 20]

Migrates a fresh SQLite file under a temporary directory (not timed), makes a home page, the
funds root, a fund and a batch, writes a UTF-8 CSV of invented rows (valid check characters),
then times, in this process: the check of every line (`check_file`) and the store with the
cross-checks (`ImportRows`). It then publishes the batch's page, which hands the statistics
to the background task; runs `db_worker --batch` once (timed: the statistics computed and
stored over all rows), then times GET of the fund's page (policies, allocations, batches, the
three statistics with their SVG charts, read from `FundStatistics`): the first request after
the change (after one request to the funds root has paid the process's start-up; it counts
the queries on the payment rows: none) and the median and worst of `--requests` later ones. Prints wall and CPU seconds and the load average.
Settings: portal.settings.dev with that database.
"""

import argparse
import datetime
import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = ["建华", "秀兰", "志刚", "桂芳", "德明", "淑珍", "玉兰", "国强", "春梅", "永生"]
TOWNSHIPS = ["城关镇", "河口乡", "石桥镇", "青山街道", "白河镇", "柳林乡", "新集镇", "双庙乡"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=20)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-funds-"))
    database = work / "bench.sqlite3"
    os.environ.update({"DJANGO_SETTINGS_MODULE": "portal.settings.dev",
                       "DATABASE_URL": f"sqlite:///{database}", "DEBUG": "false",
                       "MEDIA_ROOT": str(work / "media"),
                       "PRIVATE_MEDIA_ROOT": str(work / "private")})
    try:
        subprocess.run([sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput",
                        "-v", "0"], check=True, cwd=ROOT)
        run(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(args, work):
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    settings.ALLOWED_HOSTS = ["*"]
    from funds.actions import ImportRows
    from funds.importer import check_file
    from funds.models import DisbursementBatch, FundBatchPage

    fund, user = make_fund()
    data, total = csv_rows(args.rows)
    batch = DisbursementBatch.objects.create(
        fund=fund, name="基准批次", period_year=2026, period="2026-03",
        paid_on=datetime.date(2026, 3, 20), amount=total)
    print(f"file: {args.rows} rows, {len(data) / 1e6:.1f} MB; load average before "
          f"{' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    wall, cpu = time.perf_counter(), time.process_time()
    result = check_file(batch, io.BytesIO(data), "bench.csv")
    checked_wall, checked_cpu = time.perf_counter() - wall, time.process_time() - cpu
    assert result.ok, result.errors[:5]
    ImportRows(batch, result, user=user, file_name="bench.csv").execute()
    import_wall, import_cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"import: check {checked_wall:.1f}s wall ({checked_cpu:.1f}s CPU); check + store + "
          f"cross-checks {import_wall:.1f}s wall ({import_cpu:.1f}s CPU); target < 120 s")

    page = fund.add_child(instance=FundBatchPage(title="基准批次发放明细", slug="bench",
                                                 batch=batch))
    page.save_revision().publish()
    # Publishing handed the statistics to the background task (funds.statistics); run the
    # worker once, as the deployed db_worker would, and time it.
    started = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "manage.py"), "db_worker", "--batch",
                    "--no-startup-delay", "-v", "0"], check=True, cwd=ROOT)
    worker = time.perf_counter() - started
    from funds.models import FundStatistics

    assert FundStatistics.objects.filter(fund=fund).exists(), "the worker stored nothing"
    print(f"statistics computed and stored by the background task: {worker:.1f}s wall "
          f"(worker process, incl. its start-up)")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = Client()
    url = fund.url
    # The process's own start-up (middleware, URLs, templates) is paid by another page first.
    started = time.perf_counter()
    assert client.get(fund.get_parent().url).status_code == 200
    print(f"warm-up: the funds root page, first request of the process "
          f"{(time.perf_counter() - started) * 1000:.0f} ms")
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    first = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, response.status_code
    assert "统计数据正在更新" not in response.content.decode()
    summed = [q for q in queries.captured_queries if '"funds_payment"' in q["sql"]]
    print(f"first request of the fund's page: {len(queries.captured_queries)} queries, "
          f"{len(summed)} on the payment rows")
    timings = []
    for _n in range(args.requests):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    print(f"fund statistics page {url}: first request after the change {first:.0f} ms; "
          f"next {args.requests}: median {statistics.median(timings):.0f} ms, "
          f"worst {max(timings):.0f} ms; target < 100 ms")
    print(f"load average after {' '.join(f'{v:.2f}' for v in os.getloadavg())}")


def make_fund():
    from django.contrib.auth import get_user_model
    from wagtail.models import Page, Site

    from departments.models import Department
    from funds.models import Allocation, FundIndexPage, FundPage
    from portal.models import HomePage

    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="首页", slug="bench-home"))
    Site.objects.update(root_page=home, hostname="testserver", port=80)
    department = Department.objects.create(code="bench", name="基准科室")
    funds_root = home.add_child(instance=FundIndexPage(title="民生资金公开", slug="msz"))
    fund = funds_root.add_child(instance=FundPage(
        title="高龄津贴", slug="gljt", level="county", department=department,
        update_cycle="monthly", standard=Decimal("300.00")))
    Allocation.objects.create(fund=fund, document_number="示财社〔2026〕1号",
                              allocated_on=datetime.date(2026, 3, 1),
                              amount=Decimal("30000000.00"), recipient="示例县")
    user = get_user_model().objects.create_superuser("bench", "bench@example.test", "x" * 12)
    return fund, user


def csv_rows(count):
    from funds.idnumbers import check_character

    lines = ["姓名,身份证号,乡镇（街道）,村（社区）,项目,标准,金额,发放日期,发放方式"]
    total = Decimal("0")
    for n in range(count):
        birth = datetime.date(1930, 1, 1) + datetime.timedelta(days=n // 1000)
        first17 = f"410999{birth:%Y%m%d}{n % 1000:03d}"
        amount = Decimal("200.00") if n % 3 else Decimal("300.00")
        total += amount
        township = TOWNSHIPS[n % len(TOWNSHIPS)]
        lines.append(f"{SURNAMES[n % 20]}{GIVEN[(n // 20) % 10]},{first17}{check_character(first17)},"
                     f"{township},{township[:2]}{n % 25 + 1}村,高龄津贴,300.00,{amount},"
                     f"2026-03-20,一卡通")
    return ("\n".join(lines) + "\n").encode("utf-8"), total


if __name__ == "__main__":
    main()
