"""Public pages through nginx's page cache, uncached, and as a static file; and how soon a
change shows through the cache (issue 21).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_db VAR_DIR=/tmp/bench \\
        nice -n 10 .venv/bin/python bench/bench_pages.py [--rounds 3] [--seconds 8]

The database must hold the demo content (`manage.py migrate`, `setup_roles`, `load_demo`
with the same DATABASE_URL and VAR_DIR); the purge check changes it (it republishes and
withdraws demo policy documents), so use a database made for the benchmark.

It starts gunicorn (deploy/gunicorn.conf.py, production settings, 2 workers) and nginx with
the project's own deploy/nginx.conf rendered into a temporary directory (the nginx test
harness, tests/harness/nginx.py), plus a static copy of the policy page served by the same
nginx. Django's shared cache is Redis as in production (deploy/portal.env.example): REDIS_URL
if set, else a redis-server of its own on a socket in the temporary directory (without
redis-server, the settings' fallback, the database cache). Each target is driven by `wrk -c16`
for a few seconds (without wrk, by the bench's own HTTP client: 16 keep-alive connections from
two processes, which is slower than wrk, so the cached and static figures are then the client's
limit, not nginx's), the targets interleaved, for several rounds; it prints the medians of
requests/s, p50 and p99, the ratios cached/static and uncached/static, the app's CPU per
uncached request (gunicorn's processes only; PostgreSQL's own CPU is not counted) and, per
page, the SQL queries and the CPU of one render in this process (Django's test client,
`time.process_time`, the median of `--renders` renders: less noisy on a shared machine than
the CPU of the server under load). The uncached runs repeat one address, so the home page's
lists and the column's listing come from Django's cache (disclosure.listing_cache) as they do
for any visitor between two publications; the in-process figures "with its lists made again"
are the first view after a publication. Then the purge check: a policy document is republished with
a new title (and another withdrawn for confidentiality) and the cache is polled until it shows
the change: the seconds from the commit to the change being visible.
"""

import argparse
import http.client
import multiprocessing
import os
import re
import shutil
import ssl
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

PROJECT_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_DIR))

WORKERS = 2
CONNECTIONS = 16
SECRET = "bench-only-" + "b" * 40 + "0123456789"


def main() -> int:
    arguments = parse_arguments()
    if not shutil.which("/usr/sbin/nginx"):
        print("nginx is not installed (apt-get install nginx libnginx-mod-http-cache-purge)")
        return 2
    if not shutil.which("wrk"):
        print("wrk is not installed: the bench's own HTTP client drives the pages "
              "(apt-get install wrk for nginx's own limits)")
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("Set DATABASE_URL to a PostgreSQL database holding the demo content.")
        return 2

    from tests.harness import nginx as harness

    workdir = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    app_port, purge_port = harness.free_port(), harness.free_port()
    os.environ.update(production_environment(app_port, purge_port, workdir))
    redis = start_redis(workdir)
    import django

    django.setup()
    from django.conf import settings

    site = default_site()
    host = site.hostname
    print(f"Django's cache: {settings.CACHES['default']['BACKEND']}")
    gunicorn = start_gunicorn(app_port, workdir)
    nginx = None
    try:
        harness.wait_for_port(app_port, gunicorn)
        pages = pick_pages()
        static_copy = workdir / "static-copy.html"
        nginx, https_port = start_nginx(harness, workdir, app_port, purge_port, static_copy)
        static_copy.write_bytes(fetch(https_port, host, pages["policy"], bypass=True).body)
        print(f"load average before: {load_average()}")
        print(f"pages: {pages}")
        if not arguments.skip_wrk:
            report(run_rounds(arguments, https_port, host, pages, gunicorn.pid))
            print()
        print_queries(pages, host, arguments.renders)
        print()
        purge_check(arguments.rounds, https_port, host, settings)
        print(f"load average after: {load_average()}")
    finally:
        if nginx is not None:
            harness.stop(nginx)
        harness.stop(gunicorn)
        if redis is not None:
            harness.stop(redis)
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=8, help="per wrk run")
    parser.add_argument("--renders", type=int, default=50,
                        help="renders per page for the in-process CPU figure")
    parser.add_argument("--skip-wrk", action="store_true",
                        help="only the query counts and the purge check")
    return parser.parse_args()


# --- the servers -------------------------------------------------------------------------------

def production_environment(app_port, purge_port, workdir) -> dict:
    return {
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": SECRET,
        "ALLOWED_HOSTS": "*",
        "GUNICORN_BIND": f"127.0.0.1:{app_port}",
        "GUNICORN_WORKERS": str(WORKERS),
        "GUNICORN_LOGLEVEL": "warning",
        "PAGE_CACHE_PURGE_URLS": f"http://127.0.0.1:{purge_port}",
        "DATABASE_CONN_MAX_AGE": os.environ.get("DATABASE_CONN_MAX_AGE", "60"),
        "PYTHONPATH": str(PROJECT_DIR),
    }


def start_redis(workdir) -> subprocess.Popen | None:
    """A redis-server of the bench's own (on a socket in `workdir`) unless REDIS_URL names one;
    None when REDIS_URL is set or redis-server is not installed."""
    if os.environ.get("REDIS_URL") or not shutil.which("redis-server"):
        return None
    socket_path = workdir / "redis.sock"
    process = subprocess.Popen(
        ["redis-server", "--port", "0", "--unixsocket", str(socket_path), "--save", "",
         "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    end = time.monotonic() + 10
    while not socket_path.exists():
        if process.poll() is not None or time.monotonic() > end:
            raise SystemExit("redis-server did not start")
        time.sleep(0.05)
    os.environ["REDIS_URL"] = f"unix://{socket_path}"
    return process


def start_gunicorn(port, workdir) -> subprocess.Popen:
    log = open(workdir / "gunicorn.log", "wb")  # noqa: SIM115 (lives as long as the process)
    return subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "-c",
         str(PROJECT_DIR / "deploy" / "gunicorn.conf.py"), "portal.wsgi"],
        cwd=PROJECT_DIR, env=os.environ.copy(), stdout=log, stderr=subprocess.STDOUT)


def start_nginx(harness, workdir, app_port, purge_port, static_copy):
    """deploy/nginx.conf as the tests start it, plus the static copy at /bench-static.html."""
    from django.conf import settings

    directory = workdir / "nginx"
    directory.mkdir()
    config, _, https_port = harness.write_config(
        directory, app_port=app_port, media_root=Path(settings.MEDIA_ROOT),
        purge_port=purge_port,
        extra_server=f"location = /bench-static.html {{ alias {static_copy}; "
                     "default_type text/html; }\n")
    checked = harness.nginx_test(config)
    if checked.returncode != 0:
        raise SystemExit(f"nginx -t failed:\n{checked.stderr}")
    process = subprocess.Popen(
        ["/usr/sbin/nginx", "-c", str(config), "-e", str(directory / "error.log"),
         "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    harness.wait_for_port(https_port, process, timeout=10)
    return process, https_port


def default_site():
    from wagtail.models import Site

    return Site.objects.get(is_default_site=True)


def pick_pages() -> dict:
    """The policy document with the most relations, the home page, a column."""
    from django.db.models import Count

    from disclosure.models import CatalogueColumn, PolicyDocument

    policy = (PolicyDocument.objects.live().public()
              .annotate(related=Count("interpretations")).order_by("-related", "pk").first())
    column = (CatalogueColumn.objects.live().public().annotate(n=Count("pk"))
              .order_by("depth", "pk").first())
    return {"policy": policy.url, "home": "/", "column": column.url}


# --- wrk ---------------------------------------------------------------------------------------

def run_rounds(arguments, port, host, pages, gunicorn_pid) -> dict:
    base = f"https://127.0.0.1:{port}"
    targets = [("static", "/bench-static.html", {})]
    for name, path in pages.items():
        targets.append((f"cached {name}", path, {}))
        # A CSRF cookie bypasses nginx's cache (deploy/nginx.conf): the app answers each one.
        targets.append((f"uncached {name}", path, {"Cookie": "csrftoken=bench"}))
    results = {name: [] for name, _, _ in targets}
    for round_number in range(1, arguments.rounds + 1):
        for name, path, headers in targets:
            if name.startswith("cached"):
                fetch(port, host, path)  # fill the cache
            cpu_before = process_tree_cpu(gunicorn_pid)
            if shutil.which("wrk"):
                outcome = wrk(base + path, host, headers, arguments.seconds)
            else:
                outcome = own_client(port, host, path, headers, arguments.seconds)
            cpu = process_tree_cpu(gunicorn_pid) - cpu_before
            if outcome["requests"] and name.startswith("uncached"):
                outcome["cpu_ms"] = cpu / outcome["requests"] * 1000
            results[name].append(outcome)
            print(f"round {round_number} {name:18} {outcome['rps']:10.0f} req/s  "
                  f"p50 {outcome['p50']:8.2f} ms  p99 {outcome['p99']:8.2f} ms"
                  + (f"  app CPU {outcome['cpu_ms']:.1f} ms/req" if "cpu_ms" in outcome else "")
                  + (f"  non-2xx {outcome['errors']}" if outcome["errors"] else ""),
                  flush=True)
    return results


def wrk(url, host, headers, seconds) -> dict:
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency",
               "-H", f"Host: {host}"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "p50": _latency(output, "50%"),
        "p99": _latency(output, "99%"),
        "errors": int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)",
                                                     output)) else 0,
    }


def own_client(port, host, path, headers, seconds) -> dict:
    """What `wrk` reports, measured by CONNECTIONS keep-alive HTTPS connections spread over two
    processes (the GIL would make one process the limit sooner)."""
    processes = 2
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        parts = pool.starmap(_client_process, [(port, host, path, headers, seconds,
                                                CONNECTIONS // processes)] * processes)
    latencies = sorted(latency for part, _ in parts for latency in part)
    errors = sum(errors for _, errors in parts)
    count = len(latencies)
    return {
        "rps": count / seconds,
        "requests": count,
        "p50": latencies[count // 2] * 1000 if count else 0.0,
        "p99": latencies[min(count - 1, int(count * 0.99))] * 1000 if count else 0.0,
        "errors": errors,
    }


def _client_process(port, host, path, headers, seconds, connections):
    latencies, errors = [], [0]
    end = time.monotonic() + seconds
    lock = threading.Lock()

    def run():
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE  # the harness's own self-signed certificate
        connection = http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=30)
        mine, failed = [], 0
        while True:
            started = time.monotonic()
            if started >= end:
                break
            try:
                connection.request("GET", quote(path, safe="/?&=%"),
                                   headers={"Host": host, **headers})
                response = connection.getresponse()
                response.read()
                if response.status >= 400:
                    failed += 1
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
            except (OSError, http.client.HTTPException):
                failed += 1
                connection.close()
                continue
            mine.append(time.monotonic() - started)
        connection.close()
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    threads = [threading.Thread(target=run) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors[0]


def _latency(output, label) -> float:
    value, unit = re.search(rf"{label}\s+([\d.]+)(us|ms|s)", output).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def process_tree_cpu(pid) -> float:
    """User + system CPU seconds of a process and its children (gunicorn's workers), including
    the workers that have exited and been reaped (the master's cutime and cstime): gunicorn
    replaces a worker after `max_requests`, and without them the exited worker's CPU would
    vanish from the sum (a negative figure for that run)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for candidate in [pid, *children(pid)]:
        try:
            fields = Path(f"/proc/{candidate}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks
        if candidate == pid:
            total += (int(fields[13]) + int(fields[14])) / ticks
    return total


def children(pid) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            if parent == pid:
                found.append(int(entry.name))
    return found


def report(results) -> None:
    print("\nmedians of the rounds:")
    medians = {}
    for name, runs in results.items():
        medians[name] = {key: statistics.median(run[key] for run in runs)
                         for key in ("rps", "p50", "p99")}
        cpu = [run["cpu_ms"] for run in runs if "cpu_ms" in run]
        line = (f"  {name:18} {medians[name]['rps']:10.0f} req/s  p50 {medians[name]['p50']:8.2f}"
                f" ms  p99 {medians[name]['p99']:8.2f} ms")
        if cpu:
            line += f"  app CPU {statistics.median(cpu):.1f} ms/req"
        print(line)
    static = medians["static"]["rps"]
    for name in results:
        if name != "static":
            print(f"  {name:18} / static = {medians[name]['rps'] / static:.3f}")


# --- queries and the purge check ---------------------------------------------------------------

def print_queries(pages, host, renders) -> None:
    """Per page: its SQL queries, and the CPU of one render in this process (the median of
    `renders`, after two renders that fill the menu, QR code and site caches)."""
    from django.db import connection
    from django.test import Client

    from portal import site_cache

    client = Client(HTTP_HOST=host, secure=True, HTTP_X_FORWARDED_PROTO="https")
    # As the uncached wrk runs: a CSRF cookie, which nginx's cache never answers.
    client.cookies["csrftoken"] = "bench"
    for name, path in pages.items():
        client.get(path)
        client.get(path)
        statements = []

        def count(execute, sql, params, many, context, statements=statements):
            statements.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            status = client.get(path).status_code
        times = render_times(client, path, renders)
        print(f"{name} ({path}): {len(statements)} SQL queries (status {status}); in-process "
              f"CPU per render: median {statistics.median(times):.1f} ms, "
              f"min {min(times):.1f} ms ({renders} renders)")
        if name in ("home", "column"):
            # The home page's lists and a column's listing are kept in Django's cache until any
            # page changes: the first render after a publication makes them again.
            times = render_times(client, path, renders, before=site_cache.forget_home_lists)
            print(f"{name} with its lists made again (as after a publication): median "
                  f"{statistics.median(times):.1f} ms, min {min(times):.1f} ms")


def render_times(client, path, renders, before=None) -> list[float]:
    times = []
    for _ in range(renders):
        if before is not None:
            before()
        started = time.process_time()
        client.get(path)
        times.append((time.process_time() - started) * 1000)
    return times


def purge_check(rounds, port, host, settings) -> None:
    from django.contrib.auth import get_user_model
    from wagtail.models import Page

    from departments.roles import DISCLOSURE_OFFICE
    from disclosure.models import PolicyDocument
    from publishing.actions.withdraw import WithdrawAction

    office = get_user_model().objects.filter(groups__name=DISCLOSURE_OFFICE.group_name).first()
    documents = list(PolicyDocument.objects.live().public().order_by("pk")[:rounds * 2])
    shown, gone, shown_after, gone_after = [], [], [], []
    for number in range(rounds):
        changed, withdrawn = documents[2 * number], documents[2 * number + 1]
        for page in (changed, withdrawn):
            fetch(port, host, page.url)
            assert fetch(port, host, page.url).headers.get("x-cache-status") == "HIT"
        title = f"{changed.title}（基准测试修订 {number + 1}）"
        changed.title = title
        revision = changed.save_revision()
        # Timed from the start of the publication (which commits, then purges) until the
        # cache shows the change: the purge's own time is inside.
        started = time.monotonic()
        revision.publish()
        returned = time.monotonic()
        visible = poll(port, host, changed.url,
                       lambda r, t=title: t in r.body.decode(errors="replace"))
        shown.append(visible - started)
        shown_after.append(visible - returned)
        action = WithdrawAction(Page.objects.get(pk=withdrawn.pk), office, "confidentiality")
        started = time.monotonic()
        action.execute()
        returned = time.monotonic()
        visible = poll(port, host, withdrawn.url, lambda r: r.status == 404)
        gone.append(visible - started)
        gone_after.append(visible - returned)
    print(f"purge check ({rounds} rounds): a new title visible through the cache "
          f"{statistics.median(shown) * 1000:.1f} ms after the publication began "
          f"(each: {', '.join(f'{s * 1000:.1f}' for s in shown)} ms); a page withdrawn for "
          f"confidentiality gone {statistics.median(gone) * 1000:.1f} ms after the withdrawal began "
          f"(each: {', '.join(f'{s * 1000:.1f}' for s in gone)} ms); after the publication "
          f"and the withdrawal returned (commit and purge done): "
          f"{statistics.median(shown_after) * 1000:.1f} ms and "
          f"{statistics.median(gone_after) * 1000:.1f} ms (the next request)")


def poll(port, host, path, done, timeout=10.0) -> float:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if done(fetch(port, host, path)):
            return time.monotonic()
        time.sleep(0.005)
    raise SystemExit(f"{path}: the change did not show through the cache in {timeout} s")


def fetch(port, host, path, *, bypass=False):
    from tests.harness.nginx import Response

    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # the harness's own self-signed certificate
    connection = http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=30)
    headers = {"Host": host, **({"Cookie": "csrftoken=bench"} if bypass else {})}
    try:
        connection.request("GET", quote(path, safe="/?&=%"), headers=headers)
        response = connection.getresponse()
        return Response(response.status, {k.lower(): v for k, v in response.getheaders()},
                        response.read())
    finally:
        connection.close()


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


if __name__ == "__main__":
    sys.exit(main())
