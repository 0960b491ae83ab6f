"""Benchmark: `import_documents` of 10,000 JSON Lines documents on SQLite (target: < 2 minutes).

    .venv/bin/python bench/bench_import.py [--documents 10000] [--runs 3] [--profile FILE]

Migrates a fresh SQLite file once (not timed), makes a home page, a catalogue and its
policy-documents column, writes the JSONL file (original generated text, every 20th line with an
attachment), then for each run copies the prepared database and times the import alone in a
fresh process. Prints each run (wall time, the CPU time of the importing process, which shows
how much of the wall time was spent waiting for a busy machine, and the load average) and the
medians. Settings: portal.settings.dev with that database (tasks go to the database queue, as in
the embedded default). `--profile FILE` runs the first import under cProfile and writes its
statistics there (read them with `python -m pstats FILE`); its times then include the
profiler's overhead.
"""

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ISSUERS = ["示例市卫生健康委员会", "示例市卫生健康委员会办公室", "示例市爱国卫生运动委员会"]
TOPICS = ["医疗质量", "疾病预防", "基层卫生", "妇幼健康", "中医药", "职业健康", "健康促进",
          "医疗保障", "卫生应急", "老龄健康"]
ACTIONS = ["关于印发", "关于做好", "关于进一步加强", "关于开展", "关于调整"]
SUBJECTS = ["卫生、体育", "综合政务", "health", "general"]
VALIDITY = ["有效", "有效", "有效", "已修改", "已废止", "expired"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", metavar="FILE", help="cProfile the first run into FILE")
    parser.add_argument("--run-one", nargs=3, metavar=("DB", "JSONL", "PROFILE"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run_one:
        return run_one(*args.run_one)
    work = Path(tempfile.mkdtemp(prefix="bench-import-"))
    try:
        template = work / "template.sqlite3"
        jsonl = work / "documents.jsonl"
        started = time.perf_counter()
        prepare_database(template, work)
        write_documents(jsonl, args.documents, work)
        print(f"prepared {args.documents} documents and a migrated database in "
              f"{time.perf_counter() - started:.1f}s ({work})")
        timings, cpu_times = [], []
        for run in range(1, args.runs + 1):
            database = work / f"run{run}.sqlite3"
            shutil.copy(template, database)
            profile = str(Path(args.profile).resolve()) if args.profile and run == 1 else ""
            output = subprocess.run(
                [sys.executable, __file__, "--run-one", str(database), str(jsonl), profile],
                check=True, capture_output=True, text=True, env=environment(database, work),
            ).stdout.strip().splitlines()
            seconds, cpu = (float(value) for value in output[-1].split())
            timings.append(seconds)
            cpu_times.append(cpu)
            print(f"run {run}: {seconds:.1f}s  ({output[-2]})")
            database.unlink()
        load = " ".join(f"{value:.2f}" for value in os.getloadavg())
        print(f"median of {len(timings)} runs: {statistics.median(timings):.1f}s wall, "
              f"{statistics.median(cpu_times):.1f}s CPU for {args.documents} documents "
              f"({args.documents / statistics.median(timings):.0f} documents/s; "
              f"load average now {load})")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def environment(database: Path, work: Path) -> dict:
    env = dict(os.environ)
    env.update({"DJANGO_SETTINGS_MODULE": "portal.settings.dev",
                "DATABASE_URL": f"sqlite:///{database}", "MEDIA_ROOT": str(work / "media"),
                "DEBUG": "false", "PYTHONPATH": str(ROOT)})
    return env


def prepare_database(database: Path, work: Path):
    env = environment(database, work)
    subprocess.run([sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput", "-v", "0"],
                   check=True, env=env, cwd=ROOT)
    setup = (
        "from wagtail.models import Page, Site\n"
        "from departments.models import Department\nfrom portal.models import HomePage\n"
        "from disclosure.models import CatalogueRoot, CatalogueColumn\n"
        "root = Page.get_first_root_node()\n"
        "home = root.add_child(instance=HomePage(title='示例市卫生健康委员会', slug='shouye'))\n"
        "site = Site.objects.get(is_default_site=True)\n"
        "old = site.root_page\n"
        "site.root_page = home\n"
        "site.save()\n"
        "old.delete()\n"
        "department = Department.objects.create(code='bangongshi', name='办公室')\n"
        "catalogue = home.add_child(instance=CatalogueRoot(title='政府信息公开目录', slug='xxgk'))\n"
        "catalogue.add_child(instance=CatalogueColumn(title='政策文件', slug='policy-documents',"
        " department=department, rule='document'))\n"
    )
    subprocess.run([sys.executable, str(ROOT / "manage.py"), "shell", "-c", setup],
                   check=True, env=env, cwd=ROOT)


def write_documents(path: Path, count: int, work: Path):
    rng = random.Random(20261122)
    attachment = work / "files" / "原文.pdf"
    attachment.parent.mkdir()
    attachment.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")
    with path.open("w", encoding="utf-8") as stream:
        for n in range(count):
            year = 2010 + n % 16
            topic = TOPICS[n % len(TOPICS)]
            written = f"{year}-{1 + n % 12:02d}-{1 + n % 28:02d}"
            record = {
                "title": f"{ACTIONS[n % len(ACTIONS)]}{topic}工作的通知（第{n + 1}号）",
                "body": "".join(
                    f"<p>各区卫生健康局，委机关各科室：为推进{topic}工作，现将第{p + 1}项要求"
                    f"通知如下，请结合实际认真贯彻落实。</p>" for p in range(rng.randint(3, 8))),
                "written_on": written,
                "published_on": written,
                "issuing_body": ISSUERS[n % len(ISSUERS)],
                "subject": SUBJECTS[n % len(SUBJECTS)],
                "validity": VALIDITY[n % len(VALIDITY)],
                "summary": f"部署{topic}重点任务。",
                "tags": [topic, str(year)],
            }
            if n % 3:
                record["document_number"] = f"示卫〔{year}〕{n + 1}号"
            if n % 20 == 0:
                record["attachments"] = [str(attachment)]
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")


def run_one(database: str, jsonl: str, profile: str = ""):
    import django

    django.setup()
    from disclosure.importer import import_documents

    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
    started, cpu_started = time.perf_counter(), time.process_time()
    if profiler:
        profiler.enable()
    report = import_documents(jsonl)
    if profiler:
        profiler.disable()
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    if profiler:
        profiler.dump_stats(profile)
    assert not report.errors, report.errors[:5]
    # The CPU time of the importing process tells apart a slow import from a busy machine.
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"{report.summary()} CPU {cpu:.1f}s, {1000 * cpu / max(report.created, 1):.1f} ms "
          f"a document; load average {load}{'; profiled' if profiler else ''}")
    print(f"{elapsed:.3f} {cpu:.3f}")


if __name__ == "__main__":
    main()
