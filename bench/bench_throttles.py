"""Throttles across workers and behind the proxy (issue 14): do the limits hold exactly?

    nice -n 10 .venv/bin/python bench/bench_throttles.py [--guesses 40] [--concurrency 8]

Builds a scratch SQLite database with the demo content, starts Redis (`redis-server`), gunicorn
with the production settings and 2 workers (REDIS_URL set: the shared cache), and Debian's
nginx with the shipped deploy/nginx.conf (tests/harness/nginx.py renders it). Two simulated
clients connect from two loopback addresses (127.0.0.2 and 127.0.0.3, so nginx's $remote_addr
differs) and each sends `--guesses` wrong tracking-number guesses, `--concurrency` at a time,
every one with a forged X-Forwarded-For of a different random address. The tracking limit per
address (APPLICATION_TRACKING_ATTEMPTS_PER_ADDRESS, 10 an hour) must let exactly 10 guesses
of each client be answered and refuse the rest, whatever the forged headers say; a third
address is then still answered.

`--cache database` runs the same against the database cache instead of Redis, for comparison
(its increments are not atomic: a few extra guesses may be answered).
"""

import argparse
import http.client
import os
import random
import re
import shutil
import ssl
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

from tests.harness.nginx import (  # noqa: E402
    NGINX,
    SERVER_NAME,
    free_port,
    nginx_test,
    stop,
    wait_for_port,
    write_config,
)

PYTHON = str(PROJECT_DIR / ".venv" / "bin" / "python")
GUNICORN = str(PROJECT_DIR / ".venv" / "bin" / "gunicorn")
LIMIT_PER_ADDRESS = 10
TOO_MANY = "尝试次数过多"
WRONG_ANSWER = "受理编号或查询码不正确"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--guesses", type=int, default=40)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--cache", choices=["redis", "database"], default="redis")
    args = parser.parse_args()
    if not Path(NGINX).exists() or not shutil.which("redis-server"):
        sys.exit("需要 nginx 与 redis-server（apt-get install nginx redis-server）")

    work = Path(tempfile.mkdtemp(prefix="bench-throttles-"))
    processes = []
    try:
        env = environment(work, args)
        print(f"准备演示数据库：{work / 'bench.sqlite3'}", flush=True)
        setup = {**env, "DJANGO_SETTINGS_MODULE": "portal.settings.dev"}
        setup.pop("REDIS_URL", None)  # Redis starts below; the setup uses the database cache
        for command in (["migrate", "--no-input", "-v", "0"], ["createcachetable"],
                        ["setup_roles", "-v", "0"], ["load_demo"]):
            subprocess.run([PYTHON, "manage.py", *command], cwd=PROJECT_DIR, env=setup,
                           check=True, stdout=subprocess.DEVNULL)
        page_url = subprocess.run(
            [PYTHON, "manage.py", "shell", "-c",
             "from applications.models import ApplicationPage as P; p = P.objects.live().first();"
             " print(p.url + p.reverse_subpage('tracking'))"],
            cwd=PROJECT_DIR, env=setup, check=True, capture_output=True, text=True,
        ).stdout.strip().splitlines()[-1]

        if args.cache == "redis":
            redis = subprocess.Popen(["redis-server", "--port", env["REDIS_PORT"], "--save", "",
                                      "--appendonly", "no"], stdout=subprocess.DEVNULL)
            processes.append(redis)
            wait_for_port(int(env["REDIS_PORT"]), redis)
        app_port = int(env["GUNICORN_BIND"].rsplit(":", 1)[1])
        gunicorn = subprocess.Popen([GUNICORN, "-c", "deploy/gunicorn.conf.py", "portal.wsgi"],
                                    cwd=PROJECT_DIR, env=env, stdout=subprocess.DEVNULL,
                                    stderr=open(work / "gunicorn.log", "wb"))  # noqa: SIM115
        processes.append(gunicorn)
        wait_for_port(app_port, gunicorn)
        (work / "nginx").mkdir()
        config, _http_port, https_port = write_config(work / "nginx", app_port=app_port,
                                                      media_root=work / "media")
        checked = nginx_test(config)
        if checked.returncode:
            sys.exit(checked.stderr)
        nginx = subprocess.Popen([NGINX, "-c", str(config), "-e", str(config.parent / "error.log"),
                                  "-g", "daemon off;"], stderr=subprocess.DEVNULL)
        processes.append(nginx)
        wait_for_port(https_port, nginx, timeout=10)

        print(f"缓存：{args.cache}；gunicorn {args.workers} 个 worker；每个地址 {args.guesses} 次错误猜测，"
              f"并发 {args.concurrency}；每次都带伪造的 X-Forwarded-For", flush=True)
        for source in ("127.0.0.2", "127.0.0.3"):
            client = Client(https_port, source, config.parent / "ca.pem", page_url)
            started = time.perf_counter()
            with ThreadPoolExecutor(args.concurrency) as pool:
                outcomes = list(pool.map(lambda index, c=client: c.guess(index),
                                         range(args.guesses)))
            seconds = time.perf_counter() - started
            answered = outcomes.count("answered")
            refused = outcomes.count("refused")
            other = len(outcomes) - answered - refused
            verdict = "恰好" if answered == LIMIT_PER_ADDRESS else "不符"
            print(f"  客户端 {source}: 作答 {answered}，拒绝 {refused}，其他 {other}；"
                  f"上限 {LIMIT_PER_ADDRESS}（{verdict}）；{seconds:.2f} 秒", flush=True)
        third = Client(https_port, "127.0.0.4", config.parent / "ca.pem", page_url)
        print(f"  第三个地址 127.0.0.4 的第一次猜测：{third.guess(0)}（应为 answered）")
    finally:
        for process in reversed(processes):
            stop(process)
        shutil.rmtree(work, ignore_errors=True)


def environment(work: Path, args) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": "bench-only-" + "k" * 40 + "0123456789",
        "ALLOWED_HOSTS": f"{SERVER_NAME},127.0.0.1",
        "CSRF_TRUSTED_ORIGINS": f"https://{SERVER_NAME}",
        "DATABASE_URL": f"sqlite:///{work / 'bench.sqlite3'}",
        "VAR_DIR": str(work), "MEDIA_ROOT": str(work / "media"),
        "PRIVATE_MEDIA_ROOT": str(work / "private"), "STATIC_ROOT": str(work / "static"),
        "GUNICORN_BIND": f"127.0.0.1:{free_port()}", "GUNICORN_WORKERS": str(args.workers),
        "GUNICORN_LOGLEVEL": "warning", "REDIS_PORT": str(free_port()),
        "PYTHONPATH": str(PROJECT_DIR),
    }
    if args.cache == "redis":
        env["REDIS_URL"] = f"redis://127.0.0.1:{env['REDIS_PORT']}/0"
    else:
        env.pop("REDIS_URL", None)
    return env


class Client:
    """One simulated visitor: its own source address, its CSRF cookie and token."""

    def __init__(self, port, source, ca_file, page_url):
        self.port, self.source, self.page_url = port, source, page_url
        self.context = ssl.create_default_context(cafile=str(ca_file))
        self.context.check_hostname = False
        status, headers, body = self.request("GET", page_url)
        cookie = re.search(r"csrftoken=([^;]+)", headers.get("set-cookie", ""))
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        if status != 200 or not cookie or not token:
            raise SystemExit(f"无法打开查询页：{status}")
        self.cookie, self.token = cookie.group(1), token.group(1)

    def guess(self, index: int) -> str:
        forged = f"{random.randint(1, 223)}.{random.randint(0, 255)}.{random.randint(0, 255)}.9"
        body = urlencode({"csrfmiddlewaretoken": self.token,
                          "tracking_number": f"2026-{90000 + index:05d}",
                          "query_code": "WRONGCODE1"})
        status, _headers, text = self.request("POST", self.page_url, body=body, headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={self.cookie}",
            "Referer": f"https://{SERVER_NAME}{self.page_url}",
            "X-Forwarded-For": forged, "X-Real-IP": forged})
        # A wrong answer and a refusal are both the form again with its error (status 400).
        if TOO_MANY in text:
            return "refused"
        if WRONG_ANSWER in text:
            return "answered"
        return f"status {status}"

    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPSConnection("127.0.0.1", self.port, context=self.context,
                                                 timeout=60, source_address=(self.source, 0))
        try:
            connection.request(method, path, body=body,
                               headers={"Host": SERVER_NAME, **(headers or {})})
            response = connection.getresponse()
            headers = {key.lower(): value for key, value in response.getheaders()}
            return response.status, headers, response.read().decode("utf-8", "replace")
        finally:
            connection.close()


if __name__ == "__main__":
    main()
