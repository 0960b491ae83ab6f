"""Settings shared by every environment.

Everything that differs between a laptop and a server comes from an environment variable,
with a safe embedded default for development (SQLite under var/, database search, tasks in
the same database, media on local disk).
"""

import os
from pathlib import Path

import dj_database_url

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    """Read a yes/no environment variable ("1", "true", "yes", "on" mean yes)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated environment variable into a list, dropping empty items."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # The project's own apps come first so that their templates and translations win.
    "portal",
    "reports",
    # issue 20: the website inspection (检查指标), beside reports.
    "inspection",
    "disclosure",
    "publishing",
    "confidentiality",
    "applications",
    "funds",
    "interaction",
    "search",
    "workdays",
    "departments",
    "serials",
    "outbox",
    "accounts",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.contrib.typed_table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "accounts.apps.StaffUsersAppConfig",  # wagtail.users with the staff account rules (issue 14)
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    # First: NUL bytes and text that is not UTF-8 are a 400 before anything reads them.
    "portal.middleware.BadInputMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The request's Wagtail site and its home page from Django's cache (issue 21).
    "portal.site_cache.SiteCacheMiddleware",
    # ETag and 304 (computed after the cache headers below are set).
    "django.middleware.http.ConditionalGetMiddleware",
    # Public cache headers on public pages, `private, no-store` on personal responses; before
    # the session and locale middleware, so that it sees the Vary headers they add.
    "portal.page_cache.PublicCacheHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # issue 14: second factor, idle timeout, password expiry, lockout page
    "django_otp.middleware.OTPMiddleware",
    "accounts.certificates.CertificateMiddleware",
    "accounts.middleware.StaffSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "publishing.middleware.WithdrawalNoticeMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into the Chinese lockout page
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "csp.context_processors.nonce",
            ],
        },
    },
]

# --- Database: DATABASE_URL, else an SQLite file under var/ --------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'portal.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while the task worker and the publisher write.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
         "transaction_mode": "IMMEDIATE", "timeout": 20}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Background tasks: django-tasks with its database backend ------------------------------
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# A task RUNNING for longer than this is taken to belong to a dead worker and is queued again
# (if idempotent) by `manage.py requeue_stalled_tasks` (portal/task_queue.py).
TASKS_STALLED_AFTER_SECONDS = int(os.environ.get("TASKS_STALLED_AFTER_SECONDS", "1800"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # issue 14: classes, not the username or the name in pinyin, not one of the last N
    {"NAME": "accounts.passwords.CharacterClassesValidator"},
    {"NAME": "accounts.passwords.NotNameValidator"},
    {"NAME": "accounts.passwords.PasswordHistoryValidator"},
]

# --- Language and time: the admin and the site in Simplified Chinese ----------------------
LANGUAGE_CODE = "zh-hans"
# Chinese only: with a second language a browser asking for English got Django's and Wagtail's
# own strings (form errors, the admin) in English and `Content-Language: en`, and nginx's page
# cache, which keeps one copy per URL, could hand that copy to everybody.
LANGUAGES = [("zh-hans", "简体中文")]
WAGTAIL_CONTENT_LANGUAGES = [("zh-hans", "简体中文")]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and media files -----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "portal" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Files that must never be served publicly (released files of applications, reply letters).
SERVE_MEDIA = False  # Django serves MEDIA_URL itself only in development (portal/urls.py)
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Email: console in development, SMTP from the environment in production ---------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "gongkai@example.gov.cn")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Search ------------------------------------------------------------------------------------
# "database" (PostgreSQL full text, or SQLite FTS5, over jieba-segmented text) or
# "elasticsearch" (elasticsearch-dsl, ELASTICSEARCH_URL).
SEARCH_BACKEND = os.environ.get("SEARCH_BACKEND", "database")
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
SEARCH_ELASTICSEARCH_INDEX = os.environ.get("SEARCH_ELASTICSEARCH_INDEX", "disclosure-pages")
# "whitespace" over jieba tokens (no plugin needed), or "ik_smart" / "smartcn" (cluster plugins).
SEARCH_ELASTICSEARCH_ANALYZER = os.environ.get("SEARCH_ELASTICSEARCH_ANALYZER", "whitespace")
# The search query log is written in batches (search/query_log.py): at most this old, and
# at most this many different queries, before a batch is written.
SEARCH_QUERY_LOG_FLUSH_SECONDS = float(os.environ.get("SEARCH_QUERY_LOG_FLUSH_SECONDS", "10"))
SEARCH_QUERY_LOG_MAX_ENTRIES = int(os.environ.get("SEARCH_QUERY_LOG_MAX_ENTRIES", "500"))
# Wagtail's own admin search (page chooser, explorer) keeps its database backend.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# --- Wagtail -------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = os.environ.get("SITE_NAME", "政府信息公开平台")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
WAGTAIL_FINISH_WORKFLOW_ACTION = "publishing.actions.finish_workflow.publish_signed_off"  # the workflow publishes
WAGTAIL_MODERATION_ENABLED = True
# Every download goes through the site's check (disclosure/attachments.py, before_serve_document);
# the web server never serves MEDIA_ROOT/documents itself.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Production: the internal nginx location that streams a checked file (deploy/nginx.conf), e.g.
# "/_protected_media/"; empty streams the file from Python.
DOCUMENTS_X_ACCEL_REDIRECT = os.environ.get("DOCUMENTS_X_ACCEL_REDIRECT", "")
if DOCUMENTS_X_ACCEL_REDIRECT:
    SENDFILE_BACKEND = "portal.sendfile_nginx"
# Attachments of disclosure items: PDF, OFD, Word and Excel only.
WAGTAILDOCS_EXTENSIONS = ["pdf", "ofd", "doc", "docx", "xls", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 50 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# The image form tells the editor what metadata an upload carried and that it was removed.
WAGTAILIMAGES_IMAGE_FORM_BASE = "confidentiality.image_forms.ImageForm"
# Wagtail refuses an upload with more pixels (its default is 128 MP, which takes seconds and
# most of a gigabyte to decode); 40 MP is more than any camera photo a page needs.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = int(os.environ.get("WAGTAILIMAGES_MAX_IMAGE_PIXELS",
                                                    str(40 * 1000 * 1000)))
# What reading one attachment's text may cost (textextract/limits.py); a file over a limit is
# reported unreadable: it blocks the confidentiality check and is left out of the search index.
TEXTEXTRACT_MAX_UNCOMPRESSED_BYTES = int(os.environ.get("TEXTEXTRACT_MAX_UNCOMPRESSED_BYTES",
                                                        str(100 * 1024 * 1024)))
TEXTEXTRACT_MAX_SHEETS = int(os.environ.get("TEXTEXTRACT_MAX_SHEETS", "100"))
TEXTEXTRACT_MAX_CELLS = int(os.environ.get("TEXTEXTRACT_MAX_CELLS", "2000000"))
TEXTEXTRACT_MAX_PAGES = int(os.environ.get("TEXTEXTRACT_MAX_PAGES", "2000"))
TEXTEXTRACT_MAX_SECONDS = float(os.environ.get("TEXTEXTRACT_MAX_SECONDS", "30"))
WAGTAIL_DATE_FORMAT = "%Y-%m-%d"
WAGTAIL_DATETIME_FORMAT = "%Y-%m-%d %H:%M"
WAGTAIL_PASSWORD_RESET_ENABLED = True
WAGTAILEMBEDS_RESPONSIVE_HTML = True
# No Gravatar (it would send staff e-mail hashes abroad and is blocked in mainland China), no
# calls to Wagtail's release server, no English "what's new" banner on the dashboard.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False

# --- Security that holds everywhere --------------------------------------------------------
X_FRAME_OPTIONS = "DENY"  # Wagtail's preview views override this for their own iframe.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # Wagtail's admin JavaScript reads it.
CONTENT_SECURITY_POLICY = {
    # The Wagtail admin uses inline scripts and styles of its own; the public site does not.
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/django-admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "font-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        name: {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO"),
               "propagate": False}
        for name in ("portal", "disclosure", "publishing", "applications", "search",
                     "confidentiality", "outbox")
    },
}

# --- Site policy -------------------------------------------------------------------------------
# How long closed applications keep the applicant's personal data (days) before anonymisation.
APPLICATION_RETENTION_DAYS = int(os.environ.get("APPLICATION_RETENTION_DAYS", str(3 * 365)))

# --- Django's shared cache (issues 14 and 21) ----------------------------------------------------
# Throttles (applications, messages, page passwords, the funds query), menus and QR codes live in
# this cache, so every worker and app server must share it:
# - REDIS_URL (e.g. redis://127.0.0.1:6379/1): production, exact counts, several app servers;
# - CACHE_DIR: a file cache the processes of one machine share (the test harness's gunicorn
#   shares the test process's one this way);
# - else the database cache (`manage.py createcachetable`, which `make demo` and the deploy steps
#   run): no server needed, but its increments are not atomic, so a limit may be passed by a
#   request or two under load.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": REDIS_URL, "KEY_PREFIX": "portal"}}
elif os.environ.get("CACHE_DIR"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                          "LOCATION": os.environ["CACHE_DIR"]}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache",
                          "LOCATION": "portal_cache"}}
# Proxies whose X-Real-IP / X-Forwarded-For are believed (addresses or networks); a request from
# anywhere else is taken at its own address (clientaddress/). The shipped nginx runs on the same
# host, so production trusts 127.0.0.1 and ::1 unless this says otherwise.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
# Which header of a trusted proxy names the client: "X-Forwarded-For" (its rightmost untrusted
# hop) or "X-Real-IP" (only if every proxy location sets it: a client can send it too).
CLIENT_ADDRESS_HEADER = os.environ.get("CLIENT_ADDRESS_HEADER", "X-Forwarded-For")

# --- Staff logins (issue 14; accounts/) -----------------------------------------------------------
# Lockout (django-axes): after ACCOUNTS_LOGIN_FAILURE_LIMIT wrong passwords an account, and
# separately an address, is locked for ACCOUNTS_LOCKOUT_MINUTES (0: until the 安全管理员 unlocks).
ACCOUNTS_LOGIN_FAILURE_LIMIT = int(os.environ.get("ACCOUNTS_LOGIN_FAILURE_LIMIT", "5"))
ACCOUNTS_LOCKOUT_MINUTES = int(os.environ.get("ACCOUNTS_LOCKOUT_MINUTES", "30"))
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend",
                           "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = ACCOUNTS_LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = (ACCOUNTS_LOCKOUT_MINUTES / 60) if ACCOUNTS_LOCKOUT_MINUTES else None
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "clientaddress.client_address"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False
# Idle timeout: a session with no request of the person's own for this long is logged out.
ACCOUNTS_IDLE_TIMEOUT_MINUTES = float(os.environ.get("ACCOUNTS_IDLE_TIMEOUT_MINUTES", "30"))
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(12 * 3600)))
# Passwords: remembered for reuse, and how many days one lasts (0: no expiry).
ACCOUNTS_PASSWORD_HISTORY = int(os.environ.get("ACCOUNTS_PASSWORD_HISTORY", "5"))
ACCOUNTS_PASSWORD_MAX_AGE_DAYS = int(os.environ.get("ACCOUNTS_PASSWORD_MAX_AGE_DAYS", "90"))
# Second factor (TOTP) for the roles that can put a page live, and for superusers.
ACCOUNTS_TOTP_REQUIRED = env_bool("ACCOUNTS_TOTP_REQUIRED", True)
ACCOUNTS_TOTP_REQUIRED_ROLES = env_list("ACCOUNTS_TOTP_REQUIRED_ROLES", "分管领导,政务公开办公室")
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME
# Accounts not used for this many days are disabled (manage.py disable_inactive_accounts, daily).
ACCOUNTS_INACTIVE_DAYS = int(os.environ.get("ACCOUNTS_INACTIVE_DAYS", "90"))
# CA-certificate login (accounts/certificates.py, docs/certificates.md): "off", "optional" or
# "required"; the key the staff host's nginx (or the 国密 gateway) sends with the verified
# certificate; the staff host names on which certificate headers are read (empty: any host).
ACCOUNTS_CERTIFICATE_LOGIN = os.environ.get("ACCOUNTS_CERTIFICATE_LOGIN", "off")
ACCOUNTS_CERTIFICATE_GATEWAY_KEY = os.environ.get("ACCOUNTS_CERTIFICATE_GATEWAY_KEY", "")
ACCOUNTS_CERTIFICATE_HOSTS = env_list("ACCOUNTS_CERTIFICATE_HOSTS")

# --- Livelihood funds (funds/, issue 17) ---------------------------------------------------
# The key of the keyed hash (HMAC) under which ID numbers are looked up and logged: a secret of
# its own, never SECRET_KEY. Set it in production; the embedded default is for development.
FUNDS_ID_HASH_KEY = os.environ.get("FUNDS_ID_HASH_KEY", "")
# From this month and day the previous year's batches are read-only (corpus 001 第十八条).
FUNDS_FREEZE_MONTH_DAY = (4, 1)
# The beneficiary query: at most this many queries per client per window, counted in a cache
# every worker shares; each answer takes at least FUNDS_QUERY_MIN_SECONDS.
FUNDS_THROTTLE_CACHE = "throttle"
FUNDS_QUERY_LIMIT = 10
FUNDS_QUERY_WINDOW = 600
FUNDS_QUERY_MIN_SECONDS = 0.3
# The query counts in the shared cache of issue 14 (see CACHES above).
CACHES["throttle"] = CACHES["default"]

# --- Page cache (portal/page_cache.py, portal/cache_purge.py, deploy/nginx.conf) -------------
# Browsers and any CDN in front keep a public page this long (max-age and s-maxage): a
# withdrawal reaches them within it, since only nginx's own cache is purged by the site.
PAGE_CACHE_BROWSER_SECONDS = int(os.environ.get("PAGE_CACHE_BROWSER_SECONDS", "60"))
# nginx's page cache keeps a public page this long (X-Accel-Expires); the site purges it on change.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", str(24 * 3600)))
# A URL with a query string (filtered, paged listings) cannot be purged by exact key: seconds.
PAGE_CACHE_QUERY_SECONDS = int(os.environ.get("PAGE_CACHE_QUERY_SECONDS", "5"))
# The purge server of every nginx node (deploy/nginx.conf), e.g.
# "http://10.0.0.11:6081,http://10.0.0.12:6081"; empty: no page cache to purge (`make demo`).
PAGE_CACHE_PURGE_URLS = env_list("PAGE_CACHE_PURGE_URLS")
PAGE_CACHE_PURGE_TIMEOUT = float(os.environ.get("PAGE_CACHE_PURGE_TIMEOUT", "2"))
PAGE_CACHE_PURGE_RETRIES = int(os.environ.get("PAGE_CACHE_PURGE_RETRIES", "2"))
WAGTAILFRONTENDCACHE = {
    f"nginx-{number}": {"BACKEND": "portal.cache_purge.BoundedPurgeBackend", "LOCATION": url,
                        "TIMEOUT": PAGE_CACHE_PURGE_TIMEOUT, "RETRIES": PAGE_CACHE_PURGE_RETRIES}
    for number, url in enumerate(PAGE_CACHE_PURGE_URLS, start=1)
}
# How long the per-site main menu (portal/menus.py) lives in Django's cache at most; it is
# rebuilt on change anyway. 0 turns the menu cache off.
PAGE_MENU_CACHE_SECONDS = int(os.environ.get("PAGE_MENU_CACHE_SECONDS", "600"))
# --- Per-site cache of the uncached page (issue 21: portal/site_cache.py, departments settings) ---
# How long the sites with their home pages, and each site's Organisation setting, live in
# Django's cache at most; they are dropped on change anyway. 0 turns these caches off.
SITE_CACHE_SECONDS = int(os.environ.get("SITE_CACHE_SECONDS", "600"))

# Website inspection (issue 20, inspection/external.py): external links are asked only where
# the server may go onto the internet; off by default, the result then says so.
INSPECTION_CHECK_EXTERNAL_LINKS = env_bool("INSPECTION_CHECK_EXTERNAL_LINKS", False)
INSPECTION_EXTERNAL_TIMEOUT = float(os.environ.get("INSPECTION_EXTERNAL_TIMEOUT", "5"))
INSPECTION_EXTERNAL_MAX_PER_RUN = int(os.environ.get("INSPECTION_EXTERNAL_MAX_PER_RUN", "200"))
INSPECTION_EXTERNAL_BUDGET_SECONDS = int(os.environ.get("INSPECTION_EXTERNAL_BUDGET_SECONDS", "120"))
