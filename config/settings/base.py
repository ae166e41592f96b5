"""Settings shared by every environment. Environment-specific files import * from here."""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent

INSTALLED_APPS = [
    "home",
    "offers",
    "search",
    "demo",
    "wagtail_localize",
    "wagtail_localize.locales",  # replaces wagtail.locales
    "wagtail_modeladmin",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.sitemaps",
    "django.contrib.postgres",  # pg_trgm lookups for the search lexicon (harmless on SQLite)
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",
]

MIDDLEWARE = [
    # /healthz for the load balancer, before host checks, HTTPS redirect and sessions.
    "home.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # 413 for a body over its limit, before anything reads it (home/request_limits.py).
    "home.request_limits.RequestBodyLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Deny by default: a local administrator reaches only the admin areas the apps allow.
    "home.admin_access.LocalAdministratorAccessMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Anonymous GETs of front, offer and content pages from the shared cache (last: it only
    # sees requests the others let through, and they still add their headers to a hit).
    "home.page_cache.PageCacheMiddleware",
    # Login throttling: turns a locked-out login into its answer (home/login_throttling.py);
    # last, as django-axes asks.
    "axes.middleware.AxesMiddleware",
]

# No tracking: citizen pages load nothing from other hosts, run no inline scripts or styles and
# tell other sites nothing about where a visitor came from. Cookies: none on citizen pages but
# the CSRF cookie of the two public forms (opret-tilbud/ and <offer>/fejl/) and the session
# cookie of an association's private link (offers/private_links.py).
from csp.constants import NONE, SELF  # noqa: E402

SECURE_REFERRER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = {
    # The Wagtail admin needs inline scripts and styles; it is for logged-in staff only.
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/django-admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    },
}

ROOT_URLCONF = "config.urls"
# A form posted without its security token: the site's page in the reader's language, not
# Django's English one (home/error_views.py).
CSRF_FAILURE_VIEW = "home.error_views.csrf_failure"

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
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# DATABASE_URL chooses the database; the embedded default is an SQLite file.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}


def tune_database(database):
    """PostgreSQL's JIT compiler starts on queries it estimates as costly, such as a national
    search's facet counts over 50,000 offers, and then spends ~1 s compiling a query that runs
    in 100 ms: a web application's short queries never gain from it, so it is off.

    ``random_page_cost`` 1.1 (PostgreSQL's default 4 is for spinning disks): what the search
    statement reads (search/ranking.py) is in memory, and with 4 the planner scans and hashes
    whole 50,000-row tables rather than look a few thousand rows up by index (national "angst":
    216 -> 160 ms). ``DB_RANDOM_PAGE_COST`` overrides it.

    No parallel workers for one query (``DB_PARALLEL_WORKERS``, default 0): the web workers
    already keep every core busy, and for the search statement's 20-30 ms scans starting and
    gathering two more processes costs more than it saves (national "angst" at 50,000 offers:
    114 -> 105 ms in the database, alone on the machine)."""
    if database["ENGINE"] == "django.db.backends.postgresql":
        cost = float(os.environ.get("DB_RANDOM_PAGE_COST", "1.1"))
        workers = int(os.environ.get("DB_PARALLEL_WORKERS", "0"))
        database.setdefault("OPTIONS", {})["options"] = (
            f"-c jit=off -c random_page_cost={cost} -c max_parallel_workers_per_gather={workers}"
        )
    return database


tune_database(DATABASES["default"])
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling (django-axes) for the Wagtail admin and the Django admin, see the README
# ("Login throttling"): after AXES_FAILURE_LIMIT wrong passwords in a row for one username from
# one client, that username cannot log in from that client (right password or not) until
# AXES_COOLOFF_TIME has passed since the last of them. Counted per username AND client, so an
# attacker cannot lock a user out from everywhere, nor one person's typos lock out others.
# The client is the one the form rate limits count (home/client_ip.py: RATELIMIT_IP_META_KEY
# behind the proxy). Reset by hand: manage.py axes_reset_username <username> (and the others).
from datetime import timedelta  # noqa: E402

AUTHENTICATION_BACKENDS = [
    "home.login_throttling.LoginThrottlingBackend",  # first: refuses locked-out logins
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "home.client_ip.client_ip"
AXES_RESET_ON_SUCCESS = True
# Tries during a lockout are refused but not counted: the lockout ends when the message says.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "home.login_throttling.lockout_response"
# What is kept: the failed attempts only (username, client, browser; the password and the
# username are masked in the posted data axes keeps), deleted once their cool-off is over; no
# log of successful logins (Django keeps each user's last_login). The log lines name neither
# username nor client (AXES_SENSITIVE_PARAMETERS masks both; not verbose).
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address"]
AXES_VERBOSE = False

# Danish is the source language; content is translated with wagtail-localize.
LANGUAGE_CODE = "da"
#: Each language by its own name, as the language switcher shows it.
LANGUAGE_NAMES = {
    "da": "Dansk",
    "en": "English",
    "uk": "Українська",
    "ar": "العربية",
}
# Adding a language is one step: put its code here (or in SOCIALKOMPAS_LANGUAGES, e.g.
# "da,en,uk,ar"), then add its locale under Settings -> Locales and translate the pages there.
# Right-to-left languages (ar) get dir="rtl" from Django's language info.
LANGUAGES = [
    (code, LANGUAGE_NAMES.get(code) or code)
    for code in os.environ.get("SOCIALKOMPAS_LANGUAGES", "da,en").replace(" ", "").split(",")
    if code
]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# Our own catalog first; then the Danish of Wagtail's, wagtail-modeladmin's and
# wagtail-localize's own strings where their catalogs have none (scripts/upstream_translations.py).
# LOCALE_PATHS come before the apps' catalogs, and the first translation found wins.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_upstream"]
TIME_ZONE = "Europe/Copenhagen"
# Dates as the reader's language writes them (config/formats: "12 March 2026" in English).
FORMAT_MODULE_PATH = ["config.formats"]
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Det Fælles Designsystem, served as our own static files (no CDN): npm ci installs it.
    ("dkfds", BASE_DIR / "node_modules" / "dkfds" / "dist"),
]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static_collected"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Request bodies (home/request_limits.py, README "Deployment"): the declared length is
# checked before anything reads the body, SOCIALKOMPAS_MAX_FORM_BYTES for everything public,
# SOCIALKOMPAS_MAX_ADMIN_BODY_BYTES for logged-in users in the admin: the largest upload
# Wagtail accepts plus 1 MB for the multipart form around it. The proxy's
# client_max_body_size is the admin's limit. What Django itself parses is bounded too (also a
# body without Content-Length): form fields without files at Django's 2.5 MB (a long page with
# many blocks stays far below), and at most 10,000 fields (Wagtail's advice for large
# StreamField pages; the public forms stay within their 64 KB anyway).
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
SOCIALKOMPAS_MAX_FORM_BYTES = 64 * 1024
SOCIALKOMPAS_MAX_ADMIN_BODY_BYTES = (
    max(WAGTAILIMAGES_MAX_UPLOAD_SIZE, WAGTAILDOCS_MAX_UPLOAD_SIZE) + 1024 * 1024
)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "Socialkompas"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# Offers awaiting approval are mailed to that municipality's administrators (national editors
# for national pages) by offers/mail_to_approvers.py, after the submission is committed. Wagtail
# would also mail every superuser (the platform's operators, not editors) about every
# submission in the country, from inside the submission's transaction.
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False
# No autosave (issue 15): Wagtail saves a draft half a second after each pause in typing and
# logs each as "Kladde gemt" (seven entries in two minutes of editing an offer), which buries
# the saves, submissions and approvals the history is read for. An offer is a short form, the
# editor still warns before leaving with unsaved changes, and every entry in the history is
# then a save somebody chose to make.
WAGTAIL_AUTOSAVE_INTERVAL = 0
# Plain ASCII page addresses (they are printed, read aloud and put in QR codes).
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# No avatars from gravatar.com: the admin loads nothing from third-party hosts.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# PostgreSQL full-text search with Danish stemming; on SQLite the config is ignored.
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        "SEARCH_CONFIG": "danish",
    }
}

WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]

DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Socialkompas <noreply@localhost>")

# Associations' private links (days until they expire), per purpose.
SOCIALKOMPAS_LINK_MAX_AGE_DAYS = {
    "edit": int(os.environ.get("SOCIALKOMPAS_EDIT_LINK_DAYS", "400")),
    "confirm": int(os.environ.get("SOCIALKOMPAS_CONFIRM_LINK_DAYS", "120")),
    # An organisation's page ("Jeres tilbud på Socialkompas"), mailed with the reminders.
    "organisation": int(os.environ.get("SOCIALKOMPAS_ORGANISATION_LINK_DAYS", "120")),
}
# A private link's token opens its page again for this long after its first use; later it
# offers to mail a fresh link (offers/private_links.py). The browser that opened it keeps
# access (a grant in its session) for SOCIALKOMPAS_LINK_SESSION_HOURS.
SOCIALKOMPAS_LINK_GRACE_MINUTES = int(os.environ.get("SOCIALKOMPAS_LINK_GRACE_MINUTES", "15"))
SOCIALKOMPAS_LINK_SESSION_HOURS = 12
# Public forms: posts per client (IP address); their largest body is SOCIALKOMPAS_MAX_FORM_BYTES.
# "new_link" (a fresh private link mailed) counts per client and, separately, per offer.
SOCIALKOMPAS_FORM_RATE_LIMITS = {
    "submit_offer": os.environ.get("SOCIALKOMPAS_SUBMIT_RATE", "10/h"),
    "error_report": os.environ.get("SOCIALKOMPAS_REPORT_RATE", "20/h"),
    "new_link": os.environ.get("SOCIALKOMPAS_NEW_LINK_RATE", "3/h"),
}
# Freshness: reminders after these many months without confirmation, hidden after the last.
SOCIALKOMPAS_REVIEW_REMINDER_MONTHS = (10, 11)
SOCIALKOMPAS_HIDE_AFTER_MONTHS = 12
# Quick exit ("Forlad siden") on the pages about violence (offers/quick_exit.py): where the
# button and a double Escape take the reader, replacing the page. A neutral site: the weather.
SOCIALKOMPAS_QUICK_EXIT_URL = os.environ.get("SOCIALKOMPAS_QUICK_EXIT_URL", "https://www.dmi.dk/")
# Personal data of submissions and error reports is deleted this long after they close.
SOCIALKOMPAS_RETENTION_DAYS = int(os.environ.get("SOCIALKOMPAS_RETENTION_DAYS", "183"))

# Machine translation in the admin's translation editor (wagtail-localize): off unless
# SOCIALKOMPAS_MACHINE_TRANSLATOR is "deepl" (with DEEPL_AUTH_KEY) or "libretranslate" (with
# LIBRETRANSLATE_URL and, if the server wants one, LIBRETRANSLATE_API_KEY). Pages with machine
# translated text tell the reader so.
SOCIALKOMPAS_MACHINE_TRANSLATOR = os.environ.get("SOCIALKOMPAS_MACHINE_TRANSLATOR", "").lower()
if SOCIALKOMPAS_MACHINE_TRANSLATOR == "deepl":
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": "wagtail_localize.machine_translators.deepl.DeepLTranslator",
        "OPTIONS": {"AUTH_KEY": os.environ["DEEPL_AUTH_KEY"]},
    }
elif SOCIALKOMPAS_MACHINE_TRANSLATOR == "libretranslate":
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": "wagtail_localize.machine_translators.libretranslate.LibreTranslator",
        "OPTIONS": {
            "LIBRETRANSLATE_URL": os.environ["LIBRETRANSLATE_URL"].rstrip("/"),
            "API_KEY": os.environ.get("LIBRETRANSLATE_API_KEY", ""),
        },
    }
elif SOCIALKOMPAS_MACHINE_TRANSLATOR:
    raise ValueError(
        f"SOCIALKOMPAS_MACHINE_TRANSLATOR={SOCIALKOMPAS_MACHINE_TRANSLATOR!r}: "
        "use 'deepl' or 'libretranslate', or leave it unset."
    )

# Logging: Django's default (messages on the console while DEBUG, runserver's request lines),
# but every handler redacts (home/redaction.py): no query string (what people search for) and
# no private link's token is written, and Django's AdminEmailHandler (which mails the whole
# request) is not used. Production adds stderr: config/settings/production.py.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "redact": {"()": "home.redaction.RedactingFilter"},
        "require_debug_true": {"()": "django.utils.log.RequireDebugTrue"},
    },
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "handlers": {
        "console": {
            "level": "INFO",
            "class": "logging.StreamHandler",
            "filters": ["require_debug_true", "redact"],
        },
        "django.server": {
            "level": "INFO",
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["redact"],
        },
    },
    # Every logger ends at the root's handlers (Django's from INFO, the others' from WARNING).
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django": {"level": "INFO"},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
    },
}
