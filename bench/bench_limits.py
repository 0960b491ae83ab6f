"""Benchmark: a zip bomb and a huge image are refused quickly (target: 2 s and 200 MB each).

    .venv/bin/python bench/bench_limits.py [--bomb-mb 370] [--megapixels 121] [--without-limits]

Issue 13 point 4 measured a 362 KB XLSX that unzips to 367 MB at 9 s and 870 MB in the
confidentiality scanner and the search extractor, and a 121-megapixel image upload at 13 s and
790 MB. This builds the same two files (not timed), migrates a fresh SQLite database in a
temporary directory, and runs each case through the path the site uses:

- the confidentiality check of a page whose attachment is the bomb (`scan_page`, as the
  保密审查 step runs it), which must report the attachment blocking and unreadable;
- the search index's attachment text (`search.documents.attachment_text`), which must skip it;
- the image upload through Wagtail's admin form (`wagtailimages:add`, logged in as a
  superuser), which must refuse the picture; one small upload is made first (not measured),
  as a running site has loaded the admin's code and templates before.

Each case runs in a child process (fork) and prints its wall time, the peak of Python's own
allocations (tracemalloc) and the growth of the process's peak resident memory (VmHWM:
this also counts zlib, libxml2 and Pillow, which tracemalloc does not see; the peak is reset
when the child starts, Linux only). `--without-limits`
raises every limit first, to show what the same files cost without them.
"""

import argparse
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_SECONDS = 2.0
TARGET_MB = 200


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bomb-mb", type=int, default=370,
                        help="megabytes the bomb's sheet inflates to (default 370)")
    parser.add_argument("--megapixels", type=int, default=121)
    parser.add_argument("--without-limits", action="store_true",
                        help="raise the extraction and pixel limits (the cost before issue 13)")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-limits-"))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{work / 'bench.sqlite3'}")
    os.environ["VAR_DIR"] = str(work)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
    if args.without_limits:
        os.environ.update(TEXTEXTRACT_MAX_UNCOMPRESSED_BYTES=str(2**40),
                          TEXTEXTRACT_MAX_CELLS=str(2**40), TEXTEXTRACT_MAX_SECONDS="3600",
                          WAGTAILIMAGES_MAX_IMAGE_PIXELS=str(128 * 1000 * 1000))

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections

    from tests.samples import build_huge_png, build_xlsx_bomb

    started = time.perf_counter()
    bomb = build_xlsx_bomb(args.bomb_mb * 1000 * 1000)
    side = int((args.megapixels * 1000 * 1000) ** 0.5)
    image = build_huge_png(side, side)
    print(f"zip bomb: {len(bomb) / 1024:.0f} KB → {args.bomb_mb} MB of sheet XML; "
          f"image: {side}×{side} PNG ({side * side / 1e6:.0f} MP), {len(image) / 1024:.0f} KB "
          f"(built in {time.perf_counter() - started:.1f} s)")
    print(f"limits: {settings.TEXTEXTRACT_MAX_UNCOMPRESSED_BYTES / 2**20:.0f} MB uncompressed, "
          f"{settings.TEXTEXTRACT_MAX_SECONDS:.0f} s; "
          f"WAGTAILIMAGES_MAX_IMAGE_PIXELS {settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS / 1e6:.0f} MP")
    print("migrating a fresh database ...", flush=True)
    call_command("migrate", verbosity=0, interactive=False)
    page, document, admin = prepare(bomb)
    warm_up(admin)
    connections.close_all()

    results = [
        measure("保密审查 scan_page (zip bomb)", lambda: check_scan(page)),
        measure("search attachment_text (zip bomb)", lambda: check_search(document)),
        measure(f"image upload form ({side * side / 1e6:.0f} MP)",
                lambda: check_upload(admin, image)),
    ]
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    sys.exit(0 if all(results) else 1)


def prepare(bomb: bytes):
    """A draft news page with the bomb as its attachment, and a superuser."""
    from django.contrib.auth import get_user_model
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model
    from wagtail.models import Page

    from departments.models import Department
    from disclosure.models import CatalogueColumn, CatalogueRoot, WorkNews
    from disclosure.models.items import DisclosureAttachment

    department = Department.objects.create(code="bench", name="基准测试科")
    root = Page.get_first_root_node().add_child(
        instance=CatalogueRoot(title="政府信息公开目录", slug="bench-xxgk"))
    column = root.add_child(instance=CatalogueColumn(title="工作动态", slug="gzdt",
                                                     department=department, rule="news"))
    news = column.add_child(instance=WorkNews(title="补助发放通知", slug="bench-news", live=False,
                                              summary="补助名单见附件",
                                              body="<p>补助名单见附件。</p>"))
    document = get_document_model().objects.create(
        title="补助名单", file=ContentFile(bomb, name="bomb.xlsx"))
    news.attachments.add(DisclosureAttachment(document=document))
    news.save_revision()
    admin = get_user_model().objects.create_superuser("bench", "bench@example.test", "bench")
    return news, document, admin


def warm_up(admin) -> None:
    """One small upload first, as a running site has served requests before: the admin's
    imports, URL patterns and templates are loaded then, not in the measured request."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.urls import reverse

    from tests.samples import build_huge_png

    client = Client()
    client.force_login(admin)
    client.post(reverse("wagtailimages:add"), {
        "title": "小图", "file": SimpleUploadedFile("small.png", build_huge_png(64, 64),
                                                  content_type="image/png")})
    client.post(reverse("wagtailimages:add"), {"title": "无文件"})


def check_scan(page) -> tuple[bool, str]:
    from confidentiality.scanner import scan_page

    report = scan_page(page.get_latest_revision_as_object(), terms=[])
    unreadable = [f for f in report.findings if f.kind == "unreadable_attachment"]
    note = unreadable[0].note if unreadable else "no unreadable finding: reported clean"
    return bool(unreadable and report.has_blocking), note


def check_search(document) -> tuple[bool, str]:
    from search.documents import attachment_text

    text = attachment_text([document])
    return text == "", f"{len(text)} characters of text indexed"


def check_upload(admin, image: bytes) -> tuple[bool, str]:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.urls import reverse
    from wagtail.images import get_image_model

    client = Client()
    client.force_login(admin)
    response = client.post(reverse("wagtailimages:add"), {
        "title": "全景图", "file": SimpleUploadedFile("huge.png", image, content_type="image/png"),
    })
    marker = "像素过多"
    body = response.content.decode()
    refused = (response.status_code == 200 and marker in body
               and not get_image_model().objects.filter(title="全景图").exists())
    message = body[body.index(marker):body.index("。", body.index(marker)) + 1] if (
        marker in body) else f"status {response.status_code}, no pixel-limit message"
    return refused, message


def measure(label, case) -> bool:
    """Run `case` in a forked child; print its time and memory; True if within target."""
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:
        os.close(read_end)
        _reset_peak_rss()
        rss_kb = _status_kb("VmRSS")
        tracemalloc.start()
        started = time.perf_counter()
        try:
            ok, detail = case()
        except Exception as error:  # a crash is a result too: print it
            ok, detail = False, f"{type(error).__name__}: {error}"
        elapsed = time.perf_counter() - started
        python_peak = tracemalloc.get_traced_memory()[1]
        grown_mb = max(_status_kb("VmHWM") - rss_kb, 0) / 1024
        within = ok and elapsed <= TARGET_SECONDS and grown_mb <= TARGET_MB
        line = (f"{label}: {elapsed:.2f} s, Python peak {python_peak / 2**20:.0f} MB, "
                f"peak RSS +{grown_mb:.0f} MB — {'refused' if ok else 'NOT REFUSED'} "
                f"(target {TARGET_SECONDS:.0f} s / {TARGET_MB} MB: "
                f"{'OK' if within else 'MISSED'})\n    {detail}")
        os.write(write_end, line.encode())
        os.close(write_end)
        os._exit(0 if within else 1)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        output = pipe.read().decode()
    _pid, status = os.waitpid(child, 0)
    print(output, flush=True)
    return os.waitstatus_to_exitcode(status) == 0


def _reset_peak_rss() -> None:
    """Start the child's peak resident memory afresh (Linux ≥ 4.0), so the parent's peak
    (migrating, building the files) is not counted."""
    with open("/proc/self/clear_refs", "w") as clear_refs:
        clear_refs.write("5")


def _status_kb(field: str) -> int:
    """A memory figure of this process from /proc/self/status (VmRSS now, VmHWM the peak)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


if __name__ == "__main__":
    main()
