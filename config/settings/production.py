"""Production settings: everything secret or site-specific comes from the environment.

Several app servers can run these settings side by side against one PostgreSQL: nothing is
kept on an app server's disk or in its memory that another server must see. The shared
pieces are the database, the cache (``REDIS_URL``), the media storage (``MEDIA_STORAGE``),
the search backend (``SEARCH_BACKEND``) and the task queue (``TASKS_BACKEND``). See the
README's "Deployment" section for every variable.
"""

import os
from importlib.util import find_spec
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

# Every environment value is read through these helpers.


def _env_str(name, default=""):
    return os.environ.get(name, default)


def _env_list(name, default=""):
    return [v.strip() for v in _env_str(name, default).split(",") if v.strip()]


def _env_bool(name, default):
    value = _env_str(name).strip().lower()
    if not value:
        return default
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name}={value!r}: use true or false.")


def _env_int(name, default):
    value = _env_str(name).strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r}: use a whole number.") from None


def _require_module(module, setting, extra):
    """Fail at start-up, not at the first upload or search, when an optional package is missing."""
    if find_spec(module) is None:
        raise ImproperlyConfigured(
            f"{setting} needs the Python package {module!r}: pip install '.[{extra}]'."
        )


def _env_choice(name, default, choices):
    value = _env_str(name).strip().lower() or default
    if value not in choices:
        raise ImproperlyConfigured(
            f"{name}={value!r} is not supported: use one of {', '.join(choices)}."
        )
    return value


DEBUG = False

SECRET_KEY = _env_str("SECRET_KEY")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set in the environment to run with config.settings.production."
    )

ALLOWED_HOSTS = _env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = _env_list("CSRF_TRUSTED_ORIGINS")

_database_url = _env_str("DATABASE_URL")
if _database_url:
    DATABASES = {
        "default": dj_database_url.parse(
            _database_url,
            conn_max_age=_env_int("DB_CONN_MAX_AGE", 60),
            conn_health_checks=True,
        )
    }
    tune_database(DATABASES["default"])  # noqa: F405

# E-mail: SMTP from the environment.
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = _env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = _env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = _env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = _env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = _env_bool("EMAIL_USE_TLS", False)
# A mail server that hangs must not hold a web worker until gunicorn kills it.
EMAIL_TIMEOUT = _env_int("EMAIL_TIMEOUT", 10)
SERVER_EMAIL = _env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)  # noqa: F405

# Cache: Redis when REDIS_URL is set, local memory otherwise. Everything that must hold across
# processes uses this one default cache: the page cache (home/page_cache.py: its generation
# number makes a publish visible everywhere) and the form rate limits (django-ratelimit counts
# in the default cache). Local memory is per process: with several gunicorn workers or
# servers a publish would only clear the cache of the process that made it, and every process
# would count its own rate limit. So more than one process needs REDIS_URL
# (``check --deploy`` warns, socialkompas.W001 in home/checks.py). Sessions are in the
# database (Django's default): shared already.
REDIS_URL = _env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # Several installations may share one Redis (or one database number in it).
            "KEY_PREFIX": _env_str("CACHE_KEY_PREFIX"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


# Rate limits count per client IP address. Behind a reverse proxy or load balancer
# REMOTE_ADDR is the proxy's own address (every citizen would share one budget): let the
# proxy put the client's address in a header it overwrites (nginx:
# proxy_set_header X-Real-IP $remote_addr) and name it here, e.g. HTTP_X_REAL_IP. Never a
# header the client can set (X-Forwarded-For as sent by the client is a list, and forgeable).
if _env_str("RATELIMIT_IP_META_KEY"):
    RATELIMIT_IP_META_KEY = _env_str("RATELIMIT_IP_META_KEY")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = _env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# A public site is HTTPS only: browsers remember that for a year (0 switches HSTS off).
SECURE_HSTS_SECONDS = _env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# The browsers' preload list binds the whole registered domain (often the municipality's own)
# for a long time: a decision for whoever runs that domain, so off unless they ask for it.
SECURE_HSTS_PRELOAD = _env_bool("SECURE_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
WAGTAILADMIN_BASE_URL = _env_str("WAGTAILADMIN_BASE_URL")

STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage",
}

# Media (uploaded images and documents, image renditions): the local MEDIA_ROOT by default,
# which is fine for one app server; with several, either a shared directory (NFS) as
# MEDIA_ROOT or an S3-compatible object store (MEDIA_STORAGE=s3: AWS, or any other through
# AWS_S3_ENDPOINT_URL, e.g. MinIO, Hetzner, Scaleway, UpCloud). S3 needs the extra:
# pip install ".[s3]". The credentials are read by boto3 itself from AWS_ACCESS_KEY_ID and
# AWS_SECRET_ACCESS_KEY (or an instance role), not kept in the settings.
MEDIA_STORAGE = _env_choice("MEDIA_STORAGE", "filesystem", ("filesystem", "s3"))
if MEDIA_STORAGE == "s3":
    _bucket = _env_str("AWS_STORAGE_BUCKET_NAME")
    if not _bucket:
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
    _require_module("storages", "MEDIA_STORAGE=s3", "s3")
    _endpoint = _env_str("AWS_S3_ENDPOINT_URL")
    _custom_domain = _env_str("AWS_S3_CUSTOM_DOMAIN")
    _region = _env_str("AWS_S3_REGION_NAME")
    STORAGES["default"] = {  # noqa: F405
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": _bucket,
            "endpoint_url": _endpoint or None,
            "region_name": _region or None,
            "custom_domain": _custom_domain or None,
            "location": _env_str("AWS_LOCATION"),
            # Public pages are cached (page cache, browsers, a CDN): their image addresses
            # must not expire, so by default the objects are public (a public-read bucket
            # policy) and their addresses unsigned. AWS_QUERYSTRING_AUTH=true signs them.
            "querystring_auth": _env_bool("AWS_QUERYSTRING_AUTH", False),
            "default_acl": _env_str("AWS_DEFAULT_ACL") or None,
            # Two uploads with the same name must not overwrite each other (Django's way).
            "file_overwrite": False,
        },
    }
    # The citizen pages' Content-Security-Policy allows images from this site only: add the
    # host the media is served from.
    _media_origins = _env_list("MEDIA_CSP_ORIGINS")
    if not _media_origins:
        if _custom_domain:
            _media_origins = [f"https://{_custom_domain}"]
        elif _endpoint:
            _parts = urlsplit(_endpoint)
            # Path style (endpoint/bucket/key) and virtual-host style (bucket.endpoint/key).
            _media_origins = [
                f"{_parts.scheme}://{_parts.netloc}",
                f"{_parts.scheme}://{_bucket}.{_parts.netloc}",
            ]
        else:
            _media_origins = [f"https://{_bucket}.s3.amazonaws.com"]
            if _region:
                _media_origins.append(f"https://{_bucket}.s3.{_region}.amazonaws.com")
    CONTENT_SECURITY_POLICY = {  # noqa: F405
        **CONTENT_SECURITY_POLICY,  # noqa: F405
        "DIRECTIVES": {
            **CONTENT_SECURITY_POLICY["DIRECTIVES"],  # noqa: F405
            "img-src": [*CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"], *_media_origins],  # noqa: F405
        },
    }

# Search: PostgreSQL full-text search (base.py, Danish) by default. Installations that outgrow
# it switch to Elasticsearch or OpenSearch (SEARCH_BACKEND + SEARCH_URL) and install the
# matching client, e.g. pip install ".[elasticsearch8]"; then fill the index once with
# ``manage.py update_index``. The typo lexicon and the ranking stay in PostgreSQL
# (search/lexicon.py, search/engine.py): they work the same on every backend.
SEARCH_BACKEND = _env_choice(
    "SEARCH_BACKEND",
    "database",
    ("database", "elasticsearch8", "elasticsearch9", "opensearch2", "opensearch3"),
)
if SEARCH_BACKEND != "database":
    _search_urls = _env_list("SEARCH_URL")
    if not _search_urls:
        raise ImproperlyConfigured(
            f"SEARCH_BACKEND={SEARCH_BACKEND} needs SEARCH_URL "
            "(e.g. https://user:password@search.example.org:9200; several separated by commas)."
        )
    _require_module(
        "opensearchpy" if SEARCH_BACKEND.startswith("opensearch") else "elasticsearch",
        f"SEARCH_BACKEND={SEARCH_BACKEND}",
        SEARCH_BACKEND,
    )
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": f"wagtail.search.backends.{SEARCH_BACKEND}",
            "URLS": _search_urls,
            # The index is <prefix>wagtailcore_page (and one per other indexed model).
            "INDEX_PREFIX": _env_str("SEARCH_INDEX_PREFIX", "socialkompas_"),
            "TIMEOUT": _env_int("SEARCH_TIMEOUT", 5),
            # Danish stemming and stop words for every text field, as on PostgreSQL.
            "INDEX_SETTINGS": {
                "settings": {"analysis": {"analyzer": {"default": {"type": "danish"}}}}
            },
        }
    }

# Wagtail's background tasks (django-tasks): the search index and the reference index are
# updated after each save, image focal points found after an upload, deleted files removed
# from the storage. By default they run at once, in the request that saves (the immediate
# backend: nothing else to run). TASKS_BACKEND=database queues them in PostgreSQL instead
# (django-tasks-db, run ``manage.py migrate`` once) for ``manage.py db_worker`` processes to
# run: publishing gets faster, and a slow search server no longer holds up the editors.
TASKS_BACKEND = _env_choice("TASKS_BACKEND", "immediate", ("immediate", "database"))
if TASKS_BACKEND == "database":
    INSTALLED_APPS = [*INSTALLED_APPS, "django_tasks_db"]  # noqa: F405
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Logs go to stderr (gunicorn's error log; the journal under systemd): warnings and errors of
# every logger, and of Django's only errors, with the traceback (a 500 is logged by
# django.request as "Internal Server Error: <path>"). Through the redaction of base.py: no
# query string, no private link's token; nothing here writes a request body.
LOGGING = {
    **LOGGING,  # noqa: F405
    "formatters": {
        **LOGGING["formatters"],  # noqa: F405
        "stderr": {"format": "{asctime} [{process}] [{levelname}] {name}: {message}", "style": "{"},
    },
    "handlers": {
        **LOGGING["handlers"],  # noqa: F405
        "stderr": {
            "level": "WARNING",
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "formatter": "stderr",
            "filters": ["redact"],
        },
    },
    "root": {"handlers": ["stderr"], "level": "WARNING"},
    "loggers": {
        **LOGGING["loggers"],  # noqa: F405
        "django": {"level": "ERROR"},
    },
}
