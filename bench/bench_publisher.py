"""Benchmark: lag between go-live time and live for 200 pages scheduled in the same minute.

Plain Python, run on demand (never part of the test suite):

    .venv/bin/python bench/bench_publisher.py                # SQLite in a temp dir, 3 runs
    .venv/bin/python bench/bench_publisher.py --workers 2 --runs 5 --pages 200 --spread 60
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_publisher bench/bench_publisher.py

Each run schedules N pages (through Wagtail's own scheduling: a revision with go_live_at,
published, so `approved_go_live_at` is set) while `manage.py run_publisher` workers are already
running as separate processes, and measures for every page `last_published_at - go_live_at`.
`--spread 0` puts all go-live times on the same second (the hardest case); `--spread 60` spreads
them over one minute. It prints the median and worst lag per run and over all runs.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--spread", type=float, default=0.0,
                        help="seconds over which the go-live times are spread (0: same second)")
    parser.add_argument("--lead", type=float, default=40.0,
                        help="seconds between scheduling and the first go-live time")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench-publisher-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    os.environ["VAR_DIR"] = str(workdir)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
    os.environ["LOG_LEVEL"] = "WARNING"
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from django.core.management import call_command

    print(f"database: {os.environ['DATABASE_URL'].split('@')[-1]}; migrating ...", flush=True)
    call_command("migrate", verbosity=0, interactive=False)
    section = make_section()

    workers = [subprocess.Popen([sys.executable, "manage.py", "run_publisher", "--max-sleep", "300"],
                                cwd=ROOT, env=os.environ.copy(), stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL) for _ in range(args.workers)]
    all_lags = []
    try:
        time.sleep(3)  # let the workers start and go to sleep
        for run in range(1, args.runs + 1):
            lags = one_run(section, run, args)
            all_lags.extend(lags)
            print(f"run {run}: {len(lags)} pages, median lag {statistics.median(lags):.3f} s, "
                  f"worst {max(lags):.3f} s", flush=True)
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=30)
    print(f"all runs ({args.workers} worker(s), spread {args.spread:g} s): "
          f"median {statistics.median(all_lags):.3f} s, worst {max(all_lags):.3f} s")


def make_section():
    from wagtail.models import Page

    from portal.models import SectionPage

    root = Page.get_first_root_node()
    existing = SectionPage.objects.filter(slug="bench").first()
    return existing or root.add_child(instance=SectionPage(title="bench", slug="bench"))


def one_run(section, run, args):
    from django.utils import timezone
    from wagtail.models import Page

    from portal.models import SectionPage

    stamp = int(time.time())
    drafts = [section.add_child(instance=SectionPage(
        title=f"定时发布测试 {run}-{index}", slug=f"r{stamp}-{run}-{index}", live=False))
        for index in range(args.pages)]
    first = timezone.now().replace(microsecond=0) + timezone.timedelta(seconds=args.lead)
    pages = []
    for index, page in enumerate(drafts):
        offset = args.spread * index / max(1, args.pages - 1)
        page.go_live_at = first + timezone.timedelta(seconds=offset)
        page.save_revision().publish()  # schedules: approved_go_live_at = go_live_at
        pages.append(page.pk)
    if timezone.now() >= first:
        raise SystemExit("scheduling took longer than --lead; raise --lead")
    deadline = first + timezone.timedelta(seconds=args.spread + 120)
    while timezone.now() < deadline:
        if Page.objects.filter(pk__in=pages, live=True).count() == len(pages):
            break
        time.sleep(0.5)
    rows = Page.objects.filter(pk__in=pages).values_list("live", "go_live_at", "last_published_at")
    missing = sum(1 for live, *_ in rows if not live)
    if missing:
        raise SystemExit(f"{missing} pages not live two minutes after their time")
    return [(published - go_live).total_seconds() for _, go_live, published in rows]


if __name__ == "__main__":
    main()
