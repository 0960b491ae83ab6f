"""Browser tests: Playwright (Python) driving Debian's Chromium against pytest-django's live_server.

They skip, saying why, when Chromium or Playwright is absent (a laptop without them); CI
installs Debian's `chromium` and `fonts-wqy-microhei`, so there they run.
"""

import os
import shutil
import tempfile

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

# Playwright's sync API runs an event loop in this thread; the test's own ORM calls are still
# synchronous and safe, so Django's async guard is told so.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def _browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("Playwright (Python) is not installed: pip install -e '.[dev]'")
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.skip(f"Chromium not found at {CHROMIUM}: apt-get install chromium fonts-wqy-microhei")
    from django.db import connections

    opened = {alias: connections[alias] for alias in connections}
    with sync_playwright() as playwright:
        # Between its calls Playwright's sync API marks its event loop as running in this
        # thread, and Django's connection handler (asgiref's thread-critical Local) then keeps
        # connections in a separate per-context store: the test and pytest-django would get a
        # second connection without the serialized copy of the test database that the
        # serialized rollback restores from. Both stores hold the same connections.
        for alias, connection in opened.items():
            connections[alias] = connection
        profile = tempfile.mkdtemp(prefix="chromium-profile-")
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True,
            locale="zh-CN", viewport={"width": 1280, "height": 900},
        )
        yield context
        context.close()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def browser_page(_browser, live_server):
    """A fresh tab; `browser_page.base_url` is the live server's address."""
    _browser.clear_cookies()
    page = _browser.new_page()
    # Each test is a new visitor: public pages carry `max-age=60` (portal/page_cache.py), and
    # an earlier test's page at the same address must not come from the browser's cache.
    session = _browser.new_cdp_session(page)
    session.send("Network.clearBrowserCache")
    session.detach()
    page.set_default_timeout(15_000)
    page.base_url = live_server.url
    yield page
    page.close()


@pytest.fixture
def admin_login(browser_page):
    """Log in to the Wagtail admin through its login form as the given user."""

    def login(username, password="pw-for-tests-only"):
        as_new_visitor(browser_page)
        browser_page.goto(f"{browser_page.base_url}/admin/login/")
        browser_page.fill("input[name=username]", username)
        browser_page.fill("input[name=password]", password)
        browser_page.click("button[type=submit]")
        browser_page.wait_for_url(f"{browser_page.base_url}/admin/")

    return login


def as_new_visitor(page):
    """Forget who was logged in. The tab leaves its page first: a request the page still had on
    its way (the dashboard's panels, the editor's pings) would otherwise answer after the cookies
    were cleared and set the staff session cookie again (the idle-timeout middleware writes the
    session on every request), and the next login page would redirect to the admin."""
    page.goto("about:blank")
    page.context.clear_cookies()
