"""Django settings: everything comes from ratsinfo.config (the environment)."""

from __future__ import annotations

import os

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from ratsinfo import config

HOME = config.home()

SECRET_KEY = os.environ.get("RATSINFO_SECRET_KEY", "ratsinfo-insecure-local-key")
DEBUG = os.environ.get("RATSINFO_DEBUG", "") == "1"
ALLOWED_HOSTS = [h for h in os.environ.get("RATSINFO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ratsinfo.store",
    "ratsinfo.serve",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "ratsinfo.site.urls"
WSGI_APPLICATION = "ratsinfo.site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# A server worker keeps its connection between requests (checked before reuse): a new
# SQLite connection per request would start with a cold page cache every time.
_db = dj_database_url.parse(config.database_url(), conn_max_age=600, conn_health_checks=True)
if _db["ENGINE"].endswith("sqlite3"):
    # WAL lets readers (the web UI) work while an ingest writes; the timeout rides out
    # short write locks instead of failing with "database is locked".
    _db.setdefault("OPTIONS", {}).update(
        {"timeout": 30, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "de"
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = str(HOME / "static")

# One cache for every server process: the register's drawings and comparisons are built
# once, not once per worker. A directory in RATSINFO_HOME needs no setup; RATSINFO_CACHE_URL
# names another: redis://host:port/db (Django's RedisCache, `pip install 'ratsinfo[redis]'`),
# file:///path, or locmem:// (this process only).
_cache_url = os.environ.get("RATSINFO_CACHE_URL", "").strip()
if _cache_url.startswith(("redis://", "rediss://", "unix://")):
    _cache = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _cache_url}
elif _cache_url == "locmem://":
    _cache = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
elif _cache_url.startswith("file://") or not _cache_url:
    _cache = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        # Created on the first write.
        "LOCATION": _cache_url.removeprefix("file://") or str(HOME / "cache"),
        # Per version of the register: option lists, a drawing per body, counts per filter,
        # year comparisons. Past this a third of them, chosen at random, goes.
        "OPTIONS": {"MAX_ENTRIES": 2000},
    }
else:
    raise ImproperlyConfigured(f"RATSINFO_CACHE_URL: unknown scheme in {_cache_url!r}")
CACHES = {"default": _cache}
