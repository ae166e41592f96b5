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
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403


def _env_list(name, default=""):
    return [v.strip() for v in os.environ.get(name, default).split(",") if v.strip()]


def _env_bool(name, default):
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name}={value!r}: use true or false.")


def _require_module(module, setting, extra):
    """Fail at start-up, not at the first upload or search, when an optional package is missing."""
    if find_spec(module) is None:
        raise ImproperlyConfigured(
            f"{setting} needs the Python package {module!r}: pip install '.[{extra}]'."
        )


def _env_choice(name, default, choices):
    value = os.environ.get(name, "").strip().lower() or default
    if value not in choices:
        raise ImproperlyConfigured(
            f"{name}={value!r} is not supported: use one of {', '.join(choices)}."
        )
    return value


DEBUG = False

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set in the environment to run with config.settings.production."
    )

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

if "DATABASE_URL" in os.environ:
    DATABASES = {
        "default": dj_database_url.config(
            conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
            conn_health_checks=True,
        )
    }
    tune_database(DATABASES["default"])  # noqa: F405

# E-mail: SMTP from the environment.
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "false").lower() == "true"
# A mail server that hangs must not hold a web worker until gunicorn kills it.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)  # noqa: F405

# Cache: Redis when REDIS_URL is set, local memory otherwise. Everything that must hold across
# processes uses this one default cache: the page cache (home/page_cache.py: its generation
# number makes a publish visible everywhere) and the form rate limits (django-ratelimit counts
# in the default cache). Local memory is per process: with several gunicorn workers or
# servers a publish would only clear the cache of the process that made it, and every process
# would count its own rate limit. So more than one process needs REDIS_URL
# (``check --deploy`` warns, socialkompas.W001). Sessions are in the database (Django's
# default): shared already.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # Several installations may share one Redis (or one database number in it).
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", ""),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@checks.register(checks.Tags.caches, deploy=True)
def _check_shared_cache(app_configs, **kwargs):
    if REDIS_URL:
        return []
    return [
        checks.Warning(
            "REDIS_URL is not set: the cache is local memory in each process.",
            hint=(
                "With more than one gunicorn worker or app server, a publish only clears the "
                "page cache of one process and the form rate limits count per process. "
                "Set REDIS_URL (redis://host:6379/0)."
            ),
            id="socialkompas.W001",
        )
    ]


# Rate limits count per client IP address. Behind a reverse proxy or load balancer
# REMOTE_ADDR is the proxy's own address (every citizen would share one budget): let the
# proxy put the client's address in a header it overwrites (nginx:
# proxy_set_header X-Real-IP $remote_addr) and name it here, e.g. HTTP_X_REAL_IP. Never a
# header the client can set (X-Forwarded-For as sent by the client is a list, and forgeable).
if os.environ.get("RATELIMIT_IP_META_KEY"):
    RATELIMIT_IP_META_KEY = os.environ["RATELIMIT_IP_META_KEY"]

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true").lower() == "true"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# A public site is HTTPS only: browsers remember that for a year (0 switches HSTS off).
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = (
    os.environ.get("SECURE_HSTS_INCLUDE_SUBDOMAINS", "true").lower() == "true"
)
# The browsers' preload list binds the whole registered domain (often the municipality's own)
# for a long time: a decision for whoever runs that domain, so off unless they ask for it.
SECURE_HSTS_PRELOAD = os.environ.get("SECURE_HSTS_PRELOAD", "false").lower() == "true"
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "")

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
    _bucket = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
    if not _bucket:
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
    _require_module("storages", "MEDIA_STORAGE=s3", "s3")
    _endpoint = os.environ.get("AWS_S3_ENDPOINT_URL", "")
    _custom_domain = os.environ.get("AWS_S3_CUSTOM_DOMAIN", "")
    _region = os.environ.get("AWS_S3_REGION_NAME", "")
    STORAGES["default"] = {  # noqa: F405
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": _bucket,
            "endpoint_url": _endpoint or None,
            "region_name": _region or None,
            "custom_domain": _custom_domain or None,
            "location": os.environ.get("AWS_LOCATION", ""),
            # Public pages are cached (page cache, browsers, a CDN): their image addresses
            # must not expire, so by default the objects are public (a public-read bucket
            # policy) and their addresses unsigned. AWS_QUERYSTRING_AUTH=true signs them.
            "querystring_auth": _env_bool("AWS_QUERYSTRING_AUTH", False),
            "default_acl": os.environ.get("AWS_DEFAULT_ACL") or None,
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
            "INDEX_PREFIX": os.environ.get("SEARCH_INDEX_PREFIX", "socialkompas_"),
            "TIMEOUT": int(os.environ.get("SEARCH_TIMEOUT", "5")),
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
