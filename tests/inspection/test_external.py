"""External links: skipped with the reason unless switched on; HEAD then GET with a timeout;
at most the cap per run. A local HTTP server stands in for the internet."""

import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import override_settings

from inspection.models import ExternalLink
from inspection.rules import inspect_site
from workdays.local_time import local_today

pytestmark = pytest.mark.django_db


class Handler(BaseHTTPRequestHandler):
    """/ok answers both; /no-head refuses HEAD (405) but serves GET; /gone is 404; /slow is
    slower than the timeout."""

    asked = []

    def _answer(self, body):
        self.asked.append((self.command, self.path))
        if self.path == "/slow":
            threading.Event().wait(2)
        code = {"/ok": 200, "/gone": 404, "/slow": 200}.get(self.path)
        if self.path == "/no-head":
            code = 405 if self.command == "HEAD" else 200
        self.send_response(code or 404)
        self.send_header("Content-Length", "2" if body else "0")
        self.end_headers()
        if body:
            self.wfile.write(b"ok")

    def do_HEAD(self):  # noqa: N802 (http.server's name)
        self._answer(False)

    def do_GET(self):  # noqa: N802
        self._answer(True)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    Handler.asked = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def links_rule(inspection):
    return next(result for result in inspection.results if result.key == "links")


@pytest.fixture
def linking_page(server, make_column, make_news):
    body = "".join(f'<a href="{server}{path}">{path}</a>'
                   for path in ("/ok", "/no-head", "/gone", "/slow"))
    return make_news(make_column("工作动态", "news"), local_today() - timedelta(days=1),
                     body=f"<p>{body}</p>")


def test_external_links_are_skipped_with_the_reason_when_not_switched_on(linking_page, server):
    result = links_rule(inspect_site())
    assert result.findings == []
    assert "外部链接未检查" in result.note and "INSPECTION_CHECK_EXTERNAL_LINKS" in result.note
    assert Handler.asked == [] and not ExternalLink.objects.exists()


@override_settings(INSPECTION_CHECK_EXTERNAL_LINKS=True, INSPECTION_EXTERNAL_TIMEOUT=0.5)
def test_head_then_get_a_404_and_a_timeout_are_dead_links(linking_page, server):
    result = links_rule(inspect_site())
    assert sorted(finding.detail for finding in result.findings) == [
        f"{server}/gone", f"{server}/slow"]
    assert {finding.page_id for finding in result.findings} == {linking_page.pk}
    assert ("HEAD", "/no-head") in Handler.asked and ("GET", "/no-head") in Handler.asked
    assert ("GET", "/ok") not in Handler.asked  # HEAD was enough
    assert "本次检查4个" in result.note
    assert ExternalLink.objects.get(url=f"{server}/gone").status == 404


@override_settings(INSPECTION_CHECK_EXTERNAL_LINKS=True, INSPECTION_EXTERNAL_TIMEOUT=0.5,
                   INSPECTION_EXTERNAL_MAX_PER_RUN=1)
def test_at_most_the_cap_per_run_the_rest_wait_for_the_next(linking_page, server):
    result = links_rule(inspect_site())
    assert ExternalLink.objects.count() == 1
    assert "3个待下次检查" in result.note
    inspect_site()
    assert ExternalLink.objects.count() == 2  # the next run takes a not yet checked one


@override_settings(INSPECTION_CHECK_EXTERNAL_LINKS=True)
def test_a_run_as_of_another_day_does_not_go_onto_the_network(linking_page, server):
    result = links_rule(inspect_site(local_today() + timedelta(days=3)))
    assert "按指定日期检查时不访问外部链接" in result.note and Handler.asked == []
