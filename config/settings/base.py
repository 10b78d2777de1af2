"""Settings for every environment; everything that differs comes from the environment.

Variables (see README, "Configuration", and docs/deploy.md): SECRET_KEY, DEBUG, ALLOWED_HOSTS,
DATABASE_URL, REDIS_URL, REDIS_TIMEOUT, CSRF_TRUSTED_ORIGINS, SECURE_SSL (behind an HTTPS
proxy), TRUSTED_PROXY_COUNT, STATIC_ROOT, LOG_LEVEL; mail: EMAIL_URL, DEFAULT_FROM_EMAIL, SITE_URL,
EMAIL_FILE_PATH, CELERY_BROKER_URL (docs/mail.md).
A git-ignored `.env` file at the project root (or the file named by ENV_FILE) is read when
present; variables already in the environment win.
"""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# ENV_FILE points elsewhere (or at nothing) when a machine keeps its settings apart.
environ.Env.read_env(env.str("ENV_FILE", default=str(BASE_DIR / ".env")), overwrite=False)

SECRET_KEY = env.str("SECRET_KEY")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # modeltranslation patches the admin, so it comes before it.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_countries",
    "import_export",
    "axes",
    "csp",
    # Serves the API docs page with its own static files instead of a public CDN.
    "ninja",
    "summits",
    "delegations",
]

MIDDLEWARE = [
    # Outermost: HEAD answered as GET on the API, and without a body everywhere.
    "config.middleware.HeadMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # ETags on every GET, so phones on conference Wi-Fi get 304s for unchanged pages.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Axes must be last so that it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Persistent connections, checked before reuse so a database restart costs no 500.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        # WAL lets readers continue while the check-in desk writes.
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            # Writers queue for the lock at BEGIN instead of failing with "database is
            # locked" when two check-ins read then write at once (SQLite has no row locks).
            "transaction_mode": "IMMEDIATE",
        }
    )
    # Opening a SQLite connection registers Django's SQL functions and runs the PRAGMAs:
    # about 3 ms, a quarter of a check-in. Keep it open between requests.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and sessions ---------------------------------------------------------------
# The cache only ever holds copies (rendered pages, feeds, API answers, their versions), so
# the site outlives it: with Redis unreachable every cache call is a miss or a no-op
# (logged once a minute, see LOGGING) and pages are built from the database. What must not
# be lost lives in the database: login sessions (the default engine) and axes' lockouts.
REDIS_URL = env.str("REDIS_URL", default="")
# Seconds a cache call may wait for Redis: without a bound, a Redis that accepts
# connections but never answers would hold every worker until gunicorn kills it.
REDIS_TIMEOUT = env.float("REDIS_TIMEOUT", default=0.25)


def redis_caches(url: str, *, timeout: float = REDIS_TIMEOUT) -> dict:
    """CACHES for a Redis at `url` that nothing depends on being up."""
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "sistersummits",
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": timeout,
                "SOCKET_TIMEOUT": timeout,
            },
        }
    }


if REDIS_URL:
    CACHES = redis_caches(REDIS_URL)
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Passwords ------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"

# --- Languages and time ---------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("zh-hans", _("Simplified Chinese")),
    ("ar", _("Arabic")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
# The tabbed admin would load jQuery UI 1.12.1 (known CVEs) from a public CDN; serve
# our own fixed copy instead so the admin works offline and under a strict CSP.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"

# --- Static files ---------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# An attendee file between its preview and its confirmation, on disk where every worker
# finds it (the cache is per worker without Redis: a confirmation reaching another worker
# found "The uploaded file has expired"), readable by the app's user only. Removed when
# confirmed, and after ATTENDEE_PENDING_IMPORTS_MAX_AGE_HOURS when abandoned.
ATTENDEE_PENDING_IMPORTS_DIR = env.path(
    "ATTENDEE_PENDING_IMPORTS_DIR", default=BASE_DIR / "var" / "pending-imports"
)
ATTENDEE_PENDING_IMPORTS_MAX_AGE_HOURS = env.int(
    "ATTENDEE_PENDING_IMPORTS_MAX_AGE_HOURS", default=24
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "import_export": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": ATTENDEE_PENDING_IMPORTS_DIR,
            "file_permissions_mode": 0o600,
            "directory_permissions_mode": 0o700,
        },
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# --- Uploads --------------------------------------------------------------------------
# Attendee spreadsheets larger than this are refused before they are parsed.
ATTENDEE_UPLOAD_MAX_BYTES = env.int("ATTENDEE_UPLOAD_MAX_BYTES", default=20 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# --- import-export --------------------------------------------------------------------
# Off by default in the library: without these any staff user could import or export.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "import"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "export"
IMPORT_EXPORT_SKIP_ADMIN_LOG = True
IMPORT_EXPORT_USE_TRANSACTIONS = True
# The file storage "import_export" above (STORAGES), which the library's MediaStorage uses.
IMPORT_EXPORT_TMP_STORAGE_CLASS = "import_export.tmp_storages.MediaStorage"

# --- Mail (docs/mail.md) --------------------------------------------------------------
# EMAIL_URL in django-environ's form (`smtp+tls://user:password@mail.example.org:587`);
# unset, each message is written to a file in EMAIL_FILE_PATH, where `make run` shows it.
if env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = env.path("EMAIL_FILE_PATH", default=BASE_DIR / "var" / "mail")
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Sister Summits <summits@localhost>")
# The public address the links in mail start with (a mail has no request to ask).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
# Messages per task (one SMTP connection each), and how a failed send is retried.
MAIL_BATCH_SIZE = env.int("MAIL_BATCH_SIZE", default=50)
MAIL_MAX_RETRIES = env.int("MAIL_MAX_RETRIES", default=6)
MAIL_RETRY_BACKOFF = env.int("MAIL_RETRY_BACKOFF", default=30)

# --- Celery: the workers that send mail ----------------------------------------------------
# CELERY_BROKER_URL: Redis (`redis://127.0.0.1:6379/1`) or RabbitMQ (`amqp://...`); unset,
# tasks run in the process that queues them, after its commit.
CELERY_TASK_ALWAYS_EAGER = not env.str("CELERY_BROKER_URL", default="")
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="") or "memory://"
CELERY_TASK_EAGER_PROPAGATES = True
# The queue the mail tasks go to and the workers take from (sites sharing a broker each
# name their own).
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="summits")
CELERY_TASK_SERIALIZER = CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
# A worker takes one batch at a time: a long batch does not hold others back.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing a task gives up at once when the broker is down (the message stays queued).
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 5}

# --- Security -------------------------------------------------------------------------
SECURE_SSL = env.bool("SECURE_SSL", default=False)
if SECURE_SSL:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Lock an account+address pair after repeated failures, for a while, not forever.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Failures and lockouts in the database (the default handler, named so it stays): a
# lockout must survive a cache outage and be seen by every instance.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_VERBOSE = False
# How many reverse proxies stand in front of gunicorn (production: 1, see production.py).
# Each appends the address it received the request from to X-Forwarded-For, so the client
# is the address the first trusted proxy wrote: axes (through django-ipware) counts that
# far from the right. Anything a client writes further left is ignored.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
if TRUSTED_PROXY_COUNT:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    # ipware counts the proxies listed in the header; the last one is REMOTE_ADDR.
    AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT - 1
    # Not strict: a longer header (a client's own X-Forwarded-For in front) still yields
    # the address our proxy wrote, instead of falling back to the proxy's own address.
    IPWARE_STRICT = False
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)

# --- Logging --------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {
        # Django names the path of a refused or failed request: never a private link's token.
        "private_links": {"()": "config.access_log.PrivateLinkFilter"},
        # One record a minute of a failing cache, not one per cache call.
        "once_a_minute": {"()": "config.log_filters.OnceAMinute"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["private_links"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "django_redis.cache": {"filters": ["once_a_minute"]},
    },
}
