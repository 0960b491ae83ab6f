"""Settings for the test suite: a throwaway SQLite file unless DATABASE_URL is set, tasks run inline."""

import os
import tempfile

from .base import *  # noqa: F403

DEBUG = False
FUNDS_ID_HASH_KEY = "test-only-funds-id-key"  # noqa: S105
FUNDS_QUERY_MIN_SECONDS = 0
SECRET_KEY = "test-only-key-0123456789abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJ"  # noqa: S105
_tmp = Path(tempfile.mkdtemp(prefix="portal-test-"))  # noqa: F405
if "DATABASE_URL" not in os.environ:
    # A file rather than ":memory:", so that live_server's threads (browser tests) and the
    # publisher's worker threads each open their own connection to the same test database.
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3",
                             "NAME": str(_tmp / "portal.sqlite3"),
                             "TEST": {"NAME": str(_tmp / "test-portal.sqlite3")},
                             # As in base.py: writers take the lock up front instead of
                             # failing with "database is locked" on upgrade.
                             "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"}}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = _tmp / "media"
PRIVATE_MEDIA_ROOT = _tmp / "private"
STATIC_ROOT = _tmp / "static"
STATIC_ROOT.mkdir()
STORAGES = {  # noqa: F405
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None}},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILADMIN_BASE_URL = "http://testserver"
# A file cache that the nginx harness's gunicorn shares (tests/harness/nginx.py passes its
# CACHE_DIR): what a test changes (a site's root, a menu) is invalidated for it too. Emptied
# after every test (tests/conftest.py).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": str(_tmp / "cache")},
    # The beneficiary query's counter (funds/): a database cache, so two cache handlers (two
    # workers) read the same count, which its test proves.
    "throttle": {"BACKEND": "django.core.cache.backends.db.DatabaseCache",
                 "LOCATION": "funds_throttle_cache"},
}
# Each search is written at once (tests/search/test_query_log_batching.py turns batching on).
SEARCH_QUERY_LOG_FLUSH_SECONDS = 0
LOGGING["root"]["level"] = "ERROR"  # noqa: F405
# Tests that need the second factor turn it on themselves (tests/accounts/test_two_factor.py).
ACCOUNTS_TOTP_REQUIRED = False
# Passwords never expire in tests that move the clock (years ahead for deadlines); the tests of
# the expiry set it themselves (tests/accounts/test_passwords.py).
ACCOUNTS_PASSWORD_MAX_AGE_DAYS = 0
# Sessions outlive the clock moves of the deadline tests (a day or a month ahead); the idle
# timeout, which is what ends a staff session early, has its own tests (tests/accounts).
SESSION_COOKIE_AGE = 400 * 24 * 3600
