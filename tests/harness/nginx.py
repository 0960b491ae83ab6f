"""A test harness: Debian's nginx with the project's own deploy/nginx.conf, in front of a
gunicorn running the production settings against the test database.

Use it from a test folder's conftest.py (as tests/nginx/conftest.py does) with

    from tests.harness.nginx import gunicorn_app, nginx_binary, nginx_site  # noqa: F401

`nginx_site(extra_http=..., extra_server=...)` renders deploy/nginx.conf into a temporary
directory (ports, certificates made with `cryptography`, the media directory, the upstream
pointing at the harness's gunicorn), adds the caller's configuration — `extra_http` at the http
level (a cache zone, another server block), `extra_server` inside the HTTPS server (through the
config's own `include /etc/nginx/portal.d/*.conf`) — starts /usr/sbin/nginx and returns a
`NginxSite` to send requests through. Everything stops and is removed at the end of the test.
The fixture uses the database transactionally (`transactional_db` with serialized rollback), so
that gunicorn sees what the test writes. Without nginx the tests skip and say why.
"""

import datetime
import http.client
import ipaddress
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings

NGINX = os.environ.get("NGINX_BINARY", "/usr/sbin/nginx")
PROJECT_DIR = Path(__file__).resolve().parents[2]
SHIPPED_CONFIG = PROJECT_DIR / "deploy" / "nginx.conf"
SERVER_NAME = "gongkai.example.gov.cn"
# The staff host of deploy/nginx-staff.conf (certificate login) and the key its nginx sends.
STAFF_SERVER_NAME = "houtai.gongkai.example.gov.cn"
GATEWAY_KEY = "harness-gateway-key-0123456789abcdefghijklmnop"
GUNICORN_WORKERS = 3

# What the harness replaces in deploy/nginx.conf; each must be found, so that a change to the
# shipped file breaks the harness loudly instead of testing something else.
SHIPPED_VALUES = {
    "http_listen": "listen 80;",
    "https_listen": "listen 443 ssl http2;",
    "upstream": "server 127.0.0.1:8000 ",
    "certificate": "/etc/ssl/portal/fullchain.pem",
    "certificate_key": "/etc/ssl/portal/privkey.pem",
    "media": "/srv/portal-media/",
    "includes": "/etc/nginx/portal.d/",
    "cache_path": "/var/cache/nginx/portal ",
    "purge_listen": "listen 127.0.0.1:6081;",
}


@dataclass
class Response:
    status: int
    headers: dict
    body: bytes


@dataclass
class NginxSite:
    """A running nginx: requests go to it with the production host name."""

    directory: Path
    http_port: int
    https_port: int
    process: subprocess.Popen = field(repr=False)
    purge_port: int = 0

    @property
    def purge_location(self) -> str:
        """What PAGE_CACHE_PURGE_URLS names for this node (its purge server)."""
        return f"http://127.0.0.1:{self.purge_port}"

    def get(self, path: str, *, https: bool = True, headers: dict | None = None) -> Response:
        return self.request("GET", path, https=https, headers=headers)

    def request(self, method: str, path: str, *, https: bool = True, body: bytes | None = None,
                headers: dict | None = None) -> Response:
        if https:
            context = ssl.create_default_context(cafile=str(self.directory / "ca.pem"))
            context.check_hostname = False
            connection = http.client.HTTPSConnection("127.0.0.1", self.https_port,
                                                     context=context, timeout=30)
        else:
            connection = http.client.HTTPConnection("127.0.0.1", self.http_port, timeout=30)
        try:
            connection.request(method, quote(path, safe="/?&=%:;,+@"), body=body,
                               headers={"Host": SERVER_NAME, **(headers or {})})
            response = connection.getresponse()
            return Response(response.status, {k.lower(): v for k, v in response.getheaders()},
                            response.read())
        finally:
            connection.close()

    def error_log(self) -> str:
        return (self.directory / "error.log").read_text(errors="replace")


def render_site_config(text: str, *, http_port: int, https_port: int, app_port: int,
                       directory: Path, media_root: Path, purge_port: int | None = None) -> str:
    """deploy/nginx.conf with the machine-specific values replaced by the temporary ones."""
    purge_port = purge_port or free_port()
    replacements = {
        "http_listen": f"listen 127.0.0.1:{http_port};",
        "https_listen": f"listen 127.0.0.1:{https_port} ssl http2;",
        "upstream": f"server 127.0.0.1:{app_port} ",
        "certificate": str(directory / "fullchain.pem"),
        "certificate_key": str(directory / "privkey.pem"),
        "media": f"{media_root}/",
        "includes": f"{directory / 'portal.d'}/",
        "cache_path": f"{directory / 'page-cache'} ",
        "purge_listen": f"listen 127.0.0.1:{purge_port};",
    }
    for key, shipped in SHIPPED_VALUES.items():
        if shipped not in text:
            raise AssertionError(f"deploy/nginx.conf no longer contains {shipped!r} ({key})")
        text = text.replace(shipped, replacements[key])
    return text


def main_config(directory: Path, extra_http: str = "") -> str:
    """The nginx.conf that Debian's /etc/nginx/nginx.conf would be, inside `directory`."""
    user = _user_directive()
    temp = directory / "temp"
    return f"""{user}
worker_processes 2;
pid {directory / 'nginx.pid'};
error_log {directory / 'error.log'} info;
include /etc/nginx/modules-enabled/*.conf;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {directory / 'access.log'};
    client_body_temp_path {temp / 'body'};
    proxy_temp_path {temp / 'proxy'};
    fastcgi_temp_path {temp / 'fastcgi'};
    uwsgi_temp_path {temp / 'uwsgi'};
    scgi_temp_path {temp / 'scgi'};
{extra_http}
    include {directory / 'portal.conf'};
}}
"""


def write_config(directory: Path, *, app_port: int, media_root: Path, extra_http: str = "",
                 extra_server: str = "", source: Path = SHIPPED_CONFIG,
                 purge_port: int | None = None) -> tuple[Path, int, int]:
    """Render everything into `directory`; return the main config's path and the two ports
    (the page cache's purge server listens on `purge_port`, a free port if not given)."""
    http_port, https_port = free_port(), free_port()
    (directory / "temp").mkdir(exist_ok=True)
    (directory / "portal.d").mkdir(exist_ok=True)
    if extra_server:
        (directory / "portal.d" / "extra.conf").write_text(extra_server)
    make_certificate(directory)
    (directory / "portal.conf").write_text(render_site_config(
        source.read_text(), http_port=http_port, https_port=https_port, app_port=app_port,
        directory=directory, media_root=media_root, purge_port=purge_port))
    config = directory / "nginx.conf"
    config.write_text(main_config(directory, extra_http))
    return config, http_port, https_port


def nginx_test(config: Path) -> subprocess.CompletedProcess:
    """`nginx -t` on a rendered configuration."""
    return subprocess.run([NGINX, "-t", "-c", str(config), "-e", str(config.parent / "error.log")],
                          capture_output=True, text=True, timeout=30)


def make_certificate(directory: Path) -> None:
    """A self-signed certificate for the production host name (and 127.0.0.1)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, SERVER_NAME)])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([
            x509.DNSName(SERVER_NAME), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    pem = certificate.public_bytes(serialization.Encoding.PEM)
    (directory / "fullchain.pem").write_bytes(pem)
    (directory / "ca.pem").write_bytes(pem)
    key_file = directory / "privkey.pem"
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    key_file.chmod(0o600)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, timeout: float = 60.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if process.poll() is not None:
            raise RuntimeError(f"process exited with {process.returncode} before listening")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on port {port} after {timeout} s")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _user_directive() -> str:
    """As root, nginx's workers must run as someone: the owner of this process (root in CI,
    so that workers read the test's media files in a private temporary directory)."""
    if os.geteuid() != 0:
        return ""
    import grp
    import pwd

    return f"user {pwd.getpwuid(os.geteuid()).pw_name} {grp.getgrgid(os.getegid()).gr_name};"


def database_url() -> str:
    """The test database as a DATABASE_URL for the gunicorn process."""
    from django.db import connection

    params = connection.settings_dict
    if connection.vendor == "postgresql":
        password = f":{params['PASSWORD']}" if params.get("PASSWORD") else ""
        return (f"postgres://{params['USER']}{password}@{params.get('HOST') or '127.0.0.1'}:"
                f"{params.get('PORT') or 5432}/{params['NAME']}")
    return f"sqlite:///{params['NAME']}"


# --- fixtures ---------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def nginx_binary():
    if not Path(NGINX).exists():
        reason = f"{NGINX} is not installed (apt-get install nginx)"
        print(f"SKIP: {reason}", file=sys.stderr)
        pytest.skip(reason)
    if not list(Path("/etc/nginx/modules-enabled").glob("*cache-purge*")):
        reason = ("nginx's cache purge module is not installed "
                  "(apt-get install libnginx-mod-http-cache-purge); deploy/nginx.conf needs it")
        print(f"SKIP: {reason}", file=sys.stderr)
        pytest.skip(reason)
    return NGINX


@pytest.fixture(scope="session")
def gunicorn_app(nginx_binary, django_db_setup, django_db_blocker, tmp_path_factory):
    """gunicorn with the production settings and several workers, on the test database."""
    port = free_port()
    var_dir = tmp_path_factory.mktemp("gunicorn-var")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": "harness-only-" + "k" * 40 + "0123456789",
        "ALLOWED_HOSTS": f"{SERVER_NAME},{STAFF_SERVER_NAME},127.0.0.1",
        "CSRF_TRUSTED_ORIGINS": f"https://{SERVER_NAME},https://{STAFF_SERVER_NAME}",
        "DATABASE_URL": database_url(),
        "ACCOUNTS_CERTIFICATE_LOGIN": "optional",
        "ACCOUNTS_CERTIFICATE_GATEWAY_KEY": GATEWAY_KEY,
        "ACCOUNTS_CERTIFICATE_HOSTS": STAFF_SERVER_NAME,
        "VAR_DIR": str(var_dir),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "PRIVATE_MEDIA_ROOT": str(settings.PRIVATE_MEDIA_ROOT),
        "STATIC_ROOT": str(settings.STATIC_ROOT),
        "DOCUMENTS_X_ACCEL_REDIRECT": "/_protected_media/",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": str(GUNICORN_WORKERS),
        "GUNICORN_LOGLEVEL": "warning",
        # The test process's own file cache: what a test invalidates (Wagtail's site roots,
        # menus) is invalidated here too.
        "CACHE_DIR": str(settings.CACHES["default"]["LOCATION"]),
        "PYTHONPATH": str(PROJECT_DIR),
    }
    Path(settings.MEDIA_ROOT).mkdir(parents=True, exist_ok=True)
    # The deploy steps' createcachetable (the database cache when neither REDIS_URL nor
    # CACHE_DIR is set; the funds throttle's table).
    subprocess.run([sys.executable, "manage.py", "createcachetable"], cwd=PROJECT_DIR, env=env,
                   check=True, capture_output=True, timeout=120)
    log = open(var_dir / "gunicorn.log", "wb")  # noqa: SIM115  (closed below)
    process = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "-c",
         str(PROJECT_DIR / "deploy" / "gunicorn.conf.py"), "portal.wsgi"],
        cwd=PROJECT_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_for_port(port, process)
        yield type("App", (), {"port": port, "log": var_dir / "gunicorn.log"})
    finally:
        stop(process)
        log.close()


@pytest.fixture
def nginx_site(gunicorn_app, django_db_serialized_rollback, transactional_db):
    """Start nginx with deploy/nginx.conf (plus extra configuration) in front of gunicorn.

    The database is used transactionally with serialized rollback, as the suite's other
    transactional tests: the flush afterwards would also remove the rows the migrations made.
    """
    # gunicorn outlives the tests: whatever its workers cached for an earlier test's pages (a
    # late request after that test's clean-up included) must not answer for this one.
    from django.core.cache import cache

    cache.clear()
    started = []

    def start(extra_http: str = "", extra_server: str = "") -> NginxSite:
        directory = Path(tempfile.mkdtemp(prefix="portal-nginx-"))
        purge_port = free_port()
        config, http_port, https_port = write_config(
            directory, app_port=gunicorn_app.port, media_root=Path(settings.MEDIA_ROOT),
            extra_http=extra_http, extra_server=extra_server, purge_port=purge_port)
        checked = nginx_test(config)
        if checked.returncode != 0:
            raise AssertionError(f"nginx -t failed:\n{checked.stderr}")
        process = subprocess.Popen(
            [NGINX, "-c", str(config), "-e", str(directory / "error.log"), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        site = NginxSite(directory, http_port, https_port, process, purge_port)
        started.append(site)
        wait_for_port(https_port, process, timeout=10)
        return site

    yield start
    for site in started:
        stop(site.process)
        shutil.rmtree(site.directory, ignore_errors=True)
