"""Development and demo settings: DEBUG on (the demo turns it off), a fixed local secret, mail
to the console, uploads and static files served by the development server itself."""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-never-use-in-production-0123456789abcdef"  # noqa: F405, S105
FUNDS_ID_HASH_KEY = FUNDS_ID_HASH_KEY or "dev-only-funds-id-key-never-use-in-production"  # noqa: F405, S105
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# `make demo` runs with DEBUG off (manage.py serve_demo) so that a newcomer meets the site's own
# Chinese 404 and 500 pages; WhiteNoise then serves static files straight from the apps.
WHITENOISE_USE_FINDERS = True
SERVE_MEDIA = True
# The demo's signatory and office log in with their password alone (README, 演示账号); a server
# requires their second factor (ACCOUNTS_TOTP_REQUIRED, on by default in base.py).
ACCOUNTS_TOTP_REQUIRED = env_bool("ACCOUNTS_TOTP_REQUIRED", False)
