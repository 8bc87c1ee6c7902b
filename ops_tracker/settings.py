"""OpsTracker settings: one module, every deployment knob from the environment.

Safe defaults give a self-contained app: a SpatiaLite file under ``var/`` and
Celery tasks run in-process. Set ``DATABASE_URL=postgis://...`` and
``REDIS_URL=redis://...`` for production (see README).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from ops_tracker.static_deps import NPM_STATICFILES_DIRS

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
# Offline commands (extract, migrate, tests) need no secret; serving does. Without
# SECRET_KEY a random per-process key is used and the WSGI/ASGI entry points
# refuse to start unless DEBUG is on (ops_tracker.checks).
SECRET_KEY_FROM_ENV = bool(SECRET_KEY)
if not SECRET_KEY:
    SECRET_KEY = "insecure-dev-" + secrets.token_urlsafe(48)


ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.gis",
    "rest_framework",
    "rest_framework.authtoken",
    "rest_framework_gis",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "leaflet",
    "simple_history",
    "events",
    "ingest",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "ops_tracker.urls"
WSGI_APPLICATION = "ops_tracker.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
# Embedded default: SpatiaLite file under var/. Production/CI: postgis://...
VAR_DIR = Path(os.environ.get("OPSTRACKER_VAR_DIR", BASE_DIR / "var"))
DEFAULT_DATABASE_URL = f"spatialite:///{VAR_DIR / 'opstracker.sqlite3'}"
DATABASE_URL = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")))
}
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
IS_POSTGIS = DATABASES["default"]["ENGINE"] == "django.contrib.gis.db.backends.postgis"
if IS_POSTGIS:
    # Per-connection server settings (libpq "options"), each env-driven:
    # * jit=off (DB_JIT=1 keeps the server's): JIT compiled the API's large counts and aggregates
    #   on every call (~45 ms each) and never paid back on queries well under a second.
    # * max_parallel_workers_per_gather=0 (DB_PARALLEL_WORKERS; empty = the server's): workers cost
    #   30-100 ms to start on a busy small box and led the planner to worse plans for the API's
    #   LIMITed queries (a bbox count: 118 ms parallel, 2 ms serial); the queries that gain from
    #   them (whole-table aggregates, low-zoom tiles) are cached (events.cache).
    # * plan_cache_mode=force_custom_plan (DB_PLAN_CACHE_MODE; empty = the server's): prepared
    #   statements (below) keep their parsing but are planned for their values; a generic plan for
    #   `search_text LIKE $1` or a bbox cannot see how selective the value is (a common-word
    #   count took 8 s instead of 30 ms).
    server_options = [] if env_bool("DB_JIT", False) else ["-c jit=off"]
    for setting, env, default in (
        ("max_parallel_workers_per_gather", "DB_PARALLEL_WORKERS", "0"),
        ("plan_cache_mode", "DB_PLAN_CACHE_MODE", "force_custom_plan"),
    ):
        value = os.environ.get(env, default).strip()
        if value:
            server_options.append(f"-c {setting}={value}")
    options = DATABASES["default"].setdefault("OPTIONS", {})
    if server_options:
        options["options"] = " ".join([options.get("options", ""), *server_options]).strip()
    if env_bool("DB_PREPARED_STATEMENTS", True):
        # Server-side parameter binding, and statements run DB_PREPARE_THRESHOLD times on a
        # connection prepared on the server (psycopg 3): the worker's few statements per article
        # are then parsed and planned once per connection. DB_PREPARED_STATEMENTS=0 behind a
        # pooler in transaction mode (PgBouncer < 1.21), where prepared statements cannot be used.
        options["server_side_binding"] = True
        options["prepare_threshold"] = int(os.environ.get("DB_PREPARE_THRESHOLD", "2"))
if not IS_POSTGIS:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 30
SPATIALITE_LIBRARY_PATH = os.environ.get("SPATIALITE_LIBRARY_PATH", "mod_spatialite")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Celery ---------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")

# --- Caches -------------------------------------------------------------------
# "default" (throttling) stays per process. "api" holds computed read responses (timeline
# aggregates, vector tiles) keyed by a data version that every incident write bumps; it must be
# shared by every process that reads or writes incidents, so it is Redis (CACHE_URL, default
# REDIS_URL) or nothing: without Redis the responses are simply not cached.
CACHE_URL = os.environ.get("CACHE_URL", REDIS_URL)
API_CACHE_SECONDS = int(os.environ.get("API_CACHE_SECONDS", "900"))
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "api": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "opstracker-api",
            "TIMEOUT": API_CACHE_SECONDS,
            # a slow or missing Redis makes reads uncached, never slow or failing
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
        if CACHE_URL and API_CACHE_SECONDS > 0
        else {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    ),
}
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL  # no broker: run tasks in-process
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True  # a crashed worker's task is redelivered
CELERY_TASK_IGNORE_RESULT = True  # no result backend: task return values are only logged
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# Tasks are short and idempotent (acks_late, claimed by a conditional UPDATE): a few in hand per
# process keep both cores busy without starving the other process.
CELERY_WORKER_PREFETCH_MULTIPLIER = int(os.environ.get("CELERY_PREFETCH_MULTIPLIER", "4"))
CELERY_TASK_SOFT_TIME_LIMIT = int(os.environ.get("CELERY_TASK_SOFT_TIME_LIMIT", "120"))
CELERY_TASK_TIME_LIMIT = int(os.environ.get("CELERY_TASK_TIME_LIMIT", "180"))
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "600"))
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE", "opstracker")
CELERY_BEAT_SCHEDULE = {
    "poll-due-feeds": {"task": "ingest.tasks.poll_due_feeds", "schedule": 60.0},
}

# --- Auth, i18n -------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "ar")
LANGUAGES = [("ar", _("Arabic")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static", *NPM_STATICFILES_DIRS]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- Uploads and fetching ------------------------------------------------------
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("DATA_UPLOAD_MAX_MEMORY_SIZE", str(10 * 1024 * 1024)))
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE
ARTICLE_MAX_CHARS = int(os.environ.get("ARTICLE_MAX_CHARS", str(2_000_000)))
FETCH_TIMEOUT_SECONDS = float(os.environ.get("FETCH_TIMEOUT_SECONDS", "15"))
FETCH_MAX_BYTES = int(os.environ.get("FETCH_MAX_BYTES", str(5 * 1024 * 1024)))
# Hosts that URL/feed fetching may reach even when they resolve to private or
# loopback addresses (tests serve feeds on 127.0.0.1). Empty in production.
FETCH_ALLOWED_PRIVATE_HOSTS = env_list("FETCH_ALLOWED_PRIVATE_HOSTS")

# --- REST API -------------------------------------------------------------------
API_PUBLIC_READ = env_bool("API_PUBLIC_READ", False)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["events.permissions.ReadRoleOrPublic"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "events.api.pagination.IncidentPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "events.api.exceptions.api_exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "events.api.throttling.AnonThrottle",
        "events.api.throttling.UserThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_THROTTLE_ANON", "60/min"),
        "user": os.environ.get("API_THROTTLE_USER", "600/min"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "OpsTracker API",
    "DESCRIPTION": "Incidents of the fight against ISIS in Syria and Iraq, extracted from news reporting.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "ENUM_NAME_OVERRIDES": {
        "GeoPrecisionEnum": "events.models.GeoPrecision",
        "ArticleStatusEnum": "ingest.models.Article.Status",
        "IncidentStatusEnum": "events.models.Incident.Status",
    },
}

# --- CORS -----------------------------------------------------------------------
# Cross-origin access to the API for external tools (notebooks, dashboards served elsewhere).
# CORS_ALLOWED_ORIGINS: comma-separated origins ("https://tool.example,http://localhost:3000");
# empty (the default) = no cross-origin access. Only /api/ answers CORS requests; credentials
# (cookies) are never allowed cross-origin: tools send `Authorization: Token ...`.
INSTALLED_APPS += ["corsheaders"]
# As high as possible (before WhiteNoise/CommonMiddleware), after the HTTPS redirect.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "corsheaders.middleware.CorsMiddleware",
)
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_CREDENTIALS = False
CORS_EXPOSE_HEADERS = ["Content-Disposition", "Retry-After"]
CORS_PREFLIGHT_MAX_AGE = int(os.environ.get("CORS_PREFLIGHT_MAX_AGE", "3600"))

# --- Maps -----------------------------------------------------------------------
LEAFLET_CONFIG = {
    "DEFAULT_CENTER": (35.0, 40.5),
    "DEFAULT_ZOOM": 6,
    "MIN_ZOOM": 3,
    "MAX_ZOOM": 18,
    "TILES": [
        (
            "OpenStreetMap",
            os.environ.get("MAP_TILES_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"),
            {"attribution": "© OpenStreetMap contributors (ODbL)", "maxZoom": 18},
        )
    ],
    "ATTRIBUTION_PREFIX": "OpsTracker",
    "RESET_VIEW": False,
}

# --- Security -------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # plain-HTTP health checks inside the cluster
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# OSM tiles are the only third-party origin; everything else is served locally.
TILE_ORIGIN = os.environ.get("MAP_TILES_ORIGIN", "https://tile.openstreetmap.org")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:", TILE_ORIGIN],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],  # Leaflet sets inline styles on markers
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# gis.W001 warns that GDAL < 3.9 (Debian 12 ships 3.6) cannot block file/network
# access while parsing spatial reference strings. OpsTracker never parses a
# user-supplied SRS: every geometry is built from numbers with the constant
# SRID 4326, so the warning does not apply.
SILENCED_SYSTEM_CHECKS = ["gis.W001"]

# Editors' reasons for a change can be long; store them whole.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
